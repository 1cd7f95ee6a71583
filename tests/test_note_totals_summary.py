"""The notes' summary (models.NoteTotal: each note's counted amounts by steering area and year,
which the round page, its footer and the rounds page add up): after saves of every kind it
equals what budgetnotes.totals computes from the amounts themselves, and the round pages show
the figures the amounts give."""

import copy
import importlib
import json
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from budgetnotes import totals
from budgetnotes.choices import SteeringArea
from budgetnotes.generate import generate_round
from budgetnotes.models import BudgetNote, BudgetRound, FundingLine, NoteTotal, PriceIndex
from budgetnotes.pages.years import CHANGED
from budgetnotes.queries import round_totals
from budgetnotes.services import note_to_data, save_note, summary
from budgetnotes.services.reshaping import reshape
from budgetnotes.services.starting import copy_plan, save_copy, start_note
from documents.interchange.format import export_round, import_data
from tests.initiatives.forms import form_data
from tests.test_admin import current_form_data

pytestmark = pytest.mark.django_db

EDIT = "/budget-2026/BI22/rediger/"


def stored(note):
    """The note's summary as stored: {(steering area, year): amount}."""
    rows = NoteTotal.objects.filter(note=note).values_list("steering_area", "year", "amount")
    return {(area, year): amount for area, year, amount in rows}


def from_amounts(note):
    """The same sums, computed by budgetnotes.totals from the note's stored lines and amounts
    (the lines that count, grouped by steering area), as the note page computes its totals."""
    note = BudgetNote.objects.with_economy().get(pk=note.pk)
    sums = {}
    for area, table in note.economy_table().by_steering_area().items():
        for year, amount in table.year_totals.items():
            if amount:
                sums[(area, year)] = amount
    return sums


def assert_summed(*notes):
    for note in notes or BudgetNote.objects.all():
        assert stored(note) == from_amounts(note), note.code


def bi22():
    return BudgetNote.objects.get(round__slug="budget-2026", code="BI22")


def test_note_summary_sums_the_counted_lines_by_steering_area_and_year():
    lines = [
        totals.CountedLine("service", None, {2026: 100, 2027: 200}),
        totals.CountedLine("service", 1, {2026: 50, 2027: None}),
        totals.CountedLine("service", 2, {2026: 1_000}),  # an alternative: not counted
        totals.CountedLine("indsats", None, {2026: 30}),
        totals.CountedLine("indsats", 1, {2026: -30, 2027: 5}),  # 2026 comes to 0: no row
    ]
    assert totals.note_summary(lines) == {
        ("service", 2026): 150,
        ("service", 2027): 200,
        ("indsats", 2027): 5,
    }
    assert totals.note_summary([]) == {}


# Every note of the demo data (written by the demo loader through save_note) ---------------


def test_every_demo_note_is_summed():
    assert NoteTotal.objects.exists()
    assert_summed()
    assert stored(bi22()) == {
        **{("service", year): 9_600 for year in range(2026, 2030)},
        **{("indsats", year): 2_000 for year in range(2026, 2030)},
    }


def test_the_migration_fills_the_summary_of_existing_notes():
    before = {note.pk: stored(note) for note in BudgetNote.objects.all()}
    NoteTotal.objects.all().delete()
    migration = importlib.import_module("budgetnotes.migrations.0012_note_totals")
    migration.fill(apps, SimpleNamespace(connection=connection))
    assert {note.pk: stored(note) for note in BudgetNote.objects.all()} == before
    assert_summed()


# The editor (rows by id) -------------------------------------------------------------------


def test_an_editor_save_changes_the_sum(login, editor, editor_post):
    post = editor_post(bi22())
    post["lines-0-year_2027"] = "7.700"
    assert login(editor).post(EDIT, post).status_code == 302
    assert stored(bi22())[("service", 2027)] == 9_700
    assert_summed(bi22())


