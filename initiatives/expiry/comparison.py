"""Two saved versions of an expiry assessment side by side: its texts word by word, its other
fields (verdict, group, price levels) old → new, and every amount of its economy lines, old →
new with the difference, with each economy's totals ("heraf" lines are part of the line above
them and are not added again, as on the sheet).

A version is rebuilt from the history as a note's is (budgetnotes.comparison, whose word diff
and change records this reuses): the sheet's record of that version, and each economy line
and amount as it stood before the next version's record (save_assessment writes the sheet's
record of a save before its lines).
"""

from dataclasses import dataclass

from budgetnotes import comparison
from budgetnotes.choices import SteeringArea
from budgetnotes.comparison import AmountChange, LineChange, TextChange, UnknownVersion, Version
from budgetnotes.models import Administration, Committee
from initiatives.models import EconomyKind, ExpiryAmount, ExpiryAssessment, ExpiryEconomyLine

TEXT_FIELDS = (
    "title",
    "origin",
    "content",
    "results",
    "economy_text",
    "adjusted_content",
    "proposed_economy_text",
)
CHOICE_FIELDS = ("verdict", "group", "original_price_level", "proposed_price_level")

__all__ = ["UnknownVersion", "compare", "snapshot", "versions"]


def _label(name):
    return str(ExpiryAssessment._meta.get_field(name).verbose_name).capitalize()


@dataclass
class EconomyLineState:
    id: int
    kind: str
    label: str
    of_which: bool
    amounts: dict[int, int]


@dataclass
class Snapshot:
    version: Version
    texts: dict[str, str]
    fields: dict[str, str]  # the other fields, as shown
    lines: dict[int, EconomyLineState]  # by line id, in kind and position order

    def years(self, kind):
        return {year for line in self.lines.values() if line.kind == kind for year in line.amounts}

    def year_totals(self, kind):
        found = {}
        for line in self.lines.values():
            if line.kind == kind and not line.of_which:
                for year, amount in line.amounts.items():
                    found[year] = found.get(year, 0) + amount
        return found


@dataclass
class Economy:
    label: str  # "Udløbende bevilling", "Foreslået økonomi"
    lines: list[LineChange]
    totals: list[AmountChange]

    @property
    def changed_totals(self):
        return [change for change in self.totals if change.difference]


@dataclass
class Comparison:
    old: Version
    new: Version
    texts: list[TextChange]
    fields: list[tuple[str, str, str]]  # (label, old, new)
    economies: list[Economy]  # only those with a change

    @property
    def unchanged(self):
        return not (self.texts or self.fields or self.economies)


def versions(assessment):
    """Every saved version of the sheet, newest first."""
    return comparison.versions(assessment)


def _shown(record, name):
    value = getattr(record, name)
    if value in (None, ""):
        return "–"
    choices = ExpiryAssessment._meta.get_field(name).choices
    return str(dict(choices).get(value, value)) if choices else str(value)


def _line_label(line, owners):
    label = (
        line.label or str(dict(SteeringArea.choices).get(line.steering_area, "")) or "Ikke angivet"
    )
    codes = [
        owners[key]
        for key in (("a", line.administration_id), ("c", line.committee_id))
        if key in owners
    ]
    return f"{label} ({', '.join(codes)})" if codes else label


def _owners(lines):
    administrations = {line.administration_id for line in lines if line.administration_id}
    committees = {line.committee_id for line in lines if line.committee_id}
    owners = {}
    if administrations:
        for pk, code in Administration.objects.filter(pk__in=administrations).values_list(
            "pk", "code"
        ):
            owners["a", pk] = code
    if committees:
        for pk, code in Committee.objects.filter(pk__in=committees).values_list("pk", "code"):
            owners["c", pk] = code
    return owners


