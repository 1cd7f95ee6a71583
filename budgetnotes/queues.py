"""The work queues: what waits for each user, across rounds, within their administration.

- *Til godkendelse* (approvers): notes submitted for approval.
- *Mine notater* (editors): notes not yet approved that the user has created or saved.
- *Sendt tilbage* (editors): drafts an approver sent back (workflow's send_back) that have
  not been submitted again.

Each queue is a queryset of notes the user may read (access.visibility_q); `counts` gives all
three numbers for the navigation in one query.
"""

from django.db.models import Count, Exists, OuterRef, Q

from budgetnotes import access
from budgetnotes.choices import Role, Status
from budgetnotes.models import BudgetNote

QUEUES = {
    "godkendelse": "Til godkendelse",
    "mine": "Mine notater",
    "sendt-tilbage": "Sendt tilbage",
}
NOT_YET_APPROVED = (Status.DRAFT, Status.SUBMITTED)


def _own_administration(user):
    return Q() if user.is_superuser else Q(administration_id=user.administration_id)


def _conditions(user):
    """{queue key: Q} of the queues `user` has (by role), over their administration's notes."""
    conditions = {}
    if not access._signed_in(user) or not (user.is_superuser or user.administration_id):
        return conditions
    if access.has_role(user, Role.APPROVER):
        conditions["godkendelse"] = Q(status=Status.SUBMITTED)
    if access.has_role(user, Role.EDITOR):
        saved_by_me = BudgetNote.history.filter(id=OuterRef("pk"), history_user=user)
        conditions["mine"] = Q(status__in=NOT_YET_APPROVED) & Q(Exists(saved_by_me))
        conditions["sendt-tilbage"] = Q(status=Status.DRAFT, sent_back=True)
    return conditions


def available(user):
    """[(key, label)] of the queues `user` has."""
    return [(key, QUEUES[key]) for key in _conditions(user)]


def notes(user, key):
    """The notes in queue `key` for `user`, newest change first; None if the user has none."""
    condition = _conditions(user).get(key)
    if condition is None:
        return None
    return (
        BudgetNote.objects.filter(_own_administration(user))
        .filter(access.visibility_q(user))
        .filter(condition)
        .select_related("round", "committee", "administration")
        .order_by("-updated_at")
    )


def counts(user):
    """[(key, label, count)] of the user's queues, in one query (none when they have none)."""
    conditions = _conditions(user)
    if not conditions:
        return []
    found = (
        BudgetNote.objects.filter(_own_administration(user))
        .filter(access.visibility_q(user))
        .aggregate(
            **{key.replace("-", "_"): Count("pk", filter=q) for key, q in conditions.items()}
        )
    )
    return [(key, QUEUES[key], found[key.replace("-", "_")]) for key in conditions]
