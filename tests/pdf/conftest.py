"""Shared helpers for the PDF tests: text of a PDF (pdftotext), page by page."""

import re
import shutil
import subprocess
from io import BytesIO

import pytest
from pypdf import PdfReader

PDFTOTEXT = shutil.which("pdftotext")


def pdf_pages(pdf):
    """The text of each page (pdftotext -layout), as a list."""
    if PDFTOTEXT is None:  # pragma: no cover - CI installs poppler-utils
        pytest.skip("pdftotext (poppler-utils) is not installed")
    result = subprocess.run(
        [PDFTOTEXT, "-layout", "-enc", "UTF-8", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    )
    pages = result.stdout.decode("utf-8").split("\f")
    count = len(PdfReader(BytesIO(pdf)).pages)
    return pages[:count]


def pdf_text(pdf):
    return "\n".join(pdf_pages(pdf))


def squash(text):
    """Whitespace collapsed, so words wrapped across lines still match."""
    return " ".join(text.split())


def toc_entries(pages, label):
    """{label: page} from a catalogue's table of contents, whose rows read "<label>  Title  …
    <page>"; `label` is a regular expression for the first column ("Nr\\. \\d+", a note code).
    The front matter ends at the first page that carries a part's footer ("… · side 1 af N")."""
    row = re.compile(rf"^\s*({label})\s{{2,}}.*\s(\d+)\s*$")
    entries = {}
    for page in pages:
        if re.search(r"· side 1 af \d+", page):
            break
        for line in page.splitlines():
            match = row.match(line)
            if match:
                entries[match[1]] = int(match[2])
    return entries


# Catalogue jobs run at once, in the test's own process (the worker's code, without a worker).
IMMEDIATE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def immediate_tasks(settings):
    """Through the settings fixture, not override_settings: mixing the two inside one test
    restores them out of order and leaks the override into later tests."""
    settings.TASKS = IMMEDIATE_TASKS


@pytest.fixture
def job_dir(settings, tmp_path):
    """A fresh PDF job folder (not made yet: the storage makes it)."""
    settings.PDF_JOB_DIR = str(tmp_path / "jobs")
    return tmp_path / "jobs"


def start_job(client, url="/budget-2026/pdf/", data=None):
    """Start a catalogue job as the logged-in user; its id (from the job page's address)."""
    response = client.post(url, data or {})
    assert response.status_code == 302, response.status_code
    return response["Location"].rstrip("/").split("/")[-1]


def job_url(job_id):
    return f"/pdf/job/{job_id}/"


def download_url(job_id):
    return f"/pdf/job/{job_id}/hent/"


def body(response):
    """The whole body of a response, streamed or not."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def page_text(response):
    """A page's text with entities decoded and whitespace collapsed."""
    import html

    return squash(html.unescape(body(response).decode()))
