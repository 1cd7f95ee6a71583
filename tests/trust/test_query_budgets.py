"""Query counts: each page and export runs an exact, fixed number of queries, whatever the
size of the round or the note (generated rounds of different sizes). The numbers are in
tests/trust/query_counts.py, which also prints them as the README's table."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from budgetnotes.generate import generate_round
from budgetnotes.models import BudgetNote
from documents.models import RenderedPdf
from documents.pdf import versions
from tests.pdf.conftest import body
from tests.trust.query_counts import QUERY_COUNTS, markdown_table

ROOT = Path(__file__).resolve().parents[2]
SIZES = [("lille-2040", 3, 2), ("stor-2041", 120, 12)]  # (slug, notes, lines per note)


def urls_for(slug, notes, lines):
    generate_round(
        slug, notes=notes, lines_per_note=lines, administrations=["BIF"], status="kladde"
    )
    note = BudgetNote.objects.filter(round__slug=slug).order_by("code").first()
    return {
        "round page": reverse("round-detail", args=[slug]),
        "note page": reverse("note-detail", args=[slug, note.code]),
        "note editor": reverse("note-edit", args=[slug, note.code]),
        "note workbook": reverse("note-xlsx", args=[slug, note.code]),
        "round workbook": reverse("round-xlsx", args=[slug]),
    }


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_notes_or_lines(client, editor, django_assert_num_queries):
    client.force_login(editor)
    for slug, notes, lines in SIZES:
        for kind, url in urls_for(slug, notes, lines).items():
            info = f"{kind}, a round of {notes} notes × {lines} lines"
            with django_assert_num_queries(QUERY_COUNTS[kind], info=info):
                response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
        # The same workbook again, nothing changed: the kept file (documents.workbook.stored).
        info = f"a round of {notes} notes × {lines} lines"
        with django_assert_num_queries(QUERY_COUNTS["round workbook, kept"], info=info):
            response = client.get(reverse("round-xlsx", args=[slug]))
        assert response.status_code == 200
        assert body(response).startswith(b"PK")
        note = BudgetNote.objects.filter(round__slug=slug).order_by("code").first()
        url = reverse("note-pdf", args=[slug, note.code])
        # The first download records the version's HTML and enqueues its render (202, the
        # page that waits); once the worker has made it, a download is one file read.
        with django_assert_num_queries(QUERY_COUNTS["note PDF, first"], info=info):
            response = client.get(url)
        assert response.status_code == 202
        (row,) = RenderedPdf.objects.filter(object_id=note.pk, kind="note")
        assert versions.render(row.pk) == "ready"
        with django_assert_num_queries(QUERY_COUNTS["note PDF, stored"], info=info):
            response = client.get(url)
        assert response.status_code == 200
        assert body(response).startswith(b"%PDF-")


def test_the_readme_table_is_printed_from_the_same_numbers():
    printed = subprocess.run(
        [sys.executable, "-m", "tests.trust.query_counts"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert printed == markdown_table() + "\n"
    lines = printed.splitlines()
    assert lines[:2] == ["| request | queries |", "| --- | --- |"]
    assert lines[2:] == [f"| {request} | {count} |" for request, count in QUERY_COUNTS.items()]


def test_the_readme_shows_these_numbers():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = readme.split("<!-- query-counts -->\n", 1)[1].split("\n<!-- /query-counts -->", 1)[0]
    assert shown == markdown_table()
