"""What changed between two versions of a note's data (services.note_to_data), in Danish:
shown to the second editor when a save meets a newer version (no lost updates)."""

from dataclasses import dataclass

from budgetnotes.choices import Category, IncomeExpense, Status, SteeringArea
from budgetnotes.models import BudgetNote, District
from budgetnotes.numbers import format_amount
from budgetnotes.shape import NOTE_FIELDS, ROW_KINDS, field_label

CHOICES = {
    "category": Category,
    "status": Status,
    "steering_area": SteeringArea,
    "income_expense": IncomeExpense,
}


@dataclass(frozen=True)
class Change:
    what: str
    old: str
    new: str


def show(name, value):
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if name in CHOICES:
        try:
            return str(CHOICES[name](value).label)
        except ValueError:
            return str(value)
    text = str(value)
    return text if len(text) <= 160 else text[:157] + "…"


def note_label(name):
    return str(BudgetNote._meta.get_field(name).verbose_name).capitalize()


def diff_data(old, new):
    """A list of Changes from `old` to `new` (both in note_to_data's shape)."""
    changes = []
    for name in ("status", *NOTE_FIELDS):
        if old.get(name) != new.get(name):
            changes.append(
                Change(note_label(name), show(name, old.get(name)), show(name, new.get(name)))
            )
    if sorted(old.get("districts", [])) != sorted(new.get("districts", [])):
        names = dict(District.objects.values_list("code", "name"))

        def district_names(codes):
            return ", ".join(names.get(code, code) for code in codes) or "–"

        changes.append(
            Change(
                "Bydele",
                district_names(old.get("districts", [])),
                district_names(new.get("districts", [])),
            )
        )
    for kind in ROW_KINDS:
        key, label_field = kind.key, kind.label_field
        old_rows, new_rows = old.get(key, []), new.get(key, [])
        for index in range(max(len(old_rows), len(new_rows))):
            before = old_rows[index] if index < len(old_rows) else None
            after = new_rows[index] if index < len(new_rows) else None
            row = after or before
            place = kind.place(index + 1)
            label = f"{place[:1].upper()}{place[1:]}: {row.get(label_field) or ''}".rstrip(": ")
            if before is None:
                changes.append(Change(label, "–", "tilføjet"))
                continue
            if after is None:
                changes.append(Change(label, "fjernet", "–"))
                continue
            for name in after:
                if name in ("amounts", "id") or before.get(name) == after.get(name):
                    continue
                changes.append(
                    Change(
                        f"{label}, {field_label(kind.model, name)}",
                        show(name, before.get(name)),
                        show(name, after.get(name)),
                    )
                )
            old_amounts, new_amounts = before.get("amounts", {}), after.get("amounts", {})
            for year in sorted(set(old_amounts) | set(new_amounts)):
                if old_amounts.get(year) != new_amounts.get(year):
                    changes.append(
                        Change(
                            f"{label}, {year}",
                            format_amount(old_amounts.get(year)) or "–",
                            format_amount(new_amounts.get(year)) or "–",
                        )
                    )
    return changes
