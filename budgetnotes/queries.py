"""Named reads of budget notes; each page's query lives here and its count is tested."""

from django.db import models
from django.db.models import Prefetch, Q, Sum

from budgetnotes.access import visibility_q


class BudgetNoteQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(visibility_q(user))

    def with_economy(self):
        """Everything the totals need, in a fixed number of queries."""
        from budgetnotes.models import FundingLine

        return self.select_related("round", "administration", "committee").prefetch_related(
            Prefetch(
                "funding_lines",
                queryset=FundingLine.objects.select_related(
                    "scenario", "committee", "appropriation_area__committee"
                ).prefetch_related("amounts"),
            ),
            "allocations__amounts",
            "conversions__amounts",
        )

    def with_everything(self):
        return self.with_economy().prefetch_related("scenarios", "effect_rows", "districts")


def primary_amounts_q(prefix=""):
    """Amounts that count in totals: lines without scenario or in scenario 1."""
    return Q(**{f"{prefix}line__scenario__isnull": True}) | Q(
        **{f"{prefix}line__scenario__number": 1}
    )


def round_totals(notes):
    """Sum of the notes' primary funding amounts by steering area and year, in the database.

    Returns {(steering_area, year): amount}.
    """
    from budgetnotes.models import FundingAmount

    rows = (
        FundingAmount.objects.filter(primary_amounts_q(), line__note__in=notes)
        .values("line__steering_area", "year")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return {(row["line__steering_area"], row["year"]): row["total"] for row in rows}
