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
