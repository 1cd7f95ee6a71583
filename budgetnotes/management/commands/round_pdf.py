"""python manage.py round_pdf <round slug> [--committee CODE] [--status STATUS] -o FILE

Every note of the round (no user on the command line, so drafts are included; the browser
path shows each user only what they may read), with a progress bar.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from budgetnotes.choices import Status
from budgetnotes.models import BudgetRound
from budgetnotes.numbers import format_amount
from budgetnotes.pdf.catalogue import build, round_catalogue


class Command(BaseCommand):
    help = "Skriv alle notater i en runde som én PDF med forside og indholdsfortegnelse."

    def add_arguments(self, parser):
        parser.add_argument("round", help="Rundens korte navn, fx budget-2026")
        parser.add_argument("--committee", help="Kun dette udvalg, fx BIU")
        parser.add_argument("--status", choices=Status.values, help="Kun notater med denne status")
        parser.add_argument("-o", "--output", required=True, help="PDF-fil, der skrives")

    def handle(self, *args, **options):
        try:
            budget_round = BudgetRound.objects.get(slug=options["round"])
        except BudgetRound.DoesNotExist:
            raise CommandError(f"Ingen runde {options['round']}.") from None
        catalogue = round_catalogue(
            budget_round,
            committee=options["committee"] and options["committee"].upper(),
            status=options["status"],
        )
        count = sum(len(group.entries) for group in catalogue.groups)
        pdf = render_with_bar(catalogue, "notater", self.stderr)
        Path(options["output"]).write_bytes(pdf)
        self.stdout.write(
            f"{count} notater, {format_amount(len(pdf))} bytes skrevet til {options['output']}"
        )


def render_with_bar(catalogue, unit, stream):
    bar = tqdm(total=None, unit=" dele", desc=f"PDF ({unit})", file=stream, leave=False)

    def progress(done, total):
        bar.total = total
        bar.n = done
        bar.refresh()

    try:
        return build(catalogue, progress=progress)
    finally:
        bar.close()
