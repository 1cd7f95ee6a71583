"""Writes that touch a note and its rows, in one place.

`save_note` validates a whole note (fields, lines, amounts per year, allocations, conversions,
effect rows, scenarios, districts) before writing anything, then writes it atomically. The
web editor, the import and the demo loader all call it; `note_to_data` is its inverse.

The data is a plain dict in the format of fixtures/demo/notes.json (and of the JSON export).
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from budgetnotes import access, limits
from budgetnotes.models import (
    Administration,
    AllocationAmount,
    AppropriationArea,
    BudgetNote,
    BudgetRound,
    Committee,
    Conversion,
    ConversionAmount,
    District,
    EffectRow,
    FundingAmount,
    FundingLine,
    PreviousAllocation,
    Scenario,
)
from budgetnotes.models.notes import SECTION_FIELDS
from budgetnotes.numbers import AmountError, parse_amount

NOTE_FIELDS = (
    "title",
    "category",
    "price_level",
    "first_year",
    "last_year",
    "is_permanent",
    *SECTION_FIELDS,
    "citywide",
    "address",
    "allocations_first_year",
    "allocations_last_year",
)
EFFECT_FIELDS = ("target_group", "measure", "goal", "follow_up")
# Whole numbers as typed: ASCII digits only (no other scripts' digits), a sensible length.
WHOLE_NUMBER = re.compile(r"-?[0-9]{1,10}", re.ASCII)


@dataclass(frozen=True)
class Problem:
    """One error with its place: note code, row ("linje 2"), year and field."""

    message: str
    code: str = ""
    row: str = ""
    year: int | None = None
    field: str = ""

    @property
    def place(self):
        parts = [self.code, self.row, str(self.year) if self.year else ""]
        return ", ".join(part for part in parts if part)

    def __str__(self):
        return f"{self.place}: {self.message}" if self.place else self.message


class NoteDataError(ValidationError):
    """The data cannot be saved; `problems` lists every error with its place, in Danish."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__([str(problem) for problem in self.problems])


class NoteConflict(Exception):
    """Someone saved the note after the user opened it (optimistic locking)."""

    def __init__(self, note, expected_version):
        self.note = note
        self.expected_version = expected_version
        super().__init__(
            f"{note.code} er ændret af en anden, siden du åbnede det "
            f"(version {expected_version} → {note.version})."
        )


class Counter:
    def __init__(self):
        self.created = 0
        self.updated = 0
        self.deleted = 0

    def __str__(self):
        return f"{self.created} oprettet, {self.updated} ændret, {self.deleted} slettet"


def _save(obj, user):
    if user is not None:
        obj._history_user = user
    obj.save()


def upsert(counter, model, lookup, values=None, user=None, validate=True):
    """Get or create by `lookup`; set `values`; save only if something changed."""
    values = values or {}
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        if validate:
            obj.full_clean()
        _save(obj, user)
        counter.created += 1
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        if validate:
            obj.full_clean()
        _save(obj, user)
        counter.updated += 1
    return obj


def prune(counter, queryset, keep, user=None):
    """Delete the rows of `queryset` that are not in `keep`."""
    for obj in queryset.exclude(pk__in=[obj.pk for obj in keep]):
        if user is not None:
            obj._history_user = user
        obj.delete()
        counter.deleted += 1


def sync_amounts(counter, amount_model, parent_field, parent, amounts, user=None):
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
    prune(counter, amount_model.objects.filter(**{parent_field: parent}), kept, user=user)


def year_amounts(spec):
    """{"2026": 7600} or "annual": [2027, 2030, 500] → {2026: 7600} / {2027: 500, ...}.

    Keys that are not years are kept as given, for the checker to report.
    """
    if "annual" in spec:
        first, last, amount = spec["annual"]
        return dict.fromkeys(range(first, last + 1), amount)
    result = {}
    for year, amount in (spec.get("amounts") or {}).items():
        try:
            result[int(year)] = amount
        except (TypeError, ValueError):
            result[year] = amount
    return result


