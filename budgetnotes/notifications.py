"""E-mail notifications about workflow steps on notes and expiry sheets: who gets what, in
Danish, and the sending.

`workflow.apply` calls `record` at the end of a step (inside its transaction, after the
save). It records one `Notification` per recipient and, once the transaction commits,
enqueues the task `budgetnotes.tasks.send_notifications`, which calls `send_unsent`: one
e-mail per recipient, a digest when several wait for the same recipient.

Who gets what (never the user who took the step; only active users with an e-mail address
who may read the object, `access.can_view`; never a kind the user has turned off):

- *submitted* (Send til godkendelse): the approvers of the object's administration;
- *sent back* (with the reason), *approved*, *sent* (Fremsendt): its editors, i.e. the
  editors of its administration who created or saved it (from its history), or all the
  administration's editors when none of them has.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from budgetnotes import access
from budgetnotes.choices import Role
from budgetnotes.models import (
    BudgetNote,
    MutedNotification,
    Notification,
    NotificationKind,
    NotifiedObject,
    User,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from django.db.models import QuerySet

logger = logging.getLogger(__name__)

Kind = NotificationKind

# The workflow steps that notify, and the kind each makes.
STEP_KINDS = {
    "submit": Kind.SUBMITTED,
    "send_back": Kind.SENT_BACK,
    "approve": Kind.APPROVED,
    "send": Kind.SENT,
}

# On the preferences page: "Send mig en e-mail, når …".
KIND_CHOICES = {
    Kind.SUBMITTED: "et notat eller en vurdering af bevillingsudløb er sendt til godkendelse "
    "(til godkenderne i forvaltningen)",
    Kind.SENT_BACK: "et notat eller en vurdering, jeg er redaktør på, er sendt tilbage med en "
    "begrundelse",
    Kind.APPROVED: "et notat eller en vurdering, jeg er redaktør på, er godkendt",
    Kind.SENT: "et notat eller en vurdering, jeg er redaktør på, er fremsendt",
    Kind.REPLY: "nogen svarer i en kommentartråd, jeg har skrevet i",
    Kind.MENTION: "nogen nævner mig i en kommentar (@brugernavn)",
}

# (the object with its noun, the short noun) per kind of object, as the texts name them.
NOUNS = {
    NotifiedObject.NOTE: ("budgetnotatet", "notatet"),
    NotifiedObject.ASSESSMENT: ("vurderingen af bevillingsudløb", "vurderingen"),
}

DIGEST_SUBJECT = "%(n)s nye beskeder fra budgetnotatregistret"


def site_url(path: str = "") -> str:
    """An absolute address on the registry (settings.SITE_URL, no trailing slash)."""
    base = str(getattr(settings, "SITE_URL", "") or "http://127.0.0.1:8000").rstrip("/")
    return f"{base}{path}"


def object_kind(obj: Any) -> NotifiedObject:
    return NotifiedObject.NOTE if isinstance(obj, BudgetNote) else NotifiedObject.ASSESSMENT


def display_name(user: access.AnyUser) -> str:
    if user is None or not user.is_authenticated:
        return "En bruger"
    return user.get_full_name() or user.get_username()


# Who


def _in_administration(obj: Any, role: str) -> QuerySet[User]:
    return User.objects.filter(
        administration_id=obj.administration_id, groups__name=role, is_active=True
    ).distinct()


def approvers(obj: Any) -> QuerySet[User]:
    """The approvers of the object's administration."""
    return _in_administration(obj, Role.APPROVER)


def editors(obj: Any) -> QuerySet[User]:
    """The object's editors: its administration's editors who created or saved it (its
    history), or all its administration's editors when none of them has."""
    everyone = _in_administration(obj, Role.EDITOR)
    saved = type(obj).history.filter(id=obj.pk, history_user__isnull=False)
    own = everyone.filter(pk__in=saved.values("history_user"))
    return own if own.exists() else everyone


def recipients(kind: str, obj: Any, actor: access.AnyUser) -> list[User]:
    """Who is told about a step of `kind` on `obj` that `actor` took."""
    candidates = approvers(obj) if kind == Kind.SUBMITTED else editors(obj)
    candidates = candidates.exclude(email="").exclude(muted_notifications__kind=kind)
    if actor is not None and actor.pk is not None:
        candidates = candidates.exclude(pk=actor.pk)
    return [user for user in candidates.order_by("username") if access.can_view(user, obj)]


