"""A line shared between committees in the workbook: Bevillinger lists its committees' parts
under their committees (named as parts of the shared line with its own total), so the
committee subtotals and Fordeling mellem udvalg follow the parts, and the grand total is the
line's once. The demo's BI41 (Budget 2027) shares a service line over BIU, SOU and BUU."""

import pytest

from budgetnotes.models import BudgetNote
from tests.workbook.helpers import find_row, value

pytestmark = pytest.mark.django_db


def test_bevillinger_follows_the_parts_and_counts_the_line_once(command_workbook):
    sheet = command_workbook("budget-2027")["Bevillinger"]
    note = BudgetNote.objects.with_economy().get(round__slug="budget-2027", code="BI41")
    table = note.economy_table()
    shared = "Fælles ungeteam på tværs af tre forvaltninger (delt linje, i alt 16.000)"
    listed = [
        (sheet[f"E{row}"].value, value(sheet, f"L{row}"))
        for row in range(1, sheet.max_row + 1)
        if sheet[f"C{row}"].value == shared
    ]
    assert listed == [("BIU", 8_000), ("BUU", 3_200), ("SOU", 4_800)]
    grand = find_row(sheet, "C", "I alt")
    assert value(sheet, f"L{grand}") == table.grand_total == 24_000
    distribution = {
        committee: value(sheet, f"L{find_row(sheet, 'C', f'{committee} i alt')}")
        for committee in ("BIU", "SOU", "BUU")
    }
    assert distribution == {"BIU": 16_000, "SOU": 4_800, "BUU": 3_200}
    by_committee = {}
    for row in table.committee_distribution().lines:
        by_committee[row.committee] = by_committee.get(row.committee, 0) + row.total
    assert by_committee == distribution


def test_converted_parts_still_add_up_to_the_converted_line(command_workbook):
    """200 shared 100/100 in 2030 p/l: the line is 215 (200 × 129,6/120,8), and the parts,
    107,3 each, are 108 and 107 (the rounding goes to a part), not 107 and 107."""
    from budgetnotes.services import note_to_data, save_note

    note = BudgetNote.objects.with_everything().get(round__slug="budget-2027", code="BI41")
    data = note_to_data(note)
    line = data["funding_lines"][0]
    line["amounts"] = {"2027": 200}
    line["parts"] = [
        {"committee": "BIU", "appropriation": "35.10", "amounts": {"2027": 100}},
        {"committee": "SOU", "appropriation": None, "amounts": {"2027": 100}},
    ]
    save_note(data, note=note)
    sheet = command_workbook("budget-2027", "--note", "BI41", "--pl", "2030")["Bevillinger"]
    shared = "Fælles ungeteam på tværs af tre forvaltninger (delt linje, i alt 215)"
    parts = [
        value(sheet, f"H{row}")
        for row in range(1, sheet.max_row + 1)
        if sheet[f"C{row}"].value == shared
    ]
    assert sorted(parts) == [107, 108]


def test_the_distribution_is_the_pdfs_per_committee_and_steering_area(command_workbook, tmp_path):
    """Fordeling mellem udvalg as the note's PDF prints it (totals.committee_distribution):
    each committee's money per steering area, stored with its value."""
    from openpyxl import load_workbook

    from budgetnotes.choices import SteeringArea

    command_workbook("budget-2027", "--note", "BI41")
    sheet = load_workbook(tmp_path / "out.xlsx", data_only=True)["Bevillinger"]
    note = BudgetNote.objects.with_economy().get(round__slug="budget-2027", code="BI41")
    printed = note.economy_table().committee_distribution()
    labels = dict(SteeringArea.choices)
    start = find_row(sheet, "C", "Fordeling mellem udvalg")
    found = {}
    for row in range(start + 1, sheet.max_row + 1):
        label = sheet[f"C{row}"].value
        if label and ", " in label:
            found[label] = [sheet[f"{c}{row}"].value for c in "HIJK"][: len(printed.years)]
    assert found == {
        f"{line.committee}, {labels[line.steering_area]}": line.cells(printed.years)
        for line in printed.lines
    }