def _year_range(first, last):
    """The years first..last if they make a valid span, else an empty set (never huge)."""
    if not (isinstance(first, int) and isinstance(last, int)):
        return set()
    if not (2000 <= first <= last <= 2100 and last - first < limits.YEARS):
        return set()
    return set(range(first, last + 1))


class _Checker:
    """Collects problems while the data is resolved and validated."""

    def __init__(self, code):
        self.code = code
        self.problems = []

    def add(self, message, row="", year=None, field=""):
        self.problems.append(Problem(str(message), self.code, row, year, field))

    def validation(self, error, row=""):
        for field, messages in error.message_dict.items():
            for message in messages:
                label = "" if field == "__all__" else field
                self.add(message, row=row, field=label)

    def lookup(self, model, row="", field="", **kwargs):
        if not all(
            (isinstance(value, str) and "\x00" not in value)
            or isinstance(value, int)
            or hasattr(value, "pk")
            for value in kwargs.values()
        ):
            self.add(f"Ukendt {model._meta.verbose_name}.", row=row, field=field)
            return None
        obj = model.objects.filter(**kwargs).first()
        if obj is None:
            value = " ".join(str(v) for v in kwargs.values() if not hasattr(v, "pk"))
            self.add(f"Ukendt {model._meta.verbose_name}: „{value}“.", row=row, field=field)
        return obj

    def rows(self, data, key, label):
        """data[key] as a list of dicts, within its limit; anything else is reported (and
        then not looked at row by row)."""
        rows = data.get(key, [])
        if rows is None:
            return []
        if not isinstance(rows, list):
            self.add(f"{label} skal være en liste af rækker.", field=key)
            return []
        limit = limits.ROW_LIMITS[key]
        if len(rows) > limit:
            self.add(
                f"{label}: højst {limits.danish_count(limit)} rækker i et notat "
                f"(der er {limits.danish_count(len(rows))}).",
                field=key,
            )
            return []
        if not all(isinstance(row, dict) for row in rows):
            self.add(f"{label} skal være en liste af rækker.", field=key)
            return []
        return rows

    def text(self, field, value, row="", name=""):
        """Text within its field's limit and without NUL characters (which no database
        column can hold)."""
        if "\x00" in value:
            self.add(
                f"„{field.verbose_name}“ indeholder et ugyldigt tegn (et nul-tegn); fjern det.",
                row,
                field=name,
            )
            return ""
        limit = getattr(field, "max_length", None) or (
            limits.SECTION_CHARS if name in SECTION_FIELDS else limits.CELL_CHARS
        )
        if field.get_internal_type() == "TextField" and len(value) > limit:
            self.add(
                f"„{field.verbose_name}“ er for lang: højst {limits.danish_count(limit)} tegn "
                f"(der er {limits.danish_count(len(value))}).",
                row=row,
                field=name,
            )
            return ""
        return value

    def values(self, model, names, raw, defaults, row=""):
        """Typed values for model fields from raw data; wrong types are reported, not raised."""
        values = {}
        for name in names:
            field = model._meta.get_field(name)
            value = raw.get(name, defaults.get(name, field.get_default()))
            empty = "" if not field.null else None
            if field.get_internal_type() in {"CharField", "TextField", "SlugField"}:
                if value is None:
                    value = ""
                if not isinstance(value, str):
                    self.add(f"„{field.verbose_name}“ skal være tekst.", row=row, field=name)
                    value = ""
                value = self.text(field, value, row=row, name=name)
            elif field.get_internal_type() == "BooleanField":
                if not isinstance(value, bool):
                    self.add(f"„{field.verbose_name}“ skal være ja eller nej.", row=row, field=name)
                    value = field.get_default()
            elif value is not None:
                if isinstance(value, str) and WHOLE_NUMBER.fullmatch(value.strip()):
                    value = int(value)
                if not isinstance(value, int) or isinstance(value, bool):
                    self.add(f"„{field.verbose_name}“ skal være et helt tal.", row=row, field=name)
                    value = empty
                elif not -(2**31) <= value < 2**31:
                    self.add(
                        f"„{field.verbose_name}“ skal være et helt tal af rimelig størrelse.",
                        row=row,
                        field=name,
                    )
                    value = empty
            values[name] = value
        return values

    def amounts(self, spec, row, allowed_years, income=False):
        raw = spec.get("amounts", {})
        if "annual" in spec or not isinstance(raw, dict | type(None)):
            self.add("Beløbene skal angives som år og beløb.", row=row, field="amounts")
            return {}
        if raw and len(raw) > limits.YEARS:
            self.add(f"Højst {limits.YEARS} år med beløb i en række.", row=row, field="amounts")
            return {}
        result = {}
        for raw_year, raw_amount in year_amounts(spec).items():
            if not isinstance(raw_year, int) or not 2000 <= raw_year <= 2100:
                self.add(f"„{raw_year}“ er ikke et år.", row=row, field="year")
                continue
            year = raw_year
            if isinstance(raw_amount, bool | float | list | dict):
                self.add("Beløbet skal være et helt tal i 1.000 kr.", row, year, "amount")
                continue
            try:
                amount = parse_amount(raw_amount)
            except AmountError as error:
                self.add(str(error), row=row, year=year, field="amount")
                continue
            if amount is None:
                continue
            if allowed_years is not None and year not in allowed_years:
                first, last = min(allowed_years, default=0), max(allowed_years, default=0)
                if allowed_years:
                    message = f"{year} ligger uden for årene {first}–{last}."
                else:
                    message = f"{year}: notatets år er ikke gyldige, så beløbet kan ikke placeres."
                self.add(message, row=row, year=year, field="year")
                continue
            if income and amount > 0:
                self.add("En indtægt angives med minus, fx -900.", row, year, "amount")
                continue
            result[year] = amount
        return result


