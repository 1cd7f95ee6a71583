"""The expiry worklist and the steps from expiring money to the next budget note (issue 6).

Plain functions, no views: which appropriations expire before a round, creating an assessment
pre-filled from the expiring note, the catalogue's sums, and the follow-up note. Every sum is
computed by budgetnotes.totals.
"""

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max, Prefetch, Q
from django.utils.translation import gettext as _

from budgetnotes import totals
from budgetnotes.access import visibility_q
from budgetnotes.choices import Category, RoundKind, Status, SteeringArea
from budgetnotes.models import (
    AppropriationArea,
    BudgetNote,
    BudgetRound,
    Committee,
    FundingLine,
)
from initiatives.financing import save_note_with_initiatives
from initiatives.models import (
    EconomyKind,
    ExpiryAmount,
    ExpiryAssessment,
    ExpiryEconomyLine,
    ExpiryGroup,
    Verdict,
)

# Where expiring money came from, in the order the worklist shows the groups.
ORIGIN_GROUPS = {
    RoundKind.BUDGET: _("Bevillinger fra budgetaftaler"),
    RoundKind.TRANSFER: _("Bevillinger fra overførselssager"),
}

DEFAULT_COMMITTEE = "BIU"
# The appropriation a follow-up note's line gets by default, by steering area.
DEFAULT_APPROPRIATION = {
    SteeringArea.SERVICE: "35.10",
    SteeringArea.INDSATS: "35.30",
    SteeringArea.TRANSFERS: "35.30",
}


def expiry_year(budget_round):
    """The last year of the money that expires before the round's first year."""
    return budget_round.first_year - 1


def span(years):
    """A contiguous tuple of years covering `years` (empty when none)."""
    years = [year for year in years if year is not None]
    return tuple(range(min(years), max(years) + 1)) if years else ()


def combine(tables, years):
    """One totals.Table with every line of `tables`, over `years`."""
    return totals.Table(
        years=tuple(years), lines=tuple(line for table in tables for line in table.lines)
    )


# The worklist -------------------------------------------------------------------------------


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


def next_number(budget_round):
    """The next free catalogue number in the round."""
    highest = ExpiryAssessment.objects.filter(round=budget_round).aggregate(n=Max("number"))["n"]
    return (highest or 0) + 1


def _save(obj, user, reason=""):
    obj._history_user = user
    if reason:
        obj._change_reason = reason
    obj.full_clean()
    obj.save()


@transaction.atomic
def create_assessment(budget_round, item, user):
    """The assessment of an expiring item, pre-filled; an existing one is returned as it is."""
    BudgetRound.objects.select_for_update().filter(pk=budget_round.pk).first()
    existing = ExpiryAssessment.objects.filter(round=budget_round, source_note=item.note).first()
    if existing is not None:
        return existing, False
    note = item.note
    table = item.table
    assessment = ExpiryAssessment(
        round=budget_round,
        administration=note.administration,
        number=next_number(budget_round),
        title=note.title,
        initiative=item.initiative,
        origin=note.round.name,
        group=ExpiryGroup.BUDGET_AGREEMENT,
        source_note=note,
        content=note.resume or note.content,
        economy_text=_("%(origin)s (%(code)s): %(total)s i alt i %(first)s–%(last)s, %(pl)s p/l.")
        % {
            "origin": note.round.name,
            "code": note.code,
            "total": _millions(table.grand_total),
            "first": table.years[0] if table.years else note.first_year,
            "last": table.years[-1] if table.years else note.last_year,
            "pl": note.price_level,
        },
        original_price_level=note.price_level,
        proposed_price_level=budget_round.first_year,
    )
    _save(assessment, user, _("Oprettet fra udløbslisten"))
    for position, (area, area_table) in enumerate(table.by_steering_area().items(), start=1):
        line = ExpiryEconomyLine(
            assessment=assessment,
            kind=EconomyKind.ORIGINAL,
            position=position,
            steering_area=area,
        )
        _save(line, user)
        used = {year for row in area_table.lines for year in row.amounts}
        for year, amount in area_table.year_totals.items():
            if year in used:
                amount_row = ExpiryAmount(line=line, year=year, amount=amount)
                amount_row._history_user = user
                amount_row.save()
    return assessment, True


def _millions(value):
    from budgetnotes.numbers import format_millions

    return format_millions(value)


# The catalogue's sums -------------------------------------------------------------------------


