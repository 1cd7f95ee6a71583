"""Finding a note for a page: invisible → 404, not allowed → 403 (budgetnotes.access decides)."""

from django.core.exceptions import PermissionDenied
from django.db.models import prefetch_related_objects
from django.http import Http404

from budgetnotes import access
from budgetnotes.models import BudgetNote


def load_roles(user):
    """Read the user's roles (groups) once per request; access asks for them many times."""
    if user.is_authenticated and not hasattr(user, "_prefetched_objects_cache"):
        prefetch_related_objects([user], "groups")
    return user


def note_or_404(request, slug, code, queryset=None):
    load_roles(request.user)
    queryset = BudgetNote.objects.all() if queryset is None else queryset
    note = queryset.filter(round__slug=slug, code=code).first()
    if note is None or not access.can_view(request.user, note):
        raise Http404("Notatet findes ikke, eller du kan ikke se det.")
    return note


def editable_note_or_403(request, slug, code, queryset=None):
    note = note_or_404(request, slug, code, queryset)
    if not access.can_edit(request.user, note):
        raise PermissionDenied("Du kan ikke redigere dette notat.")
    return note
