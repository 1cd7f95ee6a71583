"""What the sheets show, read once from the database for one `Selection`.

`WorkbookContents(selection)` reads the notes, the price indices a conversion needs, the
funding lines with their amounts and the previously allocated funds (one query each, see
`queries`); every sheet then reads from it. Amounts are converted to the workbook's price level
cell by cell (`totals.in_prices`), before anything is added up. A missing index raises
`totals.MissingPriceIndex` here, before a sheet is written.
"""

from collections import defaultdict
from dataclasses import replace
from functools import lru_cache
from itertools import groupby
from operator import itemgetter
from typing import NamedTuple

from django.utils.translation import gettext as _

from budgetnotes import shape, totals
from budgetnotes.numbers import format_amount
from documents.workbook import queries
from documents.workbook.queries import AREA_ORDER


class LineRow(NamedTuple):
    """A funding line as Bevillinger and Data show it."""

    note: dict  # the note's fields (WorkbookContents.notes)
    scenario: str | None  # "Scenarie 2: Mindre"; None for a line outside the scenarios
    line: totals.Line  # in the workbook's prices


class Conversion(NamedTuple):
    """A steering area's move from a note's price level to the workbook's (Prisindeks)."""

    steering_area: str
    source_year: int
    source_index: object  # Decimal
    target_index: object  # Decimal
    is_example: bool
    source: str


def scenario_label(number, name):
    if name:
        return f"Scenarie {number}: {name}"
    return f"Scenarie {number}"


