"""The round page: filters with the shared GET names, sortable, paginated, footer sums of what
is filtered, a chart, and a query count that does not grow with the number of notes."""

import pytest

from budgetnotes.models import BudgetNote
from tests import builders
from tests.trust.query_counts import QUERY_COUNTS

ROUND = "/budget-2026/"


def make_round(slug, year, count):
    """A round with `count` BIF drafts of two lines each (service and overførsler)."""
    budget_round = builders.make_round(year, slug=slug)
    for index in range(1, count + 1):
        note = builders.make_note(
            budget_round,
            f"TS{index}",
            title=f"Testnotat {index}",
            years=(year, year + 1),
            resume="Om ledighed." if index % 2 else "Om sundhed.",
        )
        builders.add_line(
            note,
            activity="Service",
            steering_area="service",
            appropriation="35.10",
            amounts={year: 100 * index, year + 1: 100},
        )
        builders.add_line(
            note,
            activity="Overførsler",
            steering_area="overfoersler",
            appropriation="35.30",
            amounts={year: -10},
        )


def rows(response):
    return [record.code for record in response.context["table"].paginated_rows.data]


def test_the_round_lists_its_notes_with_totals_per_year(login, editor):
    response = login(editor).get(ROUND)
    html = response.content.decode()
    assert response.status_code == 200
    assert "BI22" in html
    assert html.count("46.400") >= 2  # the row and the footer
    assert "2.026" not in html
    assert '<svg class="round-chart"' in html


def test_the_page_totals_agree_with_the_totals_module(login, editor):
    make_round("test-2031", 2031, 6)
    response = login(editor).get("/test-2031/")
    for record in response.context["table"].paginated_rows.data:
        note = BudgetNote.objects.with_economy().get(pk=record.pk)
        table = note.economy_table()
        assert record.grand_total == table.grand_total
        for year, amount in table.year_totals.items():
            assert getattr(record, f"total_{year}") == amount


def test_typing_peer_finds_bi22(login, editor):
    response = login(editor).get(ROUND, {"q": "peer"})
    assert rows(response) == ["BI22"]
    response = login(editor).get(ROUND, {"q": "ingenting-her"})
    assert rows(response) == []
    assert "Ingen notater passer til søgningen." in response.content.decode()


def test_free_text_searches_the_sections(login, editor):
    make_round("test-2032", 2032, 4)
    response = login(editor).get("/test-2032/", {"q": "sundhed"})
    assert rows(response) == ["TS2", "TS4"]
    assert "Ingen notater" not in response.content.decode()


@pytest.mark.parametrize(
    ("params", "found"),
    [
        ({"administration": "BIF"}, True),
        ({"administration": "SOF"}, False),
        ({"committee": "BIU"}, True),
        ({"committee": "SOU"}, False),
        ({"status": "kladde"}, True),
        ({"status": "fremsendt"}, False),
        ({"category": "need_to"}, False),
    ],
)
def test_filters_use_the_shared_parameter_names(login, editor, params, found):
    assert (rows(login(editor).get(ROUND, params)) == ["BI22"]) is found


def test_the_footer_sums_what_is_filtered(login, editor):
    make_round("test-2033", 2033, 4)
    client = login(editor)
    footer = client.get("/test-2033/").context["table"].footer_totals
    assert footer == {2033: 1000 - 40, 2034: 400, "all": 1360}
    footer = client.get("/test-2033/", {"q": "sundhed"}).context["table"].footer_totals
    assert footer == {2033: 600 - 20, 2034: 200, "all": 780}


def test_sorting_by_a_year_total(login, editor):
    make_round("test-2034", 2034, 3)
    client = login(editor)
    assert rows(client.get("/test-2034/", {"sort": "-total_2034"})) == ["TS3", "TS2", "TS1"]
    assert rows(client.get("/test-2034/", {"sort": "grand_total"})) == ["TS1", "TS2", "TS3"]


def test_the_table_is_paginated(login, editor):
    make_round("test-2035", 2035, 30)
    client = login(editor)
    first = client.get("/test-2035/")
    assert len(rows(first)) == 25
    assert "Side 1 af 2" in first.content.decode()
    assert len(rows(client.get("/test-2035/", {"page": 2}))) == 5
    # The footer sums every filtered note, not just the page.
    assert first.context["table"].footer_totals["all"] == sum(
        100 * i + 100 - 10 for i in range(1, 31)
    )


def test_the_query_count_does_not_grow_with_the_number_of_notes(
    login, editor, django_assert_num_queries
):
    make_round("test-2036", 2036, 2)
    make_round("test-2037", 2037, 40)
    client = login(editor)
    client.get("/test-2036/")  # warm the session
    for slug in ("test-2036", "test-2037"):
        with django_assert_num_queries(QUERY_COUNTS["round page, searched"]):
            assert client.get(f"/{slug}/", {"q": "Testnotat"}).status_code == 200


def test_htmx_requests_get_only_the_results(login, editor):
    response = login(editor).get(
        ROUND, {"q": "peer"}, headers={"HX-Request": "true", "HX-Target": "round-results"}
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="round-results"')
    assert "<html" not in html


def test_export_links_carry_the_filter(login, editor, analyst, secretary):
    html = login(editor).get(ROUND, {"q": "peer", "page": "1"}).content.decode()
    assert 'href="/budget-2026/pdf/?q=peer"' in html
    assert 'action="/budget-2026/xlsx/"' in html
    assert '<input type="hidden" name="q" value="peer">' in html
    html = login(analyst).get(ROUND).content.decode()
    assert "/budget-2026/xlsx/" in html and "/budget-2026/pdf/" not in html
    html = login(secretary).get(ROUND).content.decode()
    assert "/budget-2026/pdf/" in html and "/budget-2026/xlsx/" not in html


def test_other_administrations_drafts_are_not_listed(login, sof_editor):
    response = login(sof_editor).get(ROUND)
    assert rows(response) == []
    assert "BI22" not in response.content.decode()