def test_a_line_moved_to_another_steering_area_moves_its_sums(login, editor, editor_post):
    post = editor_post(bi22())
    post["lines-1-steering_area"] = SteeringArea.TRANSFERS
    assert login(editor).post(EDIT, post).status_code == 302
    sums = stored(bi22())
    assert (sums[("service", 2026)], sums[("overfoersler", 2026)]) == (7_600, 2_000)
    assert_summed(bi22())


def test_removed_and_added_lines(login, editor, editor_post):
    post = editor_post(bi22())
    post["lines-2-DELETE"] = "on"  # the only indsats line
    post["lines-TOTAL_FORMS"] = "4"
    post.update(
        {
            "lines-3-activity": "Ny aktivitet",
            "lines-3-steering_area": "overfoersler",
            "lines-3-committee": "BIU",
            "lines-3-appropriation": "BIU 35.30",
            "lines-3-income_expense": "U",
            "lines-3-scenario": "1",
            "lines-3-year_2028": "500",
        }
    )
    assert login(editor).post(EDIT, post).status_code == 302
    sums = stored(bi22())
    assert not any(area == "indsats" for area, _year in sums)
    assert sums[("overfoersler", 2028)] == 500 and ("overfoersler", 2027) not in sums
    assert_summed(bi22())


# Data saved by position, as the import, the demo loader and the follow-up note save --------


def test_scenarios_renumbered_added_and_removed():
    note = bi22()
    data = note_to_data(note)
    data["scenarios"] = [{"number": 2, "name": "Alternativ"}]
    for line in data["funding_lines"]:
        line["scenario"] = 2  # no line counts any more
    save_note(data, note=note)
    assert stored(note) == {}
    assert_summed(note)

    data["scenarios"] = [{"number": 1, "name": "Fuld"}, {"number": 2, "name": "Alternativ"}]
    data["funding_lines"][0]["scenario"] = 1
    data["funding_lines"].append(
        dict(data["funding_lines"][1], scenario=None, activity="Uden scenarie")
    )
    save_note(data, note=note)
    assert stored(note) == {("service", year): 7_600 + 2_000 for year in range(2026, 2030)}
    assert_summed(note)

    # Scenario 1 goes with its line; scenario 2 becomes 1, and its lines count.
    data["scenarios"] = [{"number": 1, "name": "Alternativ"}]
    data["funding_lines"] = [dict(line, scenario=1) for line in data["funding_lines"][1:3]] + data[
        "funding_lines"
    ][3:]
    save_note(data, note=note)
    assert FundingLine.objects.filter(note=note).count() == 3
    assert_summed(note)


def test_an_unchanged_save_keeps_the_summary_rows_as_they_are():
    note = bi22()
    before = list(NoteTotal.objects.filter(note=note).order_by("pk").values())
    save_note(note_to_data(note), note=note)
    assert list(NoteTotal.objects.filter(note=note).order_by("pk").values()) == before


def test_an_income_line_and_amounts_that_cancel_out():
    note = bi22()
    data = note_to_data(note)
    data["funding_lines"].append(
        dict(
            data["funding_lines"][2],
            activity="Indtægt",
            income_expense="I",
            amounts={str(year): -2_000 for year in range(2026, 2030)},
        )
    )
    save_note(data, note=note)
    assert not any(area == "indsats" for area, _year in stored(note))  # 2.000 - 2.000: no row
    assert_summed(note)


def test_an_import_replacing_a_note():
    data = export_round(BudgetRound.objects.get(slug="budget-2026"))
    item = next(note for note in data["notes"] if note["code"] == "BI22")
    item["funding_lines"][0]["amounts"] = {"2026": 100}
    item["funding_lines"][2]["steering_area"] = "overfoersler"
    import_data(copy.deepcopy(data), replace=True)
    assert stored(bi22())[("service", 2026)] == 2_100
    assert ("service", 2027) in stored(bi22()) and ("overfoersler", 2027) in stored(bi22())
    assert_summed()


def test_a_new_imported_note_is_summed():
    data = export_round(BudgetRound.objects.get(slug="budget-2026"))
    item = copy.deepcopy(next(note for note in data["notes"] if note["code"] == "BI22"))
    data["notes"] = [dict(item, code="BI77", title="Indlæst")]
    import_data(json.loads(json.dumps(data)))
    new = BudgetNote.objects.get(round__slug="budget-2026", code="BI77")
    assert stored(new) == stored(bi22())
    assert_summed(new)


