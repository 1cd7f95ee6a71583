"""Small builders for tests whose point is not the demo data: a round, a note with funding
lines, more lines on a note (one, or many copies of one), a user with roles, an expiry
assessment, a catalogue job.

Each writes its rows straight through the ORM (no write path, no form), with plain defaults
that a test overrides by keyword; the line builders then derive the note's summary
(budgetnotes.models.NoteTotal, which the write path keeps) with services.summary.rebuild. The
reference data they name by code (administrations, committees, appropriation areas, role
groups) is in every test database: the migrations and the demo loader make it
(tests/conftest.py).

    round_ = make_round(2036)
    note = make_note(round_, "TS1", lines=2)
    add_line(note, steering_area="overfoersler", appropriation="35.30", amounts={2036: -10})
    copy_line(note.funding_lines.first(), 300, start=100)
    user = make_user("budgetadmin", "BIF", Role.EDITOR, Role.ADMINISTRATOR)
"""

from django.contrib.auth.models import Group
from django.db.models import Max

from budgetnotes.choices import RoundKind, Status, SteeringArea
from budgetnotes.models import (
    Administration,
    AppropriationArea,
    BudgetNote,
    BudgetRound,
    Committee,
    FundingAmount,
    FundingLine,
    User,
)
from budgetnotes.services import summary
from config.demo import DEMO_PASSWORD
from documents.models import CatalogueJob
from initiatives.models import ExpiryAssessment


def make_round(year, *, kind=RoundKind.BUDGET, slug=None, is_open=True):
    """A budget round (or, with kind=RoundKind.TRANSFER, a transfer case) for `year`; the
    slug is budget-2036 or ofs-2036-37 unless given."""
    if slug is None:
        slug = (
            f"budget-{year}" if kind == RoundKind.BUDGET else f"ofs-{year}-{(year + 1) % 100:02d}"
        )
    return BudgetRound.objects.create(kind=kind, year=year, slug=slug, is_open=is_open)


def make_note(
    budget_round,
    code,
    *,
    lines=0,
    administration="BIF",
    committee="BIU",
    years=None,
    title=None,
    status=Status.DRAFT,
    **fields,
):
    """A note in `budget_round` with `lines` funding lines (see add_line for what they hold).

    `years` is (first, last), by default the round's first year and the three after it; the
    price level is the first year. Any other model field is given by keyword."""
    first, last = years or (budget_round.first_year, budget_round.first_year + 3)
    fields.setdefault("price_level", first)
    note = BudgetNote.objects.create(
        round=budget_round,
        code=code,
        title=title or f"Notat {code}",
        administration=Administration.objects.get(code=administration),
        committee=Committee.objects.get(code=committee),
        first_year=first,
        last_year=last,
        status=status,
        **fields,
    )
    for _ in range(lines):
        add_line(note)
    return note


def add_line(
    note,
    *,
    activity=None,
    steering_area=SteeringArea.SERVICE,
    committee="BIU",
    appropriation="35.10",
    amounts=None,
    **fields,
):
    """A funding line after the note's last one, on the committee's appropriation area
    (codes), with an amount per year: `amounts` ({year: amount}), by default 100 in each of
    the note's years. Other fields (income_expense, scenario, position, …) by keyword."""
    if "position" not in fields:
        last = note.funding_lines.aggregate(last=Max("position"))["last"]
        fields["position"] = 0 if last is None else last + 1
    committee = Committee.objects.get(code=committee)
    line = FundingLine.objects.create(
        note=note,
        activity=activity or f"Aktivitet {fields['position'] + 1}",
        steering_area=steering_area,
        committee=committee,
        appropriation_area=AppropriationArea.objects.get(committee=committee, number=appropriation),
        **fields,
    )
    if amounts is None:
        amounts = dict.fromkeys(note.years, 100)
    FundingAmount.objects.bulk_create(
        FundingAmount(line=line, year=year, amount=amount) for year, amount in amounts.items()
    )
    summary.rebuild([note])
    return line


def copy_line(line, count, *, start, activity="Kopi {n}", amounts=None, **fields):
    """`count` more funding lines on `line`'s note, placed like it (steering area, committee,
    appropriation area), at positions start, start + 1, …; made in bulk, for notes past their
    usual size. `activity` is formatted with i (0, 1, …) and n (1, 2, …); `amounts`
    ({year: amount}, none by default) goes on every copy; other fields (income_expense,
    scenario, …) by keyword, else the model's defaults."""
    copies = FundingLine.objects.bulk_create(
        FundingLine(
            note_id=line.note_id,
            position=start + i,
            activity=activity.format(i=i, n=i + 1),
            steering_area=line.steering_area,
            committee_id=line.committee_id,
            appropriation_area_id=line.appropriation_area_id,
            **fields,
        )
        for i in range(count)
    )
    FundingAmount.objects.bulk_create(
        FundingAmount(line=copy, year=year, amount=amount)
        for copy in copies
        for year, amount in (amounts or {}).items()
    )
    summary.rebuild([line.note_id])
    return copies


def make_user(username, administration="BIF", *roles, **fields):
    """A staff user of the administration (a code, or None for none) with the roles (Role
    values, i.e. group names); the demo password, so a test may also log in by form."""
    user = User.objects.create_user(
        username=username,
        password=DEMO_PASSWORD,
        administration=(
            Administration.objects.get(code=administration) if administration else None
        ),
        is_staff=fields.pop("is_staff", True),
        **fields,
    )
    user.groups.set(Group.objects.filter(name__in=roles))
    return user


def make_assessment(budget_round, number, *, administration="BIF", title=None, **fields):
    """An expiry assessment (a sheet of the Udløb catalogue), a draft unless told."""
    return ExpiryAssessment.objects.create(
        round=budget_round,
        administration=Administration.objects.get(code=administration),
        number=number,
        title=title or f"Vurdering nr. {number}",
        **fields,
    )


def make_job(user, budget_round, *, kind="notes", **fields):
    """A catalogue job as the start page records it, queued unless told (no file, no task)."""
    fields.setdefault("title", f"Katalog {budget_round.slug}")
    fields.setdefault("filename", f"{budget_round.slug}.pdf")
    return CatalogueJob.objects.create(user=user, round=budget_round, kind=kind, **fields)
