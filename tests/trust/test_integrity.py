"""Integrity across administrations and ranges, checked where things are written: a note's
lines, a sheet or a programme name only their own administration's initiatives (the editor
offers only those; rows keep theirs by their id), and scenario numbers stay within 1–20 on
SQLite and PostgreSQL alike."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from budgetnotes.models import Administration, BudgetNote, FundingLine
from budgetnotes.services import NoteDataError, note_to_data, save_note
from initiatives.financing import save_note_with_initiatives
from initiatives.models import ExpiryAssessment, Financing, Initiative
from tests.initiatives.forms import form_data

pytestmark = pytest.mark.django_db

EDIT = "/budget-2026/BI22/rediger/"
OTHER = "Indsatsen hører til en anden forvaltning."


@pytest.fixture
def sof_initiative(db):
    return Initiative.objects.create(
        name="Socialforvaltningens egen indsats",
        administration=Administration.objects.get(code="SOF"),
    )


PEER = "Styrket beskæftigelsesindsats for borgere med handicap (peer-to-peer)"


def financed(note):
    """{activity: initiative name or None} of the note's lines."""
    lines = note.funding_lines.select_related("financing__initiative")
    return {
        line.activity: (line.financing.initiative.name if hasattr(line, "financing") else None)
        for line in lines
    }


def test_the_editor_offers_the_administrations_initiatives_and_rows_keep_theirs(
    login, editor, editor_post, bi22, sof_initiative
):
    """Each line's initiative is chosen in the editor among the note's administration's;
    rows are kept by their id, so removing the middle line leaves each other line with its
    own initiative."""
    client = login(editor)
    line_form = client.get(EDIT).context["editor"].formsets["lines"].forms[0]
    offered = [value for value, _text in line_form.fields["initiative"].choices]
    assert offered[0] == "" and PEER in offered and sof_initiative.name not in offered
    assert line_form["initiative"].value() == PEER
    first, _middle, last = bi22.funding_lines.all()
    Financing.objects.filter(line=last).delete()  # the last line finances nothing
    post = editor_post(bi22)
    assert "lines-2-initiative" not in post
    post["lines-1-DELETE"] = "on"
    assert client.post(EDIT, post).status_code == 302
    assert financed(bi22) == {first.activity: PEER, last.activity: None}
    assert {line.pk for line in bi22.funding_lines.all()} == {first.pk, last.pk}

    post = editor_post(bi22)
    post["lines-1-initiative"] = PEER  # the last line now pays for it too
    post["lines-0-initiative"] = ""  # and the first for nothing
    assert client.post(EDIT, post).status_code == 302
    assert financed(bi22) == {first.activity: None, last.activity: PEER}


def test_the_editor_refuses_another_administrations_initiative_at_its_field(
    login, editor, editor_post, bi22, sof_initiative
):
    client = login(editor)
    version = bi22.version
    post = editor_post(bi22)
    post["lines-0-initiative"] = sof_initiative.name
    response = client.post(EDIT, post)
    assert response.status_code == 200
    form = response.context["editor"].formsets["lines"].forms[0]
    assert form.errors["initiative"] == [
        f"Marker en gyldig valgmulighed. {sof_initiative.name} er ikke en af de tilgængelige "
        "valgmuligheder."
    ]
    assert BudgetNote.objects.get(pk=bi22.pk).version == version
    assert financed(bi22)[form["activity"].value()] == PEER


def test_the_note_domain_knows_no_initiatives(bi22):
    data = note_to_data(BudgetNote.objects.with_everything().get(pk=bi22.pk))
    assert all("initiative" not in line for line in data["funding_lines"])
    assert not hasattr(FundingLine, "initiative")


def test_a_file_may_name_only_the_notes_own_administrations_initiatives(bi22, sof_initiative):
    data = note_to_data(BudgetNote.objects.with_everything().get(pk=bi22.pk))
    data["funding_lines"][1]["initiative"] = sof_initiative.name
    with pytest.raises(NoteDataError) as caught:
        save_note_with_initiatives(data, note=bi22)
    assert [str(p) for p in caught.value.problems] == [
        f"BI22, linje 2: Ukendt indsats: „{sof_initiative.name}“."
    ]
    assert financed(bi22)[data["funding_lines"][1]["activity"]] == PEER


def test_a_same_named_initiative_of_another_administration_is_never_picked(bi22, editor):
    """SOF naming an initiative as BIF's cannot block or take over BIF's lines."""
    ours = Initiative.objects.get(name=PEER, administration__code="BIF")
    Initiative.objects.create(name=PEER, administration=Administration.objects.get(code="SOF"))
    data = note_to_data(BudgetNote.objects.with_everything().get(pk=bi22.pk))
    for line in data["funding_lines"]:
        line["initiative"] = PEER
    save_note_with_initiatives(dict(data, title="Gemt igen"), note=bi22, user=editor)
    assert {line.financing.initiative for line in bi22.funding_lines.all()} == {ours}


def test_an_initiative_that_money_is_written_against_is_not_deleted(bi22):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        Initiative.objects.get(name=PEER).delete()


