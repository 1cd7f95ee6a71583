"""The issue's journey in a real browser: log in as the demo editor, find BI22 by typing
"peer", change 2027's 7.600 to 7.700, watch the totals become 11.700 and 46.500 before
saving, save, and see the change with the user's name in Historik. And axe-core finds no
violations on the login, round, note and editor pages."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_editor_journey(page, log_in, axe_violations):
    log_in("redaktor", "/budget-2026/")
    expect(page).to_have_url(re.compile(r"/budget-2026/$"))

    page.get_by_label("Søg i kode, titel og tekst").press_sequentially("peer", delay=30)
    expect(page).to_have_url(re.compile(r"q=peer"))
    results = page.locator("#round-results")
    expect(results.locator(".round-table tbody tr")).to_have_count(1)
    results.get_by_role("link", name="BI22").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("BI22")
    page.get_by_role("link", name="Rediger notatet").click()
    expect(page.locator("#lines-total-2027")).to_have_text("11.600")

    page.evaluate("window.__sameEditorPage = true")
    page.get_by_label("2027, linje 1").fill("7.700")
    expect(page.locator("#lines-total-2027")).to_have_text("11.700")
    expect(page.locator("#lines-total-all")).to_have_text("46.500")
    expect(page.locator("#lines-0-total")).to_have_text("30.500")
    expect(page.locator("#summary-grand-total")).to_have_text("46.500")
    assert page.evaluate("window.__sameEditorPage") is True  # no reload: live totals

    page.get_by_role("button", name="Gem notatet").click()
    expect(page).to_have_url(re.compile(r"/budget-2026/BI22/$"))
    expect(page.get_by_text("BI22 er gemt")).to_be_visible()

    page.get_by_role("link", name="Historik").click()
    latest = page.locator(".history-entry").first
    expect(latest).to_contain_text("Rikke Redaktør")
    expect(latest).to_contain_text(
        "Peer to peer-medarbejdere, kompetenceudvikling og koordinator, 2027"
    )
    expect(latest.locator("tr", has_text="2027")).to_contain_text("7.600")
    expect(latest.locator("tr", has_text="2027")).to_contain_text("7.700")


def test_rows_are_added_and_removed_without_a_reload(page, log_in):
    log_in("redaktor", "/budget-2026/BI22/rediger/")
    page.evaluate("window.__sameEditorPage = true")
    page.get_by_role("button", name="Tilføj linje").click()
    page.get_by_label("Aktivitet, linje 4").fill("Ny aktivitet")
    page.get_by_label("Styringsområde, linje 4").select_option("service")
    page.get_by_label("Bevilling, linje 4").select_option("BIU 35.10")
    page.get_by_label("2026, linje 4").fill("400")
    expect(page.locator("#lines-total-2026")).to_have_text("12.000")
    expect(page.locator("#lines-3-total")).to_have_text("400")

    # Removing greys the row out and offers Fortryd; the totals leave it out at once.
    konsulenter = page.locator("#lines-rows tr").nth(1)
    konsulenter.get_by_label("Fjern rækken").check()
    expect(page.locator("#lines-total-2026")).to_have_text("10.000")
    expect(konsulenter).to_have_class(re.compile("is-removed"))
    expect(konsulenter).to_be_visible()
    expect(konsulenter.locator(".delete-choice")).to_contain_text("Fortryd")
    konsulenter.get_by_text("Fortryd").click()  # undo: the row is back in the totals
    expect(page.locator("#lines-total-2026")).to_have_text("12.000")
    expect(konsulenter).not_to_have_class(re.compile("is-removed"))
    konsulenter.get_by_label("Fjern rækken").check()
    expect(page.locator("#lines-total-2026")).to_have_text("10.000")
    assert page.evaluate("window.__sameEditorPage") is True

    page.get_by_role("button", name="Gem notatet").click()
    expect(page).to_have_url(re.compile(r"/budget-2026/BI22/$"))
    expect(page.locator("article")).to_contain_text("Ny aktivitet")
    expect(page.locator("article")).not_to_contain_text("Konsulenter til efterværn")


def test_invalid_input_is_explained_at_the_field(page, log_in):
    log_in("redaktor", "/budget-2026/BI22/rediger/")
    page.get_by_label("2027, linje 1").fill("syv")
    page.get_by_label("Resume").fill("Tekst, der skal blive stående.")
    page.get_by_role("button", name="Gem notatet").click()
    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("Notatet er ikke gemt: 1 fejl")
    expect(summary).to_be_focused()
    field_error = page.locator(".form-error-message", has_text="„syv“ er ikke et beløb")
    expect(field_error).to_be_visible()
    expect(page.get_by_label("2027, linje 1")).to_have_value("syv")
    expect(page.get_by_label("Resume")).to_have_value("Tekst, der skal blive stående.")
    # The summary links to the field: following it puts the cursor there.
    summary.get_by_role("link", name=re.compile("Linje 1, 2027")).click()
    expect(page.get_by_label("2027, linje 1")).to_be_focused()


def test_a_removed_row_stays_greyed_after_a_failed_save_and_every_error_comes_at_once(page, log_in):
    """A failed save keeps the removal (greyed, with Fortryd), and the write path's own
    objection (a scenario that does not exist) comes with the field errors, not after."""
    log_in("redaktor", "/budget-2026/BI22/rediger/")
    page.locator("#lines-rows tr").nth(1).get_by_label("Fjern rækken").check()
    page.get_by_label("2027, linje 1").fill("syv")
    page.get_by_label("Scenarie, linje 3").fill("3")
    page.get_by_role("button", name="Gem notatet").click()
    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("Notatet er ikke gemt: 2 fejl")
    expect(summary).to_contain_text("„syv“ er ikke et beløb")
    expect(summary).to_contain_text("Scenarie 3 findes ikke")
    removed = page.locator("#lines-rows tr").nth(1)
    expect(removed).to_have_class(re.compile("is-removed"))
    expect(removed.locator(".delete-choice")).to_contain_text("Fortryd")


def test_the_analyst_finds_no_way_to_edit(page, log_in):
    log_in("analytiker", "/budget-2026/BI22/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("BI22")
    expect(page.get_by_role("link", name="Rediger notatet")).to_have_count(0)
    expect(page.locator("form[action*='/handling/']")).to_have_count(0)
    response = page.goto("/budget-2026/BI22/rediger/")
    assert response.status == 403


def test_no_axe_violations(page, log_in, axe_violations):
    page.goto("/login/")
    assert axe_violations(page) == []
    log_in("redaktor", "/budget-2026/")
    for url in ("/budget-2026/", "/budget-2026/BI22/", "/budget-2026/BI22/rediger/"):
        page.goto(url)
        assert axe_violations(page) == [], url


def test_narrow_screen_and_print(page, log_in):
    log_in("redaktor", "/budget-2026/BI22/")
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/budget-2026/BI22/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 380, f"the page scrolls sideways at 375 px ({width} px)"
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".note-actions")).to_be_hidden()


def test_an_editor_submits_and_takes_back_a_note(page, log_in):
    log_in("redaktor", "/budget-2026/BI22/")
    page.get_by_role("link", name="Send til godkendelse …").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Send til godkendelse")
    page.get_by_role("button", name="Ja, send til godkendelse").click()
    expect(page.get_by_text("BI22 er sendt til godkendelse.")).to_be_visible()
    expect(page.locator(".note-meta")).to_contain_text("Til godkendelse")
    expect(page.get_by_role("link", name="Rediger notatet")).to_have_count(0)

    page.get_by_role("link", name="Træk tilbage …").click()
    page.get_by_label("Begrundelse").fill("Jeg mangler at rette tabel 2.")
    page.get_by_role("button", name="Ja, træk tilbage").click()
    expect(page.get_by_text("BI22 er trukket tilbage og er en kladde igen.")).to_be_visible()
    expect(page.locator(".note-meta")).to_contain_text("Kladde")
    page.get_by_role("link", name="Historik").click()
    latest = page.locator(".history-entry").first
    expect(latest).to_contain_text("Træk tilbage")
    expect(latest).to_contain_text("Jeg mangler at rette tabel 2.")
