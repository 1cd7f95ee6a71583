"""E-mail notifications of workflow steps (budgetnotes.notifications), delivered through a
real SMTP server on loopback (the `mailbox` fixture) by the task run when the step commits."""

import pytest

from budgetnotes import notifications
from budgetnotes.choices import Role
from budgetnotes.models import BudgetNote, MutedNotification, Notification, NotificationKind
from initiatives.models import ExpiryAssessment
from tests.builders import make_user

pytestmark = pytest.mark.django_db

BI22_TITLE = "Styrket beskæftigelsesindsats for borgere med handicap (peer to peer)"
BI22_LINK = "https://budget.kommune.example/budget-2026/BI22/"


def test_submitting_mails_the_approver_once_and_not_the_editor(
    mailbox, step, editor, approver, bi22
):
    step(editor, bi22, "submit")

    assert [mail.recipients for mail in mailbox.all] == [["godkender@budget.example.dk"]]
    mail = mailbox.all[0]
    assert mail.sender == "budgetnotatregister@budget.example.dk"
    assert mail.subject == f"Til godkendelse: BI22 {BI22_TITLE} (Budget 2026)"
    assert mail.message["Auto-Submitted"] == "auto-generated"
    body = mail.body
    assert body.startswith("Hej Gustav Godkender\n")
    assert (
        f"Rikke Redaktør har sendt budgetnotatet BI22 {BI22_TITLE} i Budget 2026 til godkendelse."
        in body
    )
    assert f"Se notatet: {BI22_LINK}" in body
    assert "https://budget.kommune.example/beskeder/" in body
    assert "Begrundelse" not in body
    assert mailbox.to(editor) == []
    assert not Notification.objects.filter(sent_at__isnull=True).exists()


def test_sending_back_mails_the_reason_to_the_editor(mailbox, step, editor, approver, bi22):
    step(editor, bi22, "submit")
    mailbox.clear()

    step(approver, bi22, "send_back", "Beløbet for 2027 på første linje er for højt.")

    assert [mail.recipients for mail in mailbox.all] == [["redaktor@budget.example.dk"]]
    mail = mailbox.all[0]
    assert mail.subject == f"Sendt tilbage: BI22 {BI22_TITLE} (Budget 2026)"
    assert "Gustav Godkender har sendt budgetnotatet BI22" in mail.body
    assert "tilbage til redaktøren som kladde." in mail.body
    assert "Begrundelse:\nBeløbet for 2027 på første linje er for højt." in mail.body
    assert BI22_LINK in mail.body


def test_approving_and_sending_notify_the_editors(mailbox, step, editor, approver, bi22):
    step(editor, bi22, "submit")
    mailbox.clear()

    step(approver, bi22, "approve", "Fint arbejde.")
    assert [mail.subject for mail in mailbox.to(editor)] == [
        f"Godkendt: BI22 {BI22_TITLE} (Budget 2026)"
    ]
    assert "Gustav Godkender har godkendt budgetnotatet BI22" in mailbox.to(editor)[0].body
    assert "Begrundelse:\nFint arbejde." in mailbox.to(editor)[0].body
    assert mailbox.to(approver) == []

    step(approver, bi22, "send")
    assert [mail.subject for mail in mailbox.to(editor)][1:] == [
        f"Fremsendt: BI22 {BI22_TITLE} (Budget 2026)"
    ]
    assert "Notatet er nu låst" in mailbox.to(editor)[1].body
    assert len(mailbox.all) == 2


def test_steps_that_notify_nobody_send_nothing(mailbox, step, editor, approver, bi22):
    step(editor, bi22, "submit")
    mailbox.clear()
    step(editor, bi22, "withdraw")
    assert mailbox.all == []
    assert Notification.objects.count() == 1  # the submission's


def test_sof_editor_never_gets_mail_about_bi22(mailbox, step, editor, approver, sof_editor, bi22):
    """Not even when BI22's history names them: only readers of the note are told."""
    BudgetNote.history.filter(id=bi22.pk).update(history_user=sof_editor)
    make_user("sof-godkender", "SOF", Role.APPROVER, email="sof-godkender@budget.example.dk")

    step(editor, bi22, "submit")
    step(approver, bi22, "send_back", "Ret teksten.")
    step(editor, bi22, "submit")
    step(approver, bi22, "approve")

    assert mailbox.to(sof_editor) == []
    assert {address for mail in mailbox.all for address in mail.recipients} == {
        "godkender@budget.example.dk",
        "redaktor@budget.example.dk",
    }
    assert all("BI22" in mail.subject for mail in mailbox.all)
    assert not Notification.objects.filter(recipient=sof_editor).exists()


