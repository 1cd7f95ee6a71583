"""The *Tidligere afsatte midler* sheet: the notes' previously allocated funds in løbende p/l
(never converted), with *Afsatte midler i alt* per note as SUM formulas."""

from django.utils.translation import gettext as _

from budgetnotes import totals
from documents.workbook.sheets.base import Sheet, column_letters
from documents.workbook.xlsx import Formula, sum_of


class AllocationsSheet(Sheet):
    name = "Tidligere afsatte midler"
    freeze = "C"

    def __init__(self, contents, styles):
        super().__init__(contents, styles)
        years = {year for _note, table in contents.allocations for year in table.years}
        self.years = tuple(range(min(years), max(years) + 1)) if years else ()
        self.title = _("Tidligere afsatte midler – %(round)s") % {"round": contents.round.name}
        self.columns = [_("Notat"), _("Kilde"), *(str(year) for year in self.years), _("I alt")]
        self.widths = [9, 40, *([11] * len(self.years)), 12]
        self.price_text = _("1.000 kr., løbende p/l (omregnes ikke)")
        self.letters = column_letters(3, len(self.years) + 1)  # the years' and I alt
        amounts = len(self.years) + 1
        self.line_styles = [None, None] + [styles.amount] * amounts
        self.total_styles = [None, styles.bold] + [styles.amount_bold] * amounts

    def rows(self):
        *year_letters, total_letter = self.letters
        for note, table in self.contents.allocations:
            first = self.last_row + 1
            for line in table.lines:
                number = self.last_row + 1
                cells = line.cells(self.years)
                total = (
                    Formula(
                        f"SUM({year_letters[0]}{number}:{year_letters[-1]}{number})",
                        sum_of(cells),
                    )
                    if year_letters
                    else None
                )
                yield self.row([note["code"], line.label, *cells, total], self.line_styles)
            last = self.last_row
            in_span = set(table.years)
            sums = totals.Table(self.years, table.lines)
            cells = [
                Formula(f"SUM({letter}{first}:{letter}{last})", value) if year in in_span else None
                for letter, year, value in zip(
                    year_letters, self.years, sums.total_cells, strict=True
                )
            ]
            yield self.row(
                [
                    note["code"],
                    _("Afsatte midler i alt"),
                    *cells,
                    Formula(f"SUM({total_letter}{first}:{total_letter}{last})", sums.grand_total),
                ],
                self.total_styles,
            )
        self.end_filter()
