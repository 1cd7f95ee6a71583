"""Tabular inlines whose every input has a name a screen reader can say.

A tabular inline shows its labels once, as the table's column headings, so Django renders
the inputs in the rows without a label. Each input is named here for its column and its
row: "Aktivitet, linje 2", "2027, linje 2", "Slet, linje 2". The row a new line is copied
from (the formset's empty form, whose `__prefix__` the admin's inlines.js renumbers in ids
and names but not in an aria-label) says "ny linje". The table's header cells are in
templates/admin/edit_inline/tabular.html.
"""

from django.contrib import admin
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.forms.models import BaseInlineFormSet
from django.forms.utils import pretty_name
from django.utils.translation import gettext as _


def row_name(index):
    """The row of the form at `index` (None: the empty form), as said after its column."""
    return _("ny linje") if index is None else _("linje %(n)s") % {"n": index + 1}


def rendering_widget(widget):
    """The widget that renders the input: a select's own, inside the admin's wrapper that
    adds its links (the wrapper renders it with the select's attributes, not its own)."""
    return widget.widget if isinstance(widget, RelatedFieldWidgetWrapper) else widget


class NamedInputsFormSet(BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)  # DELETE, the primary key and the parent's key
        row = row_name(index)
        for name, field in form.fields.items():
            if not field.widget.is_hidden:
                label = pretty_name(name) if field.label is None else field.label
                rendering_widget(field.widget).attrs["aria-label"] = f"{label}, {row}"


class TabularInline(admin.TabularInline):
    """The project's tabular inline: use it instead of admin.TabularInline."""

    formset = NamedInputsFormSet
