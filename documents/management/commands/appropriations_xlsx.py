"""manage.py appropriations_xlsx <round> [--note CODE] [--committee CODE] [--status STATUS]
[--administration CODE] [--category CATEGORY] [--q TEXT] [--pl YEAR] [--user USERNAME] -o FILE

Without --user the workbook holds every note of the round (whoever runs manage.py reads the
database anyway); with --user it holds only what that user may see, as in the browser.
"""

import getpass
import time

from django.core.management.base import BaseCommand, CommandError

from budgetnotes import totals
from budgetnotes.models import BudgetNote, User
from documents.management.output import round_or_error
from documents.workbook.api import (
    Selection,
    SelectionError,
    parse_filters,
    parse_price_level,
    user_label,
    write_workbook,
)


class Command(BaseCommand):
    help = "Skriver bevillingstabellerne for en runde, et udvalg af den eller et notat som Excel."

    def add_arguments(self, parser):
        parser.add_argument("round", help="Rundens korte navn, fx budget-2026.")
        parser.add_argument("-o", "--output", required=True, help="Excel-filen, fx x.xlsx.")
        parser.add_argument("--note", help="Kun dette notat, fx BI22.")
        for name, help_text in (
            ("committee", "Notatets udvalg (kode), fx BIU. Kan gentages."),
            ("administration", "Forvaltning (kode), fx BIF. Kan gentages."),
            ("status", "Status, fx kladde eller vedtaget. Kan gentages."),
            ("category", "Kategorisering, fx specifik_udfordring. Kan gentages."),
        ):
            parser.add_argument(f"--{name}", action="append", default=[], help=help_text)
        parser.add_argument(
            "--q", default="", help="Ord, som kode, titel eller tekst skal indeholde."
        )
        parser.add_argument("--pl", help="Omregn alle beløb til dette års priser, fx 2027.")
        parser.add_argument("--user", help="Kun det, denne bruger må se (brugernavn).")

    def handle(self, *args, **options):
        budget_round = round_or_error(options["round"])
        user = None
        if options["user"]:
            try:
                user = User.objects.get(username=options["user"])
            except User.DoesNotExist:
                raise CommandError(f"Der findes ingen bruger {options['user']!r}.") from None
        note_code = options["note"].strip().upper() if options["note"] else None
        if note_code:
            notes = BudgetNote.objects.filter(round=budget_round, code=note_code)
            if user is not None:
                notes = notes.visible_to(user)
            if not notes.exists():
                raise CommandError(f"Runden {budget_round.name} har intet notat {note_code}.")
        try:
            selection = Selection(
                round=budget_round,
                user=user,
                note_code=note_code,
                filters={} if note_code else parse_filters(options),
                target_pl=parse_price_level(options["pl"]),
                made_by=user_label(user) or f"{getpass.getuser()} (manage.py appropriations_xlsx)",
            )
            started = time.perf_counter()
            write_workbook(selection, options["output"])
        except (SelectionError, totals.MissingPriceIndex) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Skrev {options['output']} ({time.perf_counter() - started:.1f} s).")
