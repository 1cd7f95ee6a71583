"""manage.py generate_round <slug> [--notes N] [--lines M] [--years Y] [--replace]: a synthetic
round for benchmarks and load tests (budgetnotes.generate)."""

import time

from django.core.management.base import BaseCommand, CommandError

from budgetnotes.generate import GenerateError, generate_round


class Command(BaseCommand):
    help = "Danner en syntetisk runde med mange notater (til benchmarks og belastningstest)."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="Rundens korte navn, fx bench-2030.")
        parser.add_argument("--notes", type=int, default=5000)
        parser.add_argument("--lines", type=int, default=10, help="Finansieringslinjer pr. notat.")
        parser.add_argument("--years", type=int, default=4)
        parser.add_argument(
            "--year", type=int, help="Rundens år (standard: første ledige fra 2030)."
        )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--replace", action="store_true", help="Erstat en tidligere genereret runde."
        )

    def handle(self, *args, **options):
        started = time.perf_counter()
        try:
            result = generate_round(
                options["slug"],
                notes=options["notes"],
                lines_per_note=options["lines"],
                years=options["years"],
                year=options["year"],
                seed=options["seed"],
                replace=options["replace"],
            )
        except GenerateError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"{result.round.name} ({result.round.slug}): {result.notes} notater, "
            f"{result.lines} linjer, {result.amounts} beløb "
            f"på {time.perf_counter() - started:.1f} s."
        )
