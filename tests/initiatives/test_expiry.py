"""The worklist logic (initiatives.expiry): what expires, pre-filled assessments, sums, codes."""

import pytest

from budgetnotes.choices import RoundKind, Status
from budgetnotes.models import BudgetNote, BudgetRound
from initiatives import expiry
from initiatives.models import EconomyKind, ExpiryAssessment, Verdict
from tests.builders import make_round
from tests.initiatives.seed001 import proposed_by_year, sheets

pytestmark = pytest.mark.django_db

PEER = "Styrket beskæftigelsesindsats for borgere med handicap (peer-to-peer)"


@pytest.fixture
def bi22_adopted(db):
    note = BudgetNote.objects.get(code="BI22")
    note.status = Status.ADOPTED
    note.save()
    return note


def test_nothing_in_the_registry_expires_before_budget_2027(round_2027, editor):
    assert expiry.expiry_year(round_2027) == 2026
    assert expiry.expiring_items(round_2027, editor) == []


def test_an_adopted_note_expires_after_its_last_year(bi22_adopted, round_2030, editor):
    [item] = expiry.expiring_items(round_2030, editor)
    assert item.note == bi22_adopted and item.whole_note
    assert len(item.lines) == 3
    assert item.origin == "Budget 2026"
    assert item.initiative.name == PEER
    assert item.table.year_totals == dict.fromkeys(range(2026, 2030), 11_600)
    assert item.assessment is None


def test_a_draft_or_permanent_note_does_not_expire(round_2030, editor, bi22_adopted):
    bi22_adopted.is_permanent = True
    bi22_adopted.save()
    assert expiry.expiring_items(round_2030, editor) == []
    bi22_adopted.is_permanent = False
    bi22_adopted.status = Status.DRAFT
    bi22_adopted.save()
    assert expiry.expiring_items(round_2030, editor) == []


def test_a_funding_line_expires_while_its_note_continues(editor):
    # BI05 (adopted, 2024-2027) has a service line with money in 2024 only.
    round_2025 = make_round(2025)
    [item] = expiry.expiring_items(round_2025, editor)
    assert item.note.code == "BI05" and not item.whole_note
    assert [line.as_total_line().amounts for line in item.lines] == [{2024: 1_600}]
    round_2028 = make_round(2028)
    [whole] = expiry.expiring_items(round_2028, editor)
    assert whole.note.code == "BI05" and whole.whole_note and len(whole.lines) == 5


def test_a_transfer_case_expires_into_the_following_year(editor):
    ofs = make_round(2024, kind=RoundKind.TRANSFER)
    assert ofs.first_year == 2025
    [item] = expiry.expiring_items(ofs, editor)  # BI05's 2024-only line
    assert item.note.code == "BI05"
    [group] = expiry.group_by_origin([item])
    assert group.label == "Bevillinger fra budgetaftaler"


def test_create_assessment_prefills_everything(bi22_adopted, round_2030, editor):
    [item] = expiry.expiring_items(round_2030, editor)
    assessment, created = expiry.create_from_worklist(round_2030, item, editor)
    assert created
    assert assessment.number == 1
    assert assessment.title == bi22_adopted.title
    assert assessment.origin == "Budget 2026"
    assert assessment.initiative.name == PEER
    assert assessment.administration.code == "BIF"
    assert assessment.source_note == bi22_adopted
    assert assessment.original_price_level == 2026
    assert assessment.proposed_price_level == 2030
    lines = {
        line.steering_area: line.as_total_line().amounts
        for line in assessment.economy_lines.filter(kind=EconomyKind.ORIGINAL)
    }
    assert lines == {
        "service": dict.fromkeys(range(2026, 2030), 9_600),
        "indsats": dict.fromkeys(range(2026, 2030), 2_000),
    }
    assert "46,4 mio. kr." in assessment.economy_text
    assert assessment.history.first().history_user == editor
    again, created = expiry.create_from_worklist(round_2030, item, editor)
    assert again == assessment and not created
    [item] = expiry.expiring_items(round_2030, editor)
    assert item.assessment == assessment and item.assessment_visible


def test_next_number_follows_the_catalogue(round_2027):
    assert expiry.next_number(round_2027) == 29


def test_next_note_code(round_2030):
    budget_2026 = BudgetRound.objects.get(slug="budget-2026")
    bif = BudgetNote.objects.get(code="BI22").administration
    assert expiry.next_note_code(budget_2026, bif) == "BI23"
    assert expiry.next_note_code(round_2030, bif) == "BI01"


def test_sums_by_verdict_match_the_seed(round_2027):
    assessments = list(expiry.with_economy(ExpiryAssessment.objects.filter(round=round_2027)))
    sums = {row.verdict: row for row in expiry.sums_by_verdict(assessments)}
    expected_counts = {}
    expected_sums = {}
    for sheet in sheets():
        expected_counts[sheet["verdict"]] = expected_counts.get(sheet["verdict"], 0) + 1
        total = expected_sums.setdefault(sheet["verdict"], dict.fromkeys(range(2027, 2031), 0))
        for year, amount in proposed_by_year(sheet).items():
            total[year] += amount
    assert {verdict: row.count for verdict, row in sums.items()} == expected_counts
    assert {verdict: row.table.year_totals for verdict, row in sums.items()} == expected_sums
    assert sums[Verdict.CONTINUE].count == 13
    assert [row.verdict for row in expiry.sums_by_verdict(assessments)] == [
        "uaendret",
        "justeret",
        "ophoerer",
        "uafklaret",
        "",
    ]


def test_sums_by_steering_area(round_2027):
    assessments = list(expiry.with_economy(ExpiryAssessment.objects.filter(round=round_2027)))
    table = expiry.sums_by_steering_area(assessments)
    by_area = {line.steering_area: line.amounts for line in table.lines}
    assert list(by_area) == ["service", "indsats", "overfoersler", ""]
    assert by_area[""] == dict.fromkeys(range(2027, 2031), 600)  # sheet 15
    assert by_area["overfoersler"] == dict.fromkeys(range(2027, 2031), 4_800)  # sheet 8
    everything = expiry.combine([a.proposed_table for a in assessments], table.years)
    assert table.year_totals == everything.year_totals
