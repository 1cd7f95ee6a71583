"""The editor's live totals: row, column and grand totals of what is typed now, computed by
budgetnotes.totals (the module every page, PDF and workbook asks)."""

from budgetnotes import totals
from budgetnotes.forms import year_field_name
from budgetnotes.numbers import AmountError, parse_amount
from budgetnotes.shape import WITH_AMOUNTS


def _raw_amounts(data, prefix, index, years):
    amounts, invalid = {}, False
    for year in years:
        raw = data.get(f"{prefix}-{index}-{year_field_name(year)}", "")
        try:
            value = parse_amount(raw)
        except AmountError:
            invalid = True
            continue
        if value is not None:
            amounts[year] = value
    return amounts, invalid


def _rows(data, kind, years, counts=None):
    """(index, totals.Line, invalid, counts) for the rows of a row set as typed."""
    prefix = kind.prefix
    try:
        count = int(data.get(f"{prefix}-TOTAL_FORMS", 0))
    except ValueError:
        count = 0
    rows = []
    for index in range(max(0, min(count, kind.limit + 50))):
        if data.get(f"{prefix}-{index}-DELETE"):
            continue
        amounts, invalid = _raw_amounts(data, prefix, index, years)
        line = totals.Line(
            label=data.get(f"{prefix}-{index}-{kind.label_field}", ""),
            amounts=amounts,
            steering_area=data.get(f"{prefix}-{index}-steering_area", ""),
            income_expense=data.get(f"{prefix}-{index}-income_expense", "U"),
        )
        scenario = data.get(f"{prefix}-{index}-scenario", "").strip()
        counted = counts(scenario) if counts else True
        rows.append({"index": index, "line": line, "invalid": invalid, "counted": counted})
    return rows


def _typed_scenario_counts(typed):
    """Whether a line with this scenario, as typed, counts (something unreadable does not)."""
    if not typed:
        return totals.counts(None)
    return typed.isascii() and typed.isdigit() and len(typed) < 4 and totals.counts(int(typed))


def _table_from(rows, years):
    return totals.Table(years, tuple(row["line"] for row in rows if row["counted"]))


def live_totals(note, data, editor=None):
    """Row, column and grand totals of the funding lines, allocations and conversions, from
    the typed values (POST) or the stored note; the same module the note page uses."""
    if data is None:
        data = {}
        if editor is not None:
            for kind in WITH_AMOUNTS:
                row_set = editor.formsets[kind.prefix]
                data[f"{kind.prefix}-TOTAL_FORMS"] = str(row_set.total_form_count())
                for form in row_set.forms:
                    for name in form.fields:
                        value = form[name].value()
                        data[form.add_prefix(name)] = "" if value is None else str(value)
    sets = {}
    for kind in WITH_AMOUNTS:
        years = getattr(note, kind.years)
        counts = _typed_scenario_counts if kind.key == "funding_lines" else None
        rows = _rows(data, kind, years, counts)
        sets[kind.prefix] = {
            "prefix": kind.prefix,
            "rows": rows,
            "years": years,
            "table": _table_from(rows, years),
        }
    economy = sets["lines"]["table"]
    sets["lines"]["by_area"] = economy.by_steering_area()
    sets["lines"]["discrepancies"] = totals.decision_discrepancies(
        data.get("decision", note.decision), economy
    )
    return sets
