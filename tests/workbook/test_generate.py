"""The data generator and the workbook's query budget."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budgetnotes.generate import GenerateError, generate_round, note_code
from budgetnotes.models import BudgetNote, FundingAmount, FundingLine
from documents.workbook.api import Selection, write_workbook
from tests.workbook.helpers import find_row, open_workbook, rows, value

pytestmark = pytest.mark.django_db


def test_note_codes_are_valid_and_unique():
    assert [note_code(i) for i in (0, 9998, 9999)] == ["GA1", "GA9999", "GB1"]


def test_generate_round_counts_and_refuses_to_overwrite():
    result = generate_round("gen-test", notes=12, lines_per_note=3, years=2)
    assert (result.notes, result.lines, result.amounts) == (12, 36, 72)
    notes = BudgetNote.objects.filter(round=result.round)
    assert notes.count() == 12
    assert FundingAmount.objects.filter(line__note__in=notes).count() == 72
    with pytest.raises(GenerateError, match="findes allerede"):
        generate_round("gen-test", notes=1)
    again = generate_round("gen-test", notes=5, lines_per_note=2, replace=True)
    assert again.round.pk == result.round.pk
    assert BudgetNote.objects.filter(round=result.round).count() == 5
    assert FundingLine.objects.filter(note__round=result.round).count() == 10


def test_a_taken_year_is_refused():
    with pytest.raises(GenerateError, match="budgetrunde for 2026"):
        generate_round("gen-2026", notes=1, year=2026)


def test_replace_refuses_a_round_with_real_notes():
    with pytest.raises(GenerateError, match="ikke er genererede"):
        generate_round("budget-2026", notes=1, replace=True)


def workbook_queries(budget_round, tmp_path):
    selection = Selection(round=budget_round, target_pl=budget_round.first_year)
    with CaptureQueriesContext(connection) as captured:
        write_workbook(selection, tmp_path / "x.xlsx")
    return len(captured.captured_queries)


def test_query_count_does_not_grow_with_the_round(tmp_path, django_assert_max_num_queries):
    small = generate_round("gen-small", notes=3, lines_per_note=2).round
    large = generate_round("gen-large", notes=60, lines_per_note=6).round
    budget = workbook_queries(small, tmp_path)
    with django_assert_max_num_queries(budget):
        write_workbook(Selection(round=large, target_pl=large.first_year), tmp_path / "y.xlsx")
    assert budget <= 12


def test_generated_round_workbook_adds_up(tmp_path):
    result = generate_round("gen-sum", notes=30, lines_per_note=4, years=3, alternative_every=5)
    path = tmp_path / "g.xlsx"
    write_workbook(Selection(round=result.round), path)
    workbook = open_workbook(str(path))
    data_total = sum(row["Beløb (1.000 kr.)"] for row in rows(workbook["Data"]))
    lines = workbook["Bevillinger"]
    assert value(lines, f"{'K'}{find_row(lines, 'C', 'I alt')}") == data_total
    notes = BudgetNote.objects.filter(round=result.round).with_economy()
    assert data_total == sum(note.economy_table().grand_total for note in notes)
    assert len([row for row in rows(workbook["Oversigt"]) if row["Notat"]]) == 30


def test_streamed_rows_equal_the_orms_rows():
    from budgetnotes.models import BudgetRound
    from documents.workbook import queries

    generate_round("gen-rows", notes=4, lines_per_note=3, alternative_every=2)
    for slug in ("budget-2026", "gen-rows"):
        notes = Selection(round=BudgetRound.objects.get(slug=slug)).notes()
        streamed = list(queries.line_rows(notes))
        original, queries.stream_rows = queries.stream_rows, iter
        try:
            orm = [tuple(row) for row in queries.line_rows(notes)]
        finally:
            queries.stream_rows = original
        assert streamed == orm and streamed
