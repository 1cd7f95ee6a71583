"""Reading workbooks back: cells by header, and the value of SUM formulas."""

import io
import re

from openpyxl import load_workbook

from documents.workbook.sheets.base import TABLE_HEADER_ROW

_SUM = re.compile(r"^=SUM\((.*)\)$")
_RANGE = re.compile(r"^([A-Z]+)(\d+):([A-Z]+)(\d+)$")
_CELL = re.compile(r"^([A-Z]+)(\d+)$")


def open_workbook(content):
    if isinstance(content, bytes | bytearray):
        content = io.BytesIO(content)
    return load_workbook(content)


def headers(sheet, row=TABLE_HEADER_ROW):
    return [cell.value for cell in sheet[row]]


def rows(sheet, first=TABLE_HEADER_ROW + 1):
    """Data rows as dicts keyed by the header row's captions."""
    names = headers(sheet)
    for row in sheet.iter_rows(min_row=first, values_only=True):
        if all(value is None for value in row):
            break
        yield dict(zip(names, row, strict=False))


def value(sheet, coordinate, seen=None):
    """A cell's value; a SUM formula is computed from the cells it names (recursively)."""
    seen = seen or set()
    if coordinate in seen:
        raise AssertionError(f"circular reference at {coordinate}")
    cell = sheet[coordinate]
    raw = cell.value
    if not (isinstance(raw, str) and cell.data_type == "f"):
        return raw
    match = _SUM.match(raw)
    assert match, f"unexpected formula {raw!r} in {coordinate}"
    total = 0
    for part in match.group(1).split(","):
        part = part.strip()
        if part == "0":
            continue
        if range_match := _RANGE.match(part):
            first_col, first_row, last_col, last_row = range_match.groups()
            for row in sheet[f"{first_col}{first_row}:{last_col}{last_row}"]:
                for item in row:
                    total += value(sheet, item.coordinate, seen | {coordinate}) or 0
        else:
            assert _CELL.match(part), part
            total += value(sheet, part, seen | {coordinate}) or 0
    return total


def find_row(sheet, column, text):
    """The number of the first row whose `column` cell is `text`."""
    for cell in sheet[column]:
        if cell.value == text:
            return cell.row
    raise AssertionError(f"{text!r} not in column {column} of {sheet.title}")


def column_of(sheet, caption):
    for cell in sheet[TABLE_HEADER_ROW]:
        if cell.value == caption:
            return cell.column_letter
    raise AssertionError(f"no column {caption!r} in {sheet.title}")
