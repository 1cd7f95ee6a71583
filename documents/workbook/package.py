"""The xlsx package: openpyxl's write-only workbook (calcPr, styles, sheet views, column
widths, autofilters, the Excel table) around the sheets' rows, zipped.

`write_package(contents, out)` writes every wanted sheet of `sheets.SHEETS` through a
`StreamingSheet` (`xlsx`); if anything fails, the sheets' temporary files are removed.
"""

from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo
from openpyxl.writer.excel import ExcelWriter

from documents.workbook.sheets import SHEETS
from documents.workbook.sheets.base import FIRST_DATA_ROW, TABLE_HEADER_ROW
from documents.workbook.styles import Styles
from documents.workbook.xlsx import StreamingSheet

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def write_package(contents, out):
    """Write the workbook of `contents` to `out` (a path or a binary file object)."""
    workbook = Workbook(write_only=True)
    workbook.calculation.fullCalcOnLoad = True
    workbook.calculation.calcMode = "auto"
    kinds = [kind for kind in SHEETS if kind.wanted(contents)]
    targets = [StreamingSheet.add_to(workbook, kind.name) for kind in kinds]
    try:
        styles = Styles(targets[0])
        for kind, target in zip(kinds, targets, strict=True):
            write_sheet(kind(contents, styles), target)
        with ZipFile(out, "w", ZIP_DEFLATED, allowZip64=True, compresslevel=1) as archive:
            ExcelWriter(workbook, archive).save()
    except BaseException:
        for target in targets:
            target.discard()
        raise


def write_sheet(sheet, target):
    """The rows of `sheet` into the streaming worksheet `target`, with its widths, frozen
    panes, autofilter and table; then `target` is closed (its text cache let go)."""
    for index, width in enumerate(sheet.widths, 1):
        target.column_dimensions[get_column_letter(index)].width = width
    target.freeze_panes = f"{sheet.freeze}{FIRST_DATA_ROW}"
    for rows in (sheet.header_rows(), sheet.rows()):
        for row in rows:
            row.write_to(target)
    if target.current_row != sheet.last_row:
        raise RuntimeError(
            f"{sheet.name}: counted {sheet.last_row} rows, wrote {target.current_row}"
        )
    last_column = get_column_letter(len(sheet.columns))
    if sheet.filter_end is not None:
        target.auto_filter.ref = f"A{TABLE_HEADER_ROW}:{last_column}{sheet.filter_end}"
    if sheet.table_name:
        last_row = max(target.current_row, FIRST_DATA_ROW)
        table = Table(
            displayName=sheet.table_name, ref=f"A{TABLE_HEADER_ROW}:{last_column}{last_row}"
        )
        table.tableColumns = [
            TableColumn(id=index, name=name) for index, name in enumerate(sheet.columns, 1)
        ]
        table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
        target.add_table(table)
    target.close()  # the sheet is complete: its temporary file is ready for the zip
