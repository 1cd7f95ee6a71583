"""The demo data: the seeds' facts and figures, loaded idempotently by `load_demo`."""

from collections import Counter as Tally

import pytest
from django.core.management import call_command

from budgetnotes.choices import Category, Status
from budgetnotes.models import BudgetNote, BudgetRound, FundingAmount, PriceIndex, User
from config.demo import load_demo
from initiatives.models import ExpiryAssessment, Initiative
from tests import seed_figures as seed

pytestmark = pytest.mark.django_db


def snapshot():
    from django.apps import apps

    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in apps.get_models()
        if model._meta.app_label in {"budgetnotes", "initiatives"}
    }


def test_load_demo_twice_changes_nothing():
    before = snapshot()
    counter = load_demo(with_users=True)
    assert (counter.created, counter.updated, counter.deleted) == (0, 0, 0)
    assert snapshot() == before


def test_load_demo_restores_an_edited_figure():
    amount = FundingAmount.objects.get(line__note__code="BI22", line__position=1, year=2027)
    amount.amount = 1
    amount.save()
    counter = load_demo(with_users=True)
    amount.refresh_from_db()
    assert amount.amount == 7600
    assert counter.updated == 1


def test_rounds():
    assert sorted(BudgetRound.objects.values_list("slug", flat=True)) == [
        "budget-2016",
        "budget-2024",
        "budget-2026",
        "budget-2027",
    ]
    assert str(BudgetRound.objects.get(slug="budget-2026")) == "Budget 2026"


def test_bi22_as_in_seed_000():
    note = BudgetNote.objects.with_everything().get(round__slug="budget-2026", code="BI22")
    assert note.administration.name == "Beskæftigelses- og Integrationsforvaltningen"
    assert note.years == seed.BI22_YEARS
    table = note.economy_table()
    assert len(table.lines) == 3
    assert [line.steering_area for line in table.lines] == ["service", "service", "indsats"]
    assert [line.appropriation for line in table.lines] == ["BIU 35.10", "BIU 35.10", "BIU 35.30"]
    assert table.year_totals == dict.fromkeys(seed.BI22_YEARS, seed.BI22_YEAR_TOTAL)
    assert table.grand_total == seed.BI22_GRAND_TOTAL
    assert note.allocations_table().year_totals == seed.BI22_ALLOCATIONS
    assert str(note.scenarios.get()) == "Scenarie 1: Videreudvikling af peer-indsats"
    assert note.citywide and not note.districts.exists()
    assert note.effect_rows.count() == 2


def test_bi05_as_in_seed_002():
    note = BudgetNote.objects.with_everything().get(round__slug="budget-2024", code="BI05")
    assert note.category == Category.SPECIFIC_CHALLENGE
    assert note.status == Status.ADOPTED
    table = note.economy_table()
    assert table.year_totals == seed.BI05_YEAR_TOTALS
    assert table.grand_total == seed.BI05_GRAND_TOTAL
    assert note.allocations_table().year_totals == seed.BI05_ALLOCATIONS
    assert note.effect_rows.count() == 3


EXPECTED_VERDICTS = {
    "uaendret": [2, 4, 8, 9, 10, 12, 14, 15, 16, 22, 24, 25, 27],
    "justeret": [5, 6, 7, 18, 19, 20, 23, 26, 28],
    "ophoerer": [1, 13, 17],
    "uafklaret": [3],
    "": [11],
}


def test_every_sheet_of_seed_001_with_its_verdict():
    assessments = ExpiryAssessment.objects.filter(round__slug="budget-2027")
    assert assessments.count() == 27
    by_verdict = {}
    for assessment in assessments:
        by_verdict.setdefault(assessment.verdict, []).append(assessment.number)
    assert by_verdict == EXPECTED_VERDICTS
    groups = Tally(assessments.values_list("group", flat=True))
    assert groups == {"budgetaftale": 20, "egen_ramme": 7}


