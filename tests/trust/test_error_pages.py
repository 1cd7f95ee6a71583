"""The error pages: Danish 403, 404 and 500 pages with the site's header and a way back, with
DEBUG off (production) and on (the demo server, `make run`), where Django would otherwise
show its technical pages (config.errors)."""

import logging

import pytest
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import path
from django.views.defaults import server_error

from budgetnotes.choices import Status
from budgetnotes.models import BudgetRound
from config import urls as project_urls
from tests.builders import make_note


def fail(request):
    raise RuntimeError("Testfejl i visningen")


def fine(request):
    return HttpResponse("ok")


# This module is also the URL configuration of the tests of the 500 page: the project's URLs
# and handlers, and one view that fails.
urlpatterns = [path("fejl-til-test/", fail), path("ok-til-test/", fine), *project_urls.urlpatterns]
handler403 = project_urls.handler403
handler404 = project_urls.handler404

# Production (DEBUG off) and the demo server (`make run`: DEBUG on, no technical pages).
MODES = pytest.mark.parametrize("debug", [False, True], ids=["production", "demo"])


@pytest.fixture
def mode(settings):
    def set_mode(debug, technical=False):
        settings.DEBUG = debug
        settings.TECHNICAL_ERRORS = technical

    return set_mode


@pytest.fixture
def sent_note(db):
    return make_note(BudgetRound.objects.get(slug="budget-2026"), "BI90", status=Status.SENT)


def page(response):
    return response.content.decode()


def assert_site_navigation(html):
    assert '<nav class="site-nav" aria-label="Hovedmenu">' in html
    assert '<a href="/">Budgetrunder</a>' in html
    assert "Log ud" in html


def assert_not_technical(html):
    for technical in ["URLconf", "Traceback", "&lt;slug:slug&gt;", "<slug:slug>", "DEBUG = True"]:
        assert technical not in html, technical


@MODES
def test_an_editor_opening_a_sent_notes_editor_gets_the_danish_403(
    debug, mode, login, editor, sent_note
):
    mode(debug)
    response = login(editor).get("/budget-2026/BI90/rediger/")
    assert response.status_code == 403
    html = page(response)
    assert "<h1>Du har ikke adgang til denne side</h1>" in html
    assert "Du kan ikke redigere dette notat." in html  # the PermissionDenied's own message
    assert "fremsendt" in html and "anden forvaltning" in html and "din rolle" in html
    assert '<html lang="da">' in html and "Forbidden" not in html
    assert_site_navigation(html)
    # The way back: the note itself (the editor may read a sent note), its round, the front page.
    assert 'href="/budget-2026/BI90/">Tilbage til notatet BI90</a>' in html
    assert 'href="/budget-2026/">Tilbage til Budget 2026</a>' in html
    assert 'href="/">Gå til forsiden</a>' in html
    # The round is in the page's context, so the header links to it too.
    assert '<li><a href="/budget-2026/">Budget 2026</a></li>' in html


def test_a_403_without_a_message_still_says_why_it_may_be(mode, login, analyst):
    """The analyst may not start a note: the page still explains and links back."""
    mode(True)
    response = login(analyst).get("/budget-2026/nyt-notat/")
    assert response.status_code == 403
    html = page(response)
    assert "<h1>Du har ikke adgang til denne side</h1>" in html
    assert "Du kan ikke oprette notater i denne runde." in html
    assert 'href="/budget-2026/">Tilbage til Budget 2026</a>' in html
    assert_site_navigation(html)


@MODES
def test_an_unknown_address_is_the_danish_404_without_the_url_patterns(debug, mode, login, editor):
    mode(debug)
    response = login(editor).get("/budget-2026/nope/")
    assert response.status_code == 404
    html = page(response)
    assert "<h1>Siden findes ikke</h1>" in html
    assert "skrevet forkert" in html
    assert_not_technical(html)
    assert "rediger/" not in html and "indsatser/ny/" not in html  # no URL patterns
    assert_site_navigation(html)
    assert 'href="/budget-2026/">Tilbage til Budget 2026</a>' in html
    assert 'href="/">Gå til forsiden</a>' in html


