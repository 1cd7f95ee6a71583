"""Synthetic budget rounds for benchmarks, load tests and query-budget tests.

    generate_round("bench-2030", notes=5000, lines_per_note=10)

Everything is made with bulk_create (no history rows, no per-object validation), from a
seeded random generator, so the same arguments give the same figures. The notes' summary
(models.NoteTotal) is written beside the amounts, summed by totals.note_summary as the write
path sums it. Generated notes have codes G<letter><number> (GA1 … GA9999, GB1 …). A round
that already exists is refused, unless `replace=True` and every note in it was generated, in
which case its notes are deleted first. Reference data (administrations, committees,
appropriation areas) must exist (`manage.py load_demo`).
"""

import random
import re
from dataclasses import dataclass

from django.db import transaction

from budgetnotes import totals
from budgetnotes.choices import Category, IncomeExpense, RoundKind, Status, SteeringArea
from budgetnotes.models import (
    Administration,
    AllocationAmount,
    AppropriationArea,
    BudgetNote,
    BudgetRound,
    FundingAmount,
    FundingLine,
    NoteTotal,
    PreviousAllocation,
    Scenario,
)
from budgetnotes.services import summary

GENERATED_CODE = re.compile(r"^G[A-Z][0-9]{1,4}$")
CODES_PER_LETTER = 9999
BATCH = 2000


class GenerateError(ValueError):
    """The round cannot be generated; the message is for the user."""


@dataclass
class Generated:
    round: BudgetRound
    notes: int
    lines: int
    amounts: int


def note_code(index):
    """0 → GA1, 9998 → GA9999, 9999 → GB1."""
    letter, number = divmod(index, CODES_PER_LETTER)
    if letter >= 26:
        raise GenerateError("Højst 259.974 genererede notater pr. runde.")
    return f"G{chr(ord('A') + letter)}{number + 1}"


def _free_year(kind):
    used = set(BudgetRound.objects.filter(kind=kind).values_list("year", flat=True))
    year = 2030
    while year in used:
        year += 1
    return year


def _delete_generated(budget_round):
    """Delete a generated round's notes and rows fast (raw deletes, no history signals)."""
    codes = list(budget_round.notes.values_list("code", flat=True))
    if any(not GENERATED_CODE.match(code) for code in codes):
        raise GenerateError(
            f"Runden {budget_round.slug} har notater, der ikke er genererede; den erstattes ikke."
        )
    notes = BudgetNote.objects.filter(round=budget_round)
    for queryset in (
        NoteTotal.objects.filter(note__in=notes),
        FundingAmount.objects.filter(line__note__in=notes),
        FundingLine.objects.filter(note__in=notes),
        AllocationAmount.objects.filter(allocation__note__in=notes),
        PreviousAllocation.objects.filter(note__in=notes),
        Scenario.objects.filter(note__in=notes),
        BudgetNote.districts.through.objects.filter(budgetnote__in=notes),
        notes,
    ):
        queryset._raw_delete(queryset.db)


