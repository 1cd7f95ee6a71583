"""The *Prisindeks* sheet (only when amounts are converted): the index figures used."""

from django.utils.translation import gettext as _

from documents.workbook.sheets.base import PRICES_SHEET, Sheet


class PricesSheet(Sheet):
    name = PRICES_SHEET

    @classmethod
    def wanted(cls, contents):
        return bool(contents.target_pl)

    def __init__(self, contents, styles):
        super().__init__(contents, styles)
        self.title = _("Prisindeks brugt til omregning til %(year)s p/l") % {
            "year": contents.target_pl
        }
        self.columns = [
            _("Styringsområde"),
            _("Fra p/l"),
            _("Indeks (fra)"),
            _("Til p/l"),
            _("Indeks (til)"),
            _("Faktor"),
            _("Eksempeltal"),
            _("Kilde"),
        ]
        self.widths = [16, 9, 12, 9, 12, 11, 12, 60]
        self.price_text = _(
            "Beløb × indeks(til) / indeks(fra), afrundet til hele 1.000 kr. pr. celle"
        )

    def rows(self):
        styles = self.styles
        row_styles = [None, None, styles.index, None, styles.index, styles.factor, None, None]
        target = self.contents.target_pl
        for conversion in self.contents.conversions:
            area = conversion.steering_area
            yield self.row(
                [
                    self.area_labels.get(area, area),
                    conversion.source_year,
                    float(conversion.source_index),
                    target,
                    float(conversion.target_index),
                    float(conversion.target_index / conversion.source_index),
                    _("Ja") if conversion.is_example else _("Nej"),
                    conversion.source,
                ],
                row_styles,
            )
