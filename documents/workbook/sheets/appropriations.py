"""The *Bevillinger* sheet: one row per funding line, with SUM-formula subtotals.

The lines that count come first, grouped by steering area and committee (as
`queries.line_rows` orders them): a subtotal per committee within a steering area, one per
steering area, the grand total *I alt* and *Fordeling mellem udvalg* (each committee's
subtotals added up). Alternative scenarios follow, listed but not counted.
"""

from collections import defaultdict
from itertools import groupby
from operator import attrgetter

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from budgetnotes import totals
from documents.workbook.sheets.base import Sheet, column_letters
from documents.workbook.xlsx import Formula, sum_of

TEXT_COLUMNS = 7  # Notat … I/U, then one column per year and I alt
_area = attrgetter("line.steering_area")
_committee = attrgetter("line.committee")


def _cells(rows):
    """A SUM over these rows' cells of a column (by its letter); SUM(0) for none."""
    return lambda letter: ",".join(f"{letter}{row}" for row in rows) if rows else "0"


class AppropriationsSheet(Sheet):
    name = "Bevillinger"
    freeze = "D"

    def __init__(self, contents, styles):
        super().__init__(contents, styles)
        years = contents.years
        self.title = _("Bevillinger – %(round)s") % {"round": contents.round.name}
        self.columns = [
            _("Notat"),
            _("Scenarie"),
            _("Aktivitet"),
            _("Styringsområde"),
            _("Udvalg"),
            _("Bevilling"),
            _("I/U"),
            *(str(year) for year in years),
            _("I alt"),
        ]
        self.widths = [9, 14, 48, 16, 9, 12, 5, *([11] * len(years)), 12]
        self.year_letters = letters = column_letters(TEXT_COLUMNS + 1, len(years))
        self.line_span = (letters[0], letters[-1]) if letters else (None, None)
        self.total_letter = get_column_letter(TEXT_COLUMNS + len(years) + 1)
        amounts = len(years) + 1
        self.line_styles = [None] * TEXT_COLUMNS + [styles.amount] * amounts
        bold = styles.bold
        self.total_styles = [None, None, bold, bold, bold, None, None]
        self.total_styles += [styles.amount_bold] * amounts
        self.heading_styles = [None, None, bold]

    def rows(self):
        yield from self.counted_rows()
        if self.contents.alternative_lines:
            yield self.row([])
            yield self.row(
                [None, None, _("Alternative scenarier (indgår ikke i totalerne)")],
                self.heading_styles,
            )
            for row in self.contents.alternative_lines:
                yield self.line_row(row)
        self.end_filter()

    def counted_rows(self):
        """The lines that count with their subtotals, the grand total and the distribution.
        Each SUM carries its value, the sum of the same lines by budgetnotes.totals."""
        area_totals = []
        all_lines = []
        committee_totals = defaultdict(list)  # committee → its subtotal rows (all areas)
        committee_lines = defaultdict(list)
        committee_areas = defaultdict(list)  # committee → [(area, its subtotal row, lines)]
        for area, area_lines in groupby(self.contents.primary_lines, key=_area):
            subtotals = []
            in_area = []
            for committee, rows in groupby(area_lines, key=_committee):
                first = self.last_row + 1
                lines = []
                for row in rows:
                    yield self.line_row(row)
                    lines.append(row.line)
                yield self.committee_total(committee, area, first, self.last_row, lines)
                subtotals.append(self.last_row)
                committee_totals[committee].append(self.last_row)
                committee_lines[committee] += lines
                committee_areas[committee].append((area, self.last_row, lines))
                in_area += lines
            label = self.area_labels.get(area, area)
            yield self.sum_row(
                [_("%(area)s i alt") % {"area": label}, label], _cells(subtotals), in_area
            )
            area_totals.append(self.last_row)
            all_lines += in_area
        yield self.sum_row([_("I alt")], _cells(area_totals), all_lines)
        if committee_totals:
            yield self.row([])
            yield self.row([None, None, _("Fordeling mellem udvalg")], self.heading_styles)
            for committee in sorted(committee_totals):
                # As the note's PDF prints it: the committee's money per steering area, then
                # the committee in all.
                for area, subtotal, lines in committee_areas[committee]:
                    label = self.area_labels.get(area, area)
                    yield self.sum_row(
                        [f"{committee}, {label}", label, committee],
                        lambda letter, row=subtotal: f"{letter}{row}",
                        lines,
                        bold=False,
                    )
                yield self.sum_row(
                    [_("%(committee)s i alt") % {"committee": committee}, None, committee],
                    _cells(committee_totals[committee]),
                    committee_lines[committee],
                )

    def line_row(self, row):
        note, scenario, line = row
        number = self.last_row + 1
        first, last = self.line_span
        cells = line.cells(self.contents.years)
        return self.row(
            [
                note["code"],
                scenario,
                line.label,
                self.area_labels.get(line.steering_area, line.steering_area),
                line.committee,
                line.appropriation,
                line.income_expense,
                *cells,
                Formula(f"SUM({first}{number}:{last}{number})", sum_of(cells)),
            ],
            self.line_styles,
        )

    def committee_total(self, committee, area, first, last, lines):
        label = self.area_labels.get(area, area)
        return self.sum_row(
            [
                _("%(committee)s i alt (%(area)s)") % {"committee": committee, "area": label},
                label,
                committee,
            ],
            lambda letter: f"{letter}{first}:{letter}{last}",
            lines,
        )

    def sum_row(self, label_parts, cells_of, lines, bold=True):
        """A (bold) total row: labels from column C, a SUM(cells_of(letter)) per amount
        column, each with its value: the year totals of `lines` (the lines those cells hold)."""
        table = totals.Table(tuple(self.contents.years), tuple(lines))
        year_totals = table.total_cells
        row = [None, None, *label_parts]
        row += [None] * (TEXT_COLUMNS - len(row))
        row += [
            Formula(f"SUM({cells_of(letter)})", value)
            for letter, value in zip(self.year_letters, year_totals, strict=True)
        ]
        row.append(
            Formula(f"SUM({cells_of(self.total_letter)})", table.grand_total)
            if self.year_letters
            else None
        )
        return self.row(row, self.total_styles if bold else self.line_styles)
