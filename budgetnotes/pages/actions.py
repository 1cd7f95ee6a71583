"""Workflow actions on a note (POST); those that lock, unlock or close a note are confirmed
on a page of their own first (GET)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from budgetnotes import access, workflow
from budgetnotes.pages.lookup import note_or_404
from budgetnotes.pages.notes import CONFIRMED_ACTIONS

EXPLANATIONS = {
    "send": "Notatet bliver fremsendt og låst. Alle brugere kan derefter læse det, og det kan "
    "kun ændres, hvis en godkender genåbner det.",
    "adopt": "Notatet markeres som vedtaget i budgetforhandlingerne.",
    "reject": "Notatet markeres som ikke vedtaget i budgetforhandlingerne.",
    "reopen": "Notatet bliver en kladde igen, som redaktørerne kan ændre. Hvis det var "
    "fremsendt, kan andre forvaltninger ikke længere se det.",
}


@login_required
@require_http_methods(["GET", "POST"])
def note_action(request, slug, code, action):
    note = note_or_404(request, slug, code)
    transition = workflow.TRANSITIONS.get(action)
    if transition is None:
        raise Http404("Ukendt handling.")
    if not workflow.allowed(request.user, note, transition):
        if note.status not in transition.sources and access.can_manage_workflow(request.user, note):
            messages.error(
                request,
                f"Handlingen „{transition.label}“ kan ikke bruges, når status er "
                f"{note.get_status_display()}.",
            )
            return redirect(note)
        raise PermissionDenied(f"Du har ikke ret til at {str(transition.label).lower()}.")
    if request.method == "GET":
        return render(
            request,
            "budgetnotes/note_action_confirm.html",
            {
                "note": note,
                "round": note.round,
                "transition": transition,
                "explanation": EXPLANATIONS.get(action, ""),
                "needs_confirmation": action in CONFIRMED_ACTIONS,
            },
        )
    try:
        workflow.apply(request.user, note, action)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"{note.code}: {transition.label} – status er nu {note.get_status_display()}."
        )
    return redirect(note)
