"""The work-queue pages (budgetnotes.queues): a list of the notes waiting for the user."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from budgetnotes import queues
from budgetnotes.pages.lookup import load_roles


@login_required
def queue_view(request, key):
    user = load_roles(request.user)
    notes = queues.notes(user, key) if key in queues.QUEUES else None
    if notes is None:
        raise Http404("Den liste har du ikke.")
    return render(
        request,
        "budgetnotes/queue.html",
        {"key": key, "heading": queues.QUEUES[key], "notes": list(notes[:500])},
    )
