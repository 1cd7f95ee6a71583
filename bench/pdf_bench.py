"""PDF benchmark: one note rendered many times, in this process and in the
bounded render process the web uses; a stored version's download against a render; and a
200-note catalogue.

    .venv/bin/python bench/pdf_bench.py [--notes 200] [--repeat 20] [--only stored]

Works in a throw-away SQLite database (a temporary file; the project's database is not
touched): migrate, load the demo data, clone BI22 into the round `--notes` times. Prints
per-document time and peak memory (resource.getrusage: this process and, separately, the
largest worker process). Not a test: timings depend on the machine.
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup(database):
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")  # a local measurement, not a server
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def prepare(notes):
    from django.core.management import call_command
    from django.db import transaction

    from budgetnotes.models import BudgetNote

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    from budgetnotes.services import summary

    source = BudgetNote.objects.get(round__slug="budget-2026", code="BI22")
    with transaction.atomic():
        for i in range(notes):
            clone(source, f"BX{i + 1}")
        # The clones' rows are written straight through the ORM: derive their summary.
        summary.rebuild(BudgetNote.objects.filter(round=source.round, code__startswith="BX"))


def clone(note, code):
    from budgetnotes.models import BudgetNote

    note = BudgetNote.objects.with_everything().get(pk=note.pk)
    lines = list(note.funding_lines.all())
    allocations = list(note.allocations.all())
    effect_rows = list(note.effect_rows.all())
    scenarios = {s.pk: s for s in note.scenarios.all()}
    districts = list(note.districts.all())
    note.pk = None
    note.id = None
    note.code = code
    note.save()
    note.districts.set(districts)
    new_scenarios = {}
    for pk, scenario in scenarios.items():
        scenario.pk = None
        scenario.note = note
        scenario.save()
        new_scenarios[pk] = scenario
    for row in effect_rows:
        row.pk = None
        row.note = note
        row.save()
    for line in lines:
        amounts = list(line.amounts.all())
        line.pk = None
        line.note = note
        line.scenario = new_scenarios.get(line.scenario_id)
        line.save()
        for amount in amounts:
            amount.pk = None
            amount.line = line
            amount.save()
    for allocation in allocations:
        amounts = list(allocation.amounts.all())
        allocation.pk = None
        allocation.note = note
        allocation.save()
        for amount in amounts:
            amount.pk = None
            amount.allocation = allocation
            amount.save()


def mb(kilobytes):
    return f"{kilobytes / 1024:.0f} MB"


# Seed 000 is BI22 as the municipality printed it: 5 pages, 1,242 words (`wc -w` of its
# extracted text, tables included). Our demo BI22 summarises that prose in fewer words.
SEED_000_PAGES = 5
SEED_000_WORDS = 1242


def single(repeat):
    from pypdf import PdfReader

    from budgetnotes.models import BudgetNote, District
    from documents.pdf.catalogue import note_pdf, page_count

    districts = list(District.objects.all())

    def fetch():
        return BudgetNote.objects.with_everything().get(round__slug="budget-2026", code="BI22")

    demo = fetch()
    paragraphs = [
        part for text in (demo.background, demo.content) for part in text.split("\n\n") if part
    ]

    def load(extra=0):
        """BI22 with `extra` more paragraphs of its own prose appended to Indhold."""
        note = fetch()
        added = [paragraphs[i % len(paragraphs)] for i in range(extra)]
        note.content = "\n\n".join([note.content, *added])
        return note

    def words(pdf):
        reader = PdfReader(BytesIO(pdf))
        return sum(len(page.extract_text().split()) for page in reader.pages)

    def measure(label, extra):
        pdf = note_pdf(load(extra), districts)  # warm-up: imports, fonts, stylesheet
        times = []
        cpu = []
        for _ in range(repeat):
            start, start_cpu = time.perf_counter(), time.process_time()
            note_pdf(load(extra), districts)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        print(
            f"{label}: {page_count(pdf)} pages, {words(pdf)} words; "
            f"{repeat} warm renders in one process:"
        )
        print(
            f"  per document: median {statistics.median(times):.3f} s, "
            f"min {min(times):.3f} s, max {max(times):.3f} s (wall clock)"
        )
        print(
            f"  CPU time per document: median {statistics.median(cpu):.3f} s, min {min(cpu):.3f} s"
        )

    measure("BI22 as in the demo data", 0)
    extra = 0
    while words(note_pdf(load(extra), districts)) < SEED_000_WORDS:
        extra += 1
        if extra > 200:
            raise SystemExit("BI22 does not reach seed 000's length: check the demo data")
    measure(f"BI22 at seed 000's length ({SEED_000_WORDS} words, +{extra} paragraphs)", extra)
    while page_count(note_pdf(load(extra + 1), districts)) <= SEED_000_PAGES:
        extra += 1
        if extra > 200:
            raise SystemExit("BI22 does not fill 5 pages: check the demo data")
    measure(f"BI22 filling {SEED_000_PAGES} whole pages (+{extra} paragraphs)", extra)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"  peak memory of the process: {mb(peak)}")


def interleaved(ways, repeat):
    """{label: [seconds, …]} of each way run `repeat` times, in the order A, B, …, …, B, A
    and again, so drift on a noisy machine hits every way alike."""
    times = {label: [] for label in ways}
    labels = list(ways)
    for i in range(repeat):
        for label in labels if i % 2 == 0 else reversed(labels):
            start = time.perf_counter()
            ways[label]()
            times[label].append(time.perf_counter() - start)
    return times


def single_bounded(repeat):
    """BI22 (as in the demo data) made as the web makes it: the HTML here, the PDF in the
    bounded render process; against the same HTML rendered in this process. Interleaved
    (A, B, B, A, …) so drift on a noisy machine hits both alike."""
    from budgetnotes.models import BudgetNote, District
    from documents.pdf import bounded, documents, engine

    districts = list(District.objects.all())
    css, statics = documents.stylesheet_text(), documents.static_files()

    def make_html():
        note = BudgetNote.objects.with_everything().get(round__slug="budget-2026", code="BI22")
        return documents.note_html(note, districts)

    ways = {
        "in this process": lambda: engine.html_to_pdf(make_html(), css, statics),
        "bounded render process": lambda: bounded.render_pdf(make_html()),
    }
    start = time.perf_counter()
    bounded.render_pdf(make_html())  # starts the forkserver and the render process
    cold = time.perf_counter() - start
    for way in ways.values():  # warm-up
        way()
    times = interleaved(ways, repeat)
    labels = list(ways)
    print(f"BI22, database + template + PDF, {repeat} interleaved renders each:")
    for label, values in times.items():
        print(
            f"  {label}: median {statistics.median(values) * 1000:.1f} ms, "
            f"min {min(values) * 1000:.1f} ms"
        )
    inside, outside = (statistics.median(times[label]) for label in labels)
    print(
        f"  overhead of the bounded render: {(outside - inside) * 1000:+.1f} ms "
        f"({(outside / inside - 1) * 100:+.1f} %) on the median; "
        f"{(min(times[labels[1]]) - min(times[labels[0]])) * 1000:+.1f} ms on the minimum"
    )
    print(f"  first render with a cold start (forkserver and render process): {cold:.2f} s")
    replacement = bounded.renderer.pid
    bounded.renderer.stop()
    start = time.perf_counter()
    bounded.render_pdf(make_html())
    print(
        f"  first render after a replacement (forkserver already up): "
        f"{time.perf_counter() - start:.2f} s (render process {replacement} → "
        f"{bounded.renderer.pid})"
    )


def stored(repeat):
    """BI22's PDF three ways, interleaved: bare WeasyPrint on the same HTML and stylesheet
    (no fetcher, no PDF/A, no stream rewrite), the worker's render of a recorded version
    (documents.pdf.versions.render: the bounded render process, the SHA-256, the file
    stored), and a download of the stored version through the whole web stack (Django's
    test client: session, access checks, lookup, file read)."""
    import weasyprint
    from django.test import Client
    from django.test.utils import setup_test_environment

    from budgetnotes.models import BudgetNote, User
    from documents.models import RenderedPdf
    from documents.pdf import documents, versions

    setup_test_environment()  # the test client's host name
    note = BudgetNote.objects.get(round__slug="budget-2026", code="BI22")
    _version, html = versions.note_html_now(note.pk)
    css = weasyprint.CSS(string=documents.stylesheet_text())
    url = f"/budget-2026/{note.code}/pdf/"
    client = Client()
    client.force_login(User.objects.get(username="sekretaer"))

    def bare():
        weasyprint.HTML(string=html).write_pdf(stylesheets=[css])

    def worker():
        RenderedPdf.objects.filter(kind="note", object_id=note.pk).delete()
        row, _made = versions._record("note", note.pk, note.version, versions.note_variant(), html)
        assert versions.render(row.pk) == "ready"

    def download():
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        b"".join(response.streaming_content)

    ways = {"bare WeasyPrint": bare, "worker's render": worker, "stored download": download}
    for way in ways.values():  # warm-up (and the stored file for the downloads)
        way()
    times = interleaved(ways, repeat)
    bare_median = statistics.median(times["bare WeasyPrint"])
    print(f"BI22's PDF, {repeat} interleaved runs each (median, min, ratio to bare WeasyPrint):")
    for label, values in times.items():
        median = statistics.median(values)
        print(
            f"  {label}: {median * 1000:.1f} ms, min {min(values) * 1000:.1f} ms, "
            f"{median / bare_median:.3f} ×"
        )


def catalogue():
    from budgetnotes.models import BudgetRound
    from documents.pdf import engine
    from documents.pdf.catalogue import build, page_count, round_catalogue

    budget_round = BudgetRound.objects.get(slug="budget-2026")
    start = time.perf_counter()
    load = os.getloadavg()[0]
    made = round_catalogue(budget_round)
    count = sum(len(group.entries) for group in made.groups)
    pdf = build(made)
    elapsed = time.perf_counter() - start
    own_usage = resource.getrusage(resource.RUSAGE_SELF)
    own = own_usage.ru_maxrss
    own_cpu = own_usage.ru_utime + own_usage.ru_stime
    stats = engine.last_worker_stats  # {pid: (peak kB, CPU s)}, reported by each worker
    workers = len(stats)
    worker_peak = max((peak for peak, _cpu in stats.values()), default=0)
    worker_cpu = sum(cpu for _peak, cpu in stats.values())
    print(
        f"Catalogue of {count} notes ({page_count(pdf)} pages, {len(pdf) / 1e6:.1f} MB) "
        f"with {workers} worker processes:"
    )
    print(f"  total {elapsed:.1f} s wall clock, {elapsed / count:.3f} s per note")
    print(
        f"  CPU time: main {own_cpu:.1f} s, workers {worker_cpu:.1f} s "
        f"({worker_cpu / count:.3f} s per note); load average when started: {load:.1f} "
        f"on {os.cpu_count()} cores"
    )
    print(f"  peak memory: main process {mb(own)}, largest worker {mb(worker_peak)}")
    print(f"  peak total (main + {workers} workers): <= {mb(own + worker_peak * workers)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument(
        "--only", choices=("single", "bounded", "stored", "catalogue"), help="run only this part"
    )
    parser.add_argument(
        "--part", choices=("single", "bounded", "stored", "catalogue"), help=argparse.SUPPRESS
    )
    parser.add_argument("--database", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.part:
        setup(args.database)
        if args.part == "single":
            single(args.repeat)
        elif args.part == "bounded":
            single_bounded(args.repeat)
        elif args.part == "stored":
            stored(args.repeat)
        else:
            catalogue()
        return

    with tempfile.TemporaryDirectory() as directory:
        database = Path(directory) / "bench.sqlite3"
        os.environ["PDF_DOCUMENT_DIR"] = str(Path(directory) / "pdf")  # the parts inherit it
        setup(database)
        print(f"Preparing a throw-away database with {args.notes} copies of BI22 …")
        prepare(args.notes)
        # Each part in a fresh process, so one part's peak memory does not hide the other's.
        parts = ("single", "bounded", "stored", "catalogue") if not args.only else (args.only,)
        for part in parts:
            subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--part",
                    part,
                    "--database",
                    str(database),
                    "--repeat",
                    str(args.repeat),
                ],
                check=True,
            )


if __name__ == "__main__":
    main()
