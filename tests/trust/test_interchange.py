"""The JSON interchange format: export → import into an empty database → export is identical;
import is all-or-nothing with every error reported at its place."""

import copy
import json

import jsonschema
import pytest
from django.core.management import CommandError, call_command

from budgetnotes.models import (
    Administration,
    AppropriationArea,
    BudgetNote,
    BudgetRound,
    Committee,
    FundingAmount,
    User,
)
from documents.interchange.format import SCHEMA, ImportFailed, dumps, export_round, import_data
from initiatives.models import ExpiryAssessment, Initiative

pytestmark = pytest.mark.django_db


def export(slug):
    return export_round(BudgetRound.objects.get(slug=slug))


def empty_the_database():
    ExpiryAssessment.objects.all().delete()
    BudgetNote.objects.all().delete()
    while Initiative.objects.exists():
        Initiative.objects.filter(children__isnull=True).delete()
    User.objects.all().delete()
    AppropriationArea.objects.all().delete()
    Committee.objects.all().delete()
    BudgetRound.objects.all().delete()
    Administration.objects.all().delete()


@pytest.mark.parametrize("slug", ["budget-2024", "budget-2026", "budget-2027"])
def test_export_import_export_into_an_empty_database_is_identical(slug):
    first = dumps(export(slug))
    empty_the_database()
    import_data(json.loads(first))
    assert dumps(export(slug)) == first


def test_the_export_validates_against_the_schema_and_the_example_is_current():
    for slug in ["budget-2026", "budget-2027"]:
        jsonschema.validate(export(slug), SCHEMA)
    examples = {
        "budget-2026": "docs/interchange-example.json",
        "budget-2027": "docs/interchange-example-2027.json",
    }
    for slug, path in examples.items():
        with open(path, encoding="utf-8") as example:
            data = json.load(example)
        jsonschema.validate(data, SCHEMA)
        assert data == export(slug), path


def test_commands_round_trip(tmp_path):
    path = tmp_path / "b26.json"
    call_command("export_notes", "budget-2026", "-o", str(path))
    with pytest.raises(CommandError, match="findes allerede"):
        call_command("import_notes", str(path))
    call_command("import_notes", str(path), "--replace")
    assert BudgetNote.objects.get(code="BI22").economy_table().grand_total == 46_400


def test_a_file_with_errors_changes_nothing_and_reports_every_error_with_its_place():
    data = export("budget-2026")
    good = copy.deepcopy(data["notes"][0])
    good.update(code="BI30", title="Et nyt, gyldigt notat")
    bad = copy.deepcopy(data["notes"][0])
    bad["code"] = "BI31"
    bad["funding_lines"][0]["amounts"]["2031"] = 100
    bad["funding_lines"][1]["committee"] = "XYZ"
    data["notes"] = [good, bad]
    before = FundingAmount.objects.count()
    with pytest.raises(ImportFailed) as caught:
        import_data(data)
    messages = [str(problem) for problem in caught.value.problems]
    assert "BI31, linje 1, 2031: 2031 ligger uden for årene 2026–2029." in messages
    assert "BI31, linje 2: Ukendt udvalg: „XYZ“." in messages
    assert not BudgetNote.objects.filter(code__in=["BI30", "BI31"]).exists()
    assert FundingAmount.objects.count() == before


def test_schema_errors_are_reported_in_danish_with_their_place():
    """In the same form as every other error: no JSON path, no JSON type names."""
    data = export("budget-2026")
    del data["notes"][0]["title"]
    data["notes"][0]["funding_lines"][0]["amounts"]["2027"] = "tre millioner"
    data["notes"][0]["funding_lines"][1]["activity"] = 7
    data["notes"][0]["price_level"] = "2026"
    del data["notes"][0]["funding_lines"][2]["steering_area"]
    with pytest.raises(ImportFailed) as caught:
        import_data(data)
    messages = [str(problem) for problem in caught.value.problems]
    assert sorted(messages) == [
        "BI22, linje 1, 2027: »tre millioner« er ikke et beløb i hele 1.000 kr.",
        "BI22, linje 2: Aktivitet: skal være tekst.",
        "BI22, linje 3: Styringsområde mangler.",
        "BI22: Prisniveau (p/l): skal være et helt tal.",
        "BI22: Titel mangler.",
    ]


