"""A note's *Historik*: every recorded change to the note and its rows (funding lines and
their amounts too), field by field, old → new, with user and time (django-simple-history)."""

import bisect
from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from budgetnotes.models import (
    Administration,
    AppropriationArea,
    BudgetNote,
    Committee,
    District,
    FundingLinePart,
    FundingPartAmount,
)
from budgetnotes.numbers import format_amount
from budgetnotes.pages.changes import Change, show
from budgetnotes.pages.lookup import note_or_404
from budgetnotes.presentation import PART_LABEL
from budgetnotes.shape import ROW_KIND, ROW_KINDS, WITH_AMOUNTS, field_label
from budgetnotes.workflow import read_reason

SKIPPED = {
    "version",
    "updated_at",
    "created_at",
    "position",
    "note",
    "assessment",
    "id",
    "sent_back",  # the step itself says so
}


@dataclass
class Entry:
    date: object
    user: str
    title: str
    version: int | None = None
    changes: list = field(default_factory=list)
    reason: str = ""  # the user's reason for a workflow step ("Send tilbage til redaktøren")


def user_name(record):
    """The person's name (their login name where none is given); "system" for the loader."""
    user = record.history_user
    if user is None:
        return "system"
    return user.get_full_name() or user.username


class Births:
    """Rows added or removed in a save, each one Change with its amounts folded in
    ("Linje fjernet: Konsulenter til efterværn", before "2026: 2.000 · 2027: 2.000"), so
    a removed line is one row of the history, not one per year."""

    def __init__(self):
        self.rows = {}  # (model, id, "+" or "-") → (entry, what, [(year, amount)])

    def add(self, entry, model, record, what):
        self.rows[(model, record.id, record.history_type)] = (entry, what, [])
        entry.changes.append((model, record.id, record.history_type))  # placeholder

    def takes(self, entry, parent_model, parent_id, record):
        """Whether the amount `record` belongs to a row added or removed in `entry`."""
        born = self.rows.get((parent_model, parent_id, record.history_type))
        if born is None or born[0] is not entry:
            return False
        born[2].append((record.year, record.amount))
        return True

    def finish(self, entries):
        for entry in entries:
            entry.changes = [self._change(c) if isinstance(c, tuple) else c for c in entry.changes]

    def _change(self, key):
        _entry, what, amounts = self.rows[key]
        shown = " · ".join(f"{year}: {format_amount(amount)}" for year, amount in sorted(amounts))
        if key[2] == "+":
            return Change(what, "–", shown or "tilføjet")
        return Change(what, shown or "–", "fjernet")


class Labels:
    """Turns stored ids into what the user knows (committee codes, BIU 35.10, …)."""

    def __init__(self):
        self.committees = dict(Committee.objects.values_list("pk", "code"))
        self.administrations = dict(Administration.objects.values_list("pk", "code"))
        self.areas = {
            area.pk: str(area) for area in AppropriationArea.objects.select_related("committee")
        }
        self.districts = dict(District.objects.values_list("pk", "name"))

    def value(self, model, name, value):
        if name == "committee":
            return self.committees.get(value, show(name, value))
        if name == "administration":
            return self.administrations.get(value, show(name, value))
        if name == "appropriation_area":
            return self.areas.get(value, show(name, value))
        if name == "districts":
            ids = [row.get("district") for row in value or []]
            return ", ".join(self.districts.get(pk, str(pk)) for pk in ids) or "–"
        if name in ("year",):
            return str(value)
        if name == "amount":
            return format_amount(value) if value is not None else "–"
        return show(name, value)


def field_changes(model, old, new, labels, prefix):
    delta = new.diff_against(old)
    result = []
    for change in delta.changes:
        name = change.field
        if name in SKIPPED or (name.endswith("_id") and name[:-3] in SKIPPED):
            continue
        label = field_label(model, name)
        what = f"{prefix}{label}" if prefix else label[:1].upper() + label[1:]
        result.append(
            Change(
                what,
                labels.value(model, name, change.old),
                labels.value(model, name, change.new),
            )
        )
    return result


def row_name(kind, record):
    """How a row is named in the history: its number for a scenario, else its label field."""
    if kind.key == "scenarios":
        return str(record.number) + (f": {record.name}" if record.name else "")
    return getattr(record, kind.label_field) or ""