@MODES
def test_another_administrations_draft_is_the_danish_404_and_names_nothing(
    debug, mode, login, sof_editor, bi22
):
    """A view's own Http404 (note_or_404) gets the same page, and the way back does not name
    the draft the user may not see."""
    mode(debug)
    response = login(sof_editor).get("/budget-2026/BI22/")
    assert response.status_code == 404
    html = page(response)
    assert "<h1>Siden findes ikke</h1>" in html
    assert_not_technical(html)
    assert "BI22" not in html and bi22.title not in html
    assert 'href="/budget-2026/">Tilbage til Budget 2026</a>' in html


def test_an_unknown_address_for_a_visitor_who_is_not_logged_in(mode, client, db):
    mode(True)
    response = client.get("/budget-2026/nope/")
    assert response.status_code == 404
    html = page(response)
    assert "<h1>Siden findes ikke</h1>" in html
    assert_not_technical(html)
    assert "Hovedmenu" not in html and "Budget 2026" not in html
    assert 'href="/">Gå til forsiden</a>' in html


def test_a_missing_address_still_gets_its_slash_first(mode, login, editor):
    """APPEND_SLASH: /budget-2026 redirects to /budget-2026/ rather than being a 404."""
    mode(True)
    response = login(editor).get("/budget-2026")
    assert (response.status_code, response["Location"]) == (301, "/budget-2026/")


def test_a_developer_can_ask_for_the_technical_pages(mode, login, editor):
    mode(True, technical=True)
    response = login(editor).get("/budget-2026/nope/")
    assert response.status_code == 404
    html = page(response)
    assert "URLconf" in html and "Siden findes ikke" not in html


def test_the_500_page_needs_no_request_and_no_database():
    """Django renders 500.html with an empty context; this test has no database access
    (pytest-django would refuse any query)."""
    html = render_to_string("500.html")
    assert "<h1>Der opstod en fejl</h1>" in html
    assert "Budgetnotatregister" in html and '<html lang="da">' in html
    assert 'href="/">Gå til forsiden</a>' in html
    assert "Hovedmenu" not in html  # no user, so no navigation
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Der opstod en fejl" in page(response)


class Collected(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def request_log():
    """What django.request logs during the test."""
    handler = Collected()
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    yield handler.records
    logger.removeHandler(handler)


@MODES
@pytest.mark.urls(__name__)
def test_a_server_error_is_the_danish_500(debug, mode, editor, request_log):
    mode(debug)
    client = Client(raise_request_exception=False)
    client.force_login(editor)
    response = client.get("/fejl-til-test/")
    assert response.status_code == 500
    html = page(response)
    assert "<h1>Der opstod en fejl</h1>" in html
    assert 'href="/">Gå til forsiden</a>' in html
    assert_not_technical(html)
    assert "Testfejl" not in html and "RuntimeError" not in html
    # The traceback goes to the log, where a developer (or the operator) finds it.
    [record] = [r for r in request_log if r.status_code == 500]
    assert record.exc_info[0] is RuntimeError
    assert client.get("/ok-til-test/").content == b"ok"


@pytest.mark.urls(__name__)
def test_a_server_error_on_the_demo_server_still_reaches_the_test_client(mode, client, db):
    """As with DEBUG off, the exception is announced (got_request_exception), so a test that
    hits one fails with the exception itself, not with a page."""
    mode(True)
    with pytest.raises(RuntimeError, match="Testfejl"):
        client.get("/fejl-til-test/")


@pytest.mark.urls(__name__)
def test_the_technical_500_when_asked(mode, client, db):
    mode(True, technical=True)
    client.raise_request_exception = False
    response = client.get("/fejl-til-test/")
    assert response.status_code == 500
    assert "Testfejl i visningen" in page(response) and "Traceback" in page(response)


@MODES
def test_an_action_address_opened_directly_is_the_danish_405(debug, mode, login, editor):
    """An address a button posts to (the worklist's Opret vurdering), opened in the browser."""
    mode(debug)
    response = login(editor).get("/budget-2027/udloeb/opret/")
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    html = page(response)
    assert "<h1>Siden kan ikke åbnes på den måde</h1>" in html
    assert_site_navigation(html)
    assert 'href="/budget-2027/">Tilbage til Budget 2027</a>' in html
