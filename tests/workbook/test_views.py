"""The workbook downloads: who gets what."""

import pytest
from django.urls import reverse

from budgetnotes.models import PriceIndex
from documents.workbook.api import XLSX_CONTENT_TYPE
from tests import seed_figures as seed
from tests.workbook.helpers import find_row, open_workbook, rows, value

pytestmark = pytest.mark.django_db

ROUND_URL = reverse("round-xlsx", args=["budget-2026"])
NOTE_URL = reverse("note-xlsx", args=["budget-2026", "BI22"])
ALLOWED = {"redaktor", "godkender", "analytiker"}


def download(client, user, url, **params):
    client.force_login(user)
    return client.get(url, params)


def content(response):
    return b"".join(response.streaming_content)


def test_url_names_and_paths():
    assert ROUND_URL == "/budget-2026/xlsx/"
    assert NOTE_URL == "/budget-2026/BI22/xlsx/"


@pytest.mark.parametrize("url", [ROUND_URL, NOTE_URL])
def test_every_role(client, personas, url):
    for name, user in personas.items():
        response = download(client, user, url)
        if name in ALLOWED:
            assert response.status_code == 200, name
            assert response["Content-Type"] == XLSX_CONTENT_TYPE
            assert "attachment" in response["Content-Disposition"]
            assert ".xlsx" in response["Content-Disposition"]
            workbook = open_workbook(content(response))
            assert workbook.sheetnames[:3] == ["Oversigt", "Bevillinger", "Data"]
        elif name == "sof-redaktor" and url == NOTE_URL:
            assert response.status_code == 404, name  # may export, may not see BI22
        elif name == "sof-redaktor":
            assert response.status_code == 200
        else:
            assert response.status_code == 403, name


@pytest.mark.parametrize("url", [ROUND_URL, NOTE_URL])
def test_anonymous_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_other_administrations_drafts_are_never_in_the_workbook(client, sof_editor):
    workbook = open_workbook(content(download(client, sof_editor, ROUND_URL)))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            assert "BI22" not in row, sheet.title
            assert 7600 not in row
    assert list(rows(workbook["Data"])) == []
    assert [row for row in rows(workbook["Oversigt"]) if row["Notat"]] == []
    assert [row for row in rows(workbook["Bevillinger"]) if row["Notat"]] == []


def test_the_analysts_round_workbook_adds_up(client, analyst):
    workbook = open_workbook(content(download(client, analyst, ROUND_URL)))
    sheet = workbook["Bevillinger"]
    grand = find_row(sheet, "C", "I alt")
    assert value(sheet, f"L{grand}") == seed.BI22_GRAND_TOTAL
    assert workbook["Data"]["A5"].value.endswith("af Anders Analytiker (analytiker)")


def test_filters_and_price_level_from_the_querystring(client, analyst):
    response = download(
        client, analyst, ROUND_URL, committee="BIU", status="kladde", q="handicap", pl="2027"
    )
    assert response.status_code == 200
    assert "pl2027" in response["Content-Disposition"]
    workbook = open_workbook(content(response))
    assert workbook["Data"]["A3"].value == (
        "Udvalgt: Udvalg: BIU · Status: Kladde · Søgning: »handicap«"
    )
    assert workbook["Data"]["A4"].value.startswith("Prisniveau: 1.000 kr., 2027 p/l")
    assert {row["Notat"] for row in rows(workbook["Data"])} == {"BI22"}
    response = download(client, analyst, ROUND_URL, status="vedtaget")
    assert list(rows(open_workbook(content(response))["Data"])) == []


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"status": "bogus"}, "Ukendt status"),
        ({"committee": "XYZ"}, "Ukendt udvalg"),
        ({"pl": "næste år"}, "Prisniveauet skal være et årstal"),
        ({"pl": "2031"}, "mangler et prisindeks"),
    ],
)
def test_bad_requests_say_why(client, analyst, params, message):
    response = download(client, analyst, ROUND_URL, **params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_missing_index_on_the_note_workbook(client, analyst):
    PriceIndex.objects.filter(year=2026, steering_area="service").delete()
    response = download(client, analyst, NOTE_URL, pl="2027")
    assert response.status_code == 400
    assert "Service i 2026" in response.content.decode()


def test_unknown_round_is_404(client, analyst):
    assert download(client, analyst, reverse("round-xlsx", args=["budget-1999"])).status_code == 404


def test_round_page_offers_the_price_level_and_keeps_the_filters(client, analyst):
    client.force_login(analyst)
    html = client.get("/budget-2026/", {"status": "kladde", "q": "peer"}).content.decode()
    assert 'action="/budget-2026/xlsx/"' in html
    assert '<option value="2027">2027 p/l</option>' in html
    assert '<input type="hidden" name="status" value="kladde">' in html
    assert '<input type="hidden" name="q" value="peer">' in html
