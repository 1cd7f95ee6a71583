"""The workbook's database reads, each one query whatever the number of notes.

`notes` is always the selection's notes as a queryset (`Selection.notes()`), used as a subquery.
Funding lines and allocations stream from the cursor as plain tuples (`stream_rows`); which
funding lines count is `budgetnotes.queries.counted_q`, never restated here.
"""

from django.db import connections
from django.db.models import Case, IntegerField, Value, When

from budgetnotes.choices import SteeringArea
from budgetnotes.models import (
    Conversion,
    FundingLine,
    FundingLinePart,
    PreviousAllocation,
    PriceIndex,
    PriceIndexSet,
)
from budgetnotes.queries import counted_q

AREA_ORDER = [value for value, _label in SteeringArea.choices]

NOTE_FIELDS = (
    "id",
    "code",
    "title",
    "administration__code",
    "committee__code",
    "category",
    "status",
    "price_level",
    "first_year",
    "last_year",
    "is_permanent",
    "allocations_first_year",
    "allocations_last_year",
    "conversions_first_year",
    "conversions_last_year",
    "conversions_price_level",
)

# The columns of `line_rows`, one row per amount (a line without amounts: one row of Nones).
LINE_FIELDS = (
    "id",
    "note_id",
    "alternative",
    "scenario__number",
    "scenario__name",
    "activity",
    "steering_area",
    "committee__code",
    "appropriation_area__committee__code",
    "appropriation_area__number",
    "income_expense",
    "amounts__year",
    "amounts__amount",
)


def stream_rows(queryset, chunk_size=5000):
    """The rows of a values_list() queryset as plain tuples, straight from a cursor.

    The ORM builds the SQL; the rows skip its per-row machinery (a third of the time for
    200,000 rows). Only for columns that need no converters (integers, text). On PostgreSQL
    `chunked_cursor()` is a server-side cursor, so rows arrive in chunks, not all at once.
    """
    compiler = queryset.query.get_compiler(queryset.db)
    sql, params = compiler.as_sql()
    with connections[queryset.db].chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(chunk_size):
            yield from rows


def note_rows(notes):
    """The notes as tuples of NOTE_FIELDS, by code."""
    return notes.order_by("code").values_list(*NOTE_FIELDS)


def line_rows(notes):
    """Funding lines with their amounts (LINE_FIELDS), in Bevillinger's order: the lines that
    count by steering area, committee, note and position, then alternative scenarios."""
    area_order = Case(
        *(When(steering_area=area, then=Value(rank)) for rank, area in enumerate(AREA_ORDER)),
        default=Value(len(AREA_ORDER)),
        output_field=IntegerField(),
    )
    alternative = Case(
        When(counted_q(), then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return stream_rows(
        FundingLine.objects.filter(note__in=notes)
        .annotate(alternative=alternative, area_order=area_order)
        .order_by(
            "alternative",
            "area_order",
            "committee__code",
            "note__code",
            "position",
            "id",
            "amounts__year",
        )
        .values_list(*LINE_FIELDS)
    )


def part_rows(notes):
    """The committee parts of shared funding lines as (line id, committee, appropriation's
    committee, appropriation number, year, amount), one row per amount, by line and part."""
    return stream_rows(
        FundingLinePart.objects.filter(line__note__in=notes)
        .order_by("line_id", "position", "id", "amounts__year")
        .values_list(
            "line_id",
            "id",
            "committee__code",
            "appropriation_area__committee__code",
            "appropriation_area__number",
            "amounts__year",
            "amounts__amount",
        )
    )


def allocation_rows(notes):
    """Previously allocated funds as (id, note id, source, year, amount), one row per amount,
    by note code and position."""
    return stream_rows(
        PreviousAllocation.objects.filter(note__in=notes)
        .order_by("note__code", "position", "id", "amounts__year")
        .values_list("id", "note_id", "source", "amounts__year", "amounts__amount")
    )


def conversion_rows(notes):
    """Funds to be converted as (id, note id, text, steering area, year, amount), one row per
    amount, by note code and position."""
    return stream_rows(
        Conversion.objects.filter(note__in=notes)
        .order_by("note__code", "position", "id", "amounts__year")
        .values_list("id", "note_id", "text", "steering_area", "amounts__year", "amounts__amount")
    )


def index_set():
    """The price-index set conversions use (the newest published), or None."""
    return PriceIndexSet.objects.current()


def price_indices():
    """The current set's indices as (steering area, year, index, is example, the set's name)."""
    return PriceIndex.objects.current().values_list(
        "steering_area", "year", "index", "set__is_example", "set__name"
    )


def price_level_pairs(notes):
    """The (steering area, note price level) pairs of the notes' funding lines."""
    return (
        FundingLine.objects.filter(note__in=notes)
        .values_list("steering_area", "note__price_level")
        .distinct()
        .order_by()
    )
