"""The Budgetadministrator role keeps the reference data in the admin (rounds, committees,
appropriation areas, districts, price-index sets) and reads the rest: it changes no note and
has no say in a closed round. The demo has one: `budgetadministrator` (ØKF)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from budgetnotes import access
from budgetnotes.choices import Role
from budgetnotes.models import (
    AppropriationArea,
    BudgetNote,
    BudgetRound,
    Committee,
    District,
    PriceIndexSet,
    User,
)
from config.demo import DEMO_PASSWORD
from operations.models import WorkerBeat

pytestmark = pytest.mark.django_db

CSV = "år;styringsområde;indeks\n2031;service;130,0\n2031;indsats;129,0\n2031;overfoersler;128,0\n"


@pytest.fixture
def budget_admin():
    return User.objects.get(username="budgetadministrator")


@pytest.fixture
def admin_client(client, budget_admin):
    client.force_login(budget_admin)
    return client


def test_the_demo_user_has_the_role_in_okf(budget_admin):
    assert budget_admin.administration.code == "ØKF"
    assert [group.name for group in budget_admin.groups.all()] == ["Budgetadministrator"]
    assert budget_admin.is_staff and not budget_admin.is_superuser
    assert budget_admin.check_password(DEMO_PASSWORD)
    assert budget_admin.has_role(Role.BUDGET_ADMINISTRATOR)


def test_the_role_keeps_reference_data_and_only_reads_the_rest(budget_admin):
    for model in [
        "administration",
        "committee",
        "appropriationarea",
        "budgetround",
        "district",
        "priceindex",
        "priceindexset",
    ]:
        for action in ["add", "change", "delete", "view"]:
            assert budget_admin.has_perm(f"budgetnotes.{action}_{model}"), (action, model)
    assert budget_admin.has_perm("budgetnotes.view_budgetnote")
    assert budget_admin.has_perm("initiatives.view_initiative")
    for refused in [
        "budgetnotes.add_budgetnote",
        "budgetnotes.change_budgetnote",
        "budgetnotes.change_fundingline",
        "budgetnotes.submit_budgetnote",
        "budgetnotes.approve_budgetnote",
        "initiatives.change_initiative",
        "initiatives.change_expiryassessment",
        "budgetnotes.add_user",
        "budgetnotes.change_user",
    ]:
        assert not budget_admin.has_perm(refused), refused


def test_the_role_is_not_an_administrator_of_closed_rounds(budget_admin):
    closed = BudgetRound.objects.get(slug="budget-2024")
    assert not closed.is_open
    assert not access.is_administrator(budget_admin)
    assert not access.round_is_writable(budget_admin, closed)
    assert not access.writable_rounds(budget_admin).filter(pk=closed.pk).exists()
    assert not access.can_create(budget_admin, BudgetRound.objects.get(slug="budget-2026"))
    assert not access.can_edit(budget_admin, BudgetNote.objects.get(code="BI05"))


def test_adds_a_round_in_the_admin(admin_client):
    url = reverse("admin:budgetnotes_budgetround_add")
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url, {"kind": "budget", "year": "2030", "slug": "budget-2030", "is_open": "on"}
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    budget_round = BudgetRound.objects.get(slug="budget-2030")
    assert (budget_round.name, budget_round.is_open) == ("Budget 2030", True)
    assert admin_client.get("/budget-2030/").status_code == 200


def test_adds_a_committee_with_an_appropriation_area_in_the_admin(admin_client):
    url = reverse("admin:budgetnotes_committee_add")
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url,
        {
            "code": "KFU",
            "name": "Kultur- og Fritidsudvalget",
            "appropriation_areas-TOTAL_FORMS": "1",
            "appropriation_areas-INITIAL_FORMS": "0",
            "appropriation_areas-0-number": "20.10",
            "appropriation_areas-0-name": "Kultur",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    committee = Committee.objects.get(code="KFU")
    assert [str(area) for area in committee.appropriation_areas.all()] == ["KFU 20.10"]


def test_adds_an_appropriation_area_in_the_admin(admin_client):
    url = reverse("admin:budgetnotes_appropriationarea_add")
    committee = Committee.objects.get(code="BIU")
    response = admin_client.post(
        url, {"committee": str(committee.pk), "number": "35.99", "name": "Ny bevilling"}
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert AppropriationArea.objects.get(committee=committee, number="35.99").name == "Ny bevilling"


def test_changes_a_district_in_the_admin(admin_client):
    district = District.objects.order_by("position").first()
    url = reverse("admin:budgetnotes_district_change", args=[district.pk])
    response = admin_client.post(
        url, {"code": district.code, "name": "Omdøbt bydel", "position": district.position}
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    district.refresh_from_db()
    assert district.name == "Omdøbt bydel"


def test_uploads_a_price_index_set_in_the_admin(admin_client):
    url = reverse("admin:budgetnotes_priceindexset_add")
    response = admin_client.post(
        url,
        {
            "name": "KL juni 2031",
            "published": "2031-06-15",
            "source": "KL's pris- og lønskøn",
            "file": SimpleUploadedFile("kl.csv", CSV.encode()),
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    chosen = PriceIndexSet.objects.current()
    assert (chosen.name, chosen.indices.count()) == ("KL juni 2031", 3)


def test_reads_a_note_in_the_admin_but_cannot_change_or_add_one(admin_client):
    bi05 = BudgetNote.objects.get(code="BI05")
    url = reverse("admin:budgetnotes_budgetnote_change", args=[bi05.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert not response.context["has_change_permission"]
    assert 'name="_save"' not in response.content.decode()
    title = bi05.title
    assert admin_client.post(url, {"title": "Ændret af budgetadministratoren"}).status_code == 403
    bi05.refresh_from_db()
    assert bi05.title == title
    assert admin_client.get(reverse("admin:budgetnotes_budgetnote_add")).status_code == 403
    assert admin_client.get(reverse("admin:budgetnotes_user_add")).status_code == 403


def test_cannot_edit_or_start_a_note_on_the_site(admin_client):
    assert admin_client.get("/budget-2024/BI05/").status_code == 200
    assert admin_client.get("/budget-2024/BI05/rediger/").status_code == 403
    assert admin_client.get("/budget-2026/nyt-notat/").status_code == 403
    # BI22 is a BIF draft: not ØKF's, so not even seen.
    assert admin_client.get("/budget-2026/BI22/").status_code == 404


@pytest.mark.slow
def test_every_url_for_the_role(admin_client):
    """The every-URL guard (tests/trust/test_every_url.py) for this role: never a server error,
    and BIF's drafts (BI22, sheet 1) are not found or forbidden, as for the SOF editor; the
    budgetadministrator is of ØKF."""
    from tests.trust.test_every_url import is_bif_draft, sample_urls

    failures = []
    WorkerBeat.objects.create(worker_id="walk", host="test", pid=1)  # /healthz: all well
    urls = sample_urls()
    assert len(urls) >= 40
    for _name, url in urls:
        response = admin_client.get(url)
        if response.status_code == 405:
            response = admin_client.post(url)
        status, location = response.status_code, response.get("Location", "")
        if status >= 500:
            failures.append(f"{url}: {status}")
        elif is_bif_draft(url):
            if status not in (302, 403, 404) or (
                status == 302 and "login" not in location and not location.startswith("/admin/")
            ):
                failures.append(f"{url}: {status} {location} for a BIF draft")
        elif (
            status == 200
            and response["Content-Type"].startswith("text/html")
            and "BI22" in response.content.decode()
        ):
            failures.append(f"{url}: shows BI22 (a BIF draft)")
    assert not failures, "\n".join(failures)
