"""The *Udløb* sheet.

- Round workbook: the round's expiring appropriations, i.e. adopted, non-permanent notes
  (from any round) whose last year is the year before the round's first year — the money
  that runs out just before the round, the worklist of DOMAIN.md §3 — limited by the
  workbook's administration and committee filters and by what the reader may see; below
  them, the round's expiry assessments (number, title, origin, verdict, proposed total).
- Note workbook: the note itself, with its last year and whether it is permanent.

Amounts are the last year's, per steering area, in the workbook's price level.
"""

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from budgetnotes import totals
from budgetnotes.choices import Status
from budgetnotes.models import BudgetNote
from budgetnotes.workbook.selection import filter_notes

AREAS = ("service", "indsats", "overfoersler")


def expiring_notes(writer):
    selection = writer.selection
    if selection.note_code:
        return writer.notes_qs.with_economy().order_by("code")
    notes = BudgetNote.objects.filter(
        status=Status.ADOPTED, is_permanent=False, last_year=writer.round.first_year - 1
    )
    notes = selection.visible(notes)
    filters = {
        name: values
        for name, values in selection.filters.items()
        if name in ("administration", "committee")
    }
    return filter_notes(notes, filters).with_economy().order_by("round__year", "code")


def write_expiry(writer, sheet):
    styles = writer.styles
    selection = writer.selection
    target = selection.target_pl
    area_labels = writer.area_labels
    columns = [
        _("Notat"),
        _("Runde"),
        _("Titel"),
        _("Forvaltning"),
        _("Udvalg"),
        _("Status"),
        _("Sidste år"),
        _("Varig"),
        _("P/L (notat)"),
        *(_("%(area)s sidste år") % {"area": area_labels[area]} for area in AREAS),
        _("I alt sidste år"),
    ]
    if selection.note_code:
        title = _("Udløb – %(code)s") % {"code": selection.note_code}
    else:
        title = _("Udløbende bevillinger – %(round)s (sidste år %(year)s)") % {
            "round": writer.round.name,
            "year": writer.round.first_year - 1,
        }
    writer.header(sheet, title, columns, [9, 14, 48, 12, 9, 14, 10, 7, 10, 14, 14, 16, 14])
    row_styles = [None] * 9 + [styles.amount] * (len(AREAS) + 1)
    first = sheet.current_row + 1
    for note in expiring_notes(writer):
        table = note.economy_table()
        if target is not None and target != note.price_level:
            table = totals.table_in_prices(table, writer.indices, note.price_level, target)
        by_area = table.by_steering_area()
        last = note.last_year
        sheet.append(
            [
                note.code,
                note.round.name,
                note.title,
                note.administration.code,
                note.committee.code,
                writer.status_labels.get(note.status, note.status),
                last,
                _("Ja") if note.is_permanent else _("Nej"),
                note.price_level,
                *(by_area[area].year_totals[last] if area in by_area else None for area in AREAS),
                table.year_totals.get(last, 0),
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