VERDICT_ORDER = [*Verdict.values, ""]


def verdict_label(value):
    return Verdict(value).label if value else _("Ingen vurdering")


@dataclass
class VerdictSum:
    verdict: str
    label: str
    count: int
    table: totals.Table


def proposed_years(assessments):
    return span(year for a in assessments for year in a.proposed_table.years)


def sums_by_verdict(assessments, years=None):
    """Per verdict: the number of assessments and their proposed amounts summed per year."""
    years = proposed_years(assessments) if years is None else years
    result = []
    for verdict in VERDICT_ORDER:
        chosen = [a for a in assessments if a.verdict == verdict]
        if chosen:
            table = combine([a.proposed_table for a in chosen], years)
            result.append(VerdictSum(verdict, str(verdict_label(verdict)), len(chosen), table))
    return result


def sums_by_steering_area(assessments, years=None):
    """The proposed money of `assessments` per steering area: a totals.Table with one line
    per steering area (the figures a committee asks for first)."""
    years = proposed_years(assessments) if years is None else years
    combined = combine([a.proposed_table for a in assessments], years)
    lines = []
    order = [*SteeringArea.values, ""]
    grouped = combined.by_steering_area()
    for area in sorted(grouped, key=order.index):
        label = SteeringArea(area).label if area else _("Styringsområde ikke angivet")
        lines.append(
            totals.Line(label=str(label), amounts=grouped[area].year_totals, steering_area=area)
        )
    return totals.Table(years=tuple(years), lines=tuple(lines))


def with_economy(queryset):
    return queryset.select_related(
        "round", "administration", "initiative", "source_note__round", "follow_up_note__round"
    ).prefetch_related("economy_lines__amounts", "economy_lines__administration")


# From verdict to note --------------------------------------------------------------------------

_CODE = re.compile(r"^([A-ZÆØÅ]+)(\d+)$")


def code_prefix(administration):
    return "BI" if administration.code == "BIF" else administration.code[:2].upper()


def next_note_code(budget_round, administration):
    """The next free BI<n> (the administration's prefix) in the round."""
    prefix = code_prefix(administration)
    numbers = [0]
    for code in BudgetNote.objects.filter(round=budget_round).values_list("code", flat=True):
        match = _CODE.match(code.upper())
        if match and match[1] == prefix:
            numbers.append(int(match[2]))
    return f"{prefix}{max(numbers) + 1}"


def default_appropriation(steering_area, committee=None):
    committee = committee or Committee.objects.filter(code=DEFAULT_COMMITTEE).first()
    number = DEFAULT_APPROPRIATION.get(steering_area)
    if committee is None or number is None:
        return None
    return AppropriationArea.objects.filter(committee=committee, number=number).first()


def follow_up_lines(assessment):
    """(included, excluded): the proposed lines that go into the administration's note, and
    those that belong to another administration (they go into that administration's note)."""
    included, excluded = [], []
    for line in assessment.economy_lines.all():
        if line.kind != EconomyKind.PROPOSED or not line.amounts.all():
            continue
        if line.administration_id and line.administration_id != assessment.administration_id:
            excluded.append(line)
        else:
            included.append(line)
    return included, excluded


class FollowUpError(Exception):
    """The follow-up note cannot be made; the message is for the user."""


