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
