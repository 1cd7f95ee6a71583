"""Browser tests: Playwright (sync API) driving Debian's Chromium against the live server.

No browser is downloaded: Playwright is pointed at the system Chromium. Where none is found,
the tests are skipped with a message saying how to install it.
"""

import os
import shutil

import pytest

# The single sign-on tests' provider (a real OpenID Connect provider on loopback).
from tests.browser.sso_provider import provider  # noqa: F401

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run
# inside one unless told that this is safe (it is: the test thread does not share it).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
INSTALL_HINT = (
    "no Chromium found: install Debian's package (sudo apt-get install chromium) or set "
    "CHROMIUM_PATH to a Chromium executable; Playwright's own browser download is not used"
)


def chromium_path():
    candidates = [os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium"]
    candidates += [shutil.which(name) for name in ("chromium", "chromium-browser")]
    return next((path for path in candidates if path and os.access(path, os.X_OK)), None)


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        pytest.skip(INSTALL_HINT)
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_data(transactional_db):
    """The demo data for a live-server test. A transactional test's flush also empties what
    the migrations made (districts, role groups), so that is made again first."""
    from config.demo import load_demo
    from tests.conftest import restore_migration_data

    restore_migration_data()
    load_demo(with_users=True)


@pytest.fixture
def page(browser, live_server, browser_data):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="da-DK", base_url=live_server.url
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def log_in(page):
    def log_in_as(username, then="/"):
        page.goto(then)
        page.get_by_label("Brugernavn").fill(username)
        page.get_by_label("Adgangskode").fill("budget2026")
        page.get_by_role("button", name="Log ind").click()
        page.wait_for_load_state()
        return page

    return log_in_as


@pytest.fixture
def axe_violations():
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def violations(page):
        results = axe.run(page)
        return [
            f"{v['id']}: {v['help']} ({len(v['nodes'])}: "
            + "; ".join(node["target"][0] if node["target"] else "" for node in v["nodes"][:5])
            + ")"
            for v in results.response["violations"]
        ]

    return violations
