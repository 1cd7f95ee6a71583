"""The *Konverteringer* sheet: the funds each note asks to convert (earlier money put to a new
use), over their own years and in their own price basis as the note prints them (løbende p/l
or a year; never converted), with *Konverterede midler i alt* per note as SUM formulas."""

from django.utils.translation import gettext as _

from budgetnotes import totals
from documents.workbook.sheets.base import Sheet, column_letters
from documents.workbook.xlsx import Formula, sum_of

TEXT_COLUMNS = 4  # Notat, Bevilling der konverteres, Styringsområde, P/L


class ConversionsSheet(Sheet):
    name = "Konverteringer"
    freeze = "C"

    @classmethod
    def wanted(cls, contents):
        return bool(contents.converted_funds)

    def __init__(self, contents, styles):
        super().__init__(contents, styles)
        years = {year for _note, table, _basis in contents.converted_funds for year in table.years}
        self.years = tuple(range(min(years), max(years) + 1)) if years else ()
        self.title = _("Konverteringer – %(round)s") % {"round": contents.round.name}
        self.columns = [
            _("Notat"),
            _("Bevilling der konverteres"),
            _("Styringsområde"),
            _("P/L"),
            *(str(year) for year in self.years),
            _("I alt"),
        ]
        self.widths = [9, 44, 16, 12, *([11] * len(self.years)), 12]
        self.price_text = _(
            "1.000 kr., i hvert notats eget prisgrundlag for konverteringer (kolonnen P/L; "
            "omregnes ikke)"
        )
        self.letters = column_letters(TEXT_COLUMNS + 1, len(self.years) + 1)
        amounts = len(self.years) + 1
        self.line_styles = [None] * TEXT_COLUMNS + [styles.amount] * amounts
        self.total_styles = [None, styles.bold, None, None] + [styles.amount_bold] * amounts

    def rows(self):
        *year_letters, total_letter = self.letters
        for note, table, basis in self.contents.converted_funds:
            price = _("løbende p/l") if basis is None else _("%(year)s p/l") % {"year": basis}
            first = self.last_row + 1
            for line in table.lines:
                number = self.last_row + 1
                cells = line.cells(self.years)
                total = Formula(
                    f"SUM({year_letters[0]}{number}:{year_letters[-1]}{number})", sum_of(cells)
                )
                area = self.area_labels.get(line.steering_area, line.steering_area) or None
                yield self.row(
                    [note["code"], line.label, area, price, *cells, total], self.line_styles
                )
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
                    _("Konverterede midler i alt"),
                    None,
                    price,
                    *cells,
                    Formula(f"SUM({total_letter}{first}:{total_letter}{last})", sums.grand_total),
                ],
                self.total_styles,
            )
        self.end_filter()
