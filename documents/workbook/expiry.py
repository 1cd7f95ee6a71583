"""The *Udløb* sheet.

- Round workbook: the round's expiring appropriations, by the registry's one worklist rule
  (`initiatives.expiry.expiring_items`): adopted notes whose money ends the year before the
  round's first year — whole non-permanent notes, and funding lines of continuing notes whose
  last amount is in that year — limited by the workbook's administration and committee filters
  and by what the reader may see; below them, the round's expiry assessments (number, title,
  origin, verdict, proposed total in the proposal's own p/l).
- Note workbook: the note itself, with its last year and whether it is permanent.

Amounts are those of the expiring year, per steering area, in the workbook's price level.
"""

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from budgetnotes import totals

AREAS = ("service", "indsats", "overfoersler")


class _EveryNote:
    """Reads like a superuser for the access rule: the command line without --user."""

    is_authenticated = True
    is_active = True
    is_superuser = True
    administration_id = None


def expiring(writer):
    """(note, table, what expires, assessment number or None) for the sheet's rows."""
    selection = writer.selection
    if selection.note_code:
        for note in writer.notes_qs.with_economy().order_by("code"):
            yield note, note.economy_table(), None, None
        return
    from initiatives.expiry import expiring_items

    filters = selection.filters
    for item in expiring_items(writer.round, selection.user or _EveryNote()):
        note = item.note
        if (
            filters.get("administration")
            and note.administration.code not in filters["administration"]
        ):
            continue
        if filters.get("committee") and note.committee.code not in filters["committee"]:
            continue
        what = _("Hele notatet") if item.whole_note else _("Enkelte linjer")
        number = item.assessment.number if item.assessment_visible else None
        yield note, item.table, what, number


def write_expiry(writer, sheet):
    styles = writer.styles
    selection = writer.selection
    target = selection.target_pl
    area_labels = writer.area_labels
    year = writer.round.first_year - 1
    columns = [
        _("Notat"),
        _("Runde"),
        _("Titel"),
        _("Forvaltning"),
        _("Udvalg"),
        _("Status"),
        _("Udløber"),
        _("Sidste år"),
        _("Varig"),
        _("P/L (notat)"),
        *(_("%(area)s sidste år") % {"area": area_labels[area]} for area in AREAS),
        _("I alt sidste år"),
        _("Vurdering nr."),
    ]
    if selection.note_code:
        title = _("Udløb – %(code)s") % {"code": selection.note_code}
    else:
        title = _("Udløbende bevillinger – %(round)s (sidste år %(year)s)") % {
            "round": writer.round.name,
            "year": year,
        }
    writer.header(sheet, title, columns, [9, 14, 48, 12, 9, 14, 14, 10, 7, 10, 14, 14, 16, 14, 12])
    row_styles = [None] * 10 + [styles.amount] * (len(AREAS) + 1) + [None]
    first = sheet.current_row + 1
    for note, table, what, number in expiring(writer):
        if target is not None and target != note.price_level:
            table = totals.table_in_prices(table, writer.indices, note.price_level, target)
        last = note.last_year if what is None else year
        by_area = table.by_steering_area()
        sheet.append(
            [
                note.code,
                note.round.name,
                note.title,
                note.administration.code,
                note.committee.code,
                writer.status_labels.get(note.status, note.status),
                what or (_("Varig") if note.is_permanent else _("Efter %(year)s") % {"year": last}),
                last,
                _("Ja") if note.is_permanent else _("Nej"),
                note.price_level,
                *(
                    by_area[area].year_totals.get(last) if area in by_area else None
                    for area in AREAS
                ),
                table.year_totals.get(last, 0),
                number,
            ],
            row_styles,
        )
    last_row = max(sheet.current_row, first)
    sheet.auto_filter.ref = f"A{first - 1}:{get_column_letter(len(columns))}{last_row}"
    if selection.note_code:
        return
    write_assessments(writer, sheet)


def write_assessments(writer, sheet):
    from initiatives.models import ExpiryAssessment, ExpiryGroup, Verdict

    styles = writer.styles
    assessments = writer.selection.visible(
        ExpiryAssessment.objects.filter(round=writer.round)
    ).prefetch_related("economy_lines__amounts", "economy_lines__administration")
    groups = dict(ExpiryGroup.choices)
    verdicts = dict(Verdict.choices)
    sheet.append([])
    sheet.append(
        [_("Vurderinger af bevillingsudløb i runden (forslagenes eget p/l)")], [styles.bold]
    )
    sheet.append(
        [
            _("Nr."),
            _("Titel"),
            _("Oprindelse"),
            _("Gruppe"),
            _("Vurdering"),
            _("Status"),
            _("P/L (forslag)"),
            _("Foreslået i alt"),
        ],
        [styles.header] * 8,
    )
    for assessment in assessments.order_by("number"):
        proposed = assessment.proposed_table
        sheet.append(
            [
                assessment.number,
                assessment.title,
                assessment.origin,
                str(groups.get(assessment.group, assessment.group)),
                str(verdicts.get(assessment.verdict, "")) or None,
                writer.status_labels.get(assessment.status, assessment.status),
                assessment.proposed_price_level,
                proposed.grand_total if proposed.lines else None,
            ],
            [None] * 7 + [styles.amount],
        )
