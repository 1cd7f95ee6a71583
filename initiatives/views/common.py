"""Lookups and access checks shared by the initiative and expiry views."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from budgetnotes import access
from budgetnotes.choices import Role
from budgetnotes.models import BudgetRound
from initiatives.expiry import with_economy
from initiatives.models import ExpiryAssessment


def get_round(slug):
    return get_object_or_404(BudgetRound, slug=slug)


def get_assessment(request, slug, number):
    """The assessment, or 404 when it does not exist or the user may not see it."""
    return get_object_or_404(
        with_economy(ExpiryAssessment.objects.filter(access.visibility_q(request.user))),
        round__slug=slug,
        number=number,
    )


def is_editor_of(user, administration_id):
    """A Redaktør of the administration (the rule for initiatives and new assessments)."""
    if not access.has_role(user, Role.EDITOR):
        return False
    return user.is_superuser or user.administration_id == administration_id


def require(allowed):
    if not allowed:
        raise PermissionDenied
