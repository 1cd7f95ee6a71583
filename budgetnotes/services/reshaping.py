"""A note's years and price level changed (the years page, a copy into another round).

The amounts that the new years leave out are listed, so the user sees them before they go;
with a conversion, every amount moves to the new price level by the price-index table
(budgetnotes.totals converts, cell by cell, rounded half up).
"""

from copy import deepcopy
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from budgetnotes import shape, totals
from budgetnotes.numbers import format_amount

# Rows whose amounts are over the note's years in its price level. Previously allocated funds
# are in current prices over their own years, and keep both.
IN_NOTE_TERMS = tuple(kind for kind in shape.WITH_AMOUNTS if kind.years == "years")


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
) -> tuple[dict[str, Any], list[Dropped]]:
    """`data` (note_to_data's shape) over `first_year`–`last_year` in `price_level`, and the
    amounts left out. With `convert`, amounts move from the data's price level to the new one
    by `indices` ({(steering area, year): index}); a missing index raises
    totals.MissingPriceIndex. Without, the figures stay and only the stated level changes."""
    new = deepcopy(data)
    years = range(first_year, last_year + 1)
    source_level = data["price_level"]
    converting = convert and source_level != price_level
    dropped = []
    for kind in IN_NOTE_TERMS:
        for index, row in enumerate(new.get(kind.key, []), start=1):
            kept = {}
            for year, amount in row.get("amounts", {}).items():
                if int(year) not in years:
                    if amount:
                        label = row.get(kind.label_field) or ""
                        dropped.append(Dropped(kind, index, label, int(year), amount))
                    continue
                if converting:
                    source, target = totals.index_pair(
                        indices or {}, row.get("steering_area", ""), source_level, price_level
                    )
                    amount = totals.in_prices(amount, source, target)
                kept[year] = amount
            row["amounts"] = kept
    new.update(first_year=first_year, last_year=last_year, price_level=price_level)
    return new, dropped
