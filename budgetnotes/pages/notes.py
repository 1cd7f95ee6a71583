"""A note's page: everything the printed note has (docs/domain.md §4), in the same order."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from budgetnotes import access, limits, totals, visits, workflow
from budgetnotes.models import BudgetNote, District
from budgetnotes.pages.comments import comments_context
from budgetnotes.pages.lookup import note_or_404
from budgetnotes.pages.rounds import price_levels
from budgetnotes.pages.starting import can_copy
from budgetnotes.presentation import PART_LABEL, note_layout
from operations import access as access_log


# Actions that lock, unlock or close a note are confirmed on a page of their own.
def source_assessment(user, note):
    """The expiry assessment this note follows up, if the user may read it. Reached by the
    link's reverse name, so the note domain imports nothing of the expiry app above it."""
    assessment = getattr(note, "source_assessment", None)
    return assessment if assessment is not None and access.can_view(user, assessment) else None


def copied_from(user, note):
    """The note this one is a copy of, if the user may read it."""
    source = note.copied_from if note.copied_from_id else None
    return source if source is not None and access.can_view(user, source) else None


def missing_appropriations(note):
    """(line number, what) for each line, or shared line's part, without an appropriation:
    the appendix prints those blank."""
    missing = []
    for index, line in enumerate(note.funding_lines.all(), start=1):
        parts = list(line.parts.all())
        if parts:
            missing += [
                (index, f"{line.activity}, {PART_LABEL.format(name=part.committee.code)}")
                for part in parts
                if not part.appropriation_area_id
            ]
        elif not line.appropriation_area_id:
            missing.append((index, line.activity))
    return missing


@login_required
def note_detail(request, slug, code):
    note = note_or_404(request, slug, code, BudgetNote.objects.with_everything())
    visits.record_visit(request.user, note)  # for "Siden jeg sidst kiggede" (compare page)
    access_log.record(request, access_log.Action.VIEW, "Budgetnotat læst", note)
    return render_note(request, note, comments_context(request.user, note))


def render_note(request, note, extra, status=200):
    """The note's page; `extra` is its comments panel (pages.comments.comments_context)."""
    economy = note.economy_table()
    ticked = {district.pk for district in note.districts.all()}
    actions = [{"name": t.name, "label": t.label} for t in workflow.available(request.user, note)]
    context = {
        "note": note,
        "round": note.round,
        "layout": note_layout(note),
        "source_assessment": source_assessment(request.user, note),
        "by_area": economy.by_steering_area(),
        "discrepancies": totals.decision_discrepancies(note.decision, economy),
        "districts": [(district, district.pk in ticked) for district in District.objects.all()],
        "can_edit": access.can_edit(request.user, note),
        "can_export_pdf": access.can_export_pdf(request.user, note),
        "can_export_xlsx": access.can_export_xlsx(request.user, note),
        "can_copy": can_copy(request.user, note),
        "missing_appropriations": missing_appropriations(note),
        "copied_from": copied_from(request.user, note),
        "actions": actions,
        **extra,
        "open_comments": sum(thread.comment.is_open for thread in extra["threads"]),
        "comment_chars": limits.COMMENT_CHARS,
    }
    if context["can_export_xlsx"]:  # the workbook's price levels (one query)
        context["price_levels"] = price_levels()
        context["own_prices"] = f"Notatets eget prisniveau ({note.price_level} p/l)"
    return render(request, "budgetnotes/note_detail.html", context, status=status)