LINE_TEXT_FIELDS = ("activity", "technical_text", "steering_area", "income_expense")


def _checked_rows(check, data, key, model, fields, label, row_label):
    """The rows of data[key] as unsaved, validated `model` instances (position = order),
    with their spec and place; problems go to `check`."""
    for index, spec in enumerate(check.rows(data, key, label), start=1):
        row = f"{row_label} {index}"
        obj = model(position=index, **check.values(model, fields, spec, {}, row=row))
        try:
            obj.full_clean(exclude=["note"])
        except ValidationError as error:
            check.validation(error, row=row)
        yield obj, spec, row


def _resolve(data, note, allow_status, user=None):
    """Turn the data into unsaved model values; every problem is collected, nothing written."""
    from initiatives.models import Initiative

    if not isinstance(data, dict):
        raise NoteDataError([Problem("Notatet skal være et objekt med felter.")])
    code = data.get("code", "")
    code = code.strip().upper() if isinstance(code, str) else ""
    check = _Checker(code or "(uden kode)")
    if not code:
        check.add("Notatet mangler en kode.", field="code")
    budget_round = (
        note.round if note else check.lookup(BudgetRound, field="round", slug=data.get("round"))
    )
    if user is not None and budget_round and not access.round_is_writable(user, budget_round):
        raise NoteDataError([Problem(str(access.closed_round_message(budget_round)), code)])
    administration = check.lookup(
        Administration, field="administration", code=data.get("administration")
    )
    committee = check.lookup(Committee, field="committee", code=data.get("committee"))

    target = note or BudgetNote()
    defaults = {name: getattr(target, name) for name in NOTE_FIELDS}
    for name, value in check.values(BudgetNote, NOTE_FIELDS, data, defaults).items():
        setattr(target, name, value)
    target.code = code
    target.round = budget_round
    target.administration = administration
    target.committee = committee
    if allow_status and data.get("status"):
        target.status = data["status"]
    # The new amounts replace the stored ones, so the stored ones are not checked here.
    target.skip_stored_amount_check = True
    if budget_round and administration and committee and code:
        try:
            target.full_clean()
        except ValidationError as error:
            check.validation(error)
    years = _year_range(target.first_year, target.last_year)

    districts = []
    raw_districts = data.get("districts", [])
    if not isinstance(raw_districts, list) or len(raw_districts) > limits.DISTRICTS:
        check.add(
            f"Bydele skal være en liste af højst {limits.DISTRICTS} bydele.", field="districts"
        )
        raw_districts = []
    for district_code in raw_districts:
        district = check.lookup(District, field="districts", code=district_code)
        if district:
            districts.append(district)

    scenarios = []
    for index, spec in enumerate(check.rows(data, "scenarios", "Scenarier"), start=1):
        row = f"scenarie {index}"
        values = check.values(Scenario, ("number", "name"), spec, {}, row=row)
        scenario = Scenario(**values)
        if isinstance(scenario.number, int) and not 1 <= scenario.number <= limits.SCENARIOS:
            check.add(
                f"Scenariets nummer skal være mellem 1 og {limits.SCENARIOS}.",
                row=row,
                field="number",
            )
        try:
            scenario.full_clean(exclude=["note"])
        except ValidationError as error:
            check.validation(error, row=row)
        scenarios.append(scenario)
    numbers = [scenario.number for scenario in scenarios]
    if len(set(numbers)) != len(numbers):
        check.add("To scenarier har samme nummer.", field="scenarios")

    lines = []
    for index, spec in enumerate(check.rows(data, "funding_lines", "Finansieringslinjer"), start=1):
        row = f"linje {index}"
        line_committee = check.lookup(Committee, row, "committee", code=spec.get("committee"))
        area = None
        if line_committee:
            area = check.lookup(
                AppropriationArea,
                row,
                "appropriation_area",
                committee=line_committee,
                number=spec.get("appropriation"),
            )
        initiative = None
        if spec.get("initiative") and administration:
            # Only the note's own administration's initiatives are known here: another's,
            # same-named or not, is never picked.
            initiative = check.lookup(
                Initiative,
                row,
                "initiative",
                name=spec["initiative"],
                administration=administration,
            )
        scenario_number = spec.get("scenario")
        if scenario_number is not None and scenario_number not in numbers:
            label = scenario_number if isinstance(scenario_number, int) else "?"
            check.add(f"Scenarie {label} findes ikke.", row=row, field="scenario")
            scenario_number = None
        values = check.values(FundingLine, LINE_TEXT_FIELDS, spec, {"income_expense": "U"}, row=row)
        line = FundingLine(
            position=index,
            committee=line_committee,
            appropriation_area=area,
            initiative=initiative,
            **values,
        )
        if line_committee and area:
            try:
                line.full_clean(exclude=["note", "scenario"])
            except ValidationError as error:
                check.validation(error, row=row)
        amounts = check.amounts(spec, row, years, income=line.income_expense == "I")
        lines.append((line, scenario_number, amounts))

    allocation_years = None
    if target.allocations_first_year and target.allocations_last_year:
        allocation_years = _year_range(target.allocations_first_year, target.allocations_last_year)
    allocations = [
        (allocation, check.amounts(spec, row, allocation_years))
        for allocation, spec, row in _checked_rows(
            check,
            data,
            "allocations",
            PreviousAllocation,
            ("source",),
            "Tidligere afsatte midler",
            "tidligere afsatte midler, række",
        )
    ]
    conversions = [
        (conversion, check.amounts(spec, row, years))
        for conversion, spec, row in _checked_rows(
            check,
            data,
            "conversions",
            Conversion,
            ("text", "steering_area"),
            "Konverteringer",
            "konvertering",
        )
    ]
    effect_rows = [
        effect
        for effect, _spec, _row in _checked_rows(
            check,
            data,
            "effect_rows",
            EffectRow,
            EFFECT_FIELDS,
            "Effekttabellen",
            "effekttabel, række",
        )
    ]

    if check.problems:
        raise NoteDataError(check.problems)
    return target, districts, scenarios, lines, allocations, conversions, effect_rows


