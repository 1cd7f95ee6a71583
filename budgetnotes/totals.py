"""Every total the registry shows, computed here and nowhere else (docs/domain.md §3).

Pure Python: tables are built from plain values, so this module is tested without a
database, and every page, PDF and workbook asks it for its sums.
"""

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import overload

from django.utils.translation import gettext as _

from budgetnotes.numbers import format_millions

SERVICE = "service"
INDSATS = "indsats"
TRANSFERS = "overfoersler"
INCOME = "I"

# In the technical appendix *indsats* lines are printed with the transfers (docs/domain.md §2).
APPENDIX_GROUPS = (
    ("service", (SERVICE,)),
    ("overfoersler", (INDSATS, TRANSFERS)),
)


# The scenario whose lines count in a note's totals (beside the lines without a scenario);
# scenarios 2, 3, … are alternatives, shown but not added up.
COUNTED_SCENARIO = 1

# A price index as the price-index table holds it (a Decimal), or a whole number in tests.
type Index = Decimal | int


def counts(scenario_number: int | None) -> bool:
    """Whether a funding line in this scenario (None: in none) counts in the totals."""
    return scenario_number is None or scenario_number == COUNTED_SCENARIO


@dataclass(frozen=True)
class CountedLine:
    """What a note's summary needs of a funding line: its steering area, the number of its
    scenario (None: in none) and its amounts by year."""

    steering_area: str
    scenario_number: int | None
    amounts: Mapping[int, int | None]


def note_summary(lines: Iterable[CountedLine]) -> dict[tuple[str, int], int]:
    """A note's summary: the amounts of its lines that count (`counts`) summed by
    (steering area, year), without the sums that come to 0. The round page, its footer and
    the rounds page add these up instead of every amount (models.NoteTotal holds them; the
    write path keeps them, services.notes)."""
    sums: dict[tuple[str, int], int] = {}
    for line in lines:
        if not counts(line.scenario_number):
            continue
        for year, amount in line.amounts.items():
            if amount is not None:
                key = (line.steering_area, year)
                sums[key] = sums.get(key, 0) + amount
    return {key: amount for key, amount in sums.items() if amount}


def year_sums(rows: Iterable[Mapping[int, int | None]], years: Iterable[int]) -> dict[int, int]:
    """Sum of each year over rows of {year: amount}; every year present, 0 when empty."""
    sums = dict.fromkeys(years, 0)
    for amounts in rows:
        for year, amount in amounts.items():
            if year in sums and amount is not None:
                sums[year] += amount
    return sums


@dataclass(frozen=True)
class Part:
    """A part of a line: a committee's share of a line shared between committees (the parts
    add up to the line), or on an expiry sheet a named part of a total ("9,7 mio. kr., heraf
    8,4 mio. kr. til …": the parts may leave a rest). Parts never count in a table's totals."""

    committee: str
    appropriation: str = ""
    amounts: Mapping[int, int] = field(default_factory=dict)
    label: str = ""
    steering_area: str = ""  # a named part's own area, where it has one

    @property
    def total(self) -> int:
        return sum(amount for amount in self.amounts.values() if amount is not None)

    def cells(self, years: Iterable[int]) -> list[int | None]:
        return [self.amounts.get(year) for year in years]


@dataclass(frozen=True)
class Line:
    """A row with an amount per year. A year with no amount is absent (a blank cell).
    A line shared between committees has its `parts` (each committee's share); the line
    itself stays one line with its own total."""

    label: str
    amounts: Mapping[int, int] = field(default_factory=dict)
    steering_area: str = ""
    committee: str = ""
    appropriation: str = ""
    income_expense: str = "U"
    parts: tuple[Part, ...] = ()

    def by_committee(self) -> tuple["Line", ...]:
        """The line as the committees carry it: one line per part, or the line itself."""
        if not self.parts:
            return (self,)
        return tuple(
            Line(
                label=self.label,
                amounts=part.amounts,
                steering_area=self.steering_area,
                committee=part.committee,
                appropriation=part.appropriation,
                income_expense=self.income_expense,
            )
            for part in self.parts
        )

    @property
    def total(self) -> int:
        """*I alt* of the line."""
        return sum(amount for amount in self.amounts.values() if amount is not None)

    def cells(self, years: Iterable[int]) -> list[int | None]:
        """The line's amount for each year, None where blank."""
        return [self.amounts.get(year) for year in years]


