"""The workbook's sheets, one module each, in the workbook's order (`SHEETS`).

Each is a `base.Sheet`: a row iterator over the workbook's `WorkbookContents`; `package`
writes them.
"""

from documents.workbook.sheets.allocations import AllocationsSheet
from documents.workbook.sheets.appropriations import AppropriationsSheet
from documents.workbook.sheets.conversions import ConversionsSheet
from documents.workbook.sheets.data import DataSheet
from documents.workbook.sheets.expiry import ExpirySheet
from documents.workbook.sheets.overview import OverviewSheet
from documents.workbook.sheets.prices import PricesSheet

SHEETS = (
    OverviewSheet,
    AppropriationsSheet,
    DataSheet,
    AllocationsSheet,
    ConversionsSheet,
    ExpirySheet,
    PricesSheet,
)
