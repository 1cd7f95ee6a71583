"""budgetnotes.totals against the seeds' own printed totals; no database needed."""

import json
from pathlib import Path

import pytest

from budgetnotes import totals
from budgetnotes.numbers import AmountError, parse_amount
from tests import seed_figures as seed

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "demo" / "notes.json"


def fixture_note(code):
    notes = json.loads(FIXTURE.read_text(encoding="utf-8"))["notes"]
    return next(note for note in notes if note["code"] == code)


def table_of(note):
    years = tuple(range(note["first_year"], note["last_year"] + 1))
    lines = tuple(
        totals.Line(
            label=line["activity"],
            amounts={int(year): amount for year, amount in line["amounts"].items()},
            steering_area=line["steering_area"],
            committee=line["committee"],
            appropriation=line["appropriation"],
            income_expense=line["income_expense"],
        )
        for line in note["funding_lines"]
    )
    return totals.Table(years, lines)


def allocations_of(note):
    years = tuple(range(note["allocations_first_year"], note["allocations_last_year"] + 1))
    lines = tuple(
        totals.Line(label=row["source"], amounts={int(y): a for y, a in row["amounts"].items()})
        for row in note["allocations"]
    )
    return totals.Table(years, lines)


def test_bi22_totals_match_the_seed():
    table = table_of(fixture_note("BI22"))
    assert table.years == seed.BI22_YEARS
    assert table.year_totals == dict.fromkeys(seed.BI22_YEARS, seed.BI22_YEAR_TOTAL)
    assert table.grand_total == seed.BI22_GRAND_TOTAL
    assert [line.total for line in table.lines] == seed.BI22_LINE_TOTALS


def test_bi22_appendix_groups_indsats_with_transfers():
    groups = dict(table_of(fixture_note("BI22")).appendix_tables())
    assert list(groups) == ["service", "overfoersler"]
    assert groups["service"].total_cells == [seed.BI22_SERVICE_YEAR] * 4
    assert groups["service"].grand_total == seed.BI22_SERVICE_TOTAL
    assert groups["overfoersler"].total_cells == [seed.BI22_TRANSFERS_YEAR] * 4
    assert groups["overfoersler"].grand_total == seed.BI22_TRANSFERS_TOTAL


def test_bi22_previously_allocated_funds():
    table = allocations_of(fixture_note("BI22"))
    assert table.year_totals == seed.BI22_ALLOCATIONS
    # Rows without amounts are kept (they print) and add nothing.
    assert len(table.lines) == 11
    assert sum(1 for line in table.lines if not line.amounts) == 6


def test_bi05_totals_match_the_seed():
    table = table_of(fixture_note("BI05"))
    assert table.year_totals == seed.BI05_YEAR_TOTALS
    assert table.grand_total == seed.BI05_GRAND_TOTAL
    assert [line.total for line in table.lines] == seed.BI05_LINE_TOTALS
    groups = dict(table.appendix_tables())
    assert groups["service"].year_totals == seed.BI05_SERVICE
    assert groups["service"].grand_total == seed.BI05_SERVICE_TOTAL
    assert groups["overfoersler"].year_totals == seed.BI05_TRANSFERS
    assert groups["overfoersler"].grand_total == seed.BI05_TRANSFERS_TOTAL


def test_bi05_previously_allocated_funds():
    assert allocations_of(fixture_note("BI05")).year_totals == seed.BI05_ALLOCATIONS


def test_blank_years_are_blank_cells_but_zero_in_totals():
    table = table_of(fixture_note("BI05"))
    info_package = table.lines[3]
    assert info_package.cells(table.years) == [1600, None, None, None]
    assert totals.Table(table.years, (info_package,)).total_cells == [1600, 0, 0, 0]


def test_seed_000_typing_error_is_caught_and_the_computed_total_is_right():
    with pytest.raises(AmountError, match="ikke et beløb"):
        parse_amount(seed.BI22_PRINTED_TYPO)
    table = table_of(fixture_note("BI22"))
    first_line = table.lines[0]
    assert first_line.amounts[2026] == parse_amount("7.600")
    assert first_line.total == 30_400


def test_committee_distribution_has_one_row_per_committee_and_steering_area():
    base = table_of(fixture_note("BI22"))
    sou_line = totals.Line(
        "Samarbejde med SOF", {2026: 500, 2027: 500}, steering_area="service", committee="SOU"
    )
    table = totals.Table(base.years, (*base.lines, sou_line))
    distribution = table.committee_distribution()
    rows = {(line.committee, line.steering_area): line.total for line in distribution.lines}
    assert rows == {
        ("BIU", "service"): 38_400,
        ("BIU", "indsats"): 8_000,
        ("SOU", "service"): 1_000,
    }
    assert distribution.grand_total == table.grand_total == 47_400
    assert table.committees == ["BIU", "SOU"]


def test_net_totals_subtract_income():
    years = (2026, 2027)
    table = totals.Table(
        years,
        (
            totals.Line("Udgift", {2026: 1000, 2027: 1000}),
            totals.Line("Indtægt", {2026: -300}, income_expense="I"),
        ),
    )
    assert table.has_income
    assert table.expenses.year_totals == {2026: 1000, 2027: 1000}
    assert table.income.year_totals == {2026: -300, 2027: 0}
    assert table.year_totals == {2026: 700, 2027: 1000}


def test_decision_sentence_agrees_with_bi22_lines():
    note = fixture_note("BI22")
    assert "11,6 mio. kr. årligt i 2026-2029" in note["decision"]
    assert totals.decision_discrepancies(note["decision"], table_of(note)) == []


def test_decision_sentence_that_disagrees_is_reported():
    note = fixture_note("BI22")
    text = note["decision"].replace("11,6 mio.", "12,6 mio.")
    problems = totals.decision_discrepancies(text, table_of(note))
    assert problems == [
        "Beslutningsteksten siger 12,6 mio. kr. i 2026-2029, men linjerne giver 11,6 mio. kr. "
        "om året"
    ]


def test_decision_sentence_with_a_year_outside_the_note():
    note = fixture_note("BI22")
    text = "Afsætte 11,6 mio. kr. årligt i 2026-2030"
    problems = totals.decision_discrepancies(text, table_of(note))
    assert problems == ["Beslutningsteksten nævner 2030, som ikke er et af notatets år."]


def test_in_prices_rounds_each_amount_half_up():
    assert totals.in_prices(1000, "100", "102.35") == 1024
    assert totals.in_prices(-900, "100", "105") == -945
    assert totals.in_prices(1, "100", "150") == 2
    assert totals.in_prices(None, "100", "150") is None


def test_round_sum_of_tables():
    bi22 = table_of(fixture_note("BI22"))
    assert totals.sum_tables([bi22, bi22], bi22.years) == dict.fromkeys(bi22.years, 23_200)


def test_decision_sentence_reports_each_run_of_years_once():
    table = totals.Table(
        (2026, 2027, 2028, 2029),
        (totals.Line("A", {2026: 11_600, 2027: 11_000, 2028: 11_000, 2029: 10_000}),),
    )
    text = "Afsætte 11,6 mio. kr. årligt i 2026-2030"
    assert totals.decision_discrepancies(text, table) == [
        "Beslutningsteksten siger 11,6 mio. kr. i 2027-2028, men linjerne giver 11 mio. kr. "
        "om året",
        "Beslutningsteksten siger 11,6 mio. kr. i 2029, men linjerne giver 10 mio. kr.",
        "Beslutningsteksten nævner 2030, som ikke er et af notatets år.",
    ]
