"""python manage.py note_pdf <round slug> <code> -o FILE

The command line has no user: it prints any note, drafts included (whoever can run
manage.py can read the database anyway). The browser path checks access.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from budgetnotes.models import BudgetNote
from budgetnotes.numbers import format_amount
from budgetnotes.pdf.catalogue import note_pdf


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
        pdf = note_pdf(note)
        Path(options["output"]).write_bytes(pdf)
        self.stdout.write(
            f"{note.code}: {format_amount(len(pdf))} bytes skrevet til {options['output']}"
        )
