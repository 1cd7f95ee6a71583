"""python manage.py cleanup

Deletes what the registry keeps only for a while: expired catalogue PDF jobs with their
files, files in the PDF job folder that no job owns, unfinished jobs that were lost (marked
failed), and the finished task records of catalogue jobs; the stored PDFs of versions that
are no longer current (never a PDF sent to the committee) and the finished records of their
render tasks; the workbooks kept longer than WORKBOOK_RETENTION_HOURS; and the access log's rows older than
ACCESS_LOG_RETENTION_DAYS. Run it from cron (docs/operations.md);
the background worker also runs it before each catalogue job.
"""

from django.core.management.base import BaseCommand

from documents.pdf import jobs, versions
from documents.workbook import stored
from operations import access


# Each cleaner returns a report whose str() is one line for the user.
def kept_workbooks():
    return f"Gemte Excel-filer: {stored.cleanup()} ældre end opbevaringstiden slettet."


def access_log():
    return f"Adgangslog: {access.delete_expired()} linjer ældre end opbevaringstiden slettet."


CLEANERS = [jobs.cleanup, versions.cleanup, kept_workbooks, access_log]


class Command(BaseCommand):
    help = "Ryd op: slet udløbne PDF-jobs og deres filer og filer uden job."

    def handle(self, *args, **options):
        for cleaner in CLEANERS:
            self.stdout.write(str(cleaner()))
