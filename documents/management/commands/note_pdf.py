"""python manage.py note_pdf <round slug> <code> -o FILE

The command line has no user: it prints any note, drafts included (whoever can run
manage.py can read the database anyway). The browser path checks access.
"""

from django.core.management.base import BaseCommand, CommandError

from budgetnotes.models import BudgetNote
from documents.management.output import write_file
from documents.pdf.catalogue import note_pdf


class Command(BaseCommand):
    help = "Skriv ét budgetnotat som PDF."

    def add_arguments(self, parser):
        parser.add_argument("round", help="Rundens korte navn, fx budget-2026")
        parser.add_argument("code", help="Notatets kode, fx BI22")
        parser.add_argument("-o", "--output", required=True, help="PDF-fil, der skrives")

    def handle(self, *args, **options):
        try:
            note = BudgetNote.objects.with_everything().get(
                round__slug=options["round"], code=options["code"].upper()
            )
        except BudgetNote.DoesNotExist:
            raise CommandError(
                f"Intet notat {options['code']} i runden {options['round']}."
            ) from None
        write_file(self, note_pdf(note), options["output"], note.code)