def follow_up_data(assessment, target_round, code, committee, choices):
    """The note data for save_note. `choices` is one (line, steering_area, appropriation_area)
    per included proposed line."""
    if not choices:
        raise FollowUpError(
            _("Vurderingen har ingen foreslået økonomi til %(admin)s. Udfyld den først.")
            % {"admin": assessment.administration.code}
        )
    years = span(amount.year for line, _a, _b in choices for amount in line.amounts.all())
    funding_lines = []
    for index, (line, area, appropriation) in enumerate(choices, start=1):
        if not area:
            raise FollowUpError(
                _("Linje %(n)s har intet styringsområde. Vælg service, indsats eller overførsler.")
                % {"n": index}
            )
        activity = line.label or assessment.title
        if not line.label and len(choices) > 1:
            activity = f"{assessment.title} ({SteeringArea(area).label.lower()})"
        funding_lines.append(
            {
                "activity": activity[:300],
                "steering_area": area,
                "committee": appropriation.committee.code if appropriation else committee.code,
                "appropriation": appropriation.number if appropriation else None,
                "income_expense": "U",
                "initiative": assessment.initiative.name if assessment.initiative_id else None,
                "amounts": {str(a.year): a.amount for a in line.amounts.all()},
            }
        )
    data = {
        "round": target_round.slug,
        "code": code,
        "administration": assessment.administration.code,
        "committee": committee.code,
        "title": assessment.title,
        "category": Category.EXPIRY,
        "price_level": assessment.proposed_price_level or target_round.first_year,
        "first_year": years[0],
        "last_year": years[-1],
        "is_permanent": False,
        "background": assessment.content,
        "content": assessment.adjusted_content or assessment.content,
        "economy_text": assessment.proposed_economy_text,
        "funding_lines": funding_lines,
    }
    original = [
        line
        for line in assessment.economy_lines.all()
        if line.kind == EconomyKind.ORIGINAL and line.amounts.all()
    ]
    if original:
        allocation_years = span(a.year for line in original for a in line.amounts.all())
        data["allocations_first_year"] = allocation_years[0]
        data["allocations_last_year"] = allocation_years[-1]
        data["allocations"] = [
            {
                "source": " – ".join(
                    part
                    for part in (
                        assessment.origin or str(_("Tidligere bevilling")),
                        line.get_steering_area_display() if line.steering_area else "",
                        line.administration.code if line.administration_id else "",
                    )
                    if part
                ),
                "amounts": {str(a.year): a.amount for a in line.amounts.all()},
            }
            for line in original
        ]
    return data


@transaction.atomic
def create_follow_up_note(assessment, user, target_round, code, committee, choices):
    """Create the *Bevillingsudløb* note through save_note and link it to the assessment.

    Raises FollowUpError, services.NoteDataError (with every problem) or nothing.
    """
    locked = ExpiryAssessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.follow_up_note_id:
        raise FollowUpError(_("Vurderingen har allerede et opfølgende notat."))
    if locked.verdict not in (Verdict.CONTINUE, Verdict.ADJUST):
        raise FollowUpError(
            _(
                "Kun en vurdering, der siger videreføres (uændret eller med justeringer), kan blive et notat."
            )
        )
    data = follow_up_data(assessment, target_round, code, committee, choices)
    note = save_note_with_initiatives(data, user=user)
    locked.follow_up_note = note
    locked.version += 1
    locked._history_user = user
    # The note is named by the follow_up_note field, which history shows by the access rule.
    locked._change_reason = _("Opfølgende notat oprettet")
    locked.save(update_fields=["follow_up_note", "version", "updated_at"])
    return note


# Lost updates ---------------------------------------------------------------------------------


class AssessmentConflict(Exception):
    def __init__(self, assessment, expected_version):
        self.assessment = assessment
        self.expected_version = expected_version
        super().__init__(
            f"{assessment.label} er ændret af en anden, siden du åbnede den "
            f"(version {expected_version} → {assessment.version})."
        )


def changes_since(assessment, version):
    """What others changed after `version`, in Danish: (who, [field: new value, ...])."""
    history = assessment.history.order_by("history_date", "history_id")
    base = history.filter(version__lte=version).last()
    later = list(history.filter(version__gt=version))
    if not later:
        return [], []
    who = []
    for record in later:
        name = str(record.history_user) if record.history_user else _("ukendt")
        if name not in who:
            who.append(name)
    changes = []
    latest = later[-1]
    if base is not None:
        delta = latest.diff_against(base, excluded_fields=["version", "updated_at"])
        for change in delta.changes:
            try:
                label = ExpiryAssessment._meta.get_field(change.field).verbose_name
            except Exception:  # m2m or unknown field: its name is good enough
                label = change.field
            changes.append(str(label).capitalize())
        since = base.history_date
    else:
        since = later[0].history_date
    line_history = ExpiryEconomyLine.history.filter(
        assessment_id=assessment.pk, history_date__gt=since
    )
    line_ids = set(
        ExpiryEconomyLine.history.filter(assessment_id=assessment.pk).values_list("id", flat=True)
    )
    amount_history = ExpiryAmount.history.filter(line_id__in=line_ids, history_date__gt=since)
    if line_history.exists() or amount_history.exists():
        changes.append(str(_("Økonomien (linjer og beløb)")))
    return who, changes


def related_hidden_from(user, assessment):
    """The assessment's related sheets that `user` may not see: a form showing only the
    visible ones must not drop these links when it saves."""
    if assessment.pk is None:
        return []
    return list(assessment.related.exclude(visibility_q(user)))