def snapshot(assessment, number, all_versions=None):
    all_versions = all_versions if all_versions is not None else versions(assessment)
    by_number = {version.number: version for version in all_versions}
    if number not in by_number:
        raise UnknownVersion(number)
    history = ExpiryAssessment.history.filter(id=assessment.pk)
    record = history.filter(version=number).order_by("-history_date", "-history_id").first()
    later = history.filter(version__gt=number).order_by("history_date", "history_id").first()
    before = {"history_date__lt": later.history_date} if later else {}
    lines = comparison.latest(
        ExpiryEconomyLine.history.filter(assessment_id=assessment.pk, **before), "id"
    )
    amounts = comparison.latest(
        ExpiryAmount.history.filter(line_id__in=list(lines), **before), "id"
    )
    by_line = {}
    for amount in amounts.values():
        if amount.amount is not None:
            by_line.setdefault(amount.line_id, {})[amount.year] = amount.amount
    kinds = [kind for kind, _label in EconomyKind.choices]
    ordered = sorted(
        lines.values(), key=lambda line: (kinds.index(line.kind), line.position, line.id)
    )
    owners = _owners(ordered)
    return Snapshot(
        version=by_number[number],
        texts={name: getattr(record, name) or "" for name in TEXT_FIELDS},
        fields={name: _shown(record, name) for name in CHOICE_FIELDS},
        lines={
            line.id: EconomyLineState(
                id=line.id,
                kind=line.kind,
                label=_line_label(line, owners),
                of_which=line.of_which,
                amounts=by_line.get(line.id, {}),
            )
            for line in ordered
        },
    )


def _line_changes(old, new, kind, years):
    changes = []
    before_ids = [pk for pk, line in old.lines.items() if line.kind == kind]
    after_ids = [pk for pk, line in new.lines.items() if line.kind == kind]
    for line_id in [*before_ids, *(pk for pk in after_ids if pk not in before_ids)]:
        before, after = old.lines.get(line_id), new.lines.get(line_id)
        if before is not None and before.kind != kind:
            before = None
        if after is not None and after.kind != kind:
            after = None
        if before is None:
            changes.append(
                LineChange(
                    after.label,
                    "added",
                    comparison.amount_changes({}, after.amounts, years),
                    not after.of_which,
                )
            )
            continue
        if after is None:
            changes.append(
                LineChange(
                    before.label,
                    "removed",
                    comparison.amount_changes(before.amounts, {}, years),
                    not before.of_which,
                )
            )
            continue
        notes = []
        if before.label != after.label:
            notes.append(f"Tekst: {before.label} → {after.label}")
        if before.of_which != after.of_which:
            notes.append(
                "Nu en »heraf«-linje" if after.of_which else "Ikke længere en »heraf«-linje"
            )
        amounts = comparison.amount_changes(before.amounts, after.amounts, years)
        if amounts or notes:
            changes.append(LineChange(after.label, "changed", amounts, not after.of_which, notes))
    return changes


def compare(old, new):
    """What changed from snapshot `old` to snapshot `new`."""
    texts = [
        TextChange(_label(name), comparison.word_diff(old.texts[name], new.texts[name]))
        for name in TEXT_FIELDS
        if " ".join(old.texts[name].split()) != " ".join(new.texts[name].split())
    ]
    fields = [
        (_label(name), old.fields[name], new.fields[name])
        for name in CHOICE_FIELDS
        if old.fields[name] != new.fields[name]
    ]
    economies = []
    for kind, label in EconomyKind.choices:
        years = sorted(old.years(kind) | new.years(kind))
        lines = _line_changes(old, new, kind, years)
        old_totals, new_totals = old.year_totals(kind), new.year_totals(kind)
        economy = Economy(
            str(label),
            lines,
            [
                AmountChange(year, old_totals.get(year, 0), new_totals.get(year, 0))
                for year in years
            ],
        )
        if lines or economy.changed_totals:
            economies.append(economy)
    return Comparison(old.version, new.version, texts, fields, economies)