@dataclass(frozen=True)
class Table:
    years: tuple[int, ...]
    lines: tuple[Line, ...] = ()

    @property
    def year_totals(self) -> dict[int, int]:
        """The total row: one figure per year (0 where no line has an amount)."""
        return year_sums((line.amounts for line in self.lines), self.years)

    @property
    def grand_total(self) -> int:
        return sum(self.year_totals.values())

    @property
    def total_cells(self) -> list[int]:
        totals = self.year_totals
        return [totals[year] for year in self.years]

    def where(self, predicate: Callable[[Line], bool]) -> "Table":
        return Table(self.years, tuple(line for line in self.lines if predicate(line)))

    def grouped(self, key: str) -> dict[str, "Table"]:
        """Sub-tables by a line attribute, in order of first appearance."""
        groups: dict[str, list[Line]] = {}
        for line in self.lines:
            groups.setdefault(getattr(line, key), []).append(line)
        return {value: Table(self.years, tuple(lines)) for value, lines in groups.items()}

    def by_steering_area(self) -> dict[str, "Table"]:
        return self.grouped("steering_area")

    def appendix_tables(self) -> list[tuple[str, "Table"]]:
        """*Udgifter til service* and *Udgifter til overførsler mv.*: (group, table) pairs
        for the groups that have lines."""
        result: list[tuple[str, Table]] = []
        for group, areas in APPENDIX_GROUPS:
            lines = tuple(line for line in self.lines if line.steering_area in areas)
            table = Table(self.years, lines)
            if table.lines:
                result.append((group, table))
        return result

    def by_committee(self) -> "Table":
        """The table with each shared line split into its committees' parts."""
        return Table(self.years, tuple(part for line in self.lines for part in line.by_committee()))

    def committee_distribution(self) -> "Table":
        """*Fordeling mellem udvalg*: one line per committee per steering area, shared lines
        counted by their parts."""
        rows: list[Line] = []
        for committee, by_committee in self.by_committee().grouped("committee").items():
            for area, table in by_committee.by_steering_area().items():
                rows.append(
                    Line(
                        label=committee,
                        amounts=table.year_totals,
                        steering_area=area,
                        committee=committee,
                    )
                )
        return Table(self.years, tuple(rows))

    @property
    def committees(self) -> list[str]:
        return list(self.by_committee().grouped("committee"))

    @property
    def has_income(self) -> bool:
        return any(line.income_expense == INCOME for line in self.lines)

    @property
    def expenses(self) -> "Table":
        return self.where(lambda line: line.income_expense != INCOME)

    @property
    def income(self) -> "Table":
        return self.where(lambda line: line.income_expense == INCOME)


def parts_in_prices[K](
    line_amounts: Mapping[K, int],
    parts: Sequence[Mapping[K, int]],
    source_index: Index,
    target_index: Index,
) -> list[dict[K, int]]:
    """A shared line's parts in other prices, each cell rounded on its own, and each year's
    rounding difference given to that year's largest part, so the parts still add up to the
    line as converted (in_prices of the line's own amount)."""
    converted = [
        {year: in_prices(amount, source_index, target_index) for year, amount in part.items()}
        for part in parts
    ]
    for year, amount in line_amounts.items():
        having = [part for part in converted if year in part]
        if having:
            target = in_prices(amount, source_index, target_index)
            largest = max(having, key=lambda part: abs(part[year]))
            largest[year] += target - sum(part[year] for part in having)
    return converted


def parts_mismatches(line: Line, years: Iterable[int]) -> list[tuple[int, int, int]]:
    """(year, the parts' sum, the line's amount) for each year the parts do not add up to
    the line (a shared line only)."""
    if not line.parts:
        return []
    found = []
    for year in years:
        parts = sum(part.amounts.get(year) or 0 for part in line.parts)
        own = line.amounts.get(year) or 0
        if parts != own:
            found.append((year, parts, own))
    return found


def parts_exceeding(line: Line) -> list[tuple[int, int, int]]:
    """(year, the parts' sum, the line's amount) for each year the parts of a total ("heraf")
    come to more than the line itself, or have an amount where the line has none."""
    found = []
    years = sorted({year for part in line.parts for year in part.amounts})
    for year in years:
        parts = sum(part.amounts.get(year) or 0 for part in line.parts)
        own = line.amounts.get(year)
        if own is None or abs(parts) > abs(own) or (parts and (parts > 0) != (own > 0)):
            found.append((year, parts, own or 0))
    return found


def sum_tables(tables: Iterable[Table], years: Iterable[int]) -> dict[int, int]:
    """Round totals: the year totals of many tables added up."""
    return year_sums((table.year_totals for table in tables), years)


_DECISION = re.compile(
    r"(?P<amount>\d+(?:,\d+)?)\s*mio\.\s*kr\.\s*årligt\s*i\s*(?P<first>\d{4})\s*[-–]\s*(?P<last>\d{4})",
    re.IGNORECASE,
)