def test_a_funding_line_financing_another_administrations_initiative_is_invalid(
    bi22, sof_initiative
):
    financing = bi22.funding_lines.first().financing
    financing.initiative = sof_initiative
    with pytest.raises(ValidationError) as caught:
        financing.full_clean()
    assert caught.value.message_dict["initiative"] == [OTHER]


def test_the_assessment_editor_refuses_another_administrations_initiative(
    editor, sof_initiative, client
):
    client.force_login(editor)
    url = reverse("assessment-edit", args=["budget-2027", 7])
    page = client.get(url)
    data = form_data(
        page.context["form"], page.context["original_formset"], page.context["proposed_formset"]
    )
    data["initiative"] = str(sof_initiative.pk)
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["initiative"]
    sheet = ExpiryAssessment.objects.get(round__slug="budget-2027", number=7)
    assert sheet.initiative_id != sof_initiative.pk
    sheet.initiative = sof_initiative
    with pytest.raises(ValidationError) as caught:
        sheet.full_clean()
    assert caught.value.message_dict["initiative"] == [OTHER]


def test_the_initiative_admin_refuses_another_administrations_programme(
    client, editor, sof_initiative
):
    client.force_login(editor)
    initiative = Initiative.objects.get(
        name="Handleplan for udmøntning af politisk aftale om udsatte borgere"
    )
    url = reverse("admin:initiatives_initiative_change", args=[initiative.pk])
    data = form_data(client.get(url).context["adminform"].form)
    data.update(
        {
            "parent": str(sof_initiative.pk),
            "target_groups-TOTAL_FORMS": "0",
            "target_groups-INITIAL_FORMS": "0",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert OTHER in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.parent_id is None


@pytest.mark.parametrize("number", [0, 21, 40_000, 2**40])
def test_scenario_numbers_stay_within_their_range(bi22, number):
    data = note_to_data(BudgetNote.objects.with_everything().get(pk=bi22.pk))
    data["scenarios"] = [{"number": number, "name": "Stort"}]
    data["funding_lines"][0]["scenario"] = number
    with pytest.raises(NoteDataError) as caught:
        save_note(data, note=bi22)
    messages = [str(p) for p in caught.value.problems]
    assert any("mellem 1 og 20" in m or "rimelig størrelse" in m for m in messages), messages
    bi22.refresh_from_db()
    assert bi22.version == 1


def test_the_editor_refuses_a_scenario_number_beyond_the_range(login, editor, editor_post, bi22):
    post = editor_post(bi22)
    post["scenarios-0-number"] = "40000"
    response = login(editor).post(EDIT, post)
    assert response.status_code == 200
    assert "Denne værdi skal være mindre end eller lig 20." in response.content.decode()


def test_a_new_line_in_place_of_deleted_ones_is_new_and_finances_nothing(
    login, editor, editor_post, bi22
):
    """The editor's rows are matched by id alone: a form with no id is a new line, even when
    every stored line was deleted in the same save (it never takes over line 1's id and
    initiative because it sits where line 1 was)."""
    old = set(bi22.funding_lines.values_list("pk", flat=True))
    assert Financing.objects.filter(line__note=bi22).exists()
    post = editor_post(bi22)
    for index in range(3):
        post[f"lines-{index}-DELETE"] = "on"
    post["lines-TOTAL_FORMS"] = "4"
    post.update(
        {
            "lines-3-activity": "Ny aktivitet",
            "lines-3-steering_area": "service",
            "lines-3-committee": "BIU",
            "lines-3-appropriation": "BIU 35.10",
            "lines-3-income_expense": "U",
            "lines-3-scenario": "1",
            "lines-3-year_2026": "500",
        }
    )
    assert login(editor).post(EDIT, post).status_code == 302
    (line,) = bi22.funding_lines.all()
    assert line.activity == "Ny aktivitet" and line.pk not in old
    assert not Financing.objects.filter(line__note=bi22).exists()


def test_rows_without_ids_in_id_mode_are_new_and_ids_of_another_note_are_not_taken(bi22, bi05):
    data = note_to_data(bi22, with_ids=True)
    first = bi22.funding_lines.first()
    stranger = bi05.funding_lines.first()
    data["funding_lines"][0].pop("id")
    data["funding_lines"][1]["id"] = stranger.pk
    saved = save_note(data, note=bi22, rows_by_id=True)
    pks = set(saved.funding_lines.values_list("pk", flat=True))
    assert first.pk not in pks and stranger.pk not in pks and len(pks) == 3
    assert FundingLine.objects.filter(pk=stranger.pk, note=bi05).exists()


def test_scenario_numbers_can_be_swapped_from_the_editor(bi22):
    """A scenario is its number (lines name it by number), so swapping two numbers swaps
    their names, and never meets the one-number-per-note rule halfway."""
    data = note_to_data(bi22, with_ids=True)
    data["scenarios"].append({"number": 2, "name": "Alternativ"})
    bi22 = save_note(data, note=bi22, rows_by_id=True)
    data = note_to_data(bi22, with_ids=True)
    first, second = data["scenarios"]
    first["number"], second["number"] = 2, 1
    saved = save_note(data, note=bi22, rows_by_id=True)
    assert dict(saved.scenarios.values_list("number", "name")) == {
        1: "Alternativ",
        2: "Videreudvikling af peer-indsats",
    }
