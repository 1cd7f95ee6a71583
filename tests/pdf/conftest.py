"""Shared helpers for the PDF tests: text of a PDF (pdftotext), page by page."""

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
