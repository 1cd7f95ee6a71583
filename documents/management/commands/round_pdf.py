"""python manage.py round_pdf <round slug> [--committee CODE] [--status STATUS] -o FILE

Every note of the round (no user on the command line, so drafts are included; the browser
path shows each user only what they may read), with a progress bar.
"""

from django.core.management.base import BaseCommand

from budgetnotes.choices import Status
from documents.management.output import round_or_error, write_catalogue
from documents.pdf.catalogue import round_catalogue


class Command(BaseCommand):
    help = "Skriv alle notater i en runde som én PDF med forside og indholdsfortegnelse."

    def add_arguments(self, parser):
        parser.add_argument("round", help="Rundens korte navn, fx budget-2026")
        parser.add_argument("--committee", help="Kun dette udvalg, fx BIU")
        parser.add_argument("--status", choices=Status.values, help="Kun notater med denne status")
        parser.add_argument("-o", "--output", required=True, help="PDF-fil, der skrives")

    def handle(self, *args, **options):
        catalogue = round_catalogue(
            round_or_error(options["round"]),
            committee=options["committee"] and options["committee"].upper(),
            status=options["status"],
        )
        write_catalogue(self, catalogue, "notater", options["output"])
