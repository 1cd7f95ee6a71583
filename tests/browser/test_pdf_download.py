"""A note's PDF from the note page in Chromium, with a real task worker (`manage.py db_worker`
in its own process, on the live server's database): the first download waits on a page,
the worker makes the PDF, the page opens it by itself; the next download is the stored file."""

import hashlib
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.db import connection

from documents.models import RenderedPdf

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def database_url():
    """The live server's (test) database, for the worker's DATABASE_URL."""
    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        return f"sqlite:///{name}"
    parts = urlsplit(os.environ["DATABASE_URL"])  # the server's; the test database's name
    return urlunsplit(parts._replace(path=f"/{name}"))


@pytest.fixture
def worker(browser_data):
    env = dict(
        os.environ,
        DJANGO_DEBUG="1",
        DATABASE_URL=database_url(),
        PDF_DOCUMENT_DIR=settings.PDF_DOCUMENT_DIR,
    )
    process = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    yield process
    process.terminate()
    process.wait(timeout=30)


def test_the_first_download_waits_and_opens_the_pdf_when_the_worker_has_made_it(
    page, log_in, worker
):
    log_in("sekretaer", "/budget-2026/BI22/")
    with page.expect_response(
        lambda response: (
            response.url.endswith("/budget-2026/BI22/pdf/")
            and response.status == 200
            and response.headers.get("content-type") == "application/pdf"
        ),
        timeout=60_000,
    ) as pdf:
        with page.expect_response(lambda response: response.status == 202) as waiting:
            page.get_by_role("link", name="Hent PDF").click()
        assert "PDF'en laves" in waiting.value.text()
    assert pdf.value.ok  # Chromium's PDF viewer opened it
    # One row for BI22, made once by the worker (the demo data makes a second version
    # of one expiry sheet, which the worker renders beside it).
    (row,) = RenderedPdf.objects.filter(kind="note")
    assert row.state == "ready"

    # The next download is the stored file at once, no waiting page.
    response = page.request.get("/budget-2026/BI22/pdf/")
    assert response.status == 200
    assert hashlib.sha256(response.body()).hexdigest() == row.sha256