@transaction.atomic
def save_note(data, *, user=None, note=None, expected_version=None, allow_status=False, only=None):
    """Validate all of `data`, then create or update the note and all its rows.

    - `user`: who saves (recorded in history). A closed round takes saves only from an
      administrator; None (a command, the demo loader) acts as one.
    - `note`: the note to update (None creates a new one in data["round"]).
    - `expected_version`: the version the user started from; a newer one raises NoteConflict.
    - `allow_status`: take data["status"] (import, demo); the editor leaves status to workflow.
    - `only`: the keys of `data` the caller may change (the editor's fields). Everything else
      (code, round, administration, committee, price level, years, status) is taken from the
      stored note as it is once the version is claimed, whatever `data` says.
    Raises NoteDataError (every problem, with its place) and writes nothing on error.
    """
    if note is not None:
        # Claim the next version with one conditional UPDATE: of two simultaneous saves from
        # the same version, exactly one matches; the other is told (on SQLite and PostgreSQL
        # alike). An error below rolls the claim back with everything else.
        claimed = BudgetNote.objects.filter(pk=note.pk)
        if expected_version is not None:
            claimed = claimed.filter(version=expected_version)
        if not claimed.update(version=F("version") + 1):
            raise NoteConflict(BudgetNote.objects.get(pk=note.pk), expected_version)
        if only is not None:
            note = BudgetNote.objects.with_everything().get(pk=note.pk)
            data = {**note_to_data(note), **{key: data[key] for key in only if key in data}}
        else:
            note = BudgetNote.objects.get(pk=note.pk)
    elif only is not None:
        raise ValueError("`only` limits changes to a stored note; a new note needs all its data")
    resolved = _resolve(data, note, allow_status, user)
    target, districts, scenarios, lines, allocations, conversions, effect_rows = resolved
    counter = Counter()

    _save(target, user)
    if set(target.districts.all()) != set(districts):
        target.districts.set(districts)

    kept_scenarios = {
        scenario.number: upsert(
            counter,
            Scenario,
            {"note": target, "number": scenario.number},
            {"name": scenario.name},
            user=user,
            validate=False,
        )
        for scenario in scenarios
    }
    kept = []
    for line, scenario_number, amounts in lines:
        values = {
            name: getattr(line, name)
            for name in (
                "activity",
                "technical_text",
                "steering_area",
                "committee",
                "appropriation_area",
                "income_expense",
                "initiative",
            )
        }
        values["scenario"] = kept_scenarios.get(scenario_number)
        saved = upsert(
            counter,
            FundingLine,
            {"note": target, "position": line.position},
            values,
            user=user,
            validate=False,
        )
        sync_amounts(counter, FundingAmount, "line", saved, amounts, user=user)
        kept.append(saved)
    prune(counter, target.funding_lines.all(), kept, user=user)
    prune(counter, target.scenarios.all(), kept_scenarios.values(), user=user)

    kept = []
    for allocation, amounts in allocations:
        saved = upsert(
            counter,
            PreviousAllocation,
            {"note": target, "position": allocation.position},
            {"source": allocation.source},
            user=user,
            validate=False,
        )
        sync_amounts(counter, AllocationAmount, "allocation", saved, amounts, user=user)
        kept.append(saved)
    prune(counter, target.allocations.all(), kept, user=user)

    kept = []
    for conversion, amounts in conversions:
        saved = upsert(
            counter,
            Conversion,
            {"note": target, "position": conversion.position},
            {"text": conversion.text, "steering_area": conversion.steering_area},
            user=user,
            validate=False,
        )
        sync_amounts(counter, ConversionAmount, "conversion", saved, amounts, user=user)
        kept.append(saved)
    prune(counter, target.conversions.all(), kept, user=user)

    kept = [
        upsert(
            counter,
            EffectRow,
            {"note": target, "position": effect.position},
            {name: getattr(effect, name) for name in EFFECT_FIELDS},
            user=user,
            validate=False,
        )
        for effect in effect_rows
    ]
    prune(counter, target.effect_rows.all(), kept, user=user)
    target.refresh_from_db()
    return target


