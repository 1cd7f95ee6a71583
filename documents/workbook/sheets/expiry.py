"""The *Udløb* sheet.

- Round workbook: the round's expiring appropriations, by the registry's one worklist rule
  (`initiatives.expiry.expiring_items`): adopted notes whose money ends the year before the
  round's first year — whole non-permanent notes, and funding lines of continuing notes whose
  last amount is in that year — limited by the workbook's administration and committee filters
  and by what the reader may see; below them, the round's expiry assessments (number, title,
  origin, verdict, proposed total in the proposal's own p/l).
- Note workbook: the note itself, with its last year and whether it is permanent.

Amounts are those of the expiring year, per steering area, in the workbook's price level. This
sheet reads through the worklist rule itself, so its queries are its own, not `queries`'.
"""

from django.utils.translation import gettext as _

from budgetnotes import totals
from documents.workbook.sheets.base import Sheet
from initiatives.expiry import expiring_items
from initiatives.expiry.queries import ECONOMY
from initiatives.models import ExpiryAssessment, ExpiryGroup, Verdict

AREAS = ("service", "indsats", "overfoersler")


class _EveryNote:
    """Reads like a superuser for the access rule: the command line without --user."""

    is_authenticated = True
    is_active = True
    is_superuser = True
    administration_id = None


class ExpirySheet(Sheet):
    name = "Udløb"

    def __init__(self, contents, styles):
        super().__init__(contents, styles)
        self.year = contents.round.first_year - 1
        self.columns = [
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
            *(_("%(area)s sidste år") % {"area": self.area_labels[area]} for area in AREAS),
            _("I alt sidste år"),
            _("Vurdering nr."),
        ]
        self.widths = [9, 14, 48, 12, 9, 14, 14, 10, 7, 10, 14, 14, 16, 14, 12]
        if contents.selection.note_code:
            self.title = _("Udløb – %(code)s") % {"code": contents.selection.note_code}
        else:
            self.title = _("Udløbende bevillinger – %(round)s (sidste år %(year)s)") % {
                "round": contents.round.name,
                "year": self.year,
            }

    def rows(self):
        row_styles = [None] * 10 + [self.styles.amount] * (len(AREAS) + 1) + [None]
        for note, table, what, number in self.expiring():
            yield self.row(self.expiring_cells(note, table, what, number), row_styles)
        self.end_filter()
        if not self.contents.selection.note_code:
            yield from self.assessment_rows()

    def expiring(self):
        """(note, table, what expires, assessment number or None) for the sheet's rows."""
        contents = self.contents
        selection = contents.selection
        if selection.note_code:
            for note in contents.notes_qs.with_economy().order_by("code"):
                yield note, note.economy_table(), None, None
            return
        filters = selection.filters
        for item in expiring_items(contents.round, selection.user or _EveryNote()):
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

    def expiring_cells(self, note, table, what, number):
        target = self.contents.target_pl
        if target is not None and target != note.price_level:
            table = totals.table_in_prices(table, self.contents.indices, note.price_level, target)
        last = note.last_year if what is None else self.year
        by_area = table.by_steering_area()
        return [
            note.code,
            note.round.name,
            note.title,
            note.administration.code,
            note.committee.code,
            self.status_labels.get(note.status, note.status),
            what or (_("Varig") if note.is_permanent else _("Efter %(year)s") % {"year": last}),
            last,
            _("Ja") if note.is_permanent else _("Nej"),
            note.price_level,
            *(by_area[area].year_totals.get(last) if area in by_area else None for area in AREAS),
            table.year_totals.get(last, 0),
            number,
        ]

    def assessment_rows(self):
        """The round's expiry assessments, in the proposals' own price levels."""
        styles = self.styles
        assessments = self.contents.selection.visible(
            ExpiryAssessment.objects.filter(round=self.contents.round)
        ).prefetch_related(*ECONOMY)
        groups = dict(ExpiryGroup.choices)
        verdicts = dict(Verdict.choices)
        yield self.row([])
        yield self.row(
            [_("Vurderinger af bevillingsudløb i runden (forslagenes eget p/l)")], [styles.bold]
        )
        columns = [
            _("Nr."),
            _("Titel"),
            _("Oprindelse"),
            _("Gruppe"),
            _("Vurdering"),
            _("Status"),
            _("P/L (forslag)"),
            _("Foreslået i alt"),
        ]
        yield self.row(columns, [styles.header] * len(columns))
        row_styles = [None] * 7 + [styles.amount]
        for assessment in assessments.order_by("number"):
            proposed = assessment.proposed_table
            yield self.row(
                [
                    assessment.number,
                    assessment.title,
                    assessment.origin,
                    str(groups.get(assessment.group, assessment.group)),
                    str(verdicts.get(assessment.verdict, "")) or None,
                    self.status_labels.get(assessment.status, assessment.status),
                    assessment.proposed_price_level,
                    proposed.grand_total if proposed.lines else None,
                ],
                row_styles,
            )
