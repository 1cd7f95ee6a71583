"""The catalogue's sums: proposed money per verdict and per steering area (budgetnotes.totals)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from budgetnotes import totals
from budgetnotes.choices import SteeringArea
from initiatives.expiry.years import combine, span
from initiatives.models import Verdict

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
