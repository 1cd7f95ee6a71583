"""The note workflow: Kladde → Til godkendelse → Godkendt → Fremsendt → Vedtaget/Ikke vedtaget.

An editor sends a draft for approval and may take it back (*Træk tilbage*) while it waits;
an approver approves, sends back (with a reason) or, later, reopens. Every step may carry a
reason; it is kept in the history beside the step."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from budgetnotes import access, extensions, notifications
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


APPROVER = "approver"  # the note's administration's approvers
EDITOR = "editor"  # who may edit the draft, and approvers
AUTHOR = "author"  # the note's administration's editors, while it waits for approval

# A step's reason is stored after its label on the history record's first line break.
REASON_SEPARATOR = "\n"
REASON_CHARS = 1000


@dataclass(frozen=True)
class Transition:
    name: str
    label: StrOrPromise
    sources: tuple[str, ...]
    target: str
    by: str = APPROVER
    done: StrOrPromise = ""  # the message afterwards: "%(name)s er godkendt."
    reason_required: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition(
            "submit",
            _("Send til godkendelse"),
            (Status.DRAFT,),
            Status.SUBMITTED,
            by=EDITOR,
            done=_("%(name)s er sendt til godkendelse."),
        ),
        Transition(
            "withdraw",
            _("Træk tilbage"),
            (Status.SUBMITTED,),
            Status.DRAFT,
            by=AUTHOR,
            done=_("%(name)s er trukket tilbage og er en kladde igen."),
        ),
        Transition(
            "approve",
            _("Godkend"),
            (Status.SUBMITTED,),
            Status.APPROVED,
            done=_("%(name)s er godkendt."),
        ),
        Transition(
            "send_back",
            _("Send tilbage til redaktøren"),
            (Status.SUBMITTED,),
            Status.DRAFT,
            done=_("%(name)s er sendt tilbage til redaktøren som kladde."),
            reason_required=True,
        ),
        Transition(
            "send",
            _("Fremsend"),
            (Status.APPROVED,),
            Status.SENT,
            done=_("%(name)s er fremsendt og låst."),
        ),
        Transition(
            "adopt",
            _("Marker som vedtaget"),
            (Status.SENT,),
            Status.ADOPTED,
            done=_("%(name)s er markeret som vedtaget."),
        ),
        Transition(
            "reject",
            _("Marker som ikke vedtaget"),
            (Status.SENT,),
            Status.REJECTED,
            done=_("%(name)s er markeret som ikke vedtaget."),
        ),
        Transition(
            "reopen",
            _("Genåbn som kladde"),
            (Status.APPROVED, Status.SENT, Status.ADOPTED, Status.REJECTED),
            Status.DRAFT,
            done=_("%(name)s er genåbnet som kladde."),
        ),
    )
}


def allowed(user: access.AnyUser, obj: access.Governed, transition: Transition) -> bool:
    if obj.status not in transition.sources:
        return False
    if transition.by == AUTHOR:
        return access.can_withdraw(user, obj)
    if access.can_manage_workflow(user, obj):
        return True
    return transition.by == EDITOR and access.can_edit(user, obj)


def available(user: access.AnyUser, obj: access.Governed) -> list[Transition]:
    return [transition for transition in TRANSITIONS.values() if allowed(user, obj, transition)]


def recorded_reason(transition: Transition, reason: str = "") -> str:
    """The history record's reason for a step: its label, and the user's reason after it."""
    reason = " ".join(reason.split())
    return f"{transition.label}{REASON_SEPARATOR}{reason}" if reason else str(transition.label)


def read_reason(recorded: str | None) -> tuple[str, str]:
    """(step, the user's reason) from a history record's reason."""
    step, _sep, reason = (recorded or "").partition(REASON_SEPARATOR)
    return step, reason


def open_comments(obj: access.Governed) -> int:
    """The open comments of a note (an assessment has none)."""
    from budgetnotes import comments
    from budgetnotes.models import BudgetNote

    return comments.open_count(obj) if isinstance(obj, BudgetNote) else 0


@transaction.atomic
def apply[T: Moving](
    user: access.AnyUser,
    obj: T,
    name: str,
    reason: str = "",
    *,
    open_comments_confirmed: bool = False,
) -> T:
    """Move a note or assessment to the transition's target status, or refuse in Danish.
    The move claims the next version of the one `obj` was read at, so a step decided on a
    copy that someone has saved since is refused, not applied over their save. `reason`
    (required where the step says so) is kept in the history. A note with open comments is
    sent (Fremsendt) only when the approver has confirmed it (`open_comments_confirmed`)."""
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
    if transition.reason_required and not reason.strip():
        raise ValidationError(
            _("Skriv en begrundelse, så redaktøren ved, hvad der skal rettes."), code="reason"
        )
    if len(reason) > REASON_CHARS:
        raise ValidationError(
            _("Begrundelsen er for lang: højst %(n)s tegn.") % {"n": REASON_CHARS}, code="reason"
        )
    if transition.target == Status.SENT and not open_comments_confirmed:
        count = open_comments(obj)
        if count:
            raise ValidationError(
                _(
                    "Notatet har %(n)s. Bekræft, at det skal fremsendes alligevel, eller løs "
                    "kommentarerne først."
                )
                % {"n": "1 åben kommentar" if count == 1 else f"{count} åbne kommentarer"},
                code="open_comments",
            )
    try:
        claim_version(cast("type[Model]", type(obj)), obj.pk, obj.version)
    except Conflict as conflict:
        raise ValidationError(
            _("%(conflict)s Se den nye udgave, og prøv igen.") % {"conflict": conflict}
        ) from conflict
    obj.status = transition.target
    obj.version += 1
    obj._change_reason = recorded_reason(transition, reason)
    obj._history_user = user
    fields = ["status", "updated_at"]
    if hasattr(obj, "sent_back"):  # a note: the editors' "Sendt tilbage" queue
        obj.sent_back = name == "send_back"
        fields.append("sent_back")
    obj.save(update_fields=fields)
    if transition.target == Status.SENT:
        extensions.object_sent(obj)  # the PDF of the version sent is kept (documents app)
    notifications.record(user, obj, name, reason)  # e-mailed once the step commits
    return obj
