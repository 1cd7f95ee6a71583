"""Benchmark of the round page: the notes' summary against summing every amount.

    .venv/bin/python bench/round_page_bench.py                  # throw-away SQLite database
    bin/with-postgres .venv/bin/python bench/round_page_bench.py --use-database-url

Builds a throw-away database (migrate, load_demo, `generate_round round-bench` with 5,000
notes × 10 funding lines × 4 years = 200,000 amounts, then ANALYZE for fresh planner
statistics), and requests in this process, with Django's test Client logged in as a demo user
(`redaktor` unless --user), the unfiltered round page, the same page sorted by its *I alt*
column (every note's total is then summed, not only the page's) and the rounds page. Each is
requested --runs times in two ways, interleaved:

- summary: as the registry does it, over the notes' summary (models.NoteTotal, a few rows per
  note, kept by the write path);
- amounts: the way before it, kept here only for the comparison: correlated subqueries and
  GROUP BYs over every FundingAmount of the round, joined to its line and scenario.

Prints the median (and min) wall time and the median CPU time of each side by side, after
checking that both ways show the same figures in the same number of queries. The target is
under 100 ms in-process for the unfiltered page with the summary (exit status 1 when the
median misses it). DEBUG is off while measuring (no query log). The CPU time is this
process's: on SQLite it includes the database's work, on PostgreSQL not.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path
from unittest import mock

import throwaway

ROOT = Path(__file__).resolve().parent.parent
ROUND = "round-bench"
TARGET_MS = 100


# The way before the summary, for the comparison only --------------------------------------


def old_for_round_page(self, budget_round, user, years):
    """BudgetNoteQuerySet.for_round_page as it was: each total a correlated subquery over
    the note's FundingAmounts of the lines that count."""
    from django.db.models import OuterRef, Subquery, Sum
    from django.db.models.functions import Coalesce

    from budgetnotes.models import FundingAmount
    from budgetnotes.queries import primary_amounts_q, year_total_name

    counted = FundingAmount.objects.filter(primary_amounts_q(), line__note=OuterRef("pk"))

    def total(amounts):
        summed = amounts.order_by().values("line__note").annotate(total=Sum("amount"))
        return Coalesce(Subquery(summed.values("total")[:1]), 0)

    per_year = {year_total_name(year): total(counted.filter(year=year)) for year in years}
    return (
        self.filter(round=budget_round)
        .visible_to(user)
        .select_related("round", "administration", "committee")
        .annotate(**per_year, grand_total=total(counted))
    )


def old_round_totals(notes):
    """queries.round_totals as it was: every counted amount of the notes, grouped."""
    from django.db.models import Sum

    from budgetnotes.models import FundingAmount
    from budgetnotes.queries import primary_amounts_q

    rows = (
        FundingAmount.objects.filter(primary_amounts_q(), line__note__in=notes)
        .values("line__steering_area", "year")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return {(row["line__steering_area"], row["year"]): row["total"] for row in rows}


def old_rounds_overview(user):
    """queries.rounds_overview as it was: every counted amount of every visible note."""
    from django.db.models import Count, Sum

    from budgetnotes.models import BudgetNote, BudgetRound, FundingAmount
    from budgetnotes.queries import primary_amounts_q

    visible = BudgetNote.objects.visible_to(user)
    counts = {}
    for row in visible.values("round", "status").annotate(n=Count("id")).order_by():
        counts.setdefault(row["round"], {})[row["status"]] = row["n"]
    sums = dict(
        FundingAmount.objects.filter(primary_amounts_q(), line__note__in=visible)
        .values("line__note__round")
        .annotate(total=Sum("amount"))
        .order_by()
        .values_list("line__note__round", "total")
    )
    return [
        (budget_round, counts.get(budget_round.pk, {}), sums.get(budget_round.pk, 0))
        for budget_round in BudgetRound.objects.order_by("-year", "kind")
    ]


@contextmanager
def the_old_way():
    from budgetnotes.queries import BudgetNoteQuerySet

    with ExitStack() as stack:
        stack.enter_context(
            mock.patch.object(BudgetNoteQuerySet, "for_round_page", old_for_round_page)
        )
        stack.enter_context(mock.patch("budgetnotes.pages.rounds.round_totals", old_round_totals))
        stack.enter_context(
            mock.patch("budgetnotes.pages.rounds.rounds_overview", old_rounds_overview)
        )
        yield


# Setting up --------------------------------------------------------------------------------


def prepare(notes, lines):
    from django.core.management import call_command
    from django.db import connection

    from budgetnotes.generate import generate_round
    from config.demo import load_demo

    started = time.perf_counter()
    call_command("migrate", "--noinput", verbosity=0)
    load_demo(with_users=True)
    made = generate_round(ROUND, notes=notes, lines_per_note=lines)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"data ready in {time.perf_counter() - started:.1f} s: {made.notes} notes, "
        f"{made.lines} lines, {made.amounts} amounts ({connection.vendor})",
        flush=True,
    )


