"""The rounds page: each round with the notes the user may read, counted by status, and the
round's total (counted lines only), in a fixed number of queries."""

from budgetnotes.models import BudgetNote
from tests.trust.query_counts import QUERY_COUNTS


def row_of(response, slug):
    return next(row for row in response.context["rows"] if row["round"].slug == slug)


def test_counts_per_status_and_the_rounds_total(login, editor):
    response = login(editor).get("/")
    assert response.status_code == 200
    row = row_of(response, "budget-2026")
    # BI22 is a draft of BIF: 46.400 in its counted lines (scenario 1 and none).
    assert (row["notes"], row["counts"][0], row["total"]) == (1, 1, 46_400)
    html = response.content.decode()
    assert "Til godkendelse" in html and "46.400" in html
    closed = row_of(response, "budget-2024")
    assert closed["notes"] == BudgetNote.objects.filter(round__slug="budget-2024").count()
    assert "Lukket" in html


def test_a_hidden_draft_is_neither_counted_nor_summed(login, sof_editor):
    row = row_of(login(sof_editor).get("/"), "budget-2026")
    assert (row["notes"], row["total"]) == (0, 0)


def test_the_rounds_page_runs_a_fixed_number_of_queries(login, editor, django_assert_num_queries):
    client = login(editor)
    client.get("/")  # the session is warm
    with django_assert_num_queries(QUERY_COUNTS["rounds page"]):
        assert client.get("/").status_code == 200
