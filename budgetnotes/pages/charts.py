"""A compact, server-rendered SVG bar chart of a round's totals per year per steering area."""

from dataclasses import dataclass

from budgetnotes.choices import SteeringArea
from budgetnotes.numbers import format_amount

WIDTH = 640
HEIGHT = 220
MARGIN_LEFT = 70
MARGIN_BOTTOM = 28
MARGIN_TOP = 10
AREAS = [(area.value, str(area.label)) for area in SteeringArea]


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    area: str
    label: str


def round_chart(totals, years):
    """Bars, gridlines and labels for {(area, year): amount}; None when nothing to show."""
    if not years or not any(totals.values()):
        return None
    values = [totals.get((area, year), 0) for area, _ in AREAS for year in years]
    top = max(0, *values)
    bottom = min(0, *values)
    span = (top - bottom) or 1
    plot_height = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    plot_width = WIDTH - MARGIN_LEFT - 10

    def y_of(value):
        return MARGIN_TOP + (top - value) / span * plot_height

    group = plot_width / len(years)
    bar_width = group * 0.8 / len(AREAS)
    bars = []
    labels = []
    for index, year in enumerate(years):
        left = MARGIN_LEFT + index * group + group * 0.1
        labels.append({"x": left + group * 0.4, "y": HEIGHT - 8, "text": str(year)})
        for offset, (area, name) in enumerate(AREAS):
            value = totals.get((area, year), 0)
            y0, y1 = y_of(max(value, 0)), y_of(min(value, 0))
            bars.append(
                Bar(
                    x=round(left + offset * bar_width, 1),
                    y=round(y0, 1),
                    width=round(bar_width - 2, 1),
                    height=round(max(y1 - y0, 0.5), 1),
                    area=area,
                    label=f"{name} {year}: {format_amount(value)}",
                )
            )
    ticks = [
        {"y": round(y_of(value), 1), "text": format_amount(value)}
        for value in sorted({top, 0, bottom})
    ]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": MARGIN_LEFT,
        "right": WIDTH - 10,
        "bars": bars,
        "labels": labels,
        "ticks": ticks,
        "areas": AREAS,
    }


def totals_rows(totals, years):
    """The chart's figures as table rows: (area label, [amount per year], total)."""
    rows = []
    for area, name in AREAS:
        amounts = [totals.get((area, year), 0) for year in years]
        rows.append((name, amounts, sum(amounts)))
    all_years = [sum(totals.get((area, year), 0) for area, _ in AREAS) for year in years]
    return rows, all_years, sum(all_years)
