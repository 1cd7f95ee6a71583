"""The *Data* sheet: the long form, one row per funding line per year (the lines that count
only), as the Excel table `Bevillingsdata`, ready for a pivot table."""

from django.utils.translation import gettext as _

from documents.workbook.sheets.base import Sheet

DATA_TABLE_NAME = "Bevillingsdata"
DATA_AMOUNT_HEADER = "Beløb (1.000 kr.)"


class DataSheet(Sheet):
    name = "Data"
    table_name = DATA_TABLE_NAME

    def __init__(self, contents, styles):
        super().__init__(contents, styles)
        self.title = _("Data – %(round)s (ét beløb pr. linje pr. år)") % {
            "round": contents.round.name
        }
        self.columns = [
            _("Notat"),
            _("Forvaltning"),
            _("Status"),
            _("Aktivitet"),
            _("Styringsområde"),
            _("Udvalg"),
            _("Bevilling"),
            _("I/U"),
            _("År"),
            DATA_AMOUNT_HEADER,
            _("P/L"),
        ]
        self.widths = [9, 12, 14, 48, 16, 9, 12, 5, 7, 14, 7]

    def rows(self):
        """Per line, its text cells once and a (year, amount, p/l) tail per amount."""
        tail_styles = [None, self.styles.amount, None]
        target = self.contents.target_pl
        area_labels = self.area_labels
        status_labels = self.status_labels
        for note, _scenario, line in self.contents.primary_lines:
            start = [
                note["code"],
                note["administration"],
                status_labels.get(note["status"], note["status"]),
                line.label,
                area_labels.get(line.steering_area, line.steering_area),
                line.committee,
                line.appropriation,
                line.income_expense,
            ]
            price_level = target or note["price_level"]
            tails = [
                [year, amount, price_level]
                for year, amount in sorted(line.amounts.items())
                if amount is not None
            ]
            yield self.shared_start_rows(start, tails, tail_styles)