# What


def event_text(kind: str, obj: Any, actor: access.AnyUser, reason: str = "") -> tuple[str, str]:
    """(subject, text) of one event: the object (code or number, title, round), the step, who
    took it, the reason when there is one, and a link to the object's page."""
    noun, short = NOUNS[object_kind(obj)]
    name = str(obj)  # "BI22 Titel", "Nr. 7 Titel"
    round_name = obj.round.name
    who = display_name(actor)
    what = f"{noun} {name} i {round_name}"
    if kind == Kind.SUBMITTED:
        prefix = "Til godkendelse"
        lines = [f"{who} har sendt {what} til godkendelse."]
    elif kind == Kind.SENT_BACK:
        prefix = "Sendt tilbage"
        lines = [f"{who} har sendt {what} tilbage til redaktøren som kladde."]
    elif kind == Kind.APPROVED:
        prefix = "Godkendt"
        lines = [f"{who} har godkendt {what}."]
    else:
        prefix = "Fremsendt"
        lines = [
            f"{who} har fremsendt {what}. {short.capitalize()} er nu låst og kan læses af "
            "alle brugere."
        ]
    reason = reason.strip()
    if reason:
        lines += ["", "Begrundelse:", reason]
    lines += ["", f"Se {short}: {site_url(obj.get_absolute_url())}"]
    subject = " ".join(f"{prefix}: {name} ({round_name})".split())  # one line, as a header
    return subject, "\n".join(lines)


def record(actor: access.AnyUser, obj: Any, step: str, reason: str = "") -> list[Notification]:
    """Record the notifications of a workflow step just saved (call inside its transaction),
    and have them sent once it commits. Steps that notify nobody record nothing."""
    kind = STEP_KINDS.get(step)
    if kind is None:
        return []
    users = recipients(kind, obj, actor)
    if not users:
        return []
    subject, body = event_text(kind, obj, actor, reason)
    about = object_kind(obj)
    made = Notification.objects.bulk_create(
        Notification(
            recipient=user,
            kind=kind,
            object_kind=about,
            object_id=obj.pk,
            subject=subject[:300],
            body=body,
        )
        for user in users
    )
    transaction.on_commit(enqueue_sending)
    return made


# Comments


def comment_recipients(comment: Any, actor: access.AnyUser) -> list[tuple[str, User]]:
    """(kind, user) for a new comment or reply: each user named with "@brugernavn" is told of
    a mention; each earlier writer in the thread of a reply is told of the reply (a user both
    named and in the thread gets the mention only). Only users who may read the note."""
    from budgetnotes.comments import mentioned_names

    note = comment.note
    told: dict[int, tuple[str, User]] = {}
    names = mentioned_names(comment.text)
    if names:
        for user in User.objects.filter(username__in=names, is_active=True):
            told[user.pk] = (Kind.MENTION, user)
    if comment.parent_id is not None:
        thread = comment.parent
        writer_ids = {thread.author_id, *thread.replies.values_list("author_id", flat=True)}
        for user in User.objects.filter(pk__in=writer_ids - {None}, is_active=True):
            told.setdefault(user.pk, (Kind.REPLY, user))
    muted = set(
        MutedNotification.objects.filter(user__in=list(told)).values_list("user_id", "kind")
    )
    return [
        (kind, user)
        for user_id, (kind, user) in sorted(told.items())
        if user.email
        and (user_id, kind) not in muted
        and (actor is None or user_id != actor.pk)
        and access.can_view(user, note)
    ]


def comment_text(kind: str, comment: Any, actor: access.AnyUser) -> tuple[str, str]:
    note = comment.note
    name, round_name, who = str(note), note.round.name, display_name(actor)
    if kind == Kind.MENTION:
        prefix, first = "Nævnt", f"{who} har nævnt dig i en kommentar til budgetnotatet"
    else:
        prefix, first = "Svar", f"{who} har svaret i en kommentartråd om budgetnotatet"
    lines = [
        f"{first} {name} i {round_name}:",
        "",
        comment.text,
        "",
        f"Se kommentarerne: {site_url(note.get_absolute_url())}#kommentarer",
    ]
    return " ".join(f"{prefix}: {name} ({round_name})".split()), "\n".join(lines)


