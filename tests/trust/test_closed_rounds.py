"""A closed round (is_open off) is read-only for everyone but administrators, everywhere: the
editor, the one write path, the import, the workflow, the admin, the assessment pages."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from budgetnotes import access, workflow
from budgetnotes.choices import Role, Status
from budgetnotes.models import BudgetNote, BudgetRound
from budgetnotes.services import NoteDataError, note_to_data, save_note
from documents.interchange.format import ImportFailed, export_round, import_data
from initiatives.models import ExpiryAssessment
from tests.builders import make_user
from tests.initiatives.forms import form_data

pytestmark = pytest.mark.django_db

EDIT = "/budget-2026/BI22/rediger/"
CLOSED = "Budget 2026 er lukket; kun en administrator kan ændre noget i en lukket runde."


@pytest.fixture
def closed_2026(db):
    BudgetRound.objects.filter(slug="budget-2026").update(is_open=False)
    return BudgetRound.objects.get(slug="budget-2026")


@pytest.fixture
def administrator(db):
    return make_user("budgetadmin", "BIF", Role.EDITOR, Role.APPROVER, Role.ADMINISTRATOR)


def test_the_editor_is_closed(login, editor, editor_post, bi22, closed_2026):
    post = editor_post(bi22)
    client = login(editor)
    assert client.get(EDIT).status_code == 403
    post["title"] = "Ændret i en lukket runde"
    assert client.post(EDIT, post).status_code == 403
    assert "Rediger notatet" not in client.get(bi22.get_absolute_url()).content.decode()
    bi22.refresh_from_db()
    assert bi22.title != "Ændret i en lukket runde"


def test_an_administrator_may_still_edit(login, administrator, editor_post, bi22, closed_2026):
    post = editor_post(bi22)
    post["title"] = "Rettet af administrator"
    assert login(administrator).post(EDIT, post).status_code == 302
    bi22.refresh_from_db()
    assert bi22.title == "Rettet af administrator"


def test_save_note_refuses_a_user_in_a_closed_round(editor, administrator, bi22, closed_2026):
    data = note_to_data(BudgetNote.objects.with_everything().get(pk=bi22.pk))
    with pytest.raises(NoteDataError) as caught:
        save_note(dict(data, title="Nej"), note=bi22, user=editor)
    assert [str(p) for p in caught.value.problems] == [f"BI22: {CLOSED}"]
    save_note(dict(data, title="Ja"), note=bi22, user=administrator)
    new = dict(data, code="BI90")
    with pytest.raises(NoteDataError):
        save_note(new, user=editor)  # nor a new note in the round
    assert not BudgetNote.objects.filter(code="BI90").exists()


def test_the_import_is_closed(client, editor, closed_2026):
    data = export_round(closed_2026)
    data["notes"][0]["code"] = "BI91"
    client.force_login(editor)
    url = reverse("round-import", args=["budget-2026"])
    page = client.get(url)
    assert page.status_code == 403
    assert CLOSED in page.content.decode()
    file = SimpleUploadedFile("notater.json", json.dumps(data).encode(), "application/json")
    assert client.post(url, {"file": file}).status_code == 403
    with pytest.raises(ImportFailed) as caught:
        import_data(data, user=editor)
    assert f"BI91: {CLOSED}" in [str(p) for p in caught.value.problems]
    assert not BudgetNote.objects.filter(code="BI91").exists()
    assert "Indlæs" not in client.get("/budget-2026/").content.decode()


def test_the_workflow_is_closed(client, editor, approver, administrator, bi22, closed_2026):
    assert workflow.available(editor, bi22) == []
    client.force_login(editor)
    assert client.post("/budget-2026/BI22/handling/submit/").status_code == 403
    BudgetNote.objects.filter(pk=bi22.pk).update(status=Status.SUBMITTED)
    bi22.refresh_from_db()
    assert workflow.available(approver, bi22) == []
    client.force_login(approver)
    assert client.post("/budget-2026/BI22/handling/approve/").status_code == 403
    bi22.refresh_from_db()
    assert bi22.status == Status.SUBMITTED
    workflow.apply(administrator, bi22, "approve")
    assert bi22.status == Status.APPROVED


def test_the_admin_is_closed(client, editor, bi22, closed_2026):
    client.force_login(editor)
    change = reverse("admin:budgetnotes_budgetnote_change", args=[bi22.pk])
    page = client.get(change)
    assert page.status_code == 200  # shown read-only
    assert 'name="_save"' not in page.content.decode()
    assert client.post(change, {"title": "Nej"}).status_code == 403
    add = client.get(reverse("admin:budgetnotes_budgetnote_add")).context["adminform"].form
    assert closed_2026 not in add.fields["round"].queryset
    assert client.get(reverse("admin:budgetnotes_fundingline_add")).status_code == 403
    assert not BudgetNote.objects.filter(access.editable_q(editor), pk=bi22.pk).exists()


def test_assessments_in_a_closed_round_are_closed(client, editor):
    BudgetRound.objects.filter(slug="budget-2027").update(is_open=False)
    client.force_login(editor)
    edit = reverse("assessment-edit", args=["budget-2027", 7])
    assert client.get(edit).status_code == 403
    follow_up = reverse("assessment-follow-up", args=["budget-2027", 7])
    response = client.get(follow_up)
    assert response.status_code == 302
    assert "lukket" in client.get(response["Location"]).content.decode()
    sheet = ExpiryAssessment.objects.get(round__slug="budget-2027", number=7)
    assert not access.can_edit(editor, sheet)
    assert workflow.available(editor, sheet) == []


def test_an_open_round_offers_the_follow_up_only_writable_rounds(client, editor):
    BudgetRound.objects.filter(slug="budget-2026").update(is_open=False)
    client.force_login(editor)
    page = client.get(reverse("assessment-follow-up", args=["budget-2027", 7]))
    rounds = page.context["form"].fields["target_round"].queryset
    assert [r.slug for r in rounds] == ["budget-2027"]
    assert form_data(page.context["form"])["target_round"]
