"""The review sheet of a note: its comments listed for a meeting, as a PDF (the note's own
PDF never prints comments). Only for a reader of the note with the right to print."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.cache import never_cache

from budgetnotes import access, comments
from budgetnotes.models import BudgetNote
from budgetnotes.pages.lookup import note_or_404
from documents.pdf import bounded
from operations import access as access_log


@login_required
@never_cache
def review_sheet_pdf(request, slug, code):
    """The note's comments for a meeting: every thread with its place, writers, dates,
    replies and state, as a PDF (the note's own PDF never prints comments)."""
    note = note_or_404(
        request, slug, code, BudgetNote.objects.select_related("round", "administration")
    )
    if not access.can_export_pdf(request.user, note):
        raise PermissionDenied("Du har ikke ret til at udskrive PDF.")
    threads = comments.threads(note, request.user)
    if not threads:
        raise Http404("Notatet har ingen kommentarer.")
    html = render_to_string(
        "pdf/review_sheet.html",
        {
            "note": note,
            "threads": threads,
            "open": sum(thread.comment.is_open for thread in threads),
            "printed_at": timezone.localtime(),
        },
    )
    pdf = bounded.render_pdf(html)
    access_log.record(request, access_log.Action.PDF, "Kommentarark hentet", note)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{note.code}-kommentarer.pdf"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