def record_comment(actor: access.AnyUser, comment: Any) -> list[Notification]:
    """Record the notifications of a comment just written (inside its transaction)."""
    told = comment_recipients(comment, actor)
    made = []
    for kind, user in told:
        subject, body = comment_text(kind, comment, actor)
        made.append(
            Notification(
                recipient=user,
                kind=kind,
                object_kind=NotifiedObject.NOTE,
                object_id=comment.note_id,
                subject=subject[:300],
                body=body,
            )
        )
    if made:
        Notification.objects.bulk_create(made)
        transaction.on_commit(enqueue_sending)
    return made


def enqueue_sending() -> None:
    """Have the task worker send what is unsent (after the step's transaction commits)."""
    from budgetnotes.tasks import send_notifications

    try:
        send_notifications.enqueue()
    except Exception:  # the step stands; the next step's task sends these as well
        logger.exception("Could not enqueue the sending of notifications")


# Preferences


def muted_kinds(user: User) -> set[str]:
    return set(MutedNotification.objects.filter(user=user).values_list("kind", flat=True))


@transaction.atomic
def set_muted(user: User, kinds: Iterable[str]) -> None:
    """Turn exactly `kinds` off for `user` (and every other kind on)."""
    wanted = {str(kind) for kind in kinds} & set(Kind.values)
    MutedNotification.objects.filter(user=user).exclude(kind__in=wanted).delete()
    have = muted_kinds(user)
    MutedNotification.objects.bulk_create(
        MutedNotification(user=user, kind=kind) for kind in sorted(wanted - have)
    )


# Sending


def compose(recipient: User, notifications: Sequence[Notification]) -> EmailMessage:
    """One e-mail to `recipient`: the event itself, or a digest of several."""
    greeting = f"Hej {recipient.get_full_name() or recipient.get_username()}"
    if len(notifications) == 1:
        subject = notifications[0].subject
        parts = [notifications[0].body]
    else:
        subject = DIGEST_SUBJECT % {"n": len(notifications)}
        parts = [f"Der er {len(notifications)} nye beskeder til dig fra budgetnotatregistret:"]
        parts += [
            f"{number}. {notification.subject}\n\n{notification.body}"
            for number, notification in enumerate(notifications, 1)
        ]
    footer = (
        "-- \nBudgetnotatregistret\n"
        "Du kan slå de enkelte slags beskeder fra på "
        f"{site_url(reverse('notification-settings'))}"
    )
    body = "\n\n".join([greeting, *parts, footer]) + "\n"
    return EmailMessage(
        subject,
        body,
        to=[recipient.email],
        headers={"Auto-Submitted": "auto-generated"},
    )


def _claim(recipient_id: int) -> list[Notification]:
    """The recipient's unsent notifications, marked as sent so no other run sends them."""
    now = timezone.now()
    Notification.objects.filter(recipient_id=recipient_id, sent_at__isnull=True).update(sent_at=now)
    return list(
        Notification.objects.filter(recipient_id=recipient_id, sent_at=now).order_by(
            "created_at", "pk"
        )
    )


def send_unsent() -> int:
    """Send every unsent notification: one e-mail per recipient (a digest when several wait),
    over one connection. Returns the number of e-mails sent. A recipient whose e-mail fails
    keeps theirs unsent, for the next run."""
    pending = (
        Notification.objects.filter(sent_at__isnull=True)
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    recipient_ids = sorted(set(pending))
    if not recipient_ids:
        return 0
    users = User.objects.in_bulk(recipient_ids)
    sent = 0
    with mailers.default as connection:
        for recipient_id in recipient_ids:
            recipient = users[recipient_id]
            claimed = _claim(recipient_id)
            if not claimed or not (recipient.is_active and recipient.email):
                continue  # taken by another run, or nobody to send to any more
            try:
                connection.send_messages([compose(recipient, claimed)])
            except Exception:
                Notification.objects.filter(pk__in=[n.pk for n in claimed]).update(sent_at=None)
                logger.exception(
                    "Could not send %s notification(s) to user %s", len(claimed), recipient_id
                )
                continue
            sent += 1
    return sent
