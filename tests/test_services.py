"""save_note: the one validated, atomic write path for a note and its rows."""

import copy

import pytest

from budgetnotes.models import BudgetNote, FundingAmount
from budgetnotes.services import Conflict, NoteDataError, normalize, note_to_data, save_note
from config.demo.fixtures import read_fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def bi22_data():
    notes = read_fixture("notes.json")["notes"]
    return copy.deepcopy(next(note for note in notes if note["code"] == "BI22"))


def test_note_to_data_is_the_inverse_of_save_note(bi22_data):
    note = BudgetNote.objects.get(code="BI22")
    assert note_to_data(note) == normalize(bi22_data)
    data = dict(bi22_data, round="budget-2027", code="BI99", status="kladde")
    created = save_note(data)
    assert note_to_data(created) == normalize(data)
    assert created.economy_table().grand_total == 46_400


def test_every_problem_is_reported_with_its_place_and_nothing_is_written(bi22_data):
    data = dict(bi22_data, round="budget-2027", code="BI98")
    data["funding_lines"][0]["amounts"]["2027"] = "syv"
    data["funding_lines"][1]["amounts"]["2031"] = 100
    data["funding_lines"][2]["committee"] = "XYZ"
    data["funding_lines"].append(
        {
            "activity": "Indtægt",
            "steering_area": "service",
            "committee": "BIU",
            "appropriation": "35.10",
            "income_expense": "I",
            "amounts": {"2026": 500},
        }
    )
    with pytest.raises(NoteDataError) as caught:
        save_note(data)
    messages = [str(problem) for problem in caught.value.problems]
    assert (
        "BI98, linje 1, 2027: „syv“ er ikke et beløb. Skriv fx 7.600, 7600 eller -900." in messages
    )
    assert "BI98, linje 2, 2031: 2031 ligger uden for årene 2026–2029." in messages
    assert "BI98, linje 3: Ukendt udvalg: „XYZ“." in messages
    assert "BI98, linje 4, 2026: En indtægt angives med minus, fx -900." in messages
    assert not BudgetNote.objects.filter(code="BI98").exists()


def test_duplicate_code_is_refused(bi22_data):
    with pytest.raises(NoteDataError, match="allerede et notat med denne kode"):
        save_note(bi22_data)


def test_update_changes_only_what_changed_and_records_the_user(bi22_data, editor):
    note = BudgetNote.objects.get(code="BI22")
    line = note.funding_lines.get(position=1)
    untouched = FundingAmount.objects.get(line=line, year=2026)
    bi22_data["funding_lines"][0]["amounts"]["2027"] = "7.700"
    saved = save_note(bi22_data, note=note, user=editor, expected_version=note.version)
    assert saved.version == note.version + 1
    assert saved.economy_table().year_totals[2027] == 11_700
    assert FundingAmount.objects.get(line=line, year=2026).pk == untouched.pk
    change = FundingAmount.history.filter(line_id=line.pk, year=2027).latest("history_date")
    assert (change.amount, change.history_user) == (7700, editor)


def test_a_stale_version_is_a_conflict_and_nothing_is_written(bi22_data, editor):
    note = BudgetNote.objects.get(code="BI22")
    bi22_data["title"] = "Ny titel"
    save_note(bi22_data, note=note, user=editor, expected_version=note.version)
    bi22_data["title"] = "Anden titel"
    with pytest.raises(Conflict):
        save_note(bi22_data, note=note, user=editor, expected_version=note.version)
    note.refresh_from_db()
    assert note.title == "Ny titel"
