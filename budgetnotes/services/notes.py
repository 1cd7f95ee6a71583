"""The one write path for a budget note and all its rows, and its inverse.

`save_note` checks a whole note (fields, rows of every kind in budgetnotes.shape, amounts per
year, districts) before writing anything, then writes it in one transaction after claiming
the next version. The editor, the admin, the import, the demo loader and the follow-up note
all call it. The data is a plain dict in the shape `note_to_data` gives (and the interchange
file holds).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from budgetnotes import access, limits, shape, totals
from budgetnotes.models import (
    Administration,
    AppropriationArea,
    BudgetNote,
    BudgetRound,
    Committee,
    District,
)
from budgetnotes.numbers import AmountError, format_amount, parse_amount
from budgetnotes.services.checking import CheckedRow, Checker, year_range
from budgetnotes.services.problems import NoteDataError, Problem
from budgetnotes.services.rows import Counter, prune, save, sync_parts, sync_rows, year_amounts
from budgetnotes.services.summary import store as store_summary
from budgetnotes.services.versions import claim_version
from budgetnotes.shape import RowKind

FUNDING_LINE_TEXTS = ("activity", "technical_text", "steering_area", "income_expense")


@dataclass
class CheckedNote:
    note: BudgetNote  # with its new values set, not saved
    districts: list[District]
    rows: dict[str, list[CheckedRow]]  # kind key → rows


@transaction.atomic
def save_note(
    data: Any,
    *,
    user: Any = None,
    note: BudgetNote | None = None,
    expected_version: int | None = None,
    allow_status: bool = False,
    only: Iterable[str] | None = None,
    rows_by_id: bool = False,
    copied_from: BudgetNote | None = None,
) -> BudgetNote:
    """Check all of `data`, then create or update the note and all its rows.

    - `user`: who saves (recorded in history). A closed round takes saves only from an
      administrator; None (a command, the demo loader) acts as one.
    - `note`: the note to update (None creates a new one in data["round"]).
    - `expected_version`: the version the user started from; a newer one raises
      versions.Conflict.
    - `allow_status`: take data["status"] (import, demo); the editor leaves status to workflow.
    - `only`: the keys of `data` the caller may change (the editor's fields). Everything else
      (code, round, administration, committee, price level, years, status) is taken from the
      stored note as it is once the version is claimed, whatever `data` says.
    - `rows_by_id`: the rows carry their stored ids (the editor, the admin), and a row is
      matched by its id alone: one without an id is new. Otherwise (import, demo) rows are
      matched by position, or a scenario by its number (rows.sync_rows).
    - `copied_from`: the note a new note is a copy of (services.starting).
    Raises NoteDataError (every problem, with its place) and writes nothing on error.
    """
    if note is not None:
        claim_version(BudgetNote, note.pk, expected_version)
        if only is not None:
            note = BudgetNote.objects.with_everything().get(pk=note.pk)
            stored = note_to_data(note, with_ids=rows_by_id)
            data = {**stored, **{key: data[key] for key in only if key in data}}
        else:
            note = BudgetNote.objects.get(pk=note.pk)
    elif only is not None:
        raise ValueError("`only` limits changes to a stored note; a new note needs all its data")
    checked = check_note(data, note, allow_status, user)
    if note is None and copied_from is not None:
        checked.note.copied_from = copied_from
    return _write(checked, user, rows_by_id)


def _write(checked: CheckedNote, user: Any, by_id: bool) -> BudgetNote:
    target = checked.note
    counter = Counter()
    save(target, user)
    if set(target.districts.all()) != set(checked.districts):
        target.districts.set(checked.districts)
    # Scenarios first, for the lines to point at; the ones that go are deleted last, once
    # no line points at them (a line goes with its scenario).
    scenario_kind = shape.ROW_KIND["scenarios"]
    scenarios = sync_rows(
        counter, target, scenario_kind, checked.rows["scenarios"], user, prune_unmatched=False
    )
    by_number = {scenario.number: scenario for scenario in scenarios}
    for row in checked.rows["funding_lines"]:
        row.values["scenario"] = by_number.get(row.scenario_number)
    for kind in shape.ROW_KINDS:
        if kind is not scenario_kind:
            kept = sync_rows(counter, target, kind, checked.rows[kind.key], user, by_id=by_id)
            if kind.key == "funding_lines":
                for line, row in zip(kept, checked.rows[kind.key], strict=True):
                    sync_parts(counter, line, row.parts, user)
    prune(counter, target.scenarios.all(), scenarios, user=user)
    _write_summary(target, checked.rows["funding_lines"])
    target.refresh_from_db()
    return target


def _write_summary(note: BudgetNote, lines: list[CheckedRow]) -> None:
    """The note's summary (models.NoteTotal) from the lines just written: each line's
    steering area, scenario (by number, as written) and amounts are exactly the checked
    row's, so nothing is read back but the stored summary (services.summary)."""
    summary = totals.note_summary(
        totals.CountedLine(row.values["steering_area"], row.scenario_number, row.amounts)
        for row in lines
    )
    store_summary(note.pk, summary)


def check_note(
    data: Any, note: BudgetNote | None = None, allow_status: bool = False, user: Any = None
) -> CheckedNote:
    """The note and its rows as they will be written; NoteDataError with every problem."""
    if not isinstance(data, dict):
        raise NoteDataError([Problem("Notatet skal være et objekt med felter.")])
    code = data.get("code", "")
    code = code.strip().upper() if isinstance(code, str) else ""
    check = Checker(code or "(uden kode)")
    if not code:
        check.add("Notatet mangler en kode.", field="code")
    budget_round = (
        note.round if note else check.lookup(BudgetRound, field="round", slug=data.get("round"))
    )
    if user is not None and budget_round and not access.round_is_writable(user, budget_round):
        raise NoteDataError([Problem(str(access.closed_round_message(budget_round)), code)])
    target = _note_values(check, data, note, code, budget_round, allow_status)
    districts = _districts(check, data)
    _check_places(check, target, districts)
    rows = {"scenarios": _scenarios(check, data)}
    numbers = [row.values["number"] for row in rows["scenarios"]]
    years = year_range(target.first_year, target.last_year)
    rows["funding_lines"] = _funding_lines(check, data, numbers, years)
    for kind in shape.ROW_KINDS:
        if kind.key not in rows:
            allowed = _allowed_years(target, kind) if kind.amount_model_name else None
            rows[kind.key] = _plain_rows(check, data, kind, allowed)
    if check.problems:
        raise NoteDataError(check.problems)
    return CheckedNote(target, districts, rows)


def _note_values(
    check: Checker,
    data: dict[str, Any],
    note: BudgetNote | None,
    code: str,
    budget_round: BudgetRound | None,
    allow_status: bool,
) -> BudgetNote:
    administration = check.lookup(
        Administration, field="administration", code=data.get("administration")
    )
    committee = check.lookup(Committee, field="committee", code=data.get("committee"))
    target = note or BudgetNote()
    defaults = {name: getattr(target, name) for name in shape.NOTE_FIELDS}
    for name, value in check.values(BudgetNote, shape.NOTE_FIELDS, data, defaults).items():
        setattr(target, name, value)
    target.code = code
    # None where the lookup failed: check.full_clean below is then skipped, and the problem
    # was reported by the lookup.
    target.round = budget_round  # type: ignore[assignment]
    target.administration = administration
    target.committee = committee
    if allow_status and data.get("status"):
        target.status = data["status"]
    # The new amounts replace the stored ones, so the stored ones are not checked here.
    target.skip_stored_amount_check = True  # type: ignore[attr-defined]
    if budget_round and administration and committee and code:
        check.full_clean(target)
    return target


def _districts(check: Checker, data: dict[str, Any]) -> list[District]:
    raw = data.get("districts", [])
    if not isinstance(raw, list) or len(raw) > limits.DISTRICTS:
        check.add(
            f"Bydele skal være en liste af højst {limits.DISTRICTS} bydele.", field="districts"
        )
        return []
    found = [check.lookup(District, field="districts", code=code) for code in raw]
    return [district for district in found if district]


def _check_places(check: Checker, target: BudgetNote, districts: list[District]) -> None:
    """Bydækkende, single districts and "ikke relevant" exclude one another."""
    if target.districts_not_relevant and (districts or target.citywide or target.address):
        check.add(
            "Bydelene er markeret som ikke relevante, men der er også valgt bydele eller "
            "skrevet en adresse. Fjern det ene.",
            field="districts_not_relevant",
        )
    elif target.citywide and districts:
        check.add(
            "Et bydækkende notat har ikke også enkelte bydele. Fjern krydset i Bydækkende "
            "eller bydelene.",
            field="districts",
        )


def _scenarios(check: Checker, data: dict[str, Any]) -> list[CheckedRow]:
    kind = shape.ROW_KIND["scenarios"]
    rows = []
    for index, spec in enumerate(check.rows(data, kind), start=1):
        values = check.values(kind.model, kind.fields, spec, {}, kind.key, index)
        number = values["number"]
        if isinstance(number, int) and not 1 <= number <= limits.SCENARIOS:
            check.add(
                f"Scenariets nummer skal være mellem 1 og {limits.SCENARIOS}.",
                kind.key,
                index,
                field="number",
            )
        check.full_clean(kind.model(**values), kind.key, index, exclude=["note"])
        rows.append(CheckedRow(values))
    numbers = [row.values["number"] for row in rows]
    if len(set(numbers)) != len(numbers):
        check.add("To scenarier har samme nummer.", field="scenarios")
    return rows


def _funding_lines(
    check: Checker, data: dict[str, Any], numbers: list[Any], years: set[int]
) -> list[CheckedRow]:
    kind = shape.ROW_KIND["funding_lines"]
    rows = []
    for index, spec in enumerate(check.rows(data, kind), start=1):
        place = (kind.key, index)
        committee = check.lookup(Committee, *place, "committee", code=spec.get("committee"))
        area = None
        if committee and spec.get("appropriation") not in (None, ""):
            area = check.lookup(
                AppropriationArea,
                *place,
                "appropriation_area",
                committee=committee,
                number=spec.get("appropriation"),
            )
        scenario_number = spec.get("scenario")
        if scenario_number is not None and scenario_number not in numbers:
            label = scenario_number if isinstance(scenario_number, int) else "?"
            check.add(f"Scenarie {label} findes ikke.", *place, field="scenario")
            scenario_number = None
        texts = check.values(kind.model, FUNDING_LINE_TEXTS, spec, {"income_expense": "U"}, *place)
        values = {"position": index, "committee": committee, "appropriation_area": area, **texts}
        if committee and (area or spec.get("appropriation") in (None, "")):
            check.full_clean(kind.model(**values), *place, exclude=["note", "scenario"])
        income = texts["income_expense"] == "I"
        amounts = check.amounts(spec, *place, years, income=income)
        parts = _parts(check, spec, place, years, income)
        if parts:
            _check_parts_add_up(check, place, amounts, parts, years)
        rows.append(CheckedRow(values, amounts, check.row_id(spec), scenario_number, parts))
    return rows


def _parts(
    check: Checker, spec: dict[str, Any], place: tuple[str, int], years: set[int], income: bool
) -> list[CheckedRow]:
    """A shared line's parts: a committee each (once), its appropriation (optional) and its
    amounts; two at least."""
    raw = spec.get("parts") or []
    if not isinstance(raw, list) or not all(isinstance(part, dict) for part in raw):
        check.add("Fordelingen på udvalg skal være en liste af dele.", *place, field="parts")
        return []
    if len(raw) == 1 or len(raw) > limits.LINE_PARTS:
        check.add(
            f"En delt linje fordeles på 2 til {limits.LINE_PARTS} udvalg (her {len(raw)}).",
            *place,
            field="parts",
        )
        return []
    parts, seen = [], set()
    for position, part in enumerate(raw):
        committee = check.lookup(Committee, *place, "parts", code=part.get("committee"))
        if committee and committee.pk in seen:
            check.add(f"Udvalget {committee.code} har to dele af linjen.", *place, field="parts")
        area = None
        if committee and part.get("appropriation") not in (None, ""):
            area = check.lookup(
                AppropriationArea,
                *place,
                "parts",
                committee=committee,
                number=part.get("appropriation"),
            )
        if committee:
            seen.add(committee.pk)
        amounts = check.amounts(part, *place, years, income=income)
        values = {"position": position, "committee": committee, "appropriation_area": area}
        parts.append(CheckedRow(values, amounts))
    return parts


def _check_parts_add_up(
    check: Checker,
    place: tuple[str, int],
    amounts: dict[int, int],
    parts: list[CheckedRow],
    years: set[int],
) -> None:
    line = totals.Line(
        label="",
        amounts=amounts,
        parts=tuple(totals.Part(committee="", amounts=part.amounts) for part in parts),
    )
    for year, parts_sum, own in totals.parts_mismatches(line, sorted(years)):
        check.add(
            f"Udvalgenes dele giver {format_amount(parts_sum)}, men linjen har "
            f"{format_amount(own)}. Delene skal give linjens beløb.",
            *place,
            year,
            "parts",
        )


def _allowed_years(target: BudgetNote, kind: RowKind) -> set[int] | None:
    years = kind.years_in(target)
    return None if years is None else set(years)


def _plain_rows(
    check: Checker, data: dict[str, Any], kind: RowKind, allowed_years: set[int] | None
) -> list[CheckedRow]:
    """Rows whose fields are plain values (effect rows, allocations, conversions)."""
    rows = []
    for index, spec in enumerate(check.rows(data, kind), start=1):
        values = {
            "position": index,
            **check.values(kind.model, kind.fields, spec, {}, kind.key, index),
        }
        check.full_clean(kind.model(**values), kind.key, index, exclude=["note"])
        amounts = (
            check.amounts(spec, kind.key, index, allowed_years) if kind.amount_model_name else {}
        )
        rows.append(CheckedRow(values, amounts, check.row_id(spec)))
    return rows


# The inverse ---------------------------------------------------------------------------------


def note_to_data(note: BudgetNote, with_ids: bool = False) -> dict[str, Any]:
    """The note as plain data (the inverse of save_note); amounts keyed by year as strings.
    `with_ids`: each row also carries its stored id (the editor, so rows keep their identity)."""
    data = {
        "round": note.round.slug,
        "code": note.code,
        "administration": note.administration.code,
        "committee": note.committee.code,
        "status": note.status,
        **{name: getattr(note, name) for name in shape.NOTE_FIELDS},
        "districts": sorted(district.code for district in note.districts.all()),
    }
    for kind in shape.ROW_KINDS:
        data[kind.key] = [
            ({"id": row.pk} if with_ids else {}) | row_data(kind, row)
            for row in getattr(note, kind.key).all()
        ]
    return data


def row_data(kind: RowKind, row: Any) -> dict[str, Any]:
    """One stored row as data: its fields (funding lines name their committee, appropriation
    and scenario the way a file does), then its amounts."""
    if kind.key == "funding_lines":
        values = {
            "scenario": row.scenario.number if row.scenario_id else None,
            **{
                name: getattr(row, name) for name in ("activity", "technical_text", "steering_area")
            },
            "committee": row.committee.code,
            "appropriation": row.appropriation_area.number if row.appropriation_area_id else None,
            "income_expense": row.income_expense,
        }
        parts = [_part_data(part) for part in row.parts.all()]
        if parts:
            values["parts"] = parts
    else:
        values = {name: getattr(row, name) for name in kind.fields}
    if kind.amount_model_name:
        ordered = sorted(row.amounts.all(), key=lambda amount: amount.year)
        values["amounts"] = {str(amount.year): amount.amount for amount in ordered}
    return values


def _part_data(part: Any) -> dict[str, Any]:
    ordered = sorted(part.amounts.all(), key=lambda amount: amount.year)
    return {
        "committee": part.committee.code,
        "appropriation": part.appropriation_area.number if part.appropriation_area_id else None,
        "amounts": {str(amount.year): amount.amount for amount in ordered},
    }


# Defaults of rows' fields in normalize(): what save_note takes a missing field to be.
ROW_DEFAULTS = {
    "income_expense": "U",
    "scenario": None,
    "committee": None,
    "appropriation": None,
    "number": None,
}


def normalize(data: dict[str, Any]) -> dict[str, Any]:
    """`data` in the exact shape note_to_data gives, so two notes' data compare equal.

    Expands "annual" amounts, fills defaults, sorts districts and amounts by year.
    Values that cannot be read are left as they are (save_note reports them).
    """

    def default(name: str) -> Any:
        return BudgetNote._meta.get_field(name).get_default()  # type: ignore[union-attr]

    result = {
        "round": data.get("round"),
        "code": str(data.get("code", "")).strip().upper(),
        "administration": data.get("administration"),
        "committee": data.get("committee"),
        "status": data.get("status") or default("status"),
        **{name: data.get(name, default(name)) for name in shape.NOTE_FIELDS},
        "districts": sorted(data.get("districts", [])),
    }
    for kind in shape.ROW_KINDS:
        rows = []
        for spec in data.get(kind.key, []):
            row = {name: spec.get(name, ROW_DEFAULTS.get(name, "")) for name in kind.fields}
            if kind.key == "funding_lines" and spec.get("parts"):
                row["parts"] = [
                    {
                        "committee": part.get("committee"),
                        "appropriation": part.get("appropriation"),
                        "amounts": _normal_amounts(part),
                    }
                    for part in spec["parts"]
                ]
            if kind.amount_model_name:
                row["amounts"] = _normal_amounts(spec)
            rows.append(row)
        result[kind.key] = rows
    return result


def _normal_amounts(spec: dict[str, Any]) -> dict[str, Any]:
    result = {}
    for year, amount in sorted(year_amounts(spec).items(), key=lambda item: str(item[0])):
        try:
            value = parse_amount(amount)
        except AmountError:
            value = amount
        if value is not None:
            result[str(year)] = value
    return result
