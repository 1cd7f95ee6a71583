"""Two simultaneous saves of the same note never lose one silently (PostgreSQL, real threads)."""

import copy
import threading

import pytest
from django.db import connection, connections

from budgetnotes.models import BudgetNote, FundingAmount
from budgetnotes.services import Conflict, note_to_data, save_note

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs concurrent connections: runs in the PostgreSQL pass (make test-postgres)",
)


@pytest.mark.slow
@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_from_the_same_version(demo_data):
    note = BudgetNote.objects.get(code="BI22")
    start = note.version
    base = note_to_data(note)
    barrier = threading.Barrier(2)
    outcomes = {}

    def save(name, amount):
        data = copy.deepcopy(base)
        data["funding_lines"][0]["amounts"]["2027"] = amount
        data["title"] = f"Gemt af {name}"
        barrier.wait()
        try:
            save_note(data, note=note, expected_version=start)
            outcomes[name] = "saved"
        except Conflict:
            outcomes[name] = "conflict"
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=("a", 7700)),
        threading.Thread(target=save, args=("b", 7800)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes.values()) == ["conflict", "saved"]
    winner = next(name for name, outcome in outcomes.items() if outcome == "saved")
    note.refresh_from_db()
    assert note.title == f"Gemt af {winner}"
    assert note.version == start + 1
    amounts = FundingAmount.objects.filter(line__note=note, year=2027).order_by("line__position")
    expected = 7700 if winner == "a" else 7800
    assert list(amounts.values_list("amount", flat=True)) == [expected, 2000, 2000]


@pytest.mark.django_db
def test_a_stale_save_after_another_is_refused_and_writes_nothing():
    note = BudgetNote.objects.get(code="BI22")
    data = note_to_data(note)
    first = copy.deepcopy(data)
    first["funding_lines"][0]["amounts"]["2027"] = 7700
    save_note(first, note=note, expected_version=note.version)
    second = copy.deepcopy(data)
    second["funding_lines"][0]["amounts"]["2028"] = 9999
    with pytest.raises(Conflict):
        save_note(second, note=note, expected_version=note.version)
    amounts = dict(
        FundingAmount.objects.filter(line__note=note, line__position=1).values_list(
            "year", "amount"
        )
    )
    assert amounts == {2026: 7600, 2027: 7700, 2028: 7600, 2029: 7600}
