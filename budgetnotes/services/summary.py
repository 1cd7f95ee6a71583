"""The notes' summary (models.NoteTotal): each note's counted amounts summed by steering area
and year, as budgetnotes.totals.note_summary sums them, so the round page, its footer and the
rounds page add up a few rows per note instead of every amount.

It is written here only, and only from these callers:
- the write path (`services.notes._write`), from the lines it has just written, for every
  save of every kind (editor, admin, import, demo loader, follow-up note, new note and copy,
  the years page with its price conversion);
- `budgetnotes.generate` writes its bulk rounds' summary itself (from the same function);
- `rebuild` derives it from the stored amounts: after a restore (backups leave the summary
  out), and for test data written straight through the ORM (tests/builders.py).
A note's rows are deleted with the note (on_delete CASCADE).
"""

from collections.abc import Iterable, Mapping
from typing import Any

from budgetnotes import totals
from budgetnotes.models import FundingAmount, NoteTotal

BATCH = 2000


def store(note_id: int, wanted: Mapping[tuple[str, int], int]) -> None:
    """Make the note's summary rows be `wanted` ({(steering area, year): amount}), writing
    only the rows that change: one query when none does."""
    stored = {(row.steering_area, row.year): row for row in NoteTotal.objects.filter(note=note_id)}
    new, changed = [], []
    for (area, year), amount in wanted.items():
        row = stored.pop((area, year), None)
        if row is None:
            new.append(NoteTotal(note_id=note_id, steering_area=area, year=year, amount=amount))
        elif row.amount != amount:
            row.amount = amount
            changed.append(row)
    if stored:
        NoteTotal.objects.filter(pk__in=[row.pk for row in stored.values()]).delete()
    if changed:
        NoteTotal.objects.bulk_update(changed, ["amount"])
    if new:
        NoteTotal.objects.bulk_create(new)


def rows_for(summaries: Iterable[tuple[int, Mapping[tuple[str, int], int]]]) -> list[NoteTotal]:
    """New summary rows for (note id, summary) pairs (generate.py, rebuild)."""
    return [
        NoteTotal(note_id=note_id, steering_area=area, year=year, amount=amount)
        for note_id, summary in summaries
        for (area, year), amount in summary.items()
    ]


def rebuild(notes: Any = None) -> int:
    """Derive the summary of `notes` (a queryset, or None for every note) anew from their
    stored amounts; returns the number of rows written."""
    amounts = FundingAmount.objects.all()
    summary_rows = NoteTotal.objects.all()
    if notes is not None:
        amounts = amounts.filter(line__note__in=notes)
        summary_rows = summary_rows.filter(note__in=notes)
    lines: dict[int, list[totals.CountedLine]] = {}
    for note_id, area, number, year, amount in amounts.order_by().values_list(
        "line__note_id", "line__steering_area", "line__scenario__number", "year", "amount"
    ):
        lines.setdefault(note_id, []).append(totals.CountedLine(area, number, {year: amount}))
    summary_rows.delete()
    created = NoteTotal.objects.bulk_create(
        rows_for((note_id, totals.note_summary(found)) for note_id, found in lines.items()),
        batch_size=BATCH,
    )
    return len(created)
