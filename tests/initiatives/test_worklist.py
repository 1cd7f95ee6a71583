"""The worklist and the round view of the assessments, with the demo data (seed 001)."""

import pytest
from django.urls import reverse

from budgetnotes.numbers import format_amount
from initiatives.models import Verdict
from tests.initiatives.html import rows_by
from tests.initiatives.seed001 import amounts, proposed_by_year, sheets

pytestmark = pytest.mark.django_db

YEARS = list(range(2027, 2031))


@pytest.fixture
def worklist(editor, login):
    response = login(editor).get(reverse("expiry-worklist", args=["budget-2027"]))
    assert response.status_code == 200
    return response


def test_every_sheet_of_seed_001_with_verdict_and_proposed_amounts(worklist):
    rows = rows_by(worklist.content.decode(), "data-number")
    assert sorted(int(number) for number in rows) == sorted(s["number"] for s in sheets())
    for sheet in sheets():
        sheet_rows = rows[str(sheet["number"])]
        first = sheet_rows[0]
        assert first[0] == str(sheet["number"])
        assert first[1].startswith(sheet["title"][:40])
        verdict = Verdict(sheet["verdict"]).label if sheet["verdict"] else "Ingen vurdering"
        assert first[3] == verdict
        printed = [row[-5:-1] for row in sheet_rows]
        expected = [
            [format_amount(amounts(spec).get(year)) for year in YEARS] for spec in sheet["proposed"]
        ] or [[""] * 4]
        assert printed == expected, sheet["number"]


def test_sheets_are_grouped_as_in_the_catalogue(worklist):
    groups = worklist.context["catalogue"]
    assert [len(group["rows"]) for group in groups] == [20, 7]
    assert [row["assessment"].number for row in groups[1]["rows"]] == list(range(22, 29))


def test_sums_per_verdict(worklist):
    rows = rows_by(worklist.content.decode(), "data-verdict")
    expected = {}
    for sheet in sheets():
        key = sheet["verdict"] or "ingen"
        count, totals = expected.setdefault(key, [0, dict.fromkeys(YEARS, 0)])
        expected[key][0] = count + 1
        for year, amount in proposed_by_year(sheet).items():
            totals[year] += amount
    assert set(rows) == set(expected)
    for key, (count, totals) in expected.items():
        [cells] = rows[key]
        assert cells[1] == str(count)
        assert cells[2:6] == [format_amount(totals[year]) for year in YEARS]
        assert cells[6] == format_amount(sum(totals.values()))


def test_years_never_print_with_a_thousands_separator(worklist):
    assert "2.027" not in worklist.content.decode()


def test_round_view_counts_sums_and_filters(editor, login):
    client = login(editor)
    url = reverse("assessment-list", args=["budget-2027"])
    response = client.get(url)
    assert response.context["count"] == 27
    area = {line.steering_area: line.amounts for line in response.context["area_sums"].lines}
    assert area["overfoersler"] == dict.fromkeys(YEARS, 4_800)
    response = client.get(url, {"verdict": "justeret"})
    numbers = [row.record.number for row in response.context["table"].rows]
    assert numbers == [5, 6, 7, 18, 19, 20, 23, 26, 28]
    response = client.get(url, {"verdict": "ingen"})
    assert [row.record.number for row in response.context["table"].rows] == [11]
    response = client.get(url, {"group": "egen_ramme", "q": "  "})
    assert response.context["count"] == 7
    response = client.get(url, {"q": "Trædesten"})
    assert [row.record.number for row in response.context["table"].rows] == [2]
    response = client.get(url, {"status": "fremsendt"})
    assert response.context["count"] == 0
    response = client.get(url, {"sort": "-number"})
    numbers = [row.record.number for row in response.context["table"].rows]
    assert numbers[0] == 28 and numbers[-1] == 1
    response = client.get(url, {"sort": "verdict"})
    assert response.status_code == 200


def test_pdf_links_only_for_users_who_may_export(personas, login):
    pdf = reverse("expiry-catalogue-pdf", args=["budget-2027"])
    for name, user in personas.items():
        html = login(user).get(reverse("expiry-worklist", args=["budget-2027"])).content.decode()
        assert (pdf in html) is (name != "analytiker"), name
