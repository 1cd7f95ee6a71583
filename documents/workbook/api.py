"""The one entry point the views, the command and the benchmark use."""

from documents.workbook.contents import WorkbookContents
from documents.workbook.package import XLSX_CONTENT_TYPE, write_package
from documents.workbook.selection import (
    Selection,
    SelectionError,
    parse_filters,
    parse_price_level,
    user_label,
)

__all__ = [
    "XLSX_CONTENT_TYPE",
    "Selection",
    "SelectionError",
    "parse_filters",
    "parse_price_level",
    "user_label",
    "write_workbook",
]


def write_workbook(selection, out):
    """Write the workbook of `selection` to `out` (a path or a binary file object).

    Raises totals.MissingPriceIndex when a conversion lacks an index; nothing is written then.
    """
    write_package(WorkbookContents(selection), out)