@pytest.mark.parametrize(
    ("number", "original", "proposed"),
    [
        (2, {2026: 9_700}, {2027: 10_900}),
        (3, {2023: 1_400, 2024: 2_200, 2025: 2_200, 2026: 1_100}, {2027: 1_200}),
        (
            4,
            {2023: 2_700, 2024: 7_400, 2025: 7_400, 2026: 7_400},
            dict.fromkeys(range(2027, 2031), 5_700),
        ),
        (12, {2025: 1_500, 2026: 2_000}, {2027: 2_000, 2028: 2_000}),
        (14, dict.fromkeys(range(2023, 2027), 2_700), dict.fromkeys(range(2027, 2031), 3_100)),
        (28, {2026: 3_000}, dict.fromkeys(range(2027, 2031), 7_000)),
    ],
)
def test_expiry_economy_exact(number, original, proposed):
    assessment = ExpiryAssessment.objects.get(round__slug="budget-2027", number=number)
    assert assessment.original_table.year_totals == original
    assert assessment.proposed_table.year_totals == proposed


def test_split_between_administrations_and_related_sheets():
    sheet14 = ExpiryAssessment.objects.get(number=14)
    split = {
        line.administration.code: line.as_total_line().amounts[2027]
        for line in sheet14.economy_lines.filter(kind="proposed")
    }
    assert split == {"BIF": 2_300, "SOF": 800}
    sheet19 = ExpiryAssessment.objects.get(number=19)
    assert list(sheet19.related.values_list("number", flat=True)) == [26]
    assert list(
        ExpiryAssessment.objects.get(number=26).related.values_list("number", flat=True)
    ) == [19]


def test_empty_sheet_has_only_its_title():
    pilot = ExpiryAssessment.objects.get(number=11)
    assert pilot.title == "Pilotforsøg med helhedsorienteret indsats"
    assert not pilot.economy_lines.exists() and pilot.content == "" and pilot.verdict == ""


def test_action_plan_of_seed_004():
    plan = Initiative.objects.get(
        name="Handleplan for udmøntning af politisk aftale om udsatte borgere"
    )
    groups = list(plan.target_groups.prefetch_related("goals"))
    assert len(groups) == 4
    deadlines = [[goal.deadline_weeks for goal in group.goals.all()] for group in groups]
    assert deadlines == [[13, 52], [13, 26], [23, 26], [None]]


def test_programme_with_child_initiative():
    programme = Initiative.objects.get(code="BI32")
    assert str(programme) == "BI32 - En samlet erhvervsindsats i København"
    assert programme.children.get().expiry_assessments.get().number == 1


def test_price_indices_are_one_set_marked_as_examples():
    from budgetnotes.models import PriceIndexSet

    chosen = PriceIndexSet.objects.current()
    assert (chosen.name, chosen.is_example, PriceIndexSet.objects.count()) == (
        "Eksempeltal til demonstration",
        True,
        1,
    )
    assert PriceIndex.objects.current().count() == PriceIndex.objects.count() == 33


@pytest.mark.slow
def test_demo_users_only_with_debug(settings, capsys):
    User.objects.all().delete()
    settings.DEBUG = False
    call_command("load_demo")
    assert not User.objects.exists()
    assert "ikke oprettet demobrugere" in capsys.readouterr().out
    settings.DEBUG = True
    call_command("load_demo")
    users = {
        user.username: (user.administration.code, [g.name for g in user.groups.all()])
        for user in User.objects.all()
    }
    assert users == {
        "redaktor": ("BIF", ["Redaktør"]),
        "godkender": ("BIF", ["Godkender"]),
        "sekretaer": ("BIF", ["Udvalgssekretær"]),
        "analytiker": ("BIF", ["Analytiker"]),
        "sof-redaktor": ("SOF", ["Redaktør"]),
        "budgetadministrator": ("ØKF", ["Budgetadministrator"]),
    }
    out = capsys.readouterr().out
    assert "Demobrugere (adgangskode budget2026):" in out
    assert "  redaktor (Redaktør, BIF)\n" in out
    assert "  budgetadministrator (Budgetadministrator, ØKF)\n" in out
    assert User.objects.get(username="redaktor").check_password("budget2026")


def test_a_round_cannot_take_a_reserved_slug():
    from django.core.exceptions import ValidationError

    budget_round = BudgetRound(kind="budget", year=2031, slug="indsatser")
    with pytest.raises(ValidationError, match="bruges af systemet selv"):
        budget_round.full_clean()
