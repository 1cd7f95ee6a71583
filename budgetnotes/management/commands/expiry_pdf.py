"""python manage.py expiry_pdf <round slug> -o FILE

Every expiry assessment of the round, grouped and numbered as in the catalogue (seed 001),
with cover and table of contents. No user on the command line: all sheets are included.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from budgetnotes.management.commands.round_pdf import render_with_bar
from budgetnotes.models import BudgetRound
from budgetnotes.numbers import format_amount
from budgetnotes.pdf.catalogue import expiry_catalogue


class Command(BaseCommand):
    help = "Skriv rundens vurderinger af bevillingsudløb som én PDF."

    def add_arguments(self, parser):
        parser.add_argument("round", help="Rundens korte navn, fx budget-2027")
        parser.add_argument("-o", "--output", required=True, help="PDF-fil, der skrives")

    def handle(self, *args, **options):
        try:
            budget_round = BudgetRound.objects.get(slug=options["round"])
        except BudgetRound.DoesNotExist:
            raise CommandError(f"Ingen runde {options['round']}.") from None
        catalogue = expiry_catalogue(budget_round)
        count = sum(len(group.entries) for group in catalogue.groups)
        pdf = render_with_bar(catalogue, "vurderinger", self.stderr)
        Path(options["output"]).write_bytes(pdf)
        self.stdout.write(
            f"{count} vurderinger, {format_amount(len(pdf))} bytes skrevet til {options['output']}"
        )
