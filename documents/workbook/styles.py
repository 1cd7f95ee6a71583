"""The workbook's cell styles, registered once per workbook."""

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

AMOUNT_FORMAT = "#,##0"


class Styles:
    """Style ids (`StreamingSheet.style_id`) for the rows' style lists."""

    def __init__(self, sheet):
        thin = Side(style="thin", color="808080")
        self.amount = sheet.style_id(number_format=AMOUNT_FORMAT)
        self.amount_bold = sheet.style_id(number_format=AMOUNT_FORMAT, font=Font(bold=True))
        self.bold = sheet.style_id(font=Font(bold=True))
        self.title = sheet.style_id(font=Font(bold=True, size=13))
        self.header = sheet.style_id(
            font=Font(bold=True),
            fill=PatternFill("solid", fgColor="DDE4EE"),
            border=Border(bottom=thin),
            alignment=Alignment(wrap_text=True, vertical="top"),
        )
        self.factor = sheet.style_id(number_format="0.000000")
        self.index = sheet.style_id(number_format="0.000")