def note_to_data(note):
    """The note as plain data (the inverse of save_note); amounts keyed by year as strings."""
    scenario_numbers = {scenario.pk: scenario.number for scenario in note.scenarios.all()}

    def amounts(row):
        return {str(a.year): a.amount for a in sorted(row.amounts.all(), key=lambda a: a.year)}

    return {
        "round": note.round.slug,
        "code": note.code,
        "administration": note.administration.code,
        "committee": note.committee.code,
        "status": note.status,
        **{name: getattr(note, name) for name in NOTE_FIELDS},
        "districts": sorted(district.code for district in note.districts.all()),
        "effect_rows": [
            {name: getattr(row, name) for name in EFFECT_FIELDS} for row in note.effect_rows.all()
        ],
        "scenarios": [{"number": s.number, "name": s.name} for s in note.scenarios.all()],
        "funding_lines": [
            {
                "scenario": scenario_numbers.get(line.scenario_id),
                "activity": line.activity,
                "technical_text": line.technical_text,
                "steering_area": line.steering_area,
                "committee": line.committee.code,
                "appropriation": line.appropriation_area.number,
                "income_expense": line.income_expense,
                "initiative": line.initiative.name if line.initiative_id else None,
                "amounts": amounts(line),
            }
            for line in note.funding_lines.all()
        ],
        "allocations": [
            {"source": row.source, "amounts": amounts(row)} for row in note.allocations.all()
        ],
        "conversions": [
            {"text": row.text, "steering_area": row.steering_area, "amounts": amounts(row)}
            for row in note.conversions.all()
        ],
    }


