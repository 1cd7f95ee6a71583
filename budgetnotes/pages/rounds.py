"""The list of rounds and a round's page: its notes (filtered, sorted, paginated) with totals."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django_tables2 import RequestConfig

from budgetnotes import access
from budgetnotes.choices import Status
from budgetnotes.models import BudgetNote, BudgetRound, PriceIndex
from budgetnotes.pages.charts import round_chart, totals_rows
from budgetnotes.pages.filters import FILTER_PARAMS, RoundNoteFilter, filter_querystring
from budgetnotes.pages.lookup import load_roles
from budgetnotes.pages.tables import RoundNoteTable
from budgetnotes.queries import round_totals, rounds_overview
from operations import access as access_log

PER_PAGE = 25


@login_required
def round_list(request):
    rows = [
        {
            "round": budget_round,
            "counts": [counts.get(status, 0) for status in Status.values],
            "notes": sum(counts.values()),
            "total": total,
        }
        for budget_round, counts, total in rounds_overview(request.user)
    ]
    return render(request, "budgetnotes/round_list.html", {"rows": rows, "statuses": Status.labels})


def price_levels():
    """The years the price-index table can convert amounts into."""
    return list(
        PriceIndex.objects.current().order_by("year").values_list("year", flat=True).distinct()
    )


@login_required
def round_detail(request, slug):
    budget_round = get_object_or_404(BudgetRound, slug=slug)
    load_roles(request.user)
    visible = BudgetNote.objects.filter(round=budget_round).visible_to(request.user)
    first, last = visible.year_span()
    years = tuple(range(first, last + 1)) if first else ()

    rows = RoundNoteFilter(
        request.GET, queryset=BudgetNote.objects.for_round_page(budget_round, request.user, years)
    )
    filtered = RoundNoteFilter(request.GET, queryset=visible).qs
    if request.GET.get("q", "").strip():
        searched = request.GET["q"].strip()
        access_log.record(request, access_log.Action.SEARCH, f"Søgning: {searched}", budget_round)
    sums = round_totals(filtered)
    footer = {year: sum(v for (_, y), v in sums.items() if y == year) for year in years}
    footer["all"] = sum(footer.values())
    table = RoundNoteTable(rows.qs, years=years, footer_totals=footer)
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)

    area_rows, area_year_totals, area_total = totals_rows(sums, years)
    context = {
        "round": budget_round,
        "filter": rows,
        "table": table,
        "years": years,
        "chart": round_chart(sums, years),
        "area_rows": area_rows,
        "area_year_totals": area_year_totals,
        "area_total": area_total,
        "querystring": filter_querystring(request),
        "can_export_pdf": access.can_export_pdf(request.user),
        "can_export_xlsx": access.can_export_xlsx(request.user),
        "can_import": access.can_create(request.user, budget_round),
        "export_filters": [
            (key, value)
            for key, values in request.GET.lists()
            if key in FILTER_PARAMS
            for value in values
            if value
        ],
        "price_levels": price_levels(),
    }
    template = "budgetnotes/round_detail.html"
    if request.htmx and request.htmx.target == "round-results":
        template = "budgetnotes/partials/round_results.html"
    return render(request, template, context)
