"""Benchmark of the round workbook: time and peak memory, database reads included.

    .venv/bin/python bench/xlsx_bench.py                    # throw-away SQLite database
    bin/with-postgres .venv/bin/python bench/xlsx_bench.py --use-database-url   # PostgreSQL

Builds a throw-away database (migrate, load_demo, `generate_round xlsx-bench` with 5,000
notes × 10 funding lines × 4 years = 200,000 amounts), then writes the round workbook in a
fresh process per run, as `manage.py appropriations_xlsx` does (every note, no user filter),
and reports the wall time of `write_workbook` (queries, Python, XML, zip), its CPU time (the
wall time is at the mercy of other processes on a shared machine; the load average is shown)
and the process's peak resident memory (ru_maxrss, so Django and the database driver count).
Targets: under 7 s and under 200 MB.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import throwaway

ROOT = Path(__file__).resolve().parent.parent
ROUND = "xlsx-bench"
TIME_TARGET = 7.0
MEMORY_TARGET_MB = 200


def manage(*args, env):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def measure(pl, out):
    """Child mode: one workbook, in this fresh process."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")  # a local measurement, not a server
    import django

    django.setup()
    from django.db import connection

    from budgetnotes.models import BudgetRound
    from documents.workbook.api import Selection, write_workbook

    budget_round = BudgetRound.objects.get(slug=ROUND)
    connection.ensure_connection()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    baseline = usage.ru_maxrss / 1024
    cpu_started = usage.ru_utime + usage.ru_stime
    started = time.perf_counter()
    write_workbook(Selection(round=budget_round, target_pl=pl, made_by="bench/xlsx_bench.py"), out)
    elapsed = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak = usage.ru_maxrss / 1024
    cpu = usage.ru_utime + usage.ru_stime - cpu_started
    print(
        json.dumps(
            {
                "seconds": elapsed,
                "cpu_seconds": cpu,
                "load": os.getloadavg()[0],
                "peak_mb": peak,
                "baseline_mb": baseline,
                "size_mb": os.path.getsize(out) / 1e6,
                "vendor": connection.vendor,
            }
        )
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notes", type=int, default=5000)
    parser.add_argument("--lines", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pl", type=int, help="Also convert to this price level.")
    throwaway.add_argument(parser)
    parser.add_argument("--measure", metavar="OUT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.pl, args.measure)
        return

    with tempfile.TemporaryDirectory(prefix="xlsx-bench.") as tmp:
        env = dict(os.environ, DJANGO_DEBUG="1")
        throwaway.database_url(env, tmp, args.use_database_url)
        started = time.perf_counter()
        manage("migrate", "--noinput", "-v0", env=env)
        manage("load_demo", env=env)
        manage(
            "generate_round",
            ROUND,
            "--notes",
            str(args.notes),
            "--lines",
            str(args.lines),
            "--replace",
            env=env,
        )
        print(f"data ready in {time.perf_counter() - started:.1f} s", flush=True)
        results = []
        for run in range(1, args.runs + 1):
            command = [sys.executable, __file__, "--measure", f"{tmp}/round.xlsx"]
            if args.pl:
                command += ["--pl", str(args.pl)]
            output = subprocess.run(
                command, cwd=ROOT, env=env, check=True, capture_output=True, text=True
            ).stdout
            result = json.loads(output.strip().splitlines()[-1])
            results.append(result)
            print(
                f"run {run}: {result['seconds']:.2f} s (CPU {result['cpu_seconds']:.2f} s of this "
                f"process; load average {result['load']:.1f}), peak RSS {result['peak_mb']:.0f} MB "
                f"(after Django setup {result['baseline_mb']:.0f} MB), "
                f"{result['size_mb']:.1f} MB file, {result['vendor']}",
                flush=True,
            )
    seconds = [result["seconds"] for result in results]
    peak = max(result["peak_mb"] for result in results)
    print(
        f"round workbook, {args.notes} notes × {args.lines} lines: "
        f"median {statistics.median(seconds):.2f} s (min {min(seconds):.2f}, "
        f"max {max(seconds):.2f}), peak RSS {peak:.0f} MB; "
        f"targets < {TIME_TARGET:.0f} s and < {MEMORY_TARGET_MB} MB"
    )
    if statistics.median(seconds) >= TIME_TARGET or peak >= MEMORY_TARGET_MB:
        sys.exit(1)


if __name__ == "__main__":
    main()