def decision_discrepancies(text: str | None, table: Table) -> list[str]:
    """Compare "Afsætte 11,6 mio. kr. årligt i 2026-2029" in the decision text with the lines.

    Returns Danish messages, one per run of years that disagree alike ("i 2026-2029", not four
    times the same); [] when they agree or the text states no such figure. Millions are given
    with one decimal, so ±50 (thousand) agrees.
    """
    match = _DECISION.search(text or "")
    if not match:
        return []
    stated = int(Decimal(match["amount"].replace(",", ".")) * 1000)
    totals = table.year_totals
    found: list[tuple[int, int | None]] = []  # (year, what the lines give; None: no such year)
    for year in range(int(match["first"]), int(match["last"]) + 1):
        actual = totals.get(year)
        if actual is None or abs(actual - stated) >= 50:
            found.append((year, actual))
    messages = []
    for (first, actual), last in _runs(found):
        years = str(first) if first == last else f"{first}-{last}"
        if actual is None:
            message = _("Beslutningsteksten nævner %(years)s, som ikke er blandt notatets år.")
            if first == last:
                message = _("Beslutningsteksten nævner %(years)s, som ikke er et af notatets år.")
            messages.append(message % {"years": years})
        else:
            messages.append(
                _("Beslutningsteksten siger %(stated)s i %(years)s, men linjerne giver %(actual)s")
                % {
                    "stated": format_millions(stated),
                    "years": years,
                    "actual": format_millions(actual)
                    + ("" if first == last else str(_(" om året"))),
                }
            )
    return messages


def _runs(found: list[tuple[int, int | None]]) -> list[tuple[tuple[int, int | None], int]]:
    """((first year, value), last year) for each run of consecutive years with one value."""
    runs: list[tuple[tuple[int, int | None], int]] = []
    for year, value in found:
        if runs and runs[-1][1] == year - 1 and runs[-1][0][1] == value:
            runs[-1] = (runs[-1][0], year)
        else:
            runs.append(((year, value), year))
    return runs


@overload
def in_prices(amount: int, source_index: Index, target_index: Index) -> int: ...
@overload
def in_prices(amount: None, source_index: Index, target_index: Index) -> None: ...
def in_prices(amount: int | None, source_index: Index, target_index: Index) -> int | None:
    """An amount moved to another year's prices, rounded to whole thousands (half up)."""
    if amount is None:
        return None
    value = Decimal(amount) * Decimal(target_index) / Decimal(source_index)
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


class MissingPriceIndex(ValueError):
    """A price conversion needs an index that the price-index table does not have."""

    def __init__(self, steering_area: str, year: int) -> None:
        self.steering_area = steering_area
        self.year = year
        super().__init__(
            _(
                "Der mangler et prisindeks for %(area)s i %(year)s, så beløbene kan ikke "
                "omregnes. Tilføj indekset under Prisindeks i administrationen."
            )
            % {"area": _area_label(steering_area), "year": year}
        )


def _area_label(steering_area: str) -> str:
    from budgetnotes.choices import SteeringArea

    if not steering_area:
        return _("linjer uden styringsområde")
    return str(dict(SteeringArea.choices).get(steering_area, steering_area))


def line_in_prices(line: Line, source_index: Index, target_index: Index) -> Line:
    """A line with every cell moved to other prices and rounded on its own (half up).

    Totals of converted lines are sums of the rounded cells, so rows and columns add up.
    """
    return Line(
        label=line.label,
        amounts={
            year: in_prices(amount, source_index, target_index)
            for year, amount in line.amounts.items()
        },
        steering_area=line.steering_area,
        committee=line.committee,
        appropriation=line.appropriation,
        income_expense=line.income_expense,
    )


def table_in_prices(
    table: Table, indices: Mapping[tuple[str, int], Index], source_year: int, target_year: int
) -> Table:
    """A table in `target_year`'s prices; `indices` maps (steering_area, year) → index.

    Each line uses its own steering area's index. A missing index raises MissingPriceIndex,
    never a silently unconverted figure.
    """
    lines: list[Line] = []
    for line in table.lines:
        source, target = index_pair(indices, line.steering_area, source_year, target_year)
        lines.append(line_in_prices(line, source, target))
    return Table(table.years, tuple(lines))


def index_pair(
    indices: Mapping[tuple[str, int], Index], steering_area: str, source_year: int, target_year: int
) -> tuple[Index, Index]:
    """The steering area's indices for the two years; MissingPriceIndex names the one missing."""
    for year in (source_year, target_year):
        if (steering_area, year) not in indices:
            raise MissingPriceIndex(steering_area, year)
    return indices[(steering_area, source_year)], indices[(steering_area, target_year)]
