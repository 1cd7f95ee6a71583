"""Price conversion of whole lines and tables (budgetnotes.totals), without a database."""

from decimal import Decimal

import pytest

from budgetnotes import totals

INDICES = {
    ("service", 2026): Decimal("118.000"),
    ("service", 2027): Decimal("120.800"),
    ("indsats", 2026): Decimal("116.800"),
    ("indsats", 2027): Decimal("119.500"),
}


def table():
    return totals.Table(
        (2026, 2027),
        (
            totals.Line("a", {2026: 7600, 2027: 7600}, steering_area="service"),
            totals.Line("b", {2026: 2000}, steering_area="indsats"),
            totals.Line("c", {2026: -900, 2027: 0}, steering_area="service"),
        ),
    )


def test_each_cell_is_rounded_and_totals_add_the_rounded_cells():
    converted = totals.table_in_prices(table(), INDICES, 2026, 2027)
    a, b, c = converted.lines
    assert a.amounts == {2026: 7780, 2027: 7780}  # 7600 × 120,8 / 118 = 7780,3
    assert b.amounts == {2026: 2046}  # 2000 × 119,5 / 116,8 = 2046,2
    assert c.amounts == {2026: -921, 2027: 0}  # -921,4; a zero stays a zero
    assert converted.year_totals == {2026: 7780 + 2046 - 921, 2027: 7780}
    assert converted.grand_total == sum(line.total for line in converted.lines)
    assert a.steering_area == "service" and a.label == "a"


def test_the_same_price_level_changes_nothing():
    assert totals.table_in_prices(table(), INDICES, 2026, 2026).lines == table().lines


def test_line_in_prices_rounds_half_up():
    line = totals.Line("x", {2026: 1}, steering_area="service")
    assert totals.line_in_prices(line, Decimal(2), Decimal(3)).amounts == {2026: 2}  # 1,5 → 2
    assert totals.line_in_prices(line, Decimal(4), Decimal(5)).amounts == {2026: 1}  # 1,25


def test_a_missing_index_is_an_error():
    with pytest.raises(totals.MissingPriceIndex) as error:
        totals.table_in_prices(table(), INDICES, 2026, 2031)
    assert error.value.steering_area == "service" and error.value.year == 2031
    assert "Service i 2031" in str(error.value)
    with pytest.raises(totals.MissingPriceIndex, match="Indsats i 2025"):
        totals.table_in_prices(table().where(lambda line: line.label == "b"), INDICES, 2025, 2027)
