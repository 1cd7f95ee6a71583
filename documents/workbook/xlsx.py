"""A streaming worksheet for openpyxl's write-only workbook, with a lean row serialiser.

openpyxl builds the package (workbook, styles, tables, sheet views, column widths, autofilter,
calcPr); `StreamingSheet` writes the rows of `<sheetData>` as XML text straight to a temporary
file, about ten times faster than openpyxl's per-cell writer (a 5,000-note round has well over
two million cells). The rules that make it safe:

- a `str` is always written as an inline *string*, never as a formula, so a title such as
  `=HYPERLINK("http://x","y")` stays text; text that Excel would read as a formula when the
  cell is edited (starting with = + - @, a tab or a line break) also gets the quote-prefix
  style, the equivalent of typing an apostrophe first;
- formulas are only written from `Formula` values, which the workbook code builds itself;
- characters XML cannot hold (control characters) are dropped.

Like openpyxl's own write-only sheets: set column widths, frozen panes and the like before the
first `append`; set `auto_filter.ref` and tables before the workbook is saved.
"""

import os
import re
from tempfile import NamedTemporaryFile

from openpyxl.packaging.relationship import Relationship, RelationshipList
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.related import Related
from openpyxl.worksheet.table import TablePartList
from openpyxl.xml.constants import REL_NS, SHEET_MAIN_NS
from openpyxl.xml.functions import tostring

# Leading characters that spreadsheet programs treat as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
_ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037]")
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_LETTERS = [get_column_letter(index) for index in range(1, 200)]
_TEXT_CACHE_LIMIT = 200_000


class Formula(str):
    """A formula written by the workbook code, without the leading '=' (e.g. 'SUM(H8:H9)'),
    and `value`, what it comes to: stored beside it (`<f>` and `<v>`), so a file read without
    recalculating (Excel's Protected View, previews, pandas, openpyxl's data_only) shows the
    registry's figure, not a blank."""

    value: int | float | None

    def __new__(cls, text, value=None):
        formula = super().__new__(cls, text)
        formula.value = value
        return formula


def sum_of(values):
    """What SUM over cells holding `values` comes to: numbers added, blanks and text left out."""
    return sum(
        value for value in values if isinstance(value, int | float) and not isinstance(value, bool)
    )


class Prepared(str):
    """Serialised cells with a placeholder for the row number (`StreamingSheet.prepare`)."""

    width = 0


# Stands for the row number in prepared cells: NUL never survives `safe_text`, so it cannot
# appear in a cell's own text.
_ROW_PLACEHOLDER = "\x00"


def safe_text(value):
    """Text as it will be stored: control characters that XML cannot hold are dropped."""
    return _ILLEGAL.sub("", value)


def is_formula_like(text):
    return text.startswith(FORMULA_STARTS)


class _Writer:
    """What openpyxl's ExcelWriter needs from a closed write-only sheet: `out`, `_rels`."""

    def __init__(self, out):
        self.out = out
        self._rels = RelationshipList()

    def cleanup(self):
        if os.path.exists(self.out):
            os.remove(self.out)