def test_editors_are_those_who_saved_it_else_all_editors(editor, approver, bi22):
    other = make_user("redaktor2", "BIF", Role.EDITOR, email="redaktor2@budget.example.dk")
    BudgetNote.history.filter(id=bi22.pk).update(history_user=None)
    assert set(notifications.editors(bi22)) == {editor, other}  # nobody has saved it

    BudgetNote.history.filter(id=bi22.pk).update(history_user=editor)
    assert list(notifications.editors(bi22)) == [editor]
    assert notifications.recipients(NotificationKind.APPROVED, bi22, approver) == [editor]
    # the one who took the step is never told
    assert notifications.recipients(NotificationKind.APPROVED, bi22, editor) == []


def test_users_without_an_address_or_inactive_get_nothing(mailbox, step, editor, approver, bi22):
    approver.email = ""
    approver.save()
    make_user("godkender2", "BIF", Role.APPROVER, email="g2@budget.example.dk", is_active=False)

    step(editor, bi22, "submit")

    assert mailbox.all == []
    assert not Notification.objects.exists()


def test_a_muted_kind_sends_nothing(mailbox, step, editor, approver, bi22):
    MutedNotification.objects.create(user=approver, kind=NotificationKind.SUBMITTED)

    step(editor, bi22, "submit")
    assert mailbox.all == []
    assert not Notification.objects.exists()

    step(approver, bi22, "approve")  # the editor has muted nothing
    assert [mail.recipients for mail in mailbox.all] == [["redaktor@budget.example.dk"]]


def test_several_events_at_once_make_one_digest_per_recipient(
    mailbox, django_capture_on_commit_callbacks, editor, approver, bi22
):
    from budgetnotes import workflow

    bi41 = BudgetNote.objects.get(round__slug="budget-2027", code="BI41")
    second = make_user("godkender2", "BIF", Role.APPROVER, email="g2@budget.example.dk")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        workflow.apply(editor, bi22, "submit")
        workflow.apply(editor, bi41, "submit")
    # a task per step: the first sends all, the second finds nothing left
    assert [c for c in callbacks if c is notifications.enqueue_sending] == [
        notifications.enqueue_sending
    ] * 2

    assert sorted(mail.recipients[0] for mail in mailbox.all) == [
        "g2@budget.example.dk",
        "godkender@budget.example.dk",
    ]
    for user in (approver, second):
        [mail] = mailbox.to(user)
        assert mail.subject == "2 nye beskeder fra budgetnotatregistret"
        assert "Der er 2 nye beskeder til dig fra budgetnotatregistret:" in mail.body
        assert f"1. Til godkendelse: BI22 {BI22_TITLE} (Budget 2026)" in mail.body
        assert "2. Til godkendelse: BI41 " in mail.body
        assert BI22_LINK in mail.body
        assert "https://budget.kommune.example/budget-2027/BI41/" in mail.body
    assert Notification.objects.filter(sent_at__isnull=True).count() == 0


def test_an_expiry_sheet_notifies_as_a_note_does(mailbox, step, editor, approver):
    sheet = ExpiryAssessment.objects.get(round__slug="budget-2027", number=1)

    step(editor, sheet, "submit")
    step(approver, sheet, "send_back", "Vurderingen mangler.")

    [to_approver] = mailbox.to(approver)
    assert to_approver.subject == f"Til godkendelse: Nr. 1 {sheet.title} (Budget 2027)"
    assert "har sendt vurderingen af bevillingsudløb Nr. 1" in to_approver.body
    assert f"Se vurderingen: https://budget.kommune.example{sheet.get_absolute_url()}" in (
        to_approver.body
    )
    [to_editor] = mailbox.to(editor)
    assert to_editor.subject.startswith("Sendt tilbage: Nr. 1 ")
    assert "Begrundelse:\nVurderingen mangler." in to_editor.body
    assert Notification.objects.filter(object_kind="assessment", object_id=sheet.pk).count() == 2


def test_a_failed_delivery_is_sent_by_the_next_run(mailbox, settings, step, editor, approver, bi22):
    from tests.notifications.conftest import free_port

    working = settings.MAILERS
    options = dict(working["default"]["OPTIONS"], port=free_port())  # nobody listens there
    settings.MAILERS = {"default": dict(working["default"], OPTIONS=options)}
    step(editor, bi22, "submit")
    assert mailbox.all == []
    assert Notification.objects.get().sent_at is None

    settings.MAILERS = working
    assert notifications.send_unsent() == 1
    assert [mail.recipients for mail in mailbox.all] == [["godkender@budget.example.dk"]]
    assert notifications.send_unsent() == 0  # nothing twice
    assert len(mailbox.all) == 1


def test_the_console_backend_in_development(settings, capsys, step, editor, approver, bi22):
    """`make run` (DEBUG on) prints the e-mail in the worker's terminal."""
    from tests.notifications.conftest import IMMEDIATE_TASKS

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
    settings.TASKS = IMMEDIATE_TASKS
    step(editor, bi22, "submit")
    out = capsys.readouterr().out
    assert "To: godkender@budget.example.dk" in out
    assert "Subject: Til godkendelse: BI22" in out
