"""django-filter filter sets for the assessment and initiative lists."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from budgetnotes.choices import Status
from initiatives.models import ExpiryAssessment, ExpiryGroup, Initiative, Verdict

NO_VERDICT = "ingen"


class AssessmentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tekst"), method="search")
    verdict = django_filters.ChoiceFilter(
        label=_("Vurdering"),
        choices=[*Verdict.choices, (NO_VERDICT, _("Ingen vurdering"))],
        method="by_verdict",
    )
    group = django_filters.ChoiceFilter(label=_("Gruppe"), choices=ExpiryGroup.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices)

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


class InitiativeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Søg"), method="search")

    class Meta:
        model = Initiative
        fields = ["q", "administration"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(code__icontains=value) | Q(description__icontains=value)
        )
