"""axe-core on every page a user can reach, for every demo role, at 1280 and 390 px: the URL
configuration is walked as the every-URL guard walks it (tests/trust/test_every_url.py), so
a new page is checked without being listed here. Of the admin, the screens the project makes
its own (the note's and the sheet's change screens with their inlines, the index) are checked;
Django's stock list and add screens are Django's."""

import pytest
from django.urls import reverse

from tests.trust.test_every_url import sample_urls

ROLES = ["redaktor", "godkender", "sekretaer", "analytiker", "sof-redaktor", "budgetadministrator"]
WIDTHS = [1280, 390]


def pages_to_check():
    from budgetnotes.models import BudgetNote
    from initiatives.models import ExpiryAssessment

    urls = [url for name, url in sample_urls() if not name.startswith("admin-")]
    bi22 = BudgetNote.objects.get(code="BI22")
    sheet = ExpiryAssessment.objects.get(round__slug="budget-2027", number=1)
    urls += [
        reverse("admin:index"),
        reverse("admin:budgetnotes_budgetnote_change", args=[bi22.pk]),
        reverse("admin:initiatives_expiryassessment_change", args=[sheet.pk]),
    ]
    return sorted(set(urls))


@pytest.mark.slow
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("role", ROLES)
def test_no_axe_violations_on_any_page(page, log_in, axe_violations, role, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(role, "/")
    checked, found = 0, {}
    for url in pages_to_check():
        probe = page.request.get(url, max_redirects=0)
        html = probe.headers.get("content-type", "").startswith("text/html")
        if probe.status == 405 or not html:
            continue  # an action taken by POST only; a PDF, a workbook, a download
        if 300 <= probe.status < 400:
            continue  # a jump elsewhere: where it leads is checked as a page of its own
        page.goto(url)
        checked += 1
        violations = axe_violations(page)
        if violations:
            found[f"{url} ({probe.status})"] = violations
    assert checked >= 20
    assert not found, "\n".join(f"{url}: {v}" for url, v in found.items())
