from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from budgetnotes.models import BudgetRound
from documents.interchange.format import dumps, export_round
from operations import access as access_log


class Command(BaseCommand):
    help = "Eksporterer en budgetrundes notater og vurderinger som JSON (budgetnotatregister/2)."

    def add_arguments(self, parser):
        parser.add_argument("round", help="Rundens korte navn, fx budget-2026")
        parser.add_argument(
            "-o", "--output", required=True, help="Filen, der skrives (- for stdout)"
        )
        parser.add_argument(
            "--with-comments",
            action="store_true",
            help="Tag notaternes kommentarer med (de indlæses ikke ved import)",
        )

    def handle(self, *args, **options):
        budget_round = BudgetRound.objects.filter(slug=options["round"]).first()
        if budget_round is None:
            raise CommandError(f"Ukendt budgetrunde: {options['round']}")
        text = dumps(export_round(budget_round, with_comments=options["with_comments"]))
        purpose = "Udvekslingsfil eksporteret" + (
            " med kommentarer" if options["with_comments"] else ""
        )
        access_log.record_command(access_log.Action.EXPORT, purpose, budget_round)
        if options["output"] == "-":
            self.stdout.write(text, ending="")
        else:
            Path(options["output"]).write_text(text, encoding="utf-8")
            self.stderr.write(f"Skrev {options['output']}")