def note_history(note):
    """Entries, newest first: one per saved version of the note, with its rows' changes."""
    labels = Labels()
    records = list(
        note.history.select_related("history_user").order_by("history_date", "history_id")
    )
    entries = []
    previous = None
    for record in records:
        if previous is None:
            title = "Oprettet"
            changes = []
        else:
            title = record.history_change_reason or "Ændret"
            changes = field_changes(BudgetNote, previous, record, labels, "")
        title, reason = read_reason(title)
        entries.append(
            Entry(record.history_date, user_name(record), title, record.version, changes, reason)
        )
        previous = record
    dates = [entry.date for entry in entries]

    def entry_for(record):
        index = bisect.bisect_right(dates, record.history_date) - 1
        if index < 0:
            entry = Entry(record.history_date, user_name(record), "Ændret")
            entries.insert(0, entry)
            dates.insert(0, record.history_date)
            return entry
        return entries[index]

    row_names = {}
    births = Births()
    for kind in ROW_KINDS:
        model = kind.model
        rows = model.history.filter(note_id=note.pk).select_related("history_user")
        last = {}
        for record in rows.order_by("history_date", "history_id"):
            name = f"{kind.history_label} {row_name(kind, record)}".strip()
            row_names[(model, record.id)] = row_name(kind, record)
            before = last.get(record.id)
            entry = entry_for(record)
            if record.history_type in "+-":
                done = "tilføjet" if record.history_type == "+" else "fjernet"
                births.add(
                    entry, model, record, f"{kind.history_label} {done}: {row_name(kind, record)}"
                )
            elif before is not None:
                entry.changes.extend(field_changes(model, before, record, labels, f"{name}, "))
            last[record.id] = record

    for kind in WITH_AMOUNTS:
        model, parent, parent_field = kind.amount_model, kind.model, f"{kind.amount_parent}_id"
        parent_ids = [pk for (m, pk) in row_names if m is parent]
        rows = model.history.filter(**{f"{parent_field}__in": parent_ids}).select_related(
            "history_user"
        )
        last = {}
        for record in rows.order_by("history_date", "history_id"):
            parent_name = row_names.get((parent, getattr(record, parent_field)), "")
            what = f"{parent_name}, {record.year}"
            before = last.get(record.id)
            change = amount_change(record, before)
            last[record.id] = record
            entry = entry_for(record)
            if births.takes(entry, parent, getattr(record, parent_field), record):
                continue
            if change is not None:
                entry.changes.append(Change(what, *change))
    _part_changes(row_names, entry_for, labels, births)
    births.finish(entries)
    # A districts change is recorded as a second record of the same save: show it once.
    entries = [e for e in entries if e.changes or e.title != "Ændret"]
    entries.reverse()
    return entries


def amount_change(record, before):
    """(old, new) of one year's amount record, or None where it did not change."""
    if record.history_type == "+":
        return "–", format_amount(record.amount)
    if record.history_type == "-":
        return format_amount(record.amount), "–"
    old = format_amount(before.amount) if before else "–"
    new = format_amount(record.amount)
    return None if old == new else (old, new)


def _part_changes(row_names, entry_for, labels, births):
    """A shared line's parts: added, removed, moved to another committee or appropriation,
    and their amounts ("Linje Ungeteam, heraf SOU, 2027: 1.200 → 1.700")."""
    line_model = ROW_KIND["funding_lines"].model
    line_ids = [pk for (model, pk) in row_names if model is line_model]
    part_names = {}
    last = {}
    records = FundingLinePart.history.filter(line_id__in=line_ids).order_by(
        "history_date", "history_id"
    )
    for record in records.select_related("history_user"):
        committee = labels.value(FundingLinePart, "committee", record.committee_id)
        line_name = row_names.get((line_model, record.line_id), "")
        name = f"Linje {line_name}, {PART_LABEL.format(name=committee)}"
        before = last.get(record.id)
        part_names[record.id] = name
        entry = entry_for(record)
        if record.history_type in "+-":
            done = "tilføjet" if record.history_type == "+" else "fjernet"
            births.add(entry, FundingLinePart, record, f"Linje {line_name}, {done}: {committee}")
        elif before is not None:
            entry.changes.extend(
                field_changes(FundingLinePart, before, record, labels, f"{name}, ")
            )
        last[record.id] = record
    last = {}
    amounts = FundingPartAmount.history.filter(part_id__in=list(part_names)).order_by(
        "history_date", "history_id"
    )
    for record in amounts.select_related("history_user"):
        change = amount_change(record, last.get(record.id))
        last[record.id] = record
        if births.takes(entry_for(record), FundingLinePart, record.part_id, record):
            continue
        if change is not None:
            what = f"{part_names.get(record.part_id, '')}, {record.year}"
            entry_for(record).changes.append(Change(what, *change))


@login_required
def note_history_view(request, slug, code):
    note = note_or_404(request, slug, code, BudgetNote.objects.select_related("round"))
    return render(
        request,
        "budgetnotes/note_history.html",
        {"note": note, "round": note.round, "entries": note_history(note)},
    )
