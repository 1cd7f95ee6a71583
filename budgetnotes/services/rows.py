"""Writing rows: create or update only what changed (so an unchanged save writes nothing and
records no history), delete what is gone, amounts one row per year."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.db.models import Model, QuerySet

from budgetnotes.shape import RowKind

if TYPE_CHECKING:
    from budgetnotes.services.checking import CheckedRow


class Counter:
    def __init__(self) -> None:
        self.created = 0
        self.updated = 0
        self.deleted = 0

    def __str__(self) -> str:
        return f"{self.created} oprettet, {self.updated} ændret, {self.deleted} slettet"


def record_user(obj: Model, user: Any) -> None:
    """Who the history (django-simple-history) records for the next save or delete."""
    if user is not None:
        setattr(obj, "_history_user", user)  # noqa: B010 - not a field: simple-history reads it


def save(obj: Model, user: Any) -> None:
    record_user(obj, user)
    obj.save()


def update[M: Model](
    counter: Counter, obj: M, values: dict[str, Any], user: Any = None, validate: bool = False
) -> M:
    """Set `values` on a stored `obj`; save only if something changed."""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        if validate:
            obj.full_clean()
        save(obj, user)
        counter.updated += 1
    return obj


def upsert[M: Model](
    counter: Counter,
    model: type[M],
    lookup: dict[str, Any],
    values: dict[str, Any] | None = None,
    user: Any = None,
    validate: bool = True,
) -> M:
    """Get or create by `lookup`; set `values`; save only if something changed."""
    values = values or {}
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        if validate:
            obj.full_clean()
        save(obj, user)
        counter.created += 1
        return obj
    return update(counter, obj, values, user=user, validate=validate)


def prune(
    counter: Counter, queryset: QuerySet[Any], keep: Iterable[Model], user: Any = None
) -> None:
    """Delete the rows of `queryset` that are not in `keep`."""
    for obj in queryset.exclude(pk__in=[obj.pk for obj in keep]):
        record_user(obj, user)
        obj.delete()
        counter.deleted += 1


def sync_amounts(
    counter: Counter,
    amount_model: type[Model],
    parent_field: str,
    parent: Model,
    amounts: dict[int, int],
    user: Any = None,
) -> None:
    kept = [
        upsert(
            counter,
            amount_model,
            {parent_field: parent, "year": year},
            {"amount": amount},
            user=user,
            validate=False,
        )
        for year, amount in sorted(amounts.items())
    ]
    prune(counter, amount_model._default_manager.filter(**{parent_field: parent}), kept, user=user)


def year_amounts(spec: dict[str, Any]) -> dict[Any, Any]:
    """{"2026": 7600} or "annual": [2027, 2030, 500] → {2026: 7600} / {2027: 500, ...}.

    Keys that are not years are kept as given, for the checker to report.
    """
    if "annual" in spec:
        first, last, amount = spec["annual"]
        return dict.fromkeys(range(first, last + 1), amount)
    result: dict[Any, Any] = {}
    for year, amount in (spec.get("amounts") or {}).items():
        try:
            result[int(year)] = amount
        except (TypeError, ValueError):
            result[year] = amount
    return result


def sync_rows(
    counter: Counter,
    note: Model,
    kind: RowKind,
    rows: Sequence[CheckedRow],
    user: Any = None,
    *,
    by_id: bool = False,
    prune_unmatched: bool = True,
) -> list[Any]:
    """Make the note's rows of `kind` be `rows` (checking.CheckedRow, in order). Stored rows
    not matched are deleted (with `prune_unmatched`; else the caller prunes, later). Returns
    the saved rows, in order.

    - `by_id` (the editor, the admin: forms that carry each row's id): a row with the id of
      a stored row of this note updates that row, so it keeps what hangs on it wherever it
      moves; a row without one (or with another note's id) is always a new row. Not for a
      kind that is not `matched_by_id` (scenarios: always by number).
    - otherwise (import, demo): rows are matched by `kind.keyed_by` (position, or the
      scenario's number), so an unchanged load writes nothing.
    """
    stored = list(getattr(note, kind.key).all())
    by_pk = {obj.pk: obj for obj in stored}
    by_key = {getattr(obj, kind.keyed_by): obj for obj in stored}
    by_id = by_id and kind.matched_by_id
    kept = []
    for row in rows:
        values = dict(row.values)
        if by_id:
            obj = by_pk.pop(row.id, None) if row.id is not None else None
        else:
            obj = by_key.pop(values[kind.keyed_by], None)
        if obj is None:
            obj = kind.model(note=note, **values)
            save(obj, user)
            counter.created += 1
        else:
            update(counter, obj, values, user=user)
        if kind.amount_model:
            sync_amounts(counter, kind.amount_model, kind.amount_parent, obj, row.amounts, user)
        kept.append(obj)
    if prune_unmatched:
        prune(counter, getattr(note, kind.key).all(), kept, user=user)
    return kept


def sync_parts(counter: Counter, line: Any, parts: Sequence[CheckedRow], user: Any = None) -> None:
    """Make a funding line's committee parts be `parts` (in order, matched by position), with
    their amounts; a line that is no longer shared loses its parts."""
    from budgetnotes.models import FundingLinePart, FundingPartAmount

    stored = {part.position: part for part in line.parts.all()}  # one query per line
    for row in parts:
        obj = stored.pop(row.values["position"], None)
        if obj is None:
            obj = FundingLinePart(line=line, **row.values)
            save(obj, user)
            counter.created += 1
        else:
            update(counter, obj, row.values, user=user)
        sync_amounts(counter, FundingPartAmount, "part", obj, row.amounts, user)
    for gone in stored.values():  # the parts no longer wanted
        record_user(gone, user)
        gone.delete()
        counter.deleted += 1