def test_an_existing_code_is_refused_unless_replace():
    data = export("budget-2026")
    with pytest.raises(ImportFailed, match="findes allerede i Budget 2026"):
        import_data(data)
    data["notes"][0]["funding_lines"][0]["amounts"]["2027"] = 7700
    import_data(data, replace=True)
    assert BudgetNote.objects.get(code="BI22").economy_table().year_totals[2027] == 11_700


def test_command_reports_unreadable_files(tmp_path):
    path = tmp_path / "x.json"
    path.write_text("{ikke json", encoding="utf-8")
    with pytest.raises(CommandError, match="ikke gyldig JSON"):
        call_command("import_notes", str(path))


def test_an_export_for_a_user_holds_only_what_they_may_read(sof_editor, editor):
    assert export_round(BudgetRound.objects.get(slug="budget-2026"), user=sof_editor)["notes"] == []
    assert (
        export_round(BudgetRound.objects.get(slug="budget-2027"), user=sof_editor)[
            "expiry_assessments"
        ]
        == []
    )
    codes = [
        n["code"]
        for n in export_round(BudgetRound.objects.get(slug="budget-2026"), user=editor)["notes"]
    ]
    assert codes == ["BI22"]


def test_a_replace_with_identical_content_changes_nothing():
    """No version, no history, for notes and assessments alike."""
    for slug in ("budget-2026", "budget-2027"):
        data = export(slug)
        notes = {n.code: (n.version, n.history.count()) for n in BudgetNote.objects.all()}
        sheets = {
            a.number: (a.version, a.history.count())
            for a in ExpiryAssessment.objects.filter(round__slug=slug)
        }
        import_data(data, replace=True)
        assert {n.code: (n.version, n.history.count()) for n in BudgetNote.objects.all()} == notes
        assert {
            a.number: (a.version, a.history.count())
            for a in ExpiryAssessment.objects.filter(round__slug=slug)
        } == sheets
        assert export(slug) == data


def test_a_shared_lines_parts_are_reported_at_their_place():
    data = export("budget-2027")
    line = next(note for note in data["notes"] if note["code"] == "BI41")["funding_lines"][0]
    line["parts"][1]["amounts"]["2027"] = "tre"
    del line["parts"][2]["committee"]
    with pytest.raises(ImportFailed) as caught:
        import_data(data, replace=True)
    assert sorted(str(problem) for problem in caught.value.problems) == [
        "BI41, linje 1, 2027: Udvalgsdel 2: »tre« er ikke et beløb i hele 1.000 kr.",
        "BI41, linje 1: Udvalgsdel 3: Udvalg mangler.",
    ]


V2_NOTE_KEYS = (
    "effect_layout",
    "effect_headings",
    "effect_title",
    "districts_not_relevant",
    "conversions_first_year",
    "conversions_last_year",
    "conversions_price_level",
    "extra_sections",
)


def test_a_version_1_file_still_imports():
    """A file written before version 2 (no parts, extra sections, effect columns, …) reads
    as before: BI22 comes back exactly, with the new fields at their defaults."""
    data = export("budget-2026")
    assert data["format"] == "budgetnotatregister/2"
    data["format"] = "budgetnotatregister/1"
    for note in data["notes"]:
        for key in V2_NOTE_KEYS:
            note.pop(key, None)
    before = dumps(export("budget-2026"))
    empty_the_database()
    import_data(data)
    assert dumps(export("budget-2026")) == before


def test_an_unknown_format_version_is_refused_in_danish():
    data = export("budget-2026") | {"format": "budgetnotatregister/9"}
    with pytest.raises(ImportFailed, match="ugyldig værdi"):
        import_data(data)
