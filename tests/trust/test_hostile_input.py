"""Property-based tests: random and hostile values never cause a server error or a partial
write, and are always refused with a Danish message."""

import copy
from contextlib import contextmanager

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgetnotes.forms import AmountField
from budgetnotes.models import BudgetNote, BudgetRound, FundingAmount
from budgetnotes.numbers import MAX_AMOUNT, AmountError, parse_amount
from budgetnotes.services import NoteDataError, note_to_data, save_note
from documents.interchange.format import ImportFailed, export_round, import_data

HOSTILE_TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            " ",
            "<script>alert(1)</script>",
            "=1+1",
            '=HYPERLINK("http://x","y")',
            "7.6.00",
            "1e9",
            "NaN",
            "-0",
            "٣٤",  # Arabic-Indic digits
            "７６００",  # full-width digits
            "99999999999999999999999",
            "\x00",
            "'; DROP TABLE budgetnotes_budgetnote; --",
            "😀" * 10,
        ]
    ),
)
HOSTILE_NUMBER = st.one_of(
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    HOSTILE_TEXT,
    st.none(),
    st.booleans(),
    st.lists(st.integers(), max_size=2),
)
HOSTILE_VALUE = st.one_of(
    HOSTILE_NUMBER, st.dictionaries(st.text(max_size=5), st.integers(), max_size=2)
)

DANISH_HINTS = (
    "beløb",
    "år",
    "Ukendt",
    "skal",
    "angives",
    "mangler",
    "ugyldig",
    "forkert",
    "Indtast",
    "Sørg",
    "Værdien",
    "felt",
    "findes",
    "Vælg",
    "Denne",
    "højst",
    "mindst",
    "heltal",
    "gyldig",
    "tom",
)


def looks_danish(message):
    return any(hint.lower() in message.lower() for hint in DANISH_HINTS)


@contextmanager
def rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def amounts_snapshot():
    return sorted(FundingAmount.objects.values_list("line_id", "year", "amount"))


@given(HOSTILE_TEXT)
def test_parse_amount_returns_a_bounded_int_or_a_danish_error(text):
    try:
        value = parse_amount(text)
    except AmountError as error:
        assert looks_danish(str(error))
    else:
        assert value is None or (isinstance(value, int) and abs(value) <= MAX_AMOUNT)


@given(HOSTILE_NUMBER)
def test_amount_field_never_fails_with_anything_but_a_validation_error(value):
    try:
        AmountField(required=False).clean(value)
    except ValidationError as error:
        assert all(looks_danish(message) for message in error.messages)


NOTE_FIELDS = st.sampled_from(
    [
        "title",
        "price_level",
        "first_year",
        "last_year",
        "category",
        "decision",
        "code",
        "citywide",
        "districts",
        "allocations_first_year",
    ]
)
LINE_FIELDS = st.sampled_from(
    [
        "activity",
        "steering_area",
        "committee",
        "appropriation",
        "income_expense",
        "scenario",
        "amounts",
    ]
)


@pytest.mark.slow
@pytest.mark.django_db
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    note_changes=st.dictionaries(NOTE_FIELDS, HOSTILE_VALUE, max_size=3),
    line_changes=st.dictionaries(LINE_FIELDS, HOSTILE_VALUE, max_size=3),
    year=st.one_of(st.integers(min_value=-5, max_value=3000), HOSTILE_TEXT),
    amount=HOSTILE_NUMBER,
    drop=st.sampled_from([None, "title", "funding_lines", "committee", "administration"]),
)
def test_save_note_with_hostile_values_saves_validly_or_refuses_whole(
    note_changes, line_changes, year, amount, drop
):
    note = BudgetNote.objects.get(code="BI22")
    data = copy.deepcopy(note_to_data(note))
    data.update(note_changes)
    if isinstance(data.get("funding_lines"), list) and data["funding_lines"]:
        data["funding_lines"][0].update(line_changes)
        if isinstance(data["funding_lines"][0].get("amounts"), dict):
            data["funding_lines"][0]["amounts"][year] = amount
    if drop:
        data.pop(drop, None)
    with rolled_back():
        before = amounts_snapshot()
        try:
            saved = save_note(data, note=note, expected_version=note.version)
        except NoteDataError as error:
            assert error.problems and all(looks_danish(p.message) for p in error.problems), (
                error.problems
            )
            assert amounts_snapshot() == before
            assert BudgetNote.objects.get(pk=note.pk).version == note.version
        else:
            saved.full_clean()
            for line in saved.funding_lines.all():
                for stored in line.amounts.all():
                    assert stored.year in saved.years and abs(stored.amount) <= MAX_AMOUNT


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    path=st.sampled_from(["round", "notes", "note", "line", "amounts", "assessment", "top"]),
    key=st.text(min_size=1, max_size=12),
    value=HOSTILE_VALUE,
)
def test_import_of_a_hostile_file_is_all_or_nothing(path, key, value):
    data = export_round(BudgetRound.objects.get(slug="budget-2026"))
    data["notes"][0]["code"] = "BI40"
    target = {
        "round": data["round"],
        "notes": data,
        "note": data["notes"][0],
        "line": data["notes"][0]["funding_lines"][0],
        "amounts": data["notes"][0]["funding_lines"][0]["amounts"],
        "assessment": data,
        "top": data,
    }[path]
    if path == "notes":
        data["notes"] = value
    elif path == "assessment":
        data["expiry_assessments"] = [{"number": value, "title": key, "administration": "BIF"}]
    else:
        target[key] = value
    with rolled_back():
        before = amounts_snapshot()
        notes_before = BudgetNote.objects.count()
        try:
            import_data(data)
        except ImportFailed as failure:
            assert failure.problems
            assert all(looks_danish(str(problem)) for problem in failure.problems), failure.problems
            assert amounts_snapshot() == before
            assert BudgetNote.objects.count() == notes_before
        else:
            imported = [note["code"] for note in data["notes"]]
            assert BudgetNote.objects.filter(code__in=imported).count() == len(imported)
