"""Query budgets: each page and export runs a fixed number of queries, whatever the size of
the round or the note (generated rounds of different sizes; the figures are in bench/README.md)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budgetnotes.generate import generate_round
from budgetnotes.models import BudgetNote

pytestmark = pytest.mark.django_db

# The budget per request, as measured (bench/README.md, "Query budgets").
BUDGETS = {
    "round page": 15,
    "note page": 20,
    "note PDF": 20,
    "note workbook": 20,
    "round workbook": 20,
}


def measure(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def counts_for(client, slug, notes, lines):
    generate_round(
        slug, notes=notes, lines_per_note=lines, administrations=["BIF"], status="kladde"
    )
    note = BudgetNote.objects.filter(round__slug=slug).order_by("code").first()
    urls = {
        "round page": reverse("round-detail", args=[slug]),
        "note page": reverse("note-detail", args=[slug, note.code]),
        "note PDF": reverse("note-pdf", args=[slug, note.code]),
        "note workbook": reverse("note-xlsx", args=[slug, note.code]),
        "round workbook": reverse("round-xlsx", args=[slug]),
    }
    return {kind: measure(client, url) for kind, url in urls.items()}


def test_query_counts_do_not_grow_with_notes_or_lines(client, editor):
    client.force_login(editor)
    small = counts_for(client, "lille-2040", notes=3, lines=2)
    large = counts_for(client, "stor-2041", notes=120, lines=12)
    print("\nqueries per request (3 notes × 2 lines → 120 notes × 12 lines):")
    for kind in BUDGETS:
        print(f"  {kind:15} {small[kind]:3} → {large[kind]:3}  (budget {BUDGETS[kind]})")
    assert large == small
    for kind, budget in BUDGETS.items():
        assert large[kind] <= budget, f"{kind}: {large[kind]} queries, budget {budget}"
