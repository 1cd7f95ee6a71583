"""Named reads of budget notes; each page's query lives here and its count is tested."""

from django.db import models
from django.db.models import Max, Min, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from budgetnotes import shape, totals
from budgetnotes.access import visibility_q


class BudgetNoteQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(visibility_q(user))

    def filtered(self, administration=(), committee=(), category=(), status=(), words=()):
        """The round filter, said once: the round page and the round workbook both filter
        with it (codes and values as lists; any of them may be empty)."""
        notes = self
        if administration:
            notes = notes.filter(administration__code__in=administration)
        if committee:
            notes = notes.filter(committee__code__in=committee)
        if category:
            notes = notes.filter(category__in=category)
        if status:
            notes = notes.filter(status__in=status)
        return notes.matching(words) if words else notes

    def matching(self, words):
        """Notes holding every word (in the code, the title or a text section), as the round
        page, its workbook and the export search; `words` from limits.search_words."""
        query = Q()
        for word in words:
            matches = Q(code__icontains=word) | Q(title__icontains=word)
            for name in shape.SECTION_NAMES:
                matches |= Q(**{f"{name}__icontains": word})
            query &= matches
        return self.filter(query)

    def with_economy(self):
        """Everything the totals need, in a fixed number of queries."""
        from budgetnotes.models import FundingLine, FundingLinePart

        parts = FundingLinePart.objects.select_related(
            "committee", "appropriation_area__committee"
        ).prefetch_related("amounts")
        return self.select_related("round", "administration", "committee").prefetch_related(
            Prefetch(
                "funding_lines",
                queryset=FundingLine.objects.select_related(
                    "scenario", "committee", "appropriation_area__committee"
                ).prefetch_related("amounts", Prefetch("parts", queryset=parts)),
            ),
            "allocations__amounts",
            "conversions__amounts",
        )

    def with_everything(self):
        return self.with_economy().prefetch_related(
            "scenarios", "effect_rows", "extra_sections", "districts"
        )

    def for_round_page(self, budget_round, user, years):
        """The round page's rows: visible notes of the round with the total of each year
        (`total_<year>`) and `grand_total`, summed by the database over the notes' summary
        (models.NoteTotal: the lines that count, by steering area and year), so the page can
        sort and paginate on them.

        The totals are correlated subqueries, not a join with GROUP BY: the database then
        sums only the notes on the page (when sorting by code, title, …), each from a few
        summary rows found by its index, and counting the rows for the paginator needs no
        join at all.
        """
        from budgetnotes.models import NoteTotal

        summary = NoteTotal.objects.filter(note=OuterRef("pk"))

        def total(rows):
            summed = rows.order_by().values("note").annotate(total=Sum("amount"))
            return Coalesce(Subquery(summed.values("total")[:1]), 0)

        from budgetnotes.comments import with_open_counts

        per_year = {year_total_name(year): total(summary.filter(year=year)) for year in years}
        return with_open_counts(
            self.filter(round=budget_round)
            .visible_to(user)
            .select_related("round", "administration", "committee")
            .annotate(**per_year, grand_total=total(summary))
        )

    def year_span(self):
        """(first year, last year) over the notes, or (None, None) when there are none."""
        span = self.order_by().aggregate(first=Min("first_year"), last=Max("last_year"))
        return span["first"], span["last"]


def year_total_name(year):
    return f"total_{year}"


def counted_q(prefix=""):
    """The funding lines that count in totals (totals.counts), as a Q; `prefix` reaches the
    line from another model, e.g. "line__" from an amount."""
    return Q(**{f"{prefix}scenario__isnull": True}) | Q(
        **{f"{prefix}scenario__number": totals.COUNTED_SCENARIO}
    )


def primary_amounts_q(prefix=""):
    """Amounts of the lines that count in totals."""
    return counted_q(f"{prefix}line__")


class FundingLineQuerySet(models.QuerySet):
    def primary(self):
        """The lines that count in the note's totals (totals.counts)."""
        return self.filter(counted_q())


def round_totals(notes):
    """Sum of the notes' counted funding amounts by steering area and year, in the database,
    over the notes' summary (models.NoteTotal), not every amount.

    Returns {(steering_area, year): amount}.
    """
    from budgetnotes.models import NoteTotal

    rows = (
        NoteTotal.objects.filter(note__in=notes)
        .values("steering_area", "year")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return {(row["steering_area"], row["year"]): row["total"] for row in rows}


def rounds_overview(user):
    """Every round with what `user` may read of it: the number of notes in each status and
    the notes' total (their counted amounts, from the notes' summary as round_totals sums
    it), in two queries for all rounds. Returns [(round, {status: count}, total)], newest
    round first."""
    from budgetnotes.models import BudgetNote, BudgetRound, NoteTotal

    visible = BudgetNote.objects.visible_to(user)
    counts = {}
    for row in visible.values("round", "status").annotate(n=models.Count("id")).order_by():
        counts.setdefault(row["round"], {})[row["status"]] = row["n"]
    sums = dict(
        NoteTotal.objects.filter(note__in=visible)
        .values("note__round")
        .annotate(total=Sum("amount"))
        .order_by()
        .values_list("note__round", "total")
    )
    return [
        (budget_round, counts.get(budget_round.pk, {}), sums.get(budget_round.pk, 0))
        for budget_round in BudgetRound.objects.order_by("-year", "kind")
    ]