def test_a_shared_line_is_summed_by_its_own_amounts():
    note = bi22()
    data = note_to_data(note)
    data["funding_lines"][1]["amounts"] = {"2026": 2000, "2027": 2000}
    data["funding_lines"][1]["parts"] = [
        {"committee": "BIU", "appropriation": "35.10", "amounts": {"2026": 1500, "2027": 1000}},
        {"committee": "SOU", "appropriation": None, "amounts": {"2026": 500, "2027": 1000}},
    ]
    save_note(data, note=note)
    assert note.funding_lines.get(position=2).parts.count() == 2
    assert stored(note)[("service", 2026)] == 9_600 and stored(note)[("service", 2028)] == 7_600
    assert_summed(note)
    del data["funding_lines"][1]["parts"]  # unshared again
    data["funding_lines"][1]["amounts"] = {"2026": 1000}
    save_note(data, note=note)
    assert stored(note)[("service", 2026)] == 8_600
    assert_summed(note)


# The other callers of the write path -------------------------------------------------------


def test_the_admin_renumbering_the_scenario_out_of_the_totals(client, editor):
    client.force_login(editor)
    url = reverse("admin:budgetnotes_budgetnote_change", args=[bi22().pk])
    data = current_form_data(client, url)
    data["scenarios-0-number"] = "3"  # scenario 3 does not count
    data["funding_lines-0-year_2027"] = "7.700"
    assert client.post(url, data).status_code == 302
    assert stored(bi22()) == {}
    assert_summed(bi22())


def test_the_years_page_with_a_price_conversion(editor):
    note = BudgetNote.objects.with_everything().get(pk=bi22().pk)
    data, _dropped = reshape(
        note_to_data(note, with_ids=True),
        first_year=2027,
        last_year=2029,
        price_level=2027,
        convert=True,
        indices=PriceIndex.objects.table(),
    )
    save_note(data, note=note, user=editor, only=CHANGED, rows_by_id=True)
    assert {year for _area, year in stored(bi22())} == {2027, 2028, 2029}
    assert_summed(bi22())


def test_a_new_note_and_a_copy(editor):
    budget_round = BudgetRound.objects.get(slug="budget-2027")
    note = bi22()
    empty = start_note(
        budget_round=budget_round,
        administration=note.administration,
        committee=note.committee,
        code="BI88",
        title="Tomt",
        first_year=2027,
        last_year=2030,
        price_level=2027,
        user=editor,
    )
    assert stored(empty) == {}
    data, _dropped = copy_plan(
        BudgetNote.objects.with_everything().get(pk=note.pk),
        budget_round=budget_round,
        code="BI89",
        first_year=2027,
        last_year=2030,
        price_level=2027,
        convert=False,
    )
    copied = save_copy(note, data, editor)
    assert stored(copied)[("service", 2027)] == 9_600 and ("service", 2030) not in stored(copied)
    assert_summed(empty, copied)


def test_the_follow_up_note(editor, login):
    client = login(editor)
    url = reverse("assessment-follow-up", args=["budget-2027", 16])
    page = client.get(url)
    assert client.post(url, form_data(page.context["form"])).status_code == 302
    note = BudgetNote.objects.get(round__slug="budget-2027", code="BI42")
    assert stored(note)
    assert_summed(note)


def test_a_deleted_note_takes_its_summary_along():
    note = bi22()
    assert stored(note)
    pk = note.pk
    note.delete()
    assert not NoteTotal.objects.filter(note_id=pk).exists()


def test_a_rebuild_after_a_restore_derives_the_same_rows(tmp_path):
    """Backups leave the derived summary out; the restore derives it (config.backup)."""
    from django.core.management import call_command

    path = tmp_path / "backup.json"
    call_command("backup", str(path))
    assert not any(
        item["model"] == "budgetnotes.notetotal" for item in json.loads(path.read_text())
    )
    before = {note.pk: stored(note) for note in BudgetNote.objects.all()}
    NoteTotal.objects.all().delete()
    assert summary.rebuild() == sum(len(sums) for sums in before.values())
    assert {note.pk: stored(note) for note in BudgetNote.objects.all()} == before


