"""Who may see and change what: the one rule every view, export, import and admin asks.

A note before *Fremsendt* is seen only by users of its own administration; from
*Fremsendt* on, by every logged-in user. Editors edit only their own administration's
drafts. Approvers move notes through the workflow within their administration.
"""

from django.db.models import Q

from budgetnotes.choices import PUBLISHED_STATUSES, Role, Status

EDITABLE_STATUSES = (Status.DRAFT,)


def visibility_q(user, prefix=""):
    """A Q object selecting what `user` may read, on notes and assessments alike.

    `prefix` reaches the note from a child row, e.g. "note__" or "line__note__".
    """
    if not (user and user.is_authenticated and user.is_active):
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    published = Q(**{f"{prefix}status__in": PUBLISHED_STATUSES})
    if user.administration_id is None:
        return published
    return published | Q(**{f"{prefix}administration_id": user.administration_id})


def editable_q(user, prefix=""):
    """A Q object selecting the notes (or assessments) `user` may change: the same rule as
    can_edit, for choice lists and querysets."""
    if not has_role(user, Role.EDITOR):
        return Q(pk__in=[])
    drafts = Q(**{f"{prefix}status__in": EDITABLE_STATUSES})
    if user.is_superuser:
        return drafts
    return drafts & Q(**{f"{prefix}administration_id": user.administration_id})


def can_view(user, obj):
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_superuser or obj.status in PUBLISHED_STATUSES:
        return True
    return user.administration_id is not None and obj.administration_id == user.administration_id


def has_role(user, role):
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or user.has_role(role)


def can_create(user):
    return has_role(user, Role.EDITOR) and (user.is_superuser or user.administration_id)


def can_edit(user, obj):
    """Editors change their own administration's drafts; nobody changes a sent note."""
    if not has_role(user, Role.EDITOR) or obj.status not in EDITABLE_STATUSES:
        return False
    return user.is_superuser or obj.administration_id == user.administration_id


def can_manage_workflow(user, obj):
    """Approvers approve, send and reopen within their own administration."""
    if not has_role(user, Role.APPROVER):
        return False
    return user.is_superuser or obj.administration_id == user.administration_id


def can_export_pdf(user, obj=None):
    allowed = (
        has_role(user, Role.SECRETARY)
        or has_role(user, Role.APPROVER)
        or has_role(user, Role.EDITOR)
    )
    return allowed and (obj is None or can_view(user, obj))


def can_export_xlsx(user, obj=None):
    allowed = (
        has_role(user, Role.ANALYST) or has_role(user, Role.APPROVER) or has_role(user, Role.EDITOR)
    )
    return allowed and (obj is None or can_view(user, obj))
