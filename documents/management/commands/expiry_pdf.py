"""python manage.py expiry_pdf <round slug> -o FILE

Every expiry assessment of the round, grouped and numbered as in the catalogue (seed 001,
docs/domain.md §6), with cover and table of contents. No user on the command line: all sheets are included.
"""

from django.core.management.base import BaseCommand

from documents.management.output import round_or_error, write_catalogue
from documents.pdf.catalogue import expiry_catalogue


class Command(BaseCommand):
    help = "Skriv rundens vurderinger af bevillingsudløb som én PDF."

    def add_arguments(self, parser):
        parser.add_argument("round", help="Rundens korte navn, fx budget-2027")
        parser.add_argument("-o", "--output", required=True, help="PDF-fil, der skrives")

    def handle(self, *args, **options):
        catalogue = expiry_catalogue(round_or_error(options["round"]))
        write_catalogue(self, catalogue, "vurderinger", options["output"])
