"""django-filter filter sets for the assessment and initiative lists, drawn with DKFDS."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from budgetnotes.choices import Status
from budgetnotes.models import Administration
from initiatives.models import ExpiryAssessment, ExpiryGroup, Initiative, Verdict

NO_VERDICT = "ingen"


class DesignSystemFilterSet(django_filters.FilterSet):
    """A filter whose fields carry their DKFDS class; the text search is a search field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.form.fields.items():
            if name == "q":
                field.widget.input_type = "search"
                field.widget.attrs.update({"class": "form-input", "autocomplete": "off"})
            else:
                field.widget.attrs["class"] = "form-select"


class AssessmentFilter(DesignSystemFilterSet):
    q = django_filters.CharFilter(label=_("Søg i titel og tekst"), method="search")
    verdict = django_filters.ChoiceFilter(
        label=_("Vurdering"),
        choices=[*Verdict.choices, (NO_VERDICT, _("Ingen vurdering"))],
        method="by_verdict",
        empty_label=_("Alle vurderinger"),
    )
    group = django_filters.ChoiceFilter(
        label=_("Gruppe"), choices=ExpiryGroup.choices, empty_label=_("Alle grupper")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Status.choices, empty_label=_("Alle statusser")
    )

    class Meta:
        model = ExpiryAssessment
        fields = ["q", "verdict", "group", "status"]

    def search(self, queryset, name, value):
        q = Q()
        for field in ("title", "origin", "content", "results", "adjusted_content"):
            q |= Q(**{f"{field}__icontains": value})
        return queryset.filter(q)

    def by_verdict(self, queryset, name, value):
        return queryset.filter(verdict="" if value == NO_VERDICT else value)


class InitiativeFilter(DesignSystemFilterSet):
    q = django_filters.CharFilter(label=_("Søg i navn, kode og beskrivelse"), method="search")
    administration = django_filters.ModelChoiceFilter(
        label=_("Forvaltning"),
        queryset=Administration.objects.all(),
        empty_label=_("Alle forvaltninger"),
    )

    class Meta:
        model = Initiative
        fields = ["q", "administration"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(code__icontains=value) | Q(description__icontains=value)
        )
