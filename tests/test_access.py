"""The one access rule (budgetnotes.access), on notes and expiry assessments."""

import pytest
from django.contrib.auth.models import AnonymousUser

from budgetnotes import access, workflow
from budgetnotes.choices import Status
from budgetnotes.models import BudgetNote
from initiatives.models import ExpiryAssessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def bi22(db):
    return BudgetNote.objects.get(code="BI22")


def visible_codes(user):
    return set(BudgetNote.objects.visible_to(user).values_list("code", flat=True))


def test_draft_is_seen_only_by_its_own_administration(bi22, personas, sof_editor):
    assert bi22.status == Status.DRAFT
    for name, user in personas.items():
        expected = name != "sof-redaktor"
        assert access.can_view(user, bi22) is expected, name
        assert ("BI22" in visible_codes(user)) is expected, name
    assert not access.can_view(AnonymousUser(), bi22)
    assert visible_codes(AnonymousUser()) == set()


def test_sent_note_is_seen_by_every_logged_in_user(bi22, sof_editor):
    bi22.status = Status.SENT
    bi22.save()
    assert access.can_view(sof_editor, bi22)
    assert "BI22" in visible_codes(sof_editor)
    assert "BI05" in visible_codes(sof_editor)  # adopted


def test_only_own_administrations_editors_edit_drafts(bi22, personas):
    editable = {name for name, user in personas.items() if access.can_edit(user, bi22)}
    assert editable == {"redaktor"}


def test_nobody_edits_a_sent_note(bi22, editor):
    bi22.status = Status.SENT
    assert not access.can_edit(editor, bi22)


def test_export_rights_follow_roles(bi22, personas):
    pdf = {name for name, user in personas.items() if access.can_export_pdf(user, bi22)}
    xlsx = {name for name, user in personas.items() if access.can_export_xlsx(user, bi22)}
    assert pdf == {"redaktor", "godkender", "sekretaer"}
    assert xlsx == {"redaktor", "godkender", "analytiker"}


def test_the_same_rule_covers_assessments(personas):
    assessment = ExpiryAssessment.objects.get(number=1)
    assert assessment.status == Status.DRAFT
    seen = {
        name
        for name, user in personas.items()
        if ExpiryAssessment.objects.filter(access.visibility_q(user), pk=assessment.pk).exists()
    }
    assert seen == {"redaktor", "godkender", "sekretaer", "analytiker"}


def test_workflow_through_to_adoption_and_reopening(bi22, editor, approver):
    workflow.apply(editor, bi22, "submit")
    assert bi22.status == Status.SUBMITTED
    with pytest.raises(workflow.PermissionDenied):
        workflow.apply(editor, bi22, "approve")
    for step, status in [
        ("approve", Status.APPROVED),
        ("send", Status.SENT),
        ("adopt", Status.ADOPTED),
    ]:
        workflow.apply(approver, bi22, step)
        assert bi22.status == status
    assert not access.can_edit(editor, bi22)
    workflow.apply(approver, bi22, "reopen")
    assert bi22.status == Status.DRAFT and access.can_edit(editor, bi22)
    assert bi22.history.first().history_user == approver


def test_a_step_decided_on_a_stale_copy_is_refused_and_changes_nothing(bi22, editor, approver):
    stale = BudgetNote.objects.get(pk=bi22.pk)
    workflow.apply(editor, bi22, "submit")
    workflow.apply(approver, bi22, "send_back", "Tallene for 2027 skal rettes.")
    with pytest.raises(workflow.ValidationError, match="ændret af en anden"):
        workflow.apply(editor, stale, "submit")
    stored = BudgetNote.objects.get(pk=bi22.pk)
    assert (stored.status, stored.version) == (Status.DRAFT, bi22.version)
    assert stored.history.count() == bi22.history.count()


def test_workflow_refuses_a_step_from_the_wrong_status(bi22, approver):
    with pytest.raises(workflow.ValidationError, match="kan ikke bruges"):
        workflow.apply(approver, bi22, "send")
