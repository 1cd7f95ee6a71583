"""django-tables2 tables for initiatives and assessments, drawn as the round page's table: a
DKFDS table (table table--compact) in its own named scroll region
(templates/budgetnotes/partials/table.html), amounts to the right."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from budgetnotes import access
from budgetnotes.numbers import format_amount
from initiatives.models import ExpiryAssessment, Initiative

TITLE = {"td": {"class": "cell-title"}}


class AssessmentTable(tables.Table):
    number = tables.Column(verbose_name=_("Nr."), linkify=True)
    title = tables.Column(verbose_name=_("Titel"), linkify=True, attrs=TITLE)
    origin = tables.Column(attrs={"td": {"class": "cell-origin"}})
    verdict = tables.Column(attrs={"td": {"class": "cell-verdict"}})
    proposed_total = tables.Column(
        verbose_name=_("Foreslået i alt"),
        empty_values=(),
        orderable=False,
        attrs={"td": {"class": "num"}, "th": {"class": "num"}},
    )
    follow_up_note = tables.Column(verbose_name=_("Opfølgende notat"), orderable=False)

    # What the scroll region around the table is called, and what a row is (the pages).
    region_label = _("Vurderinger")
    item_names = _("vurderinger")

    class Meta:
        model = ExpiryAssessment
        fields = ("number", "title", "origin", "group", "verdict", "status")
        sequence = ("number", "title", "origin", "group", "verdict", "status", "proposed_total")
        template_name = "budgetnotes/partials/table.html"
        empty_text = _("Ingen vurderinger passer til filteret.")
        attrs = {"class": "table table--compact assessment-table"}

    def render_proposed_total(self, record):
        return format_amount(record.proposed_table.grand_total)

    def render_follow_up_note(self, record, value):
        if not access.can_view(self.request.user, value):
            return _("Notat uden adgang")
        return format_html(
            '<a href="{}">{}</a> ({})',
            value.get_absolute_url(),
            value.code,
            value.get_status_display(),
        )


class InitiativeTable(tables.Table):
    name = tables.Column(verbose_name=_("Navn"), linkify=True, attrs=TITLE)
    parent = tables.Column(verbose_name=_("Overordnet program"), attrs=TITLE)

    region_label = _("Indsatser")
    item_names = _("indsatser")

    class Meta:
        model = Initiative
        fields = ("code", "name", "administration", "parent")
        template_name = "budgetnotes/partials/table.html"
        empty_text = _("Ingen indsatser passer til søgningen.")
        attrs = {"class": "table table--compact initiative-table"}
