"""Who may see and change what: the one rule every view, export, import and admin asks.

A note before *Fremsendt* is seen only by users of its own administration; from
*Fremsendt* on, by every logged-in user. Editors edit only their own administration's
drafts. Approvers move notes through the workflow within their administration. A closed
round (`is_open` off) is read-only for everyone but administrators (the Administrator role,
and superusers): nothing in it is edited, imported, created or moved in the workflow.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, TypeGuard

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from budgetnotes.choices import PUBLISHED_STATUSES, Role, Status

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import QuerySet

    from budgetnotes.models import BudgetRound, User

EDITABLE_STATUSES = (Status.DRAFT,)

# Whoever asks: a user, the anonymous user of a request, or nobody (a command, say).
type AnyUser = User | AnonymousUser | None


class Governed(Protocol):
    """What the rule reads of a note or an expiry assessment."""

    @property
    def status(self) -> str: ...

    @property
    def administration_id(self) -> int: ...

    @property
    def round(self) -> BudgetRound: ...


def _signed_in(user: AnyUser) -> TypeGuard[User]:
    """A logged-in, active user (always one of ours: the anonymous user is never either)."""
    return bool(user and user.is_authenticated and user.is_active)


def visibility_q(user: AnyUser, prefix: str = "") -> Q:
    """A Q object selecting what `user` may read, on notes and assessments alike.

    `prefix` reaches the note from a child row, e.g. "note__" or "line__note__".
    """
    if not _signed_in(user):
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    published = Q(**{f"{prefix}status__in": PUBLISHED_STATUSES})
    if user.administration_id is None:
        return published
    return published | Q(**{f"{prefix}administration_id": user.administration_id})


def editable_q(user: AnyUser, prefix: str = "") -> Q:
    """A Q object selecting the notes (or assessments) `user` may change: the same rule as
    can_edit, for choice lists and querysets."""
    if not has_role(user, Role.EDITOR):
        return Q(pk__in=[])
    drafts = Q(**{f"{prefix}status__in": EDITABLE_STATUSES})
    if not is_administrator(user):
        drafts &= Q(**{f"{prefix}round__is_open": True})
    if user.is_superuser:
        return drafts
    return drafts & Q(**{f"{prefix}administration_id": user.administration_id})


def is_administrator(user: AnyUser) -> bool:
    return has_role(user, Role.ADMINISTRATOR)


def round_is_writable(user: AnyUser, budget_round: BudgetRound) -> bool:
    """An open round takes changes; a closed one only from administrators."""
    return budget_round.is_open or is_administrator(user)


def writable_rounds(user: AnyUser) -> QuerySet[BudgetRound]:
    """The rounds `user` may put things in: the open ones, or all for administrators."""
    from budgetnotes.models import BudgetRound

    rounds = BudgetRound.objects.all()
    return rounds if is_administrator(user) else rounds.filter(is_open=True)


CLOSED_ROUND = _("%(round)s er lukket; kun en administrator kan ændre noget i en lukket runde.")


def closed_round_message(budget_round: BudgetRound) -> str:
    return CLOSED_ROUND % {"round": budget_round.name}


def can_view(user: AnyUser, obj: Governed) -> bool:
    if not _signed_in(user):
        return False
    if user.is_superuser or obj.status in PUBLISHED_STATUSES:
        return True
    return user.administration_id is not None and obj.administration_id == user.administration_id


def has_role(user: AnyUser, role: str) -> TypeGuard[User]:
    """Whether `user` is signed in and has `role` (superusers have every role)."""
    if not _signed_in(user):
        return False
    return user.is_superuser or bool(user.has_role(role))


def can_create(user: AnyUser, budget_round: BudgetRound | None = None) -> bool:
    """Editors with an administration create notes (in `budget_round`, if it is writable)."""
    if budget_round is not None and not round_is_writable(user, budget_round):
        return False
    return has_role(user, Role.EDITOR) and bool(user.is_superuser or user.administration_id)


def can_edit(user: AnyUser, obj: Governed) -> bool:
    """Editors change their own administration's drafts in an open round; nobody changes a
    sent note."""
    if not has_role(user, Role.EDITOR) or obj.status not in EDITABLE_STATUSES:
        return False
    if not round_is_writable(user, obj.round):
        return False
    return user.is_superuser or obj.administration_id == user.administration_id


def can_withdraw(user: AnyUser, obj: Governed) -> bool:
    """The note's administration's editors take back a note that waits for approval."""
    if not has_role(user, Role.EDITOR) or obj.status != Status.SUBMITTED:
        return False
    if not round_is_writable(user, obj.round):
        return False
    return user.is_superuser or obj.administration_id == user.administration_id


def can_manage_workflow(user: AnyUser, obj: Governed) -> bool:
    """Approvers approve, send and reopen within their own administration, in an open round."""
    if not has_role(user, Role.APPROVER) or not round_is_writable(user, obj.round):
        return False
    return user.is_superuser or obj.administration_id == user.administration_id


def can_comment(user: AnyUser, obj: Governed) -> bool:
    """The note's administration's editors and approvers comment on it, in an open round."""
    if not (has_role(user, Role.EDITOR) or has_role(user, Role.APPROVER)):
        return False
    if not round_is_writable(user, obj.round):
        return False
    return user.is_superuser or obj.administration_id == user.administration_id


def can_export_pdf(user: AnyUser, obj: Governed | None = None) -> bool:
    allowed = (
        has_role(user, Role.SECRETARY)
        or has_role(user, Role.APPROVER)
        or has_role(user, Role.EDITOR)
    )
    return allowed and (obj is None or can_view(user, obj))


def can_export_xlsx(user: AnyUser, obj: Governed | None = None) -> bool:
    allowed = (
        has_role(user, Role.ANALYST) or has_role(user, Role.APPROVER) or has_role(user, Role.EDITOR)
    )
    return allowed and (obj is None or can_view(user, obj))
