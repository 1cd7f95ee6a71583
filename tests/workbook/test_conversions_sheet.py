"""The *Konverteringer* sheet: each note's funds to be converted, over their own years and in
their own price basis, as the note page and the PDF show them (budgetnotes.presentation), with
stored SUM values."""

import pytest
from openpyxl import load_workbook

from budgetnotes.models import BudgetNote
from budgetnotes.presentation import note_layout
from tests.workbook.helpers import headers, rows

pytestmark = pytest.mark.django_db


def test_bi41s_conversions_as_the_note_prints_them(command_workbook, tmp_path):
    workbook = command_workbook("budget-2027")
    assert "Konverteringer" in workbook.sheetnames
    sheet = workbook["Konverteringer"]
    printed = note_layout(BudgetNote.objects.with_everything().get(code="BI41")).conversions
    years = [str(year) for year in printed.years]
    assert headers(sheet)[:4] == ["Notat", "Bevilling der konverteres", "Styringsområde", "P/L"]
    assert headers(sheet)[4 : 4 + len(years)] == years
    found = [row for row in rows(sheet) if row["Notat"] == "BI41"]
    lines, total = found[:-1], found[-1]
    assert [row["Bevilling der konverteres"] for row in lines] == [r.label for r in printed.rows]
    for row, printed_row in zip(lines, printed.rows, strict=True):
        assert [row[year] for year in years] == printed_row.cells
        assert row["P/L"] == "løbende p/l"
    assert total["Bevilling der konverteres"] == "Konverterede midler i alt"
    # The totals are stored with their formulas: read without recalculating, as Excel's
    # Protected View does, they are the page's.
    path = tmp_path / "out.xlsx"
    values = load_workbook(path, data_only=True)["Konverteringer"]
    stored = [row for row in rows(values) if row["Notat"] == "BI41"][-1]
    assert [stored[year] for year in years] == printed.total_cells
    assert stored["I alt"] == printed.grand_total


def test_a_round_without_conversions_has_no_such_sheet(command_workbook):
    assert "Konverteringer" not in command_workbook("budget-2026").sheetnames
