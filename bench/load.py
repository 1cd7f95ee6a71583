"""Load test: gunicorn against PostgreSQL with a generated round, many logged-in clients.

Run (starts a throw-away PostgreSQL server, builds the data, starts gunicorn on loopback):

    bin/with-postgres .venv/bin/python bench/load.py --notes 5000 --clients 20 --seconds 60

Prints requests served, errors and p50/p95 latency per kind of request. A task worker
(`manage.py db_worker`) runs beside gunicorn, as in production. The PDFs of --stored notes
are made before the run (`manage.py render_pdfs`): their downloads are file reads; the other
notes' first download answers 202 (the page that waits) while the worker makes the PDF, which
counts as served, not as an error. Only 127.0.0.1 is contacted; every loop is bounded by
--seconds.
"""

import argparse
import http.cookiejar
import os
import random
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
ROUND = "belastning-2027"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(*args, env):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare(notes, lines, stored, env):
    started = time.perf_counter()
    setup_env = dict(env, DJANGO_DEBUG="1")
    manage("migrate", "--noinput", "-v0", env=setup_env)
    manage("load_demo", env=setup_env)
    manage("generate_round", ROUND, "--notes", str(notes), "--lines", str(lines), env=setup_env)
    # What autovacuum does soon after a bulk load in production: fresh planner statistics.
    subprocess.run(
        [
            PYTHON,
            "-c",
            "import django; django.setup(); from django.db import connection; "
            "connection.cursor().execute('VACUUM ANALYZE')",
        ],
        cwd=ROOT,
        env=setup_env,
        check=True,
    )
    manage("collectstatic", "--noinput", "-v0", env=env)
    codes = subprocess.run(
        [
            PYTHON,
            "-c",
            # Notes every client may read: BIF's own, and every published note.
            "import django; django.setup(); from django.db.models import Q; "
            "from budgetnotes.models import BudgetNote; "
            f"print(' '.join(BudgetNote.objects.filter(round__slug='{ROUND}')"
            ".filter(Q(administration__code='BIF') | Q(status__in=['fremsendt', 'vedtaget', "
            "'ikke_vedtaget'])).values_list('code', flat=True)))",
        ],
        cwd=ROOT,
        env=setup_env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    print(f"data ready: {len(codes)} notes in {time.perf_counter() - started:.1f} s", flush=True)
    if stored:  # the PDFs the worker would have made after the notes' last saves
        began = time.perf_counter()
        manage("render_pdfs", ROUND, *sorted(codes)[:stored], env=setup_env)
        print(f"{stored} note PDFs stored in {time.perf_counter() - began:.0f} s", flush=True)
    return codes


class Client:
    def __init__(self, base, username, password):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        page = self.opener.open(f"{base}/login/", timeout=30).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": token}
        ).encode()
        request = urllib.request.Request(
            f"{base}/login/", data=body, headers={"Referer": f"{base}/login/"}
        )
        response = self.opener.open(request, timeout=30)
        if "/login/" in response.geturl():
            raise RuntimeError(f"login failed for {username}")

    def get(self, path):
        started = time.perf_counter()
        try:
            response = self.opener.open(f"{self.base}{path}", timeout=120)
            response.read()
            status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        except OSError:
            status = 0
        return status, time.perf_counter() - started