# Measuring ---------------------------------------------------------------------------------


def figures(response):
    """What the page shows, to check that both ways agree."""
    context = response.context
    if "table" in context:
        rows = [
            (
                record.code,
                record.grand_total,
                *(getattr(record, f"total_{y}") for y in context["years"]),
            )
            for record in context["table"].paginated_rows.data
        ]
        return rows, context["table"].footer_totals, context["area_rows"]
    return [(row["round"].slug, row["notes"], row["total"]) for row in context["rows"]]


def timed(client, url, params):
    """(wall ms, CPU ms of this process, response) of one request."""
    cpu, wall = time.process_time(), time.perf_counter()
    response = client.get(url, params)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    assert response.status_code == 200, (url, response.status_code)
    return wall * 1000, cpu * 1000, response


def counted(client, url, params):
    """The page's figures and its number of queries. Not timed: the test environment (for
    response.context) and the query log both slow the request down."""
    from django.db import connection
    from django.test.utils import (
        CaptureQueriesContext,
        setup_test_environment,
        teardown_test_environment,
    )

    setup_test_environment()
    try:
        with CaptureQueriesContext(connection) as queries:
            _wall, _cpu, response = timed(client, url, params)
        return len(queries), figures(response)
    finally:
        teardown_test_environment()


def median(values):
    return statistics.median(values)


def measure(runs, username):
    from django.test import Client
    from django.test.utils import override_settings

    from budgetnotes.models import BudgetNote, User

    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    visible = BudgetNote.objects.filter(round__slug=ROUND).visible_to(user).count()
    print(
        f"{username} sees {visible} notes of {ROUND}; median of {runs} requests each way, "
        f"interleaved (wall time; CPU time of this process; load average "
        f"{os.getloadavg()[0]:.1f})",
        flush=True,
    )
    requests = [
        ("round page, unfiltered", f"/{ROUND}/", {}),
        ("round page, sorted by I alt", f"/{ROUND}/", {"sort": "-grand_total"}),
        ("rounds page", "/", {}),
    ]
    results = {}
    with override_settings(DEBUG=False):
        for name, url, params in requests:
            walls = {"summary": [], "amounts": []}
            cpus = {"summary": [], "amounts": []}
            counts, shown = {}, {}
            for way in ("summary", "amounts"):  # warm up, and the figures to compare
                with the_old_way() if way == "amounts" else ExitStack():
                    counts[way], shown[way] = counted(client, url, params)
            if shown["summary"] != shown["amounts"]:
                sys.exit(f"{name}: the two ways show different figures")
            if counts["summary"] != counts["amounts"]:
                sys.exit(f"{name}: the two ways run different numbers of queries ({counts})")
            for _run in range(runs):
                for way in ("summary", "amounts"):
                    with the_old_way() if way == "amounts" else ExitStack():
                        wall, cpu, _response = timed(client, url, params)
                    walls[way].append(wall)
                    cpus[way].append(cpu)
            results[name] = walls
            print(
                f"{name:28} summary {median(walls['summary']):6.1f} ms "
                f"(min {min(walls['summary']):6.1f}; CPU {median(cpus['summary']):6.1f}; "
                f"{counts['summary']} queries) | amounts {median(walls['amounts']):6.1f} ms "
                f"(min {min(walls['amounts']):6.1f}; CPU {median(cpus['amounts']):6.1f}; "
                f"{counts['amounts']} queries)",
                flush=True,
            )
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notes", type=int, default=5000)
    parser.add_argument("--lines", type=int, default=10)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--user", default="redaktor", help="A demo user (default redaktor).")
    throwaway.add_argument(parser)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="round-page-bench.") as tmp:
        os.environ["DJANGO_DEBUG"] = "1"  # a local measurement: the demo users, no HTTPS
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        throwaway.database_url(os.environ, tmp, args.use_database_url)
        sys.path.insert(0, str(ROOT))
        os.chdir(ROOT)
        import django

        django.setup()
        prepare(args.notes, args.lines)
        results = measure(args.runs, args.user)
        from django.db import connection

        connection.close()
    walls = results["round page, unfiltered"]
    print(
        f"unfiltered round page, {args.notes} notes × {args.lines} lines: median "
        f"{median(walls['summary']):.1f} ms with the summary, {median(walls['amounts']):.1f} ms "
        f"over every amount; target < {TARGET_MS} ms"
    )
    if median(walls["summary"]) >= TARGET_MS:
        sys.exit(1)


if __name__ == "__main__":
    main()
