"""/healthz: 200 when the database, the storages and a worker answer; 503 naming what does
not. A real `db_worker` process beats its heartbeat (WorkerBeat) while it runs."""

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from operations.models import WorkerBeat

ROOT = Path(__file__).resolve().parents[2]


def beat(seconds_ago=0):
    WorkerBeat.objects.create(
        worker_id=f"w{seconds_ago}",
        host="h",
        pid=1,
        beat_at=timezone.now() - timedelta(seconds=seconds_ago),
    )


def test_all_well_is_200_without_login(client, db):
    beat()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "pdf_documents": "ok", "pdf_jobs": "ok", "worker": "ok"},
    }


def test_no_recent_worker_is_503_naming_the_worker(client, db, settings):
    settings.WORKER_STALE_SECONDS = 60
    beat(seconds_ago=120)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["worker"]
    assert body["checks"]["worker"] == "ingen baggrundsproces har meldt sig i 60 sekunder"
    assert body["checks"]["database"] == "ok"


def test_an_unwritable_storage_is_503_naming_it(client, db, settings, tmp_path):
    beat()
    folder = tmp_path / "docs"
    folder.write_text("not a folder")  # the storage's folder is a file: nothing can be written
    settings.PDF_DOCUMENT_DIR = str(folder)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["pdf_documents"]


def test_the_storage_probe_leaves_no_file(client, db, settings, tmp_path):
    beat()
    settings.PDF_DOCUMENT_DIR = str(tmp_path / "docs")
    assert client.get("/healthz").status_code == 200
    assert list((tmp_path / "docs").iterdir()) == []


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_beats_while_it_runs_and_leaves_when_stopped(client):
    from tests.browser.test_pdf_download import database_url

    env = dict(
        os.environ, DJANGO_DEBUG="1", DATABASE_URL=database_url(), WORKER_HEARTBEAT_SECONDS="1"
    )
    process = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--worker-id", "healthz-test"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while not WorkerBeat.objects.filter(worker_id="healthz-test").exists():
            assert process.poll() is None, process.stderr.read().decode()
            assert time.monotonic() < deadline, "the worker never beat"
            time.sleep(0.2)
        first = WorkerBeat.objects.get(worker_id="healthz-test").beat_at
        time.sleep(2.5)
        assert WorkerBeat.objects.get(worker_id="healthz-test").beat_at > first
        assert client.get("/healthz").json()["checks"]["worker"] == "ok"
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert not WorkerBeat.objects.filter(worker_id="healthz-test").exists()
