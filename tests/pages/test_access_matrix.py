"""Every staff page for every role: allowed → 200, not allowed → 403, invisible → 404,
anonymous → the login page."""

import pytest

from budgetnotes import workflow
from budgetnotes.models import BudgetNote

# BI22 is a BIF draft (Budget 2026, open); BI05 is adopted (Budget 2024), so everyone may
# read it, and Budget 2024 is closed, so nobody but an administrator changes or reopens it.
PAGES = {
    "/": {"*": 200},
    "/budget-2026/": {"*": 200},
    "/budget-2026/BI22/": {"*": 200, "sof-redaktor": 404},
    "/budget-2026/BI22/historik/": {"*": 200, "sof-redaktor": 404},
    "/budget-2026/BI22/rediger/": {"*": 403, "redaktor": 200, "sof-redaktor": 404},
    "/budget-2026/BI22/handling/submit/": {
        "*": 403,
        "redaktor": 200,
        "godkender": 200,
        "sof-redaktor": 404,
    },
    # An approver asking to approve a draft is sent back to the note with a message.
    "/budget-2026/BI22/handling/approve/": {"*": 403, "godkender": 302, "sof-redaktor": 404},
    "/budget-2024/BI05/": {"*": 200},
    "/budget-2024/BI05/historik/": {"*": 200},
    "/budget-2024/BI05/rediger/": {"*": 403},
    "/budget-2024/BI05/handling/reopen/": {"*": 403},
}
PERSONAS = ["redaktor", "godkender", "sekretaer", "analytiker", "sof-redaktor"]
CASES = [(url, persona) for url in PAGES for persona in PERSONAS]


@pytest.mark.parametrize(("url", "persona"), CASES)
def test_every_page_for_every_role(client, personas, url, persona):
    expected = PAGES[url].get(persona, PAGES[url]["*"])
    client.force_login(personas[persona])
    assert client.get(url).status_code == expected


@pytest.mark.parametrize("url", [*PAGES, "/budget-2026/BI22/rediger/totaler/"])
def test_anonymous_users_are_sent_to_the_login_page(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("redaktor", 200),
        ("godkender", 403),
        ("sekretaer", 403),
        ("analytiker", 403),
        ("sof-redaktor", 404),
    ],
)
def test_the_live_totals_endpoint(client, personas, persona, expected):
    client.force_login(personas[persona])
    assert client.post("/budget-2026/BI22/rediger/totaler/", {}).status_code == expected


def test_the_login_page_is_danish(client, db):
    html = client.get("/login/").content.decode()
    assert '<html lang="da">' in html
    assert "Log ind" in html and "Adgangskode" in html


def test_logging_in_leads_to_the_rounds(client, db):
    response = client.post("/login/", {"username": "redaktor", "password": "budget2026"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_a_wrong_password_gets_a_danish_message(client, db):
    response = client.post("/login/", {"username": "redaktor", "password": "forkert"})
    assert response.status_code == 200
    assert "Indtast venligst korrekt brugernavn og adgangskode" in response.content.decode()


def test_the_analyst_finds_no_way_to_edit(client, analyst, approver):
    client.force_login(analyst)
    for url in ("/budget-2026/", "/budget-2026/BI22/", "/budget-2026/BI22/historik/"):
        html = client.get(url).content.decode()
        assert "/rediger/" not in html
        assert "/handling/" not in html
    note = BudgetNote.objects.get(code="BI22")
    for name in ("submit", "approve", "send"):
        workflow.apply(approver, note, name)
    html = client.get("/budget-2026/BI22/").content.decode()
    assert "/rediger/" not in html and "/handling/" not in html
    assert client.post("/budget-2026/BI22/handling/reopen/").status_code == 403
