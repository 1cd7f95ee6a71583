"""The round page's table: one row per note, a column per year, a footer with the sums of
what is filtered (summed by the database, like the per-note totals)."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from budgetnotes.numbers import format_amount
from budgetnotes.queries import year_total_name


class AmountColumn(tables.Column):
    def __init__(self, *args, footer_key=None, **kwargs):
        attrs = {"th": {"class": "num"}, "td": {"class": "num"}, "tf": {"class": "num"}}
        super().__init__(*args, attrs=attrs, **kwargs)
        self.footer_key = footer_key

    def render(self, value):
        return format_amount(value)

    def render_footer(self, bound_column, table):
        return format_amount(table.footer_totals.get(self.footer_key, 0))


class RoundNoteTable(tables.Table):
    region_label = _("Notater")
    item_names = _("notater")
    code = tables.Column(verbose_name=_("Kode"), linkify=True, footer=_("I alt"))
    title = tables.Column(verbose_name=_("Titel"))
    administration = tables.Column(verbose_name=_("Forvaltning"), order_by="administration__code")
    category = tables.Column(verbose_name=_("Kategorisering"))
    status = tables.Column(verbose_name=_("Status"))

    class Meta:
        template_name = "budgetnotes/partials/table.html"
        attrs = {"class": "table table--compact round-table"}
        order_by = "code"
        empty_text = _("Ingen notater passer til søgningen.")

    def __init__(self, data, *, years, footer_totals, **kwargs):
        extra = [
            (
                year_total_name(year),
                AmountColumn(verbose_name=str(year), footer_key=year, orderable=True),
            )
            for year in years
        ]
        extra.append(("grand_total", AmountColumn(verbose_name=_("I alt"), footer_key="all")))
        super().__init__(data, extra_columns=extra, **kwargs)
        self.footer_totals = footer_totals

    def render_administration(self, value):
        return value.code

    def render_status(self, record):
        status = format_html(
            '<span class="status status-{}">{}</span>', record.status, record.get_status_display()
        )
        count = getattr(record, "open_comments", 0)
        if not count:
            return status
        return format_html(
            '{} <a class="comment-badge" href="{}#kommentarer">{} {}</a>',
            status,
            record.get_absolute_url(),
            count,
            "åben kommentar" if count == 1 else "åbne kommentarer",
        )

    def render_category(self, record):
        return record.get_category_display()
