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
        words, self.search_notice = limits.search_words(value)
        return queryset.matching(words)


def filter_querystring(request):
    """The active filters as a querystring (for the export links), '' when none."""
    params = request.GET.copy()
    for key in list(params):
        if key not in FILTER_PARAMS or not params.get(key):
            del params[key]
    return params.urlencode()
