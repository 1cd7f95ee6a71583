"""A note's years and price level changed (the years page, a copy into another round).

The amounts that the new years leave out are listed, so the user sees them before they go;
with a conversion, every amount moves to the new price level by the price-index table
(budgetnotes.totals converts, cell by cell, rounded half up).
"""

import hashlib
from copy import deepcopy
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from budgetnotes import shape, totals
from budgetnotes.numbers import format_amount


class CannotConvert(ValueError):
    """A row without a steering area has no index to convert its amounts by."""

    def __init__(self, kind: shape.RowKind, index: int, label: str) -> None:
        named = f" ({label})" if label else ""
        super().__init__(
            f"{kind.place(index).capitalize()}{named} har intet styringsområde, så dens beløb "
            "kan ikke omregnes. Vælg styringsområdet i redigeringen, eller vælg at beholde "
            "tallene."
        )


@dataclass(frozen=True)
class Dropped:
    """An amount the new years leave out."""

    kind: shape.RowKind
    index: int  # the row's place, from 1
    label: str
    year: int
    amount: int

    def __str__(self) -> str:
        label = f" ({self.label})" if self.label else ""
        return f"{self.kind.place(self.index).capitalize()}{label}, {self.year}: " + (
            f"{format_amount(self.amount)}"
        )


def reshape(
    data: dict[str, Any],
    *,
    first_year: int,
    last_year: int,
    price_level: int,
    convert: bool = False,
    indices: dict[tuple[str, int], Decimal] | None = None,
    own_years: dict[str, tuple[int | None, int | None]] | None = None,
) -> tuple[dict[str, Any], list[Dropped]]:
    """`data` (note_to_data's shape) over `first_year`–`last_year` in `price_level`, and the
    amounts left out.

    - With `convert`, the amounts in the note's price level (funding lines) move to the new
      one by `indices` ({(steering area, year): index}); a missing index raises
      totals.MissingPriceIndex, a line without a steering area CannotConvert. Without, the
      figures stay and only the stated level changes. Tables with a price basis of their own
      (previously allocated funds, conversions) are never converted.
    - `own_years` ({kind key: (first, last)}, (None, None) for none) sets the own years of
      the tables that may have them (shape.RowKind.own_years).
    - Every table's amounts outside its years (RowKind.years_in) are left out and listed.
    """
    new = deepcopy(data)
    new.update(first_year=first_year, last_year=last_year, price_level=price_level)
    for key, (first, last) in (own_years or {}).items():
        first_name, last_name = shape.ROW_KIND[key].own_years
        new.update({first_name: first, last_name: last})
    converting = convert and data["price_level"] != price_level
    dropped: list[Dropped] = []
    for kind in shape.WITH_AMOUNTS:
        years = kind.years_in(new)
        for index, row in enumerate(new.get(kind.key, []), start=1):
            if years is not None:
                row["amounts"] = _kept(kind, index, row, years, dropped)
                for part in row.get("parts") or []:  # a shared line's parts go with it
                    part["amounts"] = {y: a for y, a in part["amounts"].items() if int(y) in years}
            if converting and kind.in_note_prices and row.get("amounts"):
                area = row.get("steering_area") or ""
                if not area:
                    raise CannotConvert(kind, index, row.get(kind.label_field) or "")
                source, target = totals.index_pair(
                    indices or {}, area, data["price_level"], price_level
                )
                if row.get("parts"):
                    converted = totals.parts_in_prices(
                        row["amounts"], [part["amounts"] for part in row["parts"]], source, target
                    )
                    for part, amounts in zip(row["parts"], converted, strict=True):
                        part["amounts"] = amounts
                row["amounts"] = {
                    year: totals.in_prices(amount, source, target)
                    for year, amount in row["amounts"].items()
                }
    return new, dropped


def _kept(
    kind: shape.RowKind,
    index: int,
    row: dict[str, Any],
    years: tuple[int, ...],
    dropped: list[Dropped],
) -> dict[str, Any]:
    """The row's amounts within `years`; those outside (not zero) are added to `dropped`."""
    kept = {}
    for year, amount in row.get("amounts", {}).items():
        if int(year) in years:
            kept[year] = amount
        elif amount:
            dropped.append(Dropped(kind, index, row.get(kind.label_field) or "", int(year), amount))
    return kept


def dropped_digest(dropped: list[Dropped]) -> str:
    """A short fingerprint of the amounts a confirmation covers: a confirmation given for
    one list does not cover another (the user changed the years after confirming)."""
    return hashlib.sha256("\n".join(map(str, dropped)).encode()).hexdigest()[:16]
