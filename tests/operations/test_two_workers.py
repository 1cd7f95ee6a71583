"""Several task workers against one PostgreSQL: two real `db_worker` processes never render
the same PDF version twice, and a worker killed in the middle of a render leaves its task to
the other (operations.workers), which makes the PDF: retried, not lost."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from budgetnotes.models import BudgetNote
from documents.models import RenderedPdf
from documents.pdf import versions
from documents.tasks import render_current_pdf
from tests.browser.test_pdf_download import database_url

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="several worker processes on one database: the PostgreSQL pass (make test-postgres)",
    ),
]


@pytest.fixture
def start_worker(demo_data, tmp_path, settings):
    settings.PDF_DOCUMENT_DIR = str(tmp_path / "pdf-documents")
    started = []

    def start(worker_id):
        env = dict(
            os.environ,
            DJANGO_DEBUG="1",
            DATABASE_URL=database_url(),
            PDF_DOCUMENT_DIR=settings.PDF_DOCUMENT_DIR,
            PDF_RENDER_TIMEOUT="10",  # a render counts as lost after 30 s
            WORKER_HEARTBEAT_SECONDS="1",
            WORKER_STALE_SECONDS="3",
        )
        command = ["manage.py", "db_worker", "--no-reload", "--interval", "0.1"]
        process = subprocess.Popen(
            [sys.executable, *command, "--worker-id", worker_id],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=60)


def wait_for(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


def stored_files():
    folder = Path(settings.PDF_DOCUMENT_DIR)
    return sorted(path.name for path in folder.rglob("*.pdf")) if folder.exists() else []


def test_two_workers_render_every_version_once(start_worker):
    notes = list(BudgetNote.objects.values_list("pk", flat=True))
    for pk in notes * 2:  # every note asked for twice: two tasks, one render
        render_current_pdf.enqueue("note", pk)
    start_worker("first")
    start_worker("second")
    open_tasks = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
    )
    wait_for(lambda: not open_tasks.exists(), 240, "the workers did not finish")
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).exists()
    ready = RenderedPdf.objects.filter(kind="note", state="ready")
    assert set(ready.filter(object_id__in=notes).values_list("object_id", flat=True)) == set(notes)
    # One file per rendered version: a second render would have written a second file.
    every_ready = RenderedPdf.objects.filter(state="ready")  # the demo's sheets' too
    assert stored_files() == sorted(every_ready.values_list("file_name", flat=True))
    workers = {
        worker
        for ids in DBTaskResult.objects.values_list("worker_ids", flat=True)
        for worker in ids
    }
    assert workers == {"first", "second"}
    assert all(len(ids) == 1 for ids in DBTaskResult.objects.values_list("worker_ids", flat=True))


def test_a_worker_killed_mid_render_leaves_the_render_to_another(start_worker):
    DBTaskResult.objects.all().delete()  # the demo's own renders are not this test's
    note = BudgetNote.objects.get(round__slug="budget-2026", code="BI22")
    big = "<h1>Stor</h1>" + "<p>Linje med tekst, der fylder en del af siden.</p>" * 2_000
    row = versions.ask("note", note, "test-variant", lambda: (note.version, big))
    victim = start_worker("victim")
    task = DBTaskResult.objects.get()
    wait_for(
        lambda: DBTaskResult.objects.filter(pk=task.pk, status=TaskResultStatus.RUNNING).exists(),
        60,
        "the first worker never started the render",
    )
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=10)
    row.refresh_from_db()
    assert row.state == "rendering"  # killed in the middle

    start_worker("rescuer")
    wait_for(
        lambda: RenderedPdf.objects.filter(pk=row.pk, state="ready").exists(),
        180,
        "the render was lost with its worker",
    )
    task.refresh_from_db()
    assert task.worker_ids[:2] == ["victim", "rescuer"]
    assert stored_files() == [RenderedPdf.objects.get(pk=row.pk).file_name]
