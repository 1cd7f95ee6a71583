"""Years of expiring and proposed money."""

from budgetnotes import totals


def expiry_year(budget_round):
    """The last year of the money that expires before the round's first year."""
    return budget_round.first_year - 1


def span(years):
    """A contiguous tuple of years covering `years` (empty when none)."""
    years = [year for year in years if year is not None]
    return tuple(range(min(years), max(years) + 1)) if years else ()


def combine(tables, years):
    """One totals.Table with every line of `tables`, over `years`."""
    return totals.Table(
        years=tuple(years), lines=tuple(line for table in tables for line in table.lines)
    )
