"""Replies and mentions in comments e-mail the people they concern, through the real SMTP
server on loopback; never anyone who may not read the note."""

import pytest

from budgetnotes import comments
from budgetnotes.models import MutedNotification, NotificationKind
from budgetnotes.services import comments as write

pytestmark = pytest.mark.django_db


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    def run(function, *args):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args)

    return run


def test_a_reply_mails_the_thread_s_writer(mailbox, commit, editor, approver, bi22):
    thread = commit(write.add, approver, bi22, "2027 er for højt.", comments.Anchor())
    assert mailbox.all == []  # nobody named, no thread yet

    commit(write.reply, editor, thread, "Rettet til 7.200.")

    (mail,) = mailbox.all
    assert mail.recipients == ["godkender@budget.example.dk"]
    assert mail.subject.startswith("Svar: BI22 ")
    assert "Rikke Redaktør har svaret i en kommentartråd om budgetnotatet BI22" in mail.body
    assert "Rettet til 7.200." in mail.body
    assert "https://budget.kommune.example/budget-2026/BI22/#kommentarer" in mail.body


def test_a_mention_mails_the_named_user_once(mailbox, commit, editor, approver, bi22):
    thread = commit(write.add, editor, bi22, "Første", comments.Anchor())
    commit(write.reply, approver, thread, "@redaktor se linje 1, og @redaktor igen")

    (mail,) = mailbox.all  # one e-mail: the mention, not also the reply
    assert mail.recipients == ["redaktor@budget.example.dk"]
    assert mail.subject.startswith("Nævnt: BI22 ")
    assert "har nævnt dig i en kommentar" in mail.body


def test_nobody_who_may_not_read_the_note_is_told(mailbox, commit, approver, sof_editor, bi22):
    commit(write.add, approver, bi22, "@sof-redaktor kig her", comments.Anchor())
    assert mailbox.to(sof_editor) == []
    assert mailbox.all == []


def test_muted_replies_are_not_sent(mailbox, commit, editor, approver, bi22):
    MutedNotification.objects.create(user=approver, kind=NotificationKind.REPLY)
    thread = commit(write.add, approver, bi22, "Spørgsmål", comments.Anchor())
    commit(write.reply, editor, thread, "Svar")
    assert mailbox.all == []
