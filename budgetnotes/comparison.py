"""Two saved versions of a note side by side: its texts word by word and every amount of its
funding lines, old → new with the difference, and the note's totals (what counts in them is
budgetnotes.totals.counts, as everywhere).

A version is rebuilt from the history (django-simple-history): the note's record of that
version, and each funding line, scenario and amount as it stood then. The write path saves
the note before its rows, so a version's rows are those recorded before the next version's
note record (or the rows as they are now, for the current version).
"""

import difflib
from dataclasses import dataclass, field
from datetime import datetime

from budgetnotes import totals
from budgetnotes.models import BudgetNote, FundingAmount, FundingLine, Scenario
from budgetnotes.shape import SECTIONS

TEXTS = (("title", "Titel"), *((section.name, section.heading) for section in SECTIONS))


class UnknownVersion(LookupError):
    pass


@dataclass
class Version:
    number: int
    date: datetime
    user: object
    status: str
    status_label: str
    reason: str  # the history record's change reason (a workflow step's label and reason)


@dataclass
class LineState:
    id: int
    label: str
    steering_area: str
    scenario_number: int | None
    amounts: dict[int, int]

    @property
    def counts(self):
        return totals.counts(self.scenario_number)


@dataclass
class Snapshot:
    version: Version
    texts: dict[str, str]
    lines: dict[int, LineState]  # by line id, in position order

    def year_totals(self):
        return totals.year_sums(
            (line.amounts for line in self.lines.values() if line.counts), self.years()
        )

    def years(self):
        return sorted({year for line in self.lines.values() for year in line.amounts})


@dataclass
class TextChange:
    label: str
    segments: list  # [(kind, text)]: kind "same", "removed" or "added"


@dataclass
class AmountChange:
    year: int
    old: int | None
    new: int | None

    @property
    def difference(self):
        return (self.new or 0) - (self.old or 0)


@dataclass
class LineChange:
    label: str
    state: str  # "changed", "added" or "removed"
    amounts: list[AmountChange]
    counts: bool
    notes: list[str] = field(default_factory=list)  # other changes: area, scenario, name


@dataclass
class Comparison:
    old: Version
    new: Version
    texts: list[TextChange]
    lines: list[LineChange]
    totals: list[AmountChange]  # every year of either version

    @property
    def changed_totals(self):
        return [change for change in self.totals if change.difference]

    @property
    def unchanged(self):
        return not (self.texts or self.lines or self.changed_totals)


def versions(note):
    """Every saved version of the note, newest first (the last record of each version). Any
    versioned model with a history will do: initiatives.expiry.comparison passes a sheet."""
    seen = {}
    for record in (
        type(note)
        .history.filter(id=note.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    ):
        if record.version not in seen:
            seen[record.version] = Version(
                number=record.version,
                date=record.history_date,
                user=record.history_user,
                status=record.status,
                status_label=str(record.get_status_display()),
                reason=record.history_change_reason or "",
            )
    return sorted(seen.values(), key=lambda version: -version.number)


def latest(records, key):
    """The newest record of each `key`, without the deleted ones."""
    newest = {}
    for record in records.order_by("history_date", "history_id"):
        newest[getattr(record, key)] = record
    return {pk: record for pk, record in newest.items() if record.history_type != "-"}


def snapshot(note, number, all_versions=None):
    all_versions = all_versions if all_versions is not None else versions(note)
    by_number = {version.number: version for version in all_versions}
    if number not in by_number:
        raise UnknownVersion(number)
    record = (
        BudgetNote.history.filter(id=note.pk, version=number)
        .order_by("-history_date", "-history_id")
        .first()
    )
    later = (
        BudgetNote.history.filter(id=note.pk, version__gt=number)
        .order_by("history_date", "history_id")
        .first()
    )
    before = {"history_date__lt": later.history_date} if later else {}
    lines = latest(FundingLine.history.filter(note_id=note.pk, **before), "id")
    scenarios = latest(Scenario.history.filter(note_id=note.pk, **before), "id")
    amounts = latest(FundingAmount.history.filter(line_id__in=list(lines), **before), "id")
    by_line = {}
    for amount in amounts.values():
        if amount.amount is not None:
            by_line.setdefault(amount.line_id, {})[amount.year] = amount.amount
    ordered = sorted(lines.values(), key=lambda line: (line.position, line.id))
    return Snapshot(
        version=by_number[number],
        texts={name: getattr(record, name) or "" for name, _label in TEXTS},
        lines={
            line.id: LineState(
                id=line.id,
                label=line.activity or f"Linje {line.position}",
                steering_area=line.steering_area,
                scenario_number=(
                    scenarios[line.scenario_id].number if line.scenario_id in scenarios else None
                ),
                amounts=by_line.get(line.id, {}),
            )
            for line in ordered
        },
    )


def word_diff(old, new):
    """[(kind, text)]: the words kept, removed and added, in reading order."""
    old_words, new_words = old.split(), new.split()
    segments = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(("same", " ".join(old_words[a1:a2])))
            continue
        if a2 > a1:
            segments.append(("removed", " ".join(old_words[a1:a2])))
        if b2 > b1:
            segments.append(("added", " ".join(new_words[b1:b2])))
    return segments


def amount_changes(old, new, years):
    return [
        AmountChange(year, old.get(year), new.get(year))
        for year in years
        if old.get(year) != new.get(year)
    ]


def compare(old, new):
    """What changed from snapshot `old` to snapshot `new`."""
    texts = [
        TextChange(label, word_diff(old.texts[name], new.texts[name]))
        for name, label in TEXTS
        if " ".join(old.texts[name].split()) != " ".join(new.texts[name].split())
    ]
    years = sorted(set(old.years()) | set(new.years()))
    lines = []
    for line_id in [*old.lines, *(pk for pk in new.lines if pk not in old.lines)]:
        before, after = old.lines.get(line_id), new.lines.get(line_id)
        if before is None:
            lines.append(
                LineChange(
                    after.label, "added", amount_changes({}, after.amounts, years), after.counts
                )
            )
            continue
        if after is None:
            lines.append(
                LineChange(
                    before.label,
                    "removed",
                    amount_changes(before.amounts, {}, years),
                    before.counts,
                )
            )
            continue
        notes = []
        if before.label != after.label:
            notes.append(f"Aktivitet: {before.label} → {after.label}")
        if before.steering_area != after.steering_area:
            notes.append(f"Styringsområde: {before.steering_area} → {after.steering_area}")
        if before.scenario_number != after.scenario_number:
            notes.append(
                f"Scenarie: {before.scenario_number or 'intet'} → {after.scenario_number or 'intet'}"
            )
        changed = amount_changes(before.amounts, after.amounts, years)
        if changed or notes:
            lines.append(LineChange(after.label, "changed", changed, after.counts, notes))
    old_totals, new_totals = old.year_totals(), new.year_totals()
    return Comparison(
        old=old.version,
        new=new.version,
        texts=texts,
        lines=lines,
        totals=[
            AmountChange(year, old_totals.get(year, 0), new_totals.get(year, 0)) for year in years
        ],
    )
