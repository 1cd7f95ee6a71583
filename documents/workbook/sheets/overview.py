"""The *Oversigt* sheet: one row per note with its totals per steering area and year, per
year and in all (from `budgetnotes.totals`), then a total row of SUM formulas."""

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from budgetnotes import totals
from documents.workbook.queries import AREA_ORDER
from documents.workbook.sheets.base import FIRST_DATA_ROW, Sheet
from documents.workbook.xlsx import Formula, sum_of

TEXT_COLUMNS = ("Notat", "Titel", "Forvaltning", "Udvalg", "Kategori", "Status", "P/L")


class OverviewSheet(Sheet):
    name = "Oversigt"
    freeze = "C"

    def __init__(self, contents, styles):
        super().__init__(contents, styles)
        years = contents.years
        present = {row.line.steering_area for row in contents.primary_lines}
        self.areas = [area for area in AREA_ORDER if area in present]
        self.title = _("Oversigt – %(round)s") % {"round": contents.round.name}
        self.columns = [_(name) for name in TEXT_COLUMNS]
        for area in self.areas:
            self.columns += [f"{self.area_labels[area]} {year}" for year in years]
        self.columns += [_("I alt %(year)s") % {"year": year} for year in years]
        self.columns.append(_("I alt"))
        self.amount_columns = len(self.columns) - len(TEXT_COLUMNS)
        self.widths = [9, 48, 12, 9, 22, 14, 7, *([11] * (self.amount_columns - 1)), 12]

    def rows(self):
        styles = self.styles
        amounts = self.amount_columns
        note_styles = [None] * len(TEXT_COLUMNS) + [styles.amount] * amounts
        note_lines = self.contents.note_lines
        sums = [0] * amounts  # what each amount column's SUM comes to
        for note_id, note in self.contents.notes.items():
            cells = self.note_cells(note, note_lines.get(note_id, ()))
            amounts_of_note = cells[len(TEXT_COLUMNS) :]
            sums = [
                total + sum_of([value]) for total, value in zip(sums, amounts_of_note, strict=True)
            ]
            yield self.row(cells, note_styles)
        first, last = FIRST_DATA_ROW, self.last_row
        self.end_filter()
        total_row = [None, _("I alt"), None, None, None, None, None]
        for index in range(amounts):
            letter = get_column_letter(len(TEXT_COLUMNS) + 1 + index)
            total_row.append(
                Formula(f"SUM({letter}{first}:{letter}{last})", sums[index]) if last >= first else 0
            )
        yield self.row(total_row, [None, styles.bold, *[None] * 5, *[styles.amount_bold] * amounts])

    def note_cells(self, note, lines):
        years = self.contents.years
        table = totals.Table(tuple(range(note["first_year"], note["last_year"] + 1)), tuple(lines))
        by_area = table.by_steering_area()
        year_totals = table.year_totals
        cells = [
            note["code"],
            note["title"],
            note["administration"],
            note["committee"],
            self.category_labels.get(note["category"], note["category"]) or None,
            self.status_labels.get(note["status"], note["status"]),
            note["price_level"],
        ]
        for area in self.areas:
            area_totals = by_area[area].year_totals if area in by_area else {}
            cells += [area_totals.get(year) for year in years]
        cells += [year_totals.get(year) for year in years]
        cells.append(table.grand_total)
        return cells
