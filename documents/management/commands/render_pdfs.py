"""python manage.py render_pdfs <round slug> [CODE ...] [--limit N]

Makes the stored PDF of each note's current version in a round, here and now, as the task
worker does after each save (documents.pdf.versions): before a committee meeting, say, so
that every download is a file read, or after a new layout. Versions that have their PDF
already are skipped.
"""

from django.core.management.base import BaseCommand, CommandError

from budgetnotes.models import BudgetNote, BudgetRound
from documents.models import RenderedPdf
from documents.pdf import versions


class Command(BaseCommand):
    help = "Lav de gemte PDF'er af notaterne i en runde (den nyeste version af hvert)."

    def add_arguments(self, parser):
        parser.add_argument("round", help="Rundens korte navn, fx budget-2026")
        parser.add_argument("codes", nargs="*", help="Kun disse notater (koder), fx BI22")
        parser.add_argument("--limit", type=int, default=0, help="Højst så mange notater")

    def handle(self, *args, **options):
        try:
            budget_round = BudgetRound.objects.get(slug=options["round"])
        except BudgetRound.DoesNotExist:
            raise CommandError(f"Ingen runde hedder {options['round']}.") from None
        notes = BudgetNote.objects.filter(round=budget_round).order_by("code")
        if options["codes"]:
            notes = notes.filter(code__in=[code.upper() for code in options["codes"]])
        if options["limit"]:
            notes = notes[: options["limit"]]
        made = 0
        for pk in notes.values_list("pk", flat=True):
            if versions.render_current(RenderedPdf.Kind.NOTE, pk) == RenderedPdf.State.READY:
                made += 1
        self.stdout.write(f"{made} PDF'er lavet i {budget_round.name}.")
