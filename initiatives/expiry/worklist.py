"""The expiry worklist: which adopted appropriations expire before a round, grouped by origin.
Every sum is computed by budgetnotes.totals."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from budgetnotes.access import visibility_q
from budgetnotes.choices import RoundKind, Status
from budgetnotes.models import BudgetNote, FundingLine
from initiatives.expiry.years import expiry_year
from initiatives.models import ExpiryAssessment

# Where expiring money came from, in the order the worklist shows the groups.
ORIGIN_GROUPS = {
    RoundKind.BUDGET: _("Bevillinger fra budgetaftaler"),
    RoundKind.TRANSFER: _("Bevillinger fra overførselssager"),
}


@dataclass
class ExpiringItem:
    """An appropriation that expires: a whole note, or some funding lines of a continuing note."""

    note: BudgetNote
    lines: list
    whole_note: bool
    assessment: ExpiryAssessment | None = None
    assessment_visible: bool = False

    @property
    def table(self):
        return self.note.economy_table(self.lines)

    @property
    def origin(self):
        return self.note.round.name

    @property
    def initiative(self):
        financings = (getattr(line, "financing", None) for line in self.lines)
        initiatives = {financing.initiative for financing in financings if financing}
        return initiatives.pop() if len(initiatives) == 1 else None


@dataclass
class OriginGroup:
    label: str
    items: list = field(default_factory=list)


def expiring_items(budget_round, user):
    """Every adopted appropriation whose last year is the year before `budget_round`.

    A non-permanent note whose last year has passed expires as a whole; a funding line whose
    last amount is in that year expires while its note continues (line-level expiry).
    """
    year = expiry_year(budget_round)
    notes = (
        BudgetNote.objects.filter(visibility_q(user), status=Status.ADOPTED)
        .filter(Q(is_permanent=False, last_year=year) | Q(first_year__lte=year, last_year__gt=year))
        .select_related("round", "administration", "committee")
        .prefetch_related(
            Prefetch(
                "funding_lines",
                queryset=FundingLine.objects.select_related(
                    "scenario",
                    "committee",
                    "appropriation_area__committee",
                    "financing__initiative",
                ).prefetch_related("amounts"),
            )
        )
        .order_by("round__year", "code")
    )
    items = []
    for note in notes:
        primary = note.primary_lines()
        if note.last_year == year and not note.is_permanent:
            items.append(ExpiringItem(note=note, lines=primary, whole_note=True))
            continue
        ending = [
            line
            for line in primary
            if line.amounts.all() and max(amount.year for amount in line.amounts.all()) == year
        ]
        if ending:
            items.append(ExpiringItem(note=note, lines=ending, whole_note=False))
    existing = ExpiryAssessment.objects.filter(
        round=budget_round, source_note__in=[item.note for item in items]
    )
    visible = set(existing.filter(visibility_q(user)).values_list("pk", flat=True))
    by_note = {assessment.source_note_id: assessment for assessment in existing}
    for item in items:
        item.assessment = by_note.get(item.note.pk)
        item.assessment_visible = item.assessment is not None and item.assessment.pk in visible
    return items


def group_by_origin(items):
    groups = {kind: OriginGroup(label=str(label)) for kind, label in ORIGIN_GROUPS.items()}
    for item in items:
        groups[item.note.round.kind].items.append(item)
    return [group for group in groups.values() if group.items]
