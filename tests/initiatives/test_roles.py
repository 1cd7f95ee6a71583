"""Every initiative and expiry page for every role: visible → 200, invisible → 404, not allowed → 403,
anonymous → login."""

import pytest
from django.urls import reverse

from budgetnotes.choices import Status
from budgetnotes.models import BudgetNote
from initiatives.models import ExpiryAssessment, Initiative

pytestmark = pytest.mark.django_db

ROLES = ["redaktor", "godkender", "sekretaer", "analytiker", "sof-redaktor", None]
PLAN = "Handleplan for udmøntning af politisk aftale om udsatte borgere"


def expect(table, role):
    return table[ROLES.index(role)]


def initiative_pk():
    return Initiative.objects.get(name=PLAN).pk


GET_PAGES = [
    # name, args, (redaktor, godkender, sekretaer, analytiker, sof-redaktor)
    ("expiry-worklist", lambda: ["budget-2027"], (200, 200, 200, 200, 200)),
    ("assessment-list", lambda: ["budget-2027"], (200, 200, 200, 200, 200)),
    ("assessment-detail", lambda: ["budget-2027", 2], (200, 200, 200, 200, 404)),
    ("assessment-edit", lambda: ["budget-2027", 2], (200, 403, 403, 403, 404)),
    ("assessment-history", lambda: ["budget-2027", 2], (200, 200, 200, 200, 404)),
    ("assessment-follow-up", lambda: ["budget-2027", 2], (200, 403, 403, 403, 404)),
    ("initiative-list", lambda: [], (200, 200, 200, 200, 200)),
    ("initiative-detail", lambda: [initiative_pk()], (200, 200, 200, 200, 200)),
    ("initiative-edit", lambda: [initiative_pk()], (200, 403, 403, 403, 403)),
    ("initiative-create", lambda: [], (200, 403, 403, 403, 200)),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "args", "expected"), GET_PAGES, ids=[p[0] for p in GET_PAGES])
def test_get_pages(role, name, args, expected, personas, login):
    client = login(personas.get(role))
    response = client.get(reverse(name, args=args()))
    if role is None:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == expected[ROLES.index(role)], (name, role)


@pytest.mark.parametrize("role", ROLES)
def test_workflow_action(role, personas, login):
    client = login(personas.get(role))
    url = reverse("assessment-workflow", args=["budget-2027", 2])
    response = client.post(url, {"action": "submit"})
    assessment = ExpiryAssessment.objects.get(round__slug="budget-2027", number=2)
    if role is None:
        assert response.status_code == 302 and reverse("login") in response["Location"]
    else:
        expected = {"redaktor": 302, "godkender": 302, "sof-redaktor": 404}.get(role, 403)
        assert response.status_code == expected, role
    submitted = role in ("redaktor", "godkender")
    assert (assessment.status == Status.SUBMITTED) is submitted


@pytest.mark.parametrize("role", ROLES)
def test_create_from_worklist(role, personas, login, round_2030):
    BudgetNote.objects.filter(code="BI22").update(status=Status.ADOPTED)
    note = BudgetNote.objects.get(code="BI22")
    client = login(personas.get(role))
    response = client.post(reverse("expiry-create", args=["budget-2030"]), {"note": note.pk})
    if role is None:
        assert response.status_code == 302 and reverse("login") in response["Location"]
    else:
        assert response.status_code == (302 if role == "redaktor" else 403), role
    assert ExpiryAssessment.objects.filter(source_note=note).exists() is (role == "redaktor")


@pytest.mark.parametrize("role", ROLES)
def test_follow_up_post(role, personas, login, round_2030):
    client = login(personas.get(role))
    url = reverse("assessment-follow-up", args=["budget-2027", 16])
    assessment = ExpiryAssessment.objects.get(round__slug="budget-2027", number=16)
    line = assessment.economy_lines.get(kind="proposed")
    response = client.post(
        url,
        {
            "target_round": round_2030.pk,
            "code": "",
            "committee": BudgetNote.objects.get(code="BI22").committee_id,
            f"area_{line.pk}": "service",
        },
    )
    assessment.refresh_from_db()
    if role is None:
        assert response.status_code == 302 and reverse("login") in response["Location"]
    else:
        expected = {"redaktor": 302, "sof-redaktor": 404}.get(role, 403)
        assert response.status_code == expected, role
    assert (assessment.follow_up_note is not None) is (role == "redaktor")


def test_the_worklist_shows_a_foreign_editor_none_of_bifs_drafts(sof_editor, login):
    response = login(sof_editor).get(reverse("expiry-worklist", args=["budget-2027"]))
    assert response.context["count"] == 0
    assert "Forankring af metoder fra Projekt Trædesten" not in response.content.decode()


def test_unknown_round_and_number_are_404(editor, login):
    client = login(editor)
    assert client.get(reverse("expiry-worklist", args=["budget-1999"])).status_code == 404
    assert client.get(reverse("assessment-detail", args=["budget-2027", 21])).status_code == 404