@transaction.atomic
def generate_round(
    slug,
    notes=5000,
    lines_per_note=10,
    *,
    years=4,
    year=None,
    replace=False,
    seed=2026,
    administrations=None,
    alternative_every=10,
    allocations_per_note=1,
    status=None,
):
    """Create (or, with replace=True, re-create) a round of `notes` notes × `lines_per_note`
    funding lines, each with an amount for each of `years` years.

    - `administrations`: codes to spread the notes over (default: every administration), with
      every status (or only `status`), so visibility rules matter;
    - every `alternative_every`-th note (0: none) has a second scenario whose last line is an
      alternative that does not count in totals;
    - `allocations_per_note` rows of previously allocated funds per note.
    Returns a Generated(round, notes, lines, amounts).
    """
    if notes < 0 or lines_per_note < 0 or years < 1:
        raise GenerateError("Antal notater og linjer må ikke være negative, og år mindst 1.")
    existing = BudgetRound.objects.filter(slug=slug).first()
    if existing is not None:
        if not replace:
            raise GenerateError(f"Runden {slug} findes allerede (brug replace=True / --replace).")
        _delete_generated(existing)
        budget_round = existing
    else:
        if (
            year is not None
            and BudgetRound.objects.filter(kind=RoundKind.BUDGET, year=year).exists()
        ):
            raise GenerateError(f"Der findes allerede en budgetrunde for {year}.")
        budget_round = BudgetRound.objects.create(
            kind=RoundKind.BUDGET,
            year=year or _free_year(RoundKind.BUDGET),
            slug=slug,
            is_open=True,
        )
    first_year = budget_round.first_year
    last_year = first_year + years - 1

    admin_qs = Administration.objects.all()
    if administrations:
        admin_qs = admin_qs.filter(code__in=administrations)
    admins = list(admin_qs.order_by("code"))
    areas = list(AppropriationArea.objects.select_related("committee").order_by("id"))
    if not admins or not areas:
        raise GenerateError("Indlæs først referencedata (manage.py load_demo).")
    rng = random.Random(seed)
    statuses = [status] if status else list(Status.values)
    categories = list(Category.values)
    steering = list(SteeringArea.values)

    note_objects = [
        BudgetNote(
            round=budget_round,
            administration=admins[index % len(admins)],
            committee=areas[index % len(areas)].committee,
            code=note_code(index),
            title=f"Genereret notat {index + 1}",
            category=categories[index % len(categories)],
            status=statuses[(index // len(admins)) % len(statuses)],
            price_level=first_year,
            first_year=first_year,
            last_year=last_year,
            is_permanent=index % 3 == 0,
            allocations_first_year=first_year - 2 if allocations_per_note else None,
            allocations_last_year=first_year - 1 if allocations_per_note else None,
        )
        for index in range(notes)
    ]
    BudgetNote.objects.bulk_create(note_objects, batch_size=BATCH)
    if not note_objects[:1] or note_objects[0].pk is None:  # backends without RETURNING
        by_code = dict(BudgetNote.objects.filter(round=budget_round).values_list("code", "pk"))
        for note in note_objects:
            note.pk = note.id = by_code[note.code]

    scenarios = {}
    if alternative_every and lines_per_note > 1:
        scenario_objects = []
        for index, note in enumerate(note_objects):
            if index % alternative_every == alternative_every - 1:
                scenario_objects += [
                    Scenario(note=note, number=1, name="Fuld udrulning"),
                    Scenario(note=note, number=2, name="Mindre udrulning"),
                ]
        Scenario.objects.bulk_create(scenario_objects, batch_size=BATCH)
        for scenario in Scenario.objects.filter(note__round=budget_round):
            scenarios[(scenario.note_id, scenario.number)] = scenario

    line_objects = []
    for index, note in enumerate(note_objects):
        for position in range(lines_per_note):
            area = areas[(index + position) % len(areas)]
            scenario = None
            if (note.pk, 1) in scenarios:
                scenario = scenarios[(note.pk, 2 if position == lines_per_note - 1 else 1)]
            income = position % 7 == 6
            line_objects.append(
                FundingLine(
                    note=note,
                    scenario=scenario,
                    position=position,
                    activity=f"Aktivitet {position + 1} i {note.code}",
                    steering_area=steering[(index + position) % len(steering)],
                    committee=area.committee,
                    appropriation_area=area,
                    income_expense=IncomeExpense.INCOME if income else IncomeExpense.EXPENSE,
                )
            )
    FundingLine.objects.bulk_create(line_objects, batch_size=BATCH)
    if line_objects and line_objects[0].pk is None:
        raise GenerateError("Databasen returnerer ikke id'er fra bulk_create.")

    amount_count = 0
    batch = []
    counted = {note.pk: [] for note in note_objects}  # note id → its lines, for the summary
    for line in line_objects:
        amounts = {}
        for year_ in range(first_year, last_year + 1):
            amount = rng.randrange(1, 120) * 100
            amounts[year_] = -amount if line.income_expense == IncomeExpense.INCOME else amount
            batch.append(FundingAmount(line=line, year=year_, amount=amounts[year_]))
        number = line.scenario.number if line.scenario else None
        counted[line.note_id].append(totals.CountedLine(line.steering_area, number, amounts))
        if len(batch) >= BATCH * 5:
            FundingAmount.objects.bulk_create(batch, batch_size=BATCH)
            amount_count += len(batch)
            batch = []
    FundingAmount.objects.bulk_create(batch, batch_size=BATCH)
    amount_count += len(batch)
    NoteTotal.objects.bulk_create(
        summary.rows_for((pk, totals.note_summary(lines)) for pk, lines in counted.items()),
        batch_size=BATCH,
    )

    if allocations_per_note:
        allocation_objects = [
            PreviousAllocation(
                note=note, position=position, source=f"Budgetaftale {first_year - 2}"
            )
            for note in note_objects
            for position in range(allocations_per_note)
        ]
        PreviousAllocation.objects.bulk_create(allocation_objects, batch_size=BATCH)
        AllocationAmount.objects.bulk_create(
            [
                AllocationAmount(
                    allocation=allocation, year=year_, amount=rng.randrange(1, 50) * 100
                )
                for allocation in allocation_objects
                for year_ in (first_year - 2, first_year - 1)
            ],
            batch_size=BATCH,
        )
    return Generated(budget_round, len(note_objects), len(line_objects), amount_count)