def normalize(data):
    """`data` in the exact shape note_to_data gives, so two notes' data compare equal.

    Expands "annual" amounts, fills defaults, sorts districts and amounts by year.
    Values that cannot be read are left as they are (save_note reports them).
    """

    def amounts(spec):
        result = {}
        for year, amount in sorted(year_amounts(spec).items(), key=lambda item: str(item[0])):
            try:
                value = parse_amount(amount)
            except AmountError:
                value = amount
            if value is not None:
                result[str(year)] = value
        return result

    def default(name):
        return BudgetNote._meta.get_field(name).get_default()

    return {
        "round": data.get("round"),
        "code": str(data.get("code", "")).strip().upper(),
        "administration": data.get("administration"),
        "committee": data.get("committee"),
        "status": data.get("status") or default("status"),
        **{name: data.get(name, default(name)) for name in NOTE_FIELDS},
        "districts": sorted(data.get("districts", [])),
        "effect_rows": [
            {name: row.get(name, "") for name in EFFECT_FIELDS}
            for row in data.get("effect_rows", [])
        ],
        "scenarios": [
            {"number": s.get("number"), "name": s.get("name", "")}
            for s in data.get("scenarios", [])
        ],
        "funding_lines": [
            {
                "scenario": line.get("scenario"),
                "activity": line.get("activity", ""),
                "technical_text": line.get("technical_text", ""),
                "steering_area": line.get("steering_area", ""),
                "committee": line.get("committee"),
                "appropriation": line.get("appropriation"),
                "income_expense": line.get("income_expense", "U"),
                "initiative": line.get("initiative"),
                "amounts": amounts(line),
            }
            for line in data.get("funding_lines", [])
        ],
        "allocations": [
            {"source": row.get("source", ""), "amounts": amounts(row)}
            for row in data.get("allocations", [])
        ],
        "conversions": [
            {
                "text": row.get("text", ""),
                "steering_area": row.get("steering_area", ""),
                "amounts": amounts(row),
            }
            for row in data.get("conversions", [])
        ],
    }