def drive(base, codes, clients, seconds, pages_only, think, stored):
    # render_pdfs made the PDFs of the first `stored` notes by code; the others' first
    # download records the version and waits (202) while the worker makes it.
    ordered = sorted(codes)
    made, unmade = ordered[:stored], ordered[stored:] or ordered
    kinds = {
        "round page": lambda: f"/{ROUND}/?page={random.randint(1, 50)}",
        "round page, filtered": lambda: f"/{ROUND}/?q={random.choice(codes)}",
        "note page": lambda: f"/{ROUND}/{random.choice(codes)}/",
    }
    if not pages_only:
        kinds |= {
            "note PDF, stored": lambda: f"/{ROUND}/{random.choice(made)}/pdf/",
            "note PDF, first (waits)": lambda: f"/{ROUND}/{random.choice(unmade)}/pdf/",
            "note workbook": lambda: f"/{ROUND}/{random.choice(codes)}/xlsx/",
            "round workbook, one status": lambda: f"/{ROUND}/xlsx/?status=godkendt",
        }
    weights = {
        "round page": 4,
        "round page, filtered": 2,
        "note page": 6,
        "note PDF, stored": 0.8,
        "note PDF, first (waits)": 0.2,
        "note workbook": 1,
        "round workbook, one status": 0.2,
    }
    names = list(kinds)
    results = defaultdict(list)
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    users = ["redaktor", "godkender", "sekretaer", "analytiker"]

    # What each role may fetch (the others would rightly get 403).
    allowed = {
        "redaktor": names,
        "godkender": names,
        "sekretaer": [name for name in names if "workbook" not in name],
        "analytiker": [name for name in names if "PDF" not in name],
    }

    def worker(index):
        username = users[index % len(users)]
        client = Client(base, username, "budget2026")
        mine = allowed[username]
        while time.monotonic() < deadline:
            kind = random.choices(mine, [weights[name] for name in mine])[0]
            status, elapsed = client.get(kinds[kind]())
            with lock:
                results[kind].append((status, elapsed))
            if think:
                time.sleep(random.uniform(0.5 * think, 1.5 * think))

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - started


def percentile(values, fraction):
    values = sorted(values)
    return values[min(len(values) - 1, round(fraction * (len(values) - 1)))]


def report(results, elapsed):
    print(f"\n{'kind':28} {'requests':>8} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8}")
    total = errors = 0
    for kind, rows in sorted(results.items()):
        times = [t * 1000 for _, t in rows]
        failed = sum(1 for status, _ in rows if status not in (200, 202))
        total += len(rows)
        errors += failed
        print(
            f"{kind:28} {len(rows):8} {failed:6} {statistics.median(times):8.0f} {percentile(times, 0.95):8.0f}"
        )
    page_times = [t * 1000 for kind, rows in results.items() if "page" in kind for _, t in rows]
    print(f"\nall: {total} requests in {elapsed:.0f} s ({total / elapsed:.1f}/s), {errors} errors")
    if page_times:
        print(
            f"pages: p50 {statistics.median(page_times):.0f} ms, p95 {percentile(page_times, 0.95):.0f} ms"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=5000)
    parser.add_argument("--lines", type=int, default=10)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--pages-only", action="store_true")
    parser.add_argument(
        "--stored",
        type=int,
        default=300,
        help="Notes whose PDF is made before the run (render_pdfs); the others wait (202).",
    )
    parser.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="Mean seconds a client waits between requests (0: back to back, saturating).",
    )
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Run it under bin/with-postgres (DATABASE_URL must point at PostgreSQL).")

    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="0",
        DJANGO_HTTPS="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_CONN_MAX_AGE="60",
        DJANGO_LOGIN_FAILURE_LIMIT="1000",
    )
    env["PDF_DOCUMENT_DIR"] = str(ROOT / "var" / f"bench-pdf-{os.getpid()}")
    codes = prepare(args.notes, args.lines, 0 if args.pages_only else args.stored, env)
    port = free_port()
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    # The task worker beside the web, as in production: it makes the PDFs downloads ask for.
    worker = subprocess.Popen([PYTHON, "manage.py", "db_worker"], cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/login/", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        print(
            f"gunicorn: {args.workers} workers; {args.clients} clients for {args.seconds} s",
            flush=True,
        )
        results, elapsed = drive(
            base, codes, args.clients, args.seconds, args.pages_only, args.think, args.stored
        )
        report(results, elapsed)
    finally:
        server.terminate()
        worker.terminate()
        server.wait(timeout=30)
        worker.wait(timeout=30)
        shutil.rmtree(env["PDF_DOCUMENT_DIR"], ignore_errors=True)


if __name__ == "__main__":
    main()
