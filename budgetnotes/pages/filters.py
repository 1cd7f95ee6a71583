"""The round page's filters. The GET names (administration, committee, category, status, q)
are shared with the round workbook, which takes the same querystring."""

import django_filters
from django.utils.translation import gettext_lazy as _

from budgetnotes import limits
from budgetnotes.choices import Category, Status
from budgetnotes.models import Administration, BudgetNote, Committee

FILTER_PARAMS = ("administration", "committee", "category", "status", "q")


class RoundNoteFilter(django_filters.FilterSet):
    search_notice = ""  # said when a search had more words than it uses

    q = django_filters.CharFilter(
        label=_("Søg i kode, titel og tekst"), method="search", help_text=""
    )
    administration = django_filters.ModelChoiceFilter(
        label=_("Forvaltning"),
        queryset=Administration.objects.all(),
        to_field_name="code",
        empty_label=_("Alle forvaltninger"),
    )
    committee = django_filters.ModelChoiceFilter(
        label=_("Udvalg"),
        queryset=Committee.objects.all(),
        to_field_name="code",
        empty_label=_("Alle udvalg"),
    )
    category = django_filters.ChoiceFilter(
        label=_("Kategorisering"), choices=Category.choices, empty_label=_("Alle kategorier")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Status.choices, empty_label=_("Alle statusser")
    )

    class Meta:
        model = BudgetNote
        fields = FILTER_PARAMS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.form.fields.items():
            if name != "q":
                field.widget.attrs["class"] = "form-select"

    def search(self, queryset, name, value):
        return queryset  # filter_queryset applies every filter at once

    def filter_queryset(self, queryset):
        """The round filter of budgetnotes.queries (the round workbook uses the same)."""
        data = self.form.cleaned_data
        words, self.search_notice = limits.search_words(data.get("q") or "")
        return queryset.filtered(
            administration=[data["administration"].code] if data.get("administration") else [],
            committee=[data["committee"].code] if data.get("committee") else [],
            category=[data["category"]] if data.get("category") else [],
            status=[data["status"]] if data.get("status") else [],
            words=words,
        )


def filter_querystring(request):
    """The active filters as a querystring (for the export links), '' when none."""
    params = request.GET.copy()
    for key in list(params):
        if key not in FILTER_PARAMS or not params.get(key):
            del params[key]
    return params.urlencode()