class WorkbookContents:
    """The selection's notes and figures.

    - `notes`: {note id: {field: value}} by code (`queries.NOTE_FIELDS`, "administration" and
      "committee" being codes); `years`: every year from the first note's first to the last's;
    - `primary_lines` (the lines that count, in Bevillinger's order), `alternative_lines`
      (alternative scenarios) and `note_lines` ({note id: [totals.Line]} of the lines that count);
    - `allocations`: [(note, totals.Table)] of previously allocated funds (never converted);
    - `converted_funds`: [(note, totals.Table, price basis)] of the funds a note asks to convert,
      over their own years, in their own price basis (a year, or None: løbende p/l), as the
      note prints them (never converted here);
    - `indices` ({(steering area, year): index}) and `conversions` when converting.
    """

    def __init__(self, selection):
        self.selection = selection
        self.round = selection.round
        self.target_pl = selection.target_pl
        self.notes_qs = selection.notes()
        self._in_prices = lru_cache(maxsize=65536)(totals.in_prices)
        self._read_notes()
        self._read_prices()
        self._read_lines()
        self._read_allocations()
        self._read_converted_funds()

    def _read_notes(self):
        keys = [field.removesuffix("__code") for field in queries.NOTE_FIELDS]
        rows = queries.note_rows(self.notes_qs)
        self.notes = {row[0]: dict(zip(keys, row, strict=True)) for row in rows}
        if self.notes:
            first = min(note["first_year"] for note in self.notes.values())
            last = max(note["last_year"] for note in self.notes.values())
            self.years = tuple(range(first, last + 1))
        else:
            self.years = ()

    def _read_prices(self):
        """The index figures a conversion needs; a missing one stops everything."""
        self.indices = {}
        self.conversions = []
        self.index_set = None
        target = self.target_pl
        if target is None:
            return
        self.index_set = queries.index_set()
        found = {
            (area, year): (index, is_example, source)
            for area, year, index, is_example, source in queries.price_indices()
        }
        self.indices = {key: value[0] for key, value in found.items()}
        pairs = queries.price_level_pairs(self.notes_qs)
        for area, source in sorted(pairs, key=lambda pair: (AREA_ORDER.index(pair[0]), pair[1])):
            if source == target:
                continue
            for year in (source, target):
                if (area, year) not in self.indices:
                    raise totals.MissingPriceIndex(area, year)
            source_index, is_example, origin = found[(area, source)]
            self.conversions.append(
                Conversion(area, source, source_index, found[(area, target)][0], is_example, origin)
            )

    def convert(self, line, price_level):
        """`line` in the workbook's prices (itself when no conversion is asked for)."""
        target = self.target_pl
        if target is None or target == price_level:
            return line
        source = self.indices[(line.steering_area, price_level)]
        target_index = self.indices[(line.steering_area, target)]
        # totals.in_prices for each cell (as totals.line_in_prices does), remembered per
        # (amount, indices): amounts repeat a lot, and Decimal arithmetic is the slow part.
        in_prices = self._in_prices
        return replace(
            line,
            amounts={
                year: in_prices(amount, source, target_index)
                for year, amount in line.amounts.items()
            },
        )

    def convert_parts(self, line_amounts, parts, steering_area, price_level):
        """A shared line's parts in the workbook's prices, adding up to the converted line
        (totals.parts_in_prices, the rule a converted copy uses too)."""
        target = self.target_pl
        if target is None or target == price_level:
            return parts
        return totals.parts_in_prices(
            line_amounts,
            parts,
            self.indices[(steering_area, price_level)],
            self.indices[(steering_area, target)],
        )

    def _read_parts(self):
        """Shared lines' parts: line id → [(committee, appropriation, {year: amount})]."""
        parts = defaultdict(list)
        for (line_id, _part_id), rows in groupby(
            queries.part_rows(self.notes_qs), key=itemgetter(0, 1)
        ):
            rows = list(rows)
            _l, _p, committee, area_committee, area_number, _y, _a = rows[0]
            appropriation = f"{area_committee} {area_number}" if area_number else ""
            amounts = {row[5]: row[6] for row in rows if row[5] is not None}
            parts[line_id].append((committee, appropriation, amounts))
        return parts

    def _read_lines(self):
        """The funding lines as Bevillinger lists them. A line shared between committees is
        listed as its committees' parts (each under its committee, named as part of the
        shared line), so the committee subtotals and the distribution follow the parts."""
        self.primary_lines = []
        self.alternative_lines = []
        self.note_lines = defaultdict(list)
        parts = self._read_parts()
        for line_id, rows in groupby(queries.line_rows(self.notes_qs), key=itemgetter(0)):
            rows = list(rows)
            (
                _id,
                note_id,
                alternative,
                scenario_number,
                scenario_name,
                activity,
                area,
                committee,
                appropriation_committee,
                appropriation_number,
                income_expense,
                _year,
                _amount,
            ) = rows[0]
            note = self.notes[note_id]
            line = self.convert(
                totals.Line(
                    label=activity,
                    amounts={row[11]: row[12] for row in rows if row[11] is not None},
                    steering_area=area,
                    committee=committee,
                    appropriation=f"{appropriation_committee} {appropriation_number}"
                    if appropriation_number
                    else "",
                    income_expense=income_expense,
                ),
                note["price_level"],
            )
            scenario = (
                None if scenario_number is None else scenario_label(scenario_number, scenario_name)
            )
            listed = [line]
            if line_id in parts:
                label = _("%(activity)s (delt linje, i alt %(total)s)")
                raw = {row[11]: row[12] for row in rows if row[11] is not None}
                shares = self.convert_parts(
                    raw, [amounts for _c, _a, amounts in parts[line_id]], area, note["price_level"]
                )
                listed = [
                    replace(
                        line,
                        label=label % {"activity": activity, "total": format_amount(line.total)},
                        amounts=amounts,
                        committee=part_committee,
                        appropriation=part_appropriation,
                    )
                    for (part_committee, part_appropriation, _raw), amounts in zip(
                        parts[line_id], shares, strict=True
                    )
                ]
            for shown in listed:
                entry = LineRow(note, scenario, shown)
                if alternative:
                    self.alternative_lines.append(entry)
                else:
                    self.primary_lines.append(entry)
                    self.note_lines[note_id].append(shown)
        if parts:  # parts join their committees' groups, in Bevillinger's order
            rank = {area: index for index, area in enumerate(AREA_ORDER)}
            self.primary_lines = [
                entry
                for _place, entry in sorted(
                    enumerate(self.primary_lines),
                    key=lambda item: (
                        rank.get(item[1].line.steering_area, len(rank)),
                        item[1].line.committee,
                        item[1].note["code"],
                        item[0],
                    ),
                )
            ]

    def _read_allocations(self):
        self.allocations = []
        rows = queries.allocation_rows(self.notes_qs)
        for note_id, note_rows in groupby(rows, key=itemgetter(1)):
            lines = []
            for _id, allocation_rows in groupby(note_rows, key=itemgetter(0)):
                allocation_rows = list(allocation_rows)
                amounts = {row[3]: row[4] for row in allocation_rows if row[3] is not None}
                lines.append(totals.Line(label=allocation_rows[0][2], amounts=amounts))
            note = self.notes[note_id]
            if note["allocations_first_year"] and note["allocations_last_year"]:
                span = range(note["allocations_first_year"], note["allocations_last_year"] + 1)
            else:
                found = [year for line in lines for year in line.amounts]
                span = range(min(found), max(found) + 1) if found else range(0)
            self.allocations.append((note, totals.Table(tuple(span), tuple(lines))))

    def _read_converted_funds(self):
        self.converted_funds = []
        rows = queries.conversion_rows(self.notes_qs)
        for note_id, note_rows in groupby(rows, key=itemgetter(1)):
            lines = []
            for _id, conversion_rows in groupby(note_rows, key=itemgetter(0)):
                conversion_rows = list(conversion_rows)
                amounts = {row[4]: row[5] for row in conversion_rows if row[4] is not None}
                first = conversion_rows[0]
                lines.append(totals.Line(label=first[2], amounts=amounts, steering_area=first[3]))
            note = self.notes[note_id]
            years = shape.span(note["conversions_first_year"], note["conversions_last_year"])
            if not years:
                years = shape.span(note["first_year"], note["last_year"])
            table = totals.Table(years, tuple(lines))
            self.converted_funds.append((note, table, note["conversions_price_level"]))
