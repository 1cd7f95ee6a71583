"""A sheet's "total, of which …" lines (seed 001: "9,7 mio. kr., heraf 8,4 mio. kr. til …"):
a "heraf" line is a part of the line above it, shown under it, never added to the total, and
never more than the line; the same on the page, in the PDF, the editor, the file and the
follow-up note."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from budgetnotes import totals
from initiatives import expiry
from initiatives.expiry.presentation import economy_tables
from initiatives.models import ExpiryAssessment
from tests.initiatives.forms import form_data

URL = reverse("assessment-edit", args=["budget-2027", 7])


def sheet(number=7):
    return expiry.with_economy(ExpiryAssessment.objects).get(
        round__slug="budget-2027", number=number
    )


def test_parts_exceeding_a_total():
    line = totals.Line(
        "I alt",
        {2026: 9_700, 2027: 500},
        parts=(
            totals.Part("", amounts={2026: 8_400}),
            totals.Part("", amounts={2027: 300, 2028: 10}),
            totals.Part("", amounts={2027: 300}),
        ),
    )
    assert totals.parts_exceeding(line) == [(2027, 600, 500), (2028, 10, 0)]
    negative = totals.Line(
        "Mindreudgift", {2027: -500}, parts=(totals.Part("", amounts={2027: -400}),)
    )
    assert totals.parts_exceeding(negative) == []
    wrong_sign = totals.Line(
        "Mindreudgift", {2027: -500}, parts=(totals.Part("", amounts={2027: 400}),)
    )
    assert totals.parts_exceeding(wrong_sign) == [(2027, 400, -500)]


def line(kind="original", of_which=False, **amounts):
    return expiry.EconomyLine(
        kind,
        steering_area="indsats" if of_which else "service",
        label="Aktivering" if of_which else "",
        of_which=of_which,
        amounts={int(year[1:]): amount for year, amount in amounts.items()},
    )


def test_line_problems_name_the_line_and_year():
    lines = [
        line(of_which=True, y2026=100),
        line(y2026=9_700),
        line(of_which=True, y2026=8_400),
        line("proposed", y2027=500),
        line("proposed", of_which=True, y2027=600, y2028=1),
    ]
    problems = expiry.line_problems(lines)
    assert [(p.index, p.year, p.message) for p in problems] == [
        (
            0,
            None,
            "Udløbende bevilling, linje 1: en »heraf«-linje skal stå under den linje, "
            "den er en del af.",
        ),
        (
            4,
            2027,
            "Foreslået økonomi, linje 2, 2027: »heraf« er i alt 600, mere end linjen over (500).",
        ),
        (
            4,
            2028,
            "Foreslået økonomi, linje 2, 2028: »heraf« er i alt 1, mere end linjen over "
            "(intet beløb).",
        ),
    ]


@pytest.mark.django_db
def test_a_part_is_shown_under_its_line_and_not_added_again(editor):
    assessment = sheet()
    lines = [
        line(y2025=9_700, y2026=9_700),
        line(of_which=True, y2026=8_400),
    ]
    expiry.save_assessment({}, lines, assessment=assessment, user=editor)
    assessment = sheet()
    table = assessment.original_table
    assert len(table.lines) == 1 and table.year_totals == {2025: 9_700, 2026: 9_700}
    (part,) = table.lines[0].parts
    assert part.amounts == {2026: 8_400} and part.steering_area == "indsats"
    rows = economy_tables(assessment)["original"].rows
    assert [(row.label, row.steering_area, row.cells, row.part) for row in rows] == [
        ("Service", "service", [9_700, 9_700], False),
        ("heraf Aktivering", "indsats", [None, 8_400], True),
    ]


@pytest.mark.django_db
def test_the_follow_up_note_counts_the_money_once(editor):
    assessment = sheet()
    lines = [
        line(y2025=9_700, y2026=9_700),
        line(of_which=True, y2026=8_400),
        line("proposed", y2027=1_000),
        line("proposed", of_which=True, y2027=600),
    ]
    expiry.save_assessment({}, lines, assessment=assessment, user=editor)
    assessment = sheet()
    included, excluded = expiry.follow_up_lines(assessment)
    assert [line.of_which for line in included] == [False] and excluded == []
    choices = [(included[0], "service", None)]
    committee = assessment.round.notes.first().committee
    data = expiry.follow_up_data(assessment, assessment.round, "BI99", committee, choices)
    assert [line["amounts"] for line in data["funding_lines"]] == [{"2027": 1_000}]
    assert [line["amounts"] for line in data["allocations"]] == [{"2025": 9_700, "2026": 9_700}]


@pytest.mark.django_db
def test_the_write_path_refuses_a_part_larger_than_its_line(editor):
    assessment = sheet()
    before = assessment.version, list(assessment.economy_lines.values_list("id", flat=True))
    with pytest.raises(ValidationError) as raised:
        expiry.save_assessment(
            {"title": "Ny titel"},
            [line(y2026=1_000), line(of_which=True, y2026=1_200)],
            assessment=assessment,
            user=editor,
        )
    assert raised.value.messages == [
        "Udløbende bevilling, linje 2, 2026: »heraf« er i alt 1.200, mere end linjen over (1.000)."
    ]
    after = sheet()
    assert (after.version, list(after.economy_lines.values_list("id", flat=True))) == before
    assert after.title != "Ny titel"


def page_data(client):
    page = client.get(URL)
    assert page.status_code == 200
    return form_data(
        page.context["form"], page.context["original_formset"], page.context["proposed_formset"]
    )


@pytest.mark.django_db
def test_the_editor_puts_the_objection_on_the_year_and_keeps_what_was_typed(editor, login):
    client = login(editor)
    data = page_data(client)
    stored = sheet().proposed_table.lines[0].amounts
    year = min(stored)
    data.update(
        {
            "proposed-1-steering_area": "service",
            "proposed-1-label": "Vikarer",
            "proposed-1-of_which": "on",
            f"proposed-1-year_{year}": str(stored[year] + 1),
        }
    )
    response = client.post(URL, data)
    assert response.status_code == 200
    form = response.context["proposed_formset"].forms[1]
    assert form.errors[f"year_{year}"] == [
        f"Foreslået økonomi, linje 2, {year}: »heraf« er i alt {stored[year] + 1}, mere end "
        f"linjen over ({stored[year]})."
    ]
    assert 'value="Vikarer"' in response.content.decode()
    assert sheet().version == 1

    data[f"proposed-1-year_{year}"] = str(stored[year] - 100)
    response = client.post(URL, data)
    assert response.status_code == 302
    saved = sheet()
    assert saved.proposed_table.year_totals[year] == stored[year]
    page = client.get(reverse("assessment-detail", args=["budget-2027", 7])).content.decode()
    assert "heraf Vikarer" in page and 'class="part"' in page


@pytest.mark.django_db
def test_the_file_carries_the_part_and_reads_it_back(editor, tmp_path):
    from django.core.management import call_command

    assessment = sheet()
    expiry.save_assessment(
        {}, [line(y2026=9_700), line(of_which=True, y2026=8_400)], assessment=assessment
    )
    path = tmp_path / "export.json"
    call_command("export_notes", "budget-2027", "-o", str(path))
    data = json.loads(path.read_text())
    (item,) = [a for a in data["expiry_assessments"] if a["number"] == 7]
    assert [line["of_which"] for line in item["economy_lines"] if line["kind"] == "original"] == [
        False,
        True,
    ]
    # Reading the file back over the sheet changes nothing (no version, no history).
    version = sheet().version
    call_command("import_notes", str(path), "--replace", verbosity=0)
    assert sheet().version == version
    again = tmp_path / "again.json"
    call_command("export_notes", "budget-2027", "-o", str(again))
    assert json.loads(again.read_text()) == data
