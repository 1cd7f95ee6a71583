"""Workbook downloads: login required; 403 without the export right; 404 for an unknown
round or a note the user may not see. Notes the user may not read are never in a workbook."""

import tempfile

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.utils.html import format_html
from django.utils.translation import gettext as _

from budgetnotes import totals
from budgetnotes.access import can_export_xlsx
from budgetnotes.models import BudgetNote, BudgetRound
from documents.workbook import stored
from documents.workbook.api import (
    XLSX_CONTENT_TYPE,
    Selection,
    SelectionError,
    parse_filters,
    parse_price_level,
    user_label,
    write_workbook,
)
from operations import access as access_log


def _bad_request(request, message):
    back = request.headers.get("referer") or "javascript:history.back()"
    return HttpResponseBadRequest(
        format_html(
            '<!doctype html><html lang="da"><head><meta charset="utf-8">'
            "<title>{}</title></head><body><h1>{}</h1><p>{}</p>"
            '<p><a href="{}">{}</a></p></body></html>',
            _("Excel-filen kunne ikke dannes"),
            _("Excel-filen kunne ikke dannes"),
            message,
            back,
            _("Tilbage"),
        )
    )


def _respond(request, selection):
    """The kept workbook of this selection while nothing it shows has changed
    (documents.workbook.stored), else a new one, kept for the next download."""
    workbook_key = stored.key(selection)
    handle = stored.find(workbook_key)
    if handle is None:
        handle = tempfile.TemporaryFile()  # noqa: SIM115 (closed by FileResponse)
        try:
            write_workbook(selection, handle)
            stored.keep(workbook_key, request.user, handle)
        except (totals.MissingPriceIndex, SelectionError) as error:
            handle.close()
            return _bad_request(request, str(error))
        except BaseException:
            handle.close()
            raise
    access_log.record(
        request,
        access_log.Action.WORKBOOK,
        f"Excel-fil hentet ({selection.filename})",
        selection.round,
        label=" · ".join(filter(None, [str(selection.round), selection.note_code])),
    )
    response = FileResponse(
        handle, as_attachment=True, filename=selection.filename, content_type=XLSX_CONTENT_TYPE
    )
    response["Cache-Control"] = "private, no-cache"
    return response


def _selection(request, budget_round, **kwargs):
    return Selection(
        round=budget_round,
        user=request.user,
        target_pl=parse_price_level(request.GET.get("pl")),
        made_by=user_label(request.user),
        **kwargs,
    )


@login_required
def note_xlsx(request, slug, code):
    if not can_export_xlsx(request.user):
        raise PermissionDenied(_("Du har ikke adgang til at hente Excel-filer."))
    note = get_object_or_404(
        BudgetNote.objects.visible_to(request.user).select_related("round"),
        round__slug=slug,
        code=code,
    )
    try:
        selection = _selection(request, note.round, note_code=note.code)
    except SelectionError as error:
        return _bad_request(request, str(error))
    return _respond(request, selection)


@login_required
def round_xlsx(request, slug):
    if not can_export_xlsx(request.user):
        raise PermissionDenied(_("Du har ikke adgang til at hente Excel-filer."))
    budget_round = get_object_or_404(BudgetRound, slug=slug)
    try:
        selection = _selection(request, budget_round, filters=parse_filters(request.GET))
    except SelectionError as error:
        return _bad_request(request, str(error))
    return _respond(request, selection)
