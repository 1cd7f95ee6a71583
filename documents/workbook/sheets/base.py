"""What every sheet shares: rows, the header block and the `Sheet` a sheet module subclasses.

A sheet is a row iterator, as pretix's exporters are: `Sheet.header_rows()`, then
`Sheet.rows()`, yield its rows (values, styles, formulas) from the workbook's
`WorkbookContents`, and `package` writes them. A sheet counts the rows it yields
(`last_row`), so its formulas can name the cells above.
"""

from collections.abc import Sequence
from typing import NamedTuple

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from budgetnotes.choices import Category, Status, SteeringArea

HEADER_ROWS = 5  # title, round, filters, price level, made when and by whom
TABLE_HEADER_ROW = HEADER_ROWS + 2  # one blank row between
FIRST_DATA_ROW = TABLE_HEADER_ROW + 1
PRICES_SHEET = "Prisindeks"


class Row(NamedTuple):
    """One row: cell values (None, int, float, str or xlsx.Formula) and their style ids."""

    values: list
    styles: Sequence | None = None

    def write_to(self, sheet):
        sheet.append(self.values, self.styles)


class SharedStartRows(NamedTuple):
    """Rows that begin with the same cells (`start`, serialised once), one per tail."""

    start: list
    tails: list
    styles: Sequence | None = None  # of the tails' cells

    def write_to(self, sheet):
        prepared = sheet.prepare(self.start)
        for tail in self.tails:
            sheet.append_prepared(prepared, tail, self.styles)


def column_letters(first_column, count):
    return [get_column_letter(first_column + index) for index in range(count)]


def workbook_price_text(contents):
    """The header block's price level: the target p/l, the notes' one p/l, or their several."""
    target = contents.target_pl
    if target is not None:
        return _(
            "1.000 kr., %(year)s p/l (omregnet med prisindekset »%(set)s«, se arket %(sheet)s)"
        ) % {"year": target, "set": contents.index_set, "sheet": PRICES_SHEET}
    levels = sorted({note["price_level"] for note in contents.notes.values()})
    if len(levels) == 1:
        return _("1.000 kr., %(year)s p/l") % {"year": levels[0]}
    if not levels:
        return _("1.000 kr.")
    return _(
        "1.000 kr., notaternes eget p/l (%(levels)s) – vælg et prisniveau for at lægge "
        "beløb i forskellige p/l sammen"
    ) % {"levels": ", ".join(str(level) for level in levels)}


class Sheet:
    """One worksheet. A subclass sets `name` (and `freeze`, `table_name` where needed), sets
    `title`, `columns` and `widths` in `__init__` and yields its rows from `rows()`, each made
    by `row()` or `shared_start_rows()`; it calls `end_filter()` where its autofilter ends."""

    name = ""
    freeze = "A"  # the first column that scrolls; the rows above FIRST_DATA_ROW never do
    table_name: str | None = None  # an Excel table over the column row and the rows below it

    @classmethod
    def wanted(cls, contents):
        """Whether the workbook of `contents` has this sheet."""
        return True

    def __init__(self, contents, styles):
        self.contents = contents
        self.styles = styles
        self.title = ""
        self.columns = []
        self.widths = []
        self.price_text = None  # the header's price level; None: the workbook's
        self.last_row = 0
        self.filter_end = None  # the autofilter's last row; None: no autofilter
        self.status_labels = {value: str(label) for value, label in Status.choices}
        self.category_labels = {value: str(label) for value, label in Category.choices}
        self.area_labels = {value: str(label) for value, label in SteeringArea.choices}

    def rows(self):
        raise NotImplementedError

    def row(self, values, styles=None):
        self.last_row += 1
        return Row(values, styles)

    def shared_start_rows(self, start, tails, styles=None):
        self.last_row += len(tails)
        return SharedStartRows(start, tails, styles)

    def end_filter(self):
        """The autofilter covers the rows so far (at least the first data row)."""
        self.filter_end = max(self.last_row, FIRST_DATA_ROW)

    def header_rows(self):
        """The header block (title, round, filters, price level, made) and the column row."""
        contents = self.contents
        selection = contents.selection
        price_text = self.price_text or workbook_price_text(contents)
        yield self.row([self.title], [self.styles.title])
        yield self.row([_("Runde: %(round)s") % {"round": contents.round.name}])
        yield self.row([_("Udvalgt: %(filters)s") % {"filters": selection.filter_text}])
        yield self.row([_("Prisniveau: %(text)s") % {"text": price_text}])
        yield self.row([_("Dannet: %(made)s") % {"made": selection.made_text}])
        yield self.row([])
        yield self.row(list(self.columns), [self.styles.header] * len(self.columns))