# A generated round, and the round pages on it ----------------------------------------------


@pytest.fixture
def generated():
    """A generated round in which every fourth note has an alternative that does not count."""
    return generate_round("sum-2045", notes=60, lines_per_note=6, year=2045, alternative_every=4)


def test_a_generated_round_is_summed(generated):
    notes = BudgetNote.objects.filter(round=generated.round)
    assert_summed(*notes)
    alternative = notes.get(code="GA4")
    assert alternative.funding_lines.filter(scenario__number=2).exists()
    # Generated again: the old round's rows go, the new ones are summed.
    again = generate_round("sum-2045", notes=30, lines_per_note=3, replace=True, seed=7)
    assert NoteTotal.objects.filter(note__round=again.round).values("note").distinct().count() == 30
    assert not NoteTotal.objects.filter(note__round=again.round, note__code="GA31").exists()
    assert_summed(*BudgetNote.objects.filter(round=again.round))


def test_the_round_pages_show_the_figures_the_amounts_give(generated, login, editor):
    visible = BudgetNote.objects.filter(round=generated.round).visible_to(editor)
    # Saves of generated notes the page shows go through the write path like any other.
    for moved in visible.order_by("code")[:3]:
        data = note_to_data(BudgetNote.objects.with_everything().get(pk=moved.pk))
        data["funding_lines"][0]["steering_area"] = "indsats"
        data["funding_lines"][1]["amounts"] = {"2045": 1}
        del data["funding_lines"][2]
        save_note(data, note=moved, allow_status=True)

    client = login(editor)
    url = reverse("round-detail", args=["sum-2045"])
    tables = {note.code: note.economy_table() for note in visible.with_economy()}
    assert 0 < len(tables) < 60  # other administrations' drafts are not shown
    years = tuple(range(2045, 2049))

    response = client.get(url)
    assert response.context["years"] == years
    for record in response.context["table"].paginated_rows.data:
        table = tables[record.code]
        assert record.grand_total == table.grand_total
        for year in years:
            assert getattr(record, f"total_{year}") == table.year_totals[year]
    footer = {year: sum(table.year_totals[year] for table in tables.values()) for year in years}
    footer["all"] = sum(table.grand_total for table in tables.values())
    assert response.context["table"].footer_totals == footer
    by_area = {}
    for table in tables.values():
        for area, area_table in table.by_steering_area().items():
            for year, amount in area_table.year_totals.items():
                by_area[(area, year)] = by_area.get((area, year), 0) + amount
    expected_rows = []
    for area, label in SteeringArea.choices:
        amounts = [by_area.get((area, year), 0) for year in years]
        expected_rows.append((str(label), amounts, sum(amounts)))
    assert response.context["area_rows"] == expected_rows
    assert round_totals(visible) == {key: amount for key, amount in by_area.items() if amount}

    # Sorted by a total, the database sorts every note, not the page.
    ordered = client.get(url, {"sort": "-grand_total"}).context["table"].paginated_rows.data
    assert [record.grand_total for record in ordered] == sorted(
        (table.grand_total for table in tables.values()), reverse=True
    )[:25]
    ordered = client.get(url, {"sort": "total_2046"}).context["table"].paginated_rows.data
    assert [record.total_2046 for record in ordered] == sorted(
        table.year_totals[2046] for table in tables.values()
    )[:25]

    # Filtered: the footer sums what is filtered.
    filtered = client.get(url, {"status": "kladde"}).context["table"].footer_totals
    drafts = [
        tables[code] for code in visible.filter(status="kladde").values_list("code", flat=True)
    ]
    assert filtered["all"] == sum(table.grand_total for table in drafts)

    rounds = login(editor).get("/").context["rows"]
    row = next(row for row in rounds if row["round"].slug == "sum-2045")
    assert row["total"] == footer["all"]
