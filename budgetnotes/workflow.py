"""The note workflow: Kladde → Til godkendelse → Godkendt → Fremsendt → Vedtaget/Ikke vedtaget."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from budgetnotes import access
from budgetnotes.choices import Status
from budgetnotes.services.versions import Conflict, claim_version

if TYPE_CHECKING:
    from django.db.models import Model
    from django_stubs_ext import StrOrPromise


class Moving(access.Governed, Protocol):
    """A note or an expiry assessment as the workflow moves it. `_change_reason` and
    `_history_user` are read by simple_history when the change is saved."""

    pk: Any
    status: str
    version: int
    _change_reason: str
    _history_user: access.AnyUser

    def get_status_display(self) -> str: ...

    def save(self, *, update_fields: Iterable[str] | None = ...) -> None: ...


@dataclass(frozen=True)
class Transition:
    name: str
    label: StrOrPromise
    sources: tuple[str, ...]
    target: str
    approver_only: bool = True


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition("submit", _("Send til godkendelse"), (Status.DRAFT,), Status.SUBMITTED, False),
        Transition("approve", _("Godkend"), (Status.SUBMITTED,), Status.APPROVED),
        Transition("send", _("Fremsend"), (Status.APPROVED,), Status.SENT),
        Transition("adopt", _("Marker som vedtaget"), (Status.SENT,), Status.ADOPTED),
        Transition("reject", _("Marker som ikke vedtaget"), (Status.SENT,), Status.REJECTED),
        Transition(
            "reopen",
            _("Genåbn som kladde"),
            (Status.SUBMITTED, Status.APPROVED, Status.SENT, Status.ADOPTED, Status.REJECTED),
            Status.DRAFT,
        ),
    )
}


def allowed(user: access.AnyUser, obj: access.Governed, transition: Transition) -> bool:
    if obj.status not in transition.sources:
        return False
    if access.can_manage_workflow(user, obj):
        return True
    return not transition.approver_only and access.can_edit(user, obj)


def available(user: access.AnyUser, obj: access.Governed) -> list[Transition]:
    return [transition for transition in TRANSITIONS.values() if allowed(user, obj, transition)]


@transaction.atomic
def apply[T: Moving](user: access.AnyUser, obj: T, name: str) -> T:
    """Move a note or assessment to the transition's target status, or refuse in Danish.
    The move claims the next version of the one `obj` was read at, so a step decided on a
    copy that someone has saved since is refused, not applied over their save."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise ValidationError(_("Ukendt handling."))
    if obj.status not in transition.sources:
        raise ValidationError(
            _("Handlingen „%(action)s“ kan ikke bruges på et notat med status %(status)s.")
            % {"action": transition.label, "status": obj.get_status_display()}
        )
    if not allowed(user, obj, transition):
        raise PermissionDenied(
            _("Du har ikke ret til at %(action)s.") % {"action": transition.label.lower()}
        )
    try:
        claim_version(cast("type[Model]", type(obj)), obj.pk, obj.version)
    except Conflict as conflict:
        raise ValidationError(
            _("%(conflict)s Se den nye udgave, og prøv igen.") % {"conflict": conflict}
        ) from conflict
    obj.status = transition.target
    obj.version += 1
    obj._change_reason = str(transition.label)
    obj._history_user = user
    obj.save(update_fields=["status", "updated_at"])
    return obj