class StreamingSheet(WriteOnlyWorksheet):
    """A write-only worksheet whose rows are serialised by `append(values, styles)`.

    `values`: a row of None (empty cell), int, float, str (always text) or Formula.
    `styles`: None, or a sequence of style ids (from `style_id()`) per column, None for none.
    """

    def __init__(self, parent, title):
        super().__init__(parent, title)
        self.quote_style = None
        self._file = None
        self._tmp_path = None
        self._row = 0
        self._text_cache = {}
        self._spec_cache = {}
        self.__closed = False

    @classmethod
    def add_to(cls, workbook, title):
        sheet = cls(parent=workbook, title=title)
        workbook._add_sheet(sheet)
        return sheet

    @property
    def closed(self):
        return self.__closed

    @property
    def current_row(self):
        """The number of the last row written (0 before the first)."""
        return self._row

    def style_id(self, **attributes):
        """Register a cell style (font=…, number_format=…, quotePrefix=…) and return its id."""
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(self)
        for name, value in attributes.items():
            setattr(cell, name, value)
        return cell.style_id

    # Writing

    def _open(self):
        handle = NamedTemporaryFile(  # noqa: SIM115 (closed in close())
            mode="w", encoding="utf-8", suffix=".xml", prefix="budgetnotes-xlsx.", delete=False
        )
        self._file = handle
        self._tmp_path = handle.name
        if self.quote_style is None:
            self.quote_style = self.style_id(quotePrefix=True)
        handle.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<worksheet xmlns="{SHEET_MAIN_NS}" xmlns:r="{REL_NS}">'
        )
        for element in (self.views.to_tree(), self.sheet_format.to_tree()):
            handle.write(_xml(element))
        cols = self.column_dimensions.to_tree()
        if cols is not None:
            handle.write(_xml(cols))
        handle.write("<sheetData>")

    def _text(self, value):
        text = safe_text(value)
        space = ' xml:space="preserve"' if text != text.strip() else ""
        xml = f"<is><t{space}>{text.translate(_ESCAPES)}</t></is>"
        if len(self._text_cache) > _TEXT_CACHE_LIMIT:
            self._text_cache.clear()
        self._text_cache[value] = cached = (xml, is_formula_like(text))
        return cached

    def _specs(self, styles, offset, width):
        """Per column: the cell's opening text and its style, cached per styles sequence."""
        key = (id(styles), offset, width)
        entry = self._spec_cache.get(key)
        if entry is not None and entry[0] is styles:
            return entry[1]
        specs = []
        for index in range(width):
            style = styles[index] if styles is not None and index < len(styles) else None
            quote = self.quote_style if style is None else style
            specs.append(
                (
                    f'<c r="{_LETTERS[index + offset]}',
                    "" if style is None else f' s="{style}"',
                    f' s="{quote}"',
                )
            )
        self._spec_cache[key] = (styles, specs)
        return specs

    def _row_cells(self, values, styles, row, offset=0):
        """The XML of a row's cells; `row` is the row number as text."""
        parts = []
        add = parts.append
        cache = self._text_cache
        specs = self._specs(styles, offset, len(values))
        for value, (cell, style, quote_style) in zip(values, specs, strict=True):
            if value is None:
                continue
            kind = type(value)
            if kind is int:
                add(f'{cell}{row}"{style}><v>{value}</v></c>')
            elif kind is str:
                xml, risky = cache.get(value) or self._text(value)
                add(f'{cell}{row}"{quote_style if risky else style} t="inlineStr">{xml}</c>')
            elif kind is Formula:
                result = value.value
                if "<" in value or "&" in value or ">" in value:
                    value = value.translate(_ESCAPES)
                cached = "" if result is None else f"<v>{result}</v>"
                add(f'{cell}{row}"{style}><f>{value}</f>{cached}</c>')
            elif kind is bool:
                add(f'{cell}{row}"{style} t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, int | float):
                add(f'{cell}{row}"{style}><v>{value}</v></c>')
            else:
                raise TypeError(f"Cannot write {value!r} to a cell")
        return parts

    def append(self, values, styles=None):
        if self.__closed:
            self._already_saved()
        if self._file is None:
            self._open()
        self._row += 1
        row = str(self._row)
        self._file.write(f'<row r="{row}">{"".join(self._row_cells(values, styles, row))}</row>')

    def prepare(self, values, styles=None):
        """The first cells of many rows, serialised once (see `append_prepared`)."""
        if self._file is None:
            self._open()
        prepared = Prepared("".join(self._row_cells(values, styles, _ROW_PLACEHOLDER)))
        prepared.width = len(values)
        return prepared

    def append_prepared(self, prepared, values, styles=None):
        """A row of `prepared` first cells followed by `values` (styled by `styles`)."""
        if self.__closed:
            self._already_saved()
        self._row += 1
        row = str(self._row)
        rest = "".join(self._row_cells(values, styles, row, prepared.width))
        self._file.write(f'<row r="{row}">{prepared.replace(_ROW_PLACEHOLDER, row)}{rest}</row>')

    def close(self):
        if self.__closed:
            self._already_saved()
        if self._file is None:
            self._open()
        handle = self._file
        handle.write("</sheetData>")
        if self.auto_filter.ref:
            handle.write(_xml(self.auto_filter.to_tree()))
        handle.write(_xml(self.page_margins.to_tree()))
        writer = _Writer(self._tmp_path)
        if self.tables:
            parts = TablePartList()
            for table in self.tables.values():
                rel = Relationship(Type=table._rel_type, Target="")
                writer._rels.append(rel)
                table._rel_id = rel.Id
                parts.append(Related(id=rel.Id))
            handle.write(_xml(parts.to_tree()))
        handle.write("</worksheet>")
        handle.close()
        self._writer = writer
        self._text_cache = {}
        self.__closed = True

    def add_table(self, table):
        """Add an Excel table; its `tableColumns` must be set (write-only sheets can't read
        the header cells back)."""
        if not table.tableColumns:
            raise ValueError("Set the table's columns before adding it to a streaming sheet.")
        if self.parent._duplicate_name(table.name):
            raise ValueError(f"Table with name {table.name} already exists")
        self._tables.add(table)

    def discard(self):
        """Remove the temporary file of a sheet that will not be saved."""
        if self._file is not None and not self._file.closed:
            self._file.close()
        if self._tmp_path and os.path.exists(self._tmp_path):
            os.remove(self._tmp_path)


def _xml(element):
    return tostring(element).decode("utf-8")
