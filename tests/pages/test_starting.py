"""Nyt notat, Kopiér til … and a draft's years and price level, as editors use them."""

import pytest
from django.urls import reverse

from budgetnotes.choices import Status
from budgetnotes.models import BudgetNote
from budgetnotes.services import note_to_data
from tests.initiatives.forms import form_data

pytestmark = pytest.mark.django_db

NEW_2027 = reverse("note-new", args=["budget-2027"])
COPY_BI22 = reverse("note-copy", args=["budget-2026", "BI22"])
YEARS_BI22 = reverse("note-years", args=["budget-2026", "BI22"])


def page_form(client, url):
    page = client.get(url)
    assert page.status_code == 200
    return form_data(page.context["form"])


def confirmed(client, url, data):
    """Post `data`, which leaves amounts out, and confirm the list the page then shows."""
    response = client.post(url, data)
    assert response.status_code == 200 and response.context["dropped"]
    digest = response.context["form"].data["confirmed"]
    return client.post(url, data | {"confirmed": digest, "confirm_dropped": "on"})


def amounts(note):
    return [line["amounts"] for line in note_to_data(note)["funding_lines"]]


def test_an_editor_starts_a_note_with_suggested_code_years_and_price_level(editor, login):
    client = login(editor)
    round_page = client.get(reverse("round-detail", args=["budget-2027"])).content.decode()
    assert f'href="{NEW_2027}"' in round_page
    data = page_form(client, NEW_2027)
    assert (data["code"], data["first_year"], data["last_year"], data["price_level"]) == (
        "BI42",  # after the demo's BI41
        "2027",
        "2030",
        "2027",
    )
    assert data["committee"] == str(BudgetNote.objects.get(code="BI22").committee_id)
    data |= {"title": "Flere i job via virksomhedspraktik", "category": ""}
    response = client.post(NEW_2027, data)
    assert response["Location"] == reverse("note-edit", args=["budget-2027", "BI42"])
    note = BudgetNote.objects.get(round__slug="budget-2027", code="BI42")
    assert (note.status, note.administration.code, note.version) == (Status.DRAFT, "BIF", 1)
    assert (note.first_year, note.last_year, note.price_level, note.category) == (
        2027,
        2030,
        2027,
        "",
    )
    assert note.history.first().history_user == editor
    assert client.get(response["Location"]).status_code == 200


def test_a_code_in_use_is_refused_at_the_code_field_and_nothing_is_lost(editor, login):
    client = login(editor)
    url = reverse("note-new", args=["budget-2026"])
    data = page_form(client, url) | {"code": "bi22", "title": "Min titel"}
    assert data["code"] != "BI22"  # the suggestion is the next free code
    response = client.post(url, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["code"] == ["Der findes allerede et notat med denne kode i runden."]
    assert 'value="Min titel"' in response.content.decode()
    assert BudgetNote.objects.filter(code="BI22").count() == 1


def test_the_years_are_checked_in_danish_where_they_were_typed(editor, login):
    client = login(editor)
    data = page_form(client, NEW_2027) | {"title": "T", "first_year": "2030", "last_year": "2027"}
    response = client.post(NEW_2027, data)
    assert response.context["form"].errors["last_year"] == [
        "Sidste år skal være samme år som eller efter første år."
    ]
    assert not BudgetNote.objects.filter(round__slug="budget-2027", code="BI22").exists()


def test_an_editor_starts_notes_only_in_their_own_administration(editor, sof_editor, login):
    client = login(editor)
    data = page_form(client, NEW_2027) | {"title": "T"}
    sof = sof_editor.administration_id
    response = client.post(NEW_2027, data | {"administration": str(sof)})
    assert "administration" in response.context["form"].errors
    assert not BudgetNote.objects.filter(round__slug="budget-2027", code="BI22").exists()


@pytest.mark.parametrize("persona", ["godkender", "sekretaer", "analytiker"])
def test_only_editors_start_notes(personas, persona, login):
    client = login(personas[persona])
    assert client.get(NEW_2027).status_code == 403
    page = client.get(reverse("round-detail", args=["budget-2027"])).content.decode()
    assert f'href="{NEW_2027}"' not in page


def test_no_new_note_in_a_closed_round(editor, login):
    assert login(editor).get(reverse("note-new", args=["budget-2024"])).status_code == 403


def test_a_copy_lists_the_amounts_its_years_leave_out_before_it_is_made(editor, login, bi22):
    client = login(editor)
    data = page_form(client, COPY_BI22)
    assert (data["code"], data["first_year"], data["last_year"], data["price_level"]) == (
        "BI22",
        "2027",
        "2030",
        "2027",
    )
    response = client.post(COPY_BI22, data)
    assert response.status_code == 200
    assert [str(item) for item in response.context["dropped"]] == [
        "Linje 1 (Peer to peer-medarbejdere, kompetenceudvikling og koordinator), 2026: 7.600",
        "Linje 2 (Konsulenter til efterværn), 2026: 2.000",
        "Linje 3 (Samarbejde med eksterne leverandører og efterværn og forløb på "
        "rammeaftaler), 2026: 2.000",
    ]
    assert not response.context["form"].errors  # a question, not an error
    assert not BudgetNote.objects.filter(round__slug="budget-2027", code="BI22").exists()


def test_a_copy_into_the_next_round_converted_to_its_price_level(editor, login, bi22):
    """Seed 000's BI22 in 2027 p/l by the demo's example index: service 120.8 / 118.0,
    indsats 119.5 / 116.8, each cell rounded on its own."""
    client = login(editor)
    response = confirmed(client, COPY_BI22, page_form(client, COPY_BI22))
    assert response["Location"] == reverse("note-edit", args=["budget-2027", "BI22"])
    copy = BudgetNote.objects.with_everything().get(round__slug="budget-2027", code="BI22")
    assert (copy.status, copy.price_level, copy.first_year, copy.last_year) == (
        Status.DRAFT,
        2027,
        2027,
        2030,
    )
    assert amounts(copy) == [
        {"2027": 7780, "2028": 7780, "2029": 7780},
        {"2027": 2047, "2028": 2047, "2029": 2047},
        {"2027": 2046, "2028": 2046, "2029": 2046},
    ]
    source = note_to_data(bi22)
    copied = note_to_data(copy)
    for key in ("title", "decision", "content", "effect_rows", "allocations", "districts"):
        assert copied[key] == source[key]
    assert copy.copied_from == bi22
    assert BudgetNote.objects.get(pk=bi22.pk).version == bi22.version
    page = client.get(copy.get_absolute_url()).content.decode()
    assert "Kopieret fra" in page and bi22.get_absolute_url() in page
    assert "7.780" in page


def test_a_copy_may_keep_the_figures(editor, login, bi22):
    client = login(editor)
    data = page_form(client, COPY_BI22) | {"amounts": "behold", "first_year": "2026"}
    client.post(COPY_BI22, data)
    copy = BudgetNote.objects.with_everything().get(round__slug="budget-2027", code="BI22")
    assert copy.price_level == 2027
    assert amounts(copy) == amounts(bi22)


def test_a_copy_needs_every_price_index_it_converts_with(editor, login, bi22):
    client = login(editor)
    data = page_form(client, COPY_BI22) | {"price_level": "2035", "first_year": "2026"}
    response = client.post(COPY_BI22, data)
    assert (
        "mangler et prisindeks for Service i 2035"
        in response.context["form"].errors["price_level"][0]
    )
    assert not BudgetNote.objects.filter(round__slug="budget-2027", code="BI22").exists()


def test_only_the_notes_own_administration_copies_it(sof_editor, approver, login, bi05):
    url = reverse("note-copy", args=["budget-2024", "BI05"])
    assert login(sof_editor).get(bi05.get_absolute_url()).status_code == 200
    assert login(sof_editor).get(url).status_code == 403
    assert login(approver).get(url).status_code == 403
    page = login(sof_editor).get(bi05.get_absolute_url()).content.decode()
    assert url not in page


def test_a_drafts_years_change_only_after_the_dropped_amounts_are_confirmed(editor, login, bi22):
    client = login(editor)
    line_ids = list(bi22.funding_lines.values_list("pk", flat=True))
    data = page_form(client, YEARS_BI22) | {"first_year": "2027", "last_year": "2030"}
    response = client.post(YEARS_BI22, data)
    assert response.status_code == 200 and len(response.context["dropped"]) == 3
    assert BudgetNote.objects.get(pk=bi22.pk).version == bi22.version
    response = confirmed(client, YEARS_BI22, data)
    assert response["Location"] == reverse("note-edit", args=["budget-2026", "BI22"])
    note = BudgetNote.objects.with_everything().get(pk=bi22.pk)
    assert (note.first_year, note.last_year, note.version) == (2027, 2030, bi22.version + 1)
    assert amounts(note)[0] == {"2027": 7600, "2028": 7600, "2029": 7600}
    assert list(note.funding_lines.values_list("pk", flat=True)) == line_ids
    editor_page = client.get(response["Location"]).content.decode()
    assert "2027–2030" in editor_page


def test_a_new_price_level_converts_the_amounts_when_asked(editor, login, bi22):
    client = login(editor)
    data = page_form(client, YEARS_BI22) | {"price_level": "2027"}
    client.post(YEARS_BI22, data)
    note = BudgetNote.objects.with_everything().get(pk=bi22.pk)
    assert note.price_level == 2027
    assert amounts(note)[0] == {"2026": 7780, "2027": 7780, "2028": 7780, "2029": 7780}
    assert note_to_data(note)["allocations"] == note_to_data(bi22)["allocations"]


def test_the_years_page_refuses_a_stale_form(editor, login, bi22, editor_post):
    client = login(editor)
    data = page_form(client, YEARS_BI22) | {"last_year": "2030"}
    client.post(reverse("note-edit", args=["budget-2026", "BI22"]), editor_post(bi22))
    response = client.post(YEARS_BI22, data)
    assert response.status_code == 200
    assert "gemt igen, siden du åbnede" in response.context["form"].non_field_errors()[0]
    assert BudgetNote.objects.get(pk=bi22.pk).last_year == 2029


def test_the_years_page_is_for_those_who_may_edit(approver, login):
    assert login(approver).get(YEARS_BI22).status_code == 403


def test_a_confirmation_covers_only_the_list_it_was_given_for(editor, login, bi22):
    """Confirming the three 2026 amounts, then widening the cut, asks again."""
    client = login(editor)
    data = page_form(client, COPY_BI22)
    first = client.post(COPY_BI22, data)
    digest = first.context["form"].data["confirmed"]
    widened = data | {"first_year": "2029", "last_year": "2032"}
    response = client.post(COPY_BI22, widened | {"confirmed": digest, "confirm_dropped": "on"})
    assert response.status_code == 200 and len(response.context["dropped"]) == 9
    assert not BudgetNote.objects.filter(round__slug="budget-2027", code="BI22").exists()
    years = page_form(client, YEARS_BI22) | {"first_year": "2027", "last_year": "2030"}
    digest = client.post(YEARS_BI22, years).context["form"].data["confirmed"]
    years |= {"first_year": "2029", "last_year": "2032", "confirmed": digest}
    again = client.post(YEARS_BI22, years | {"confirm_dropped": "on"})
    assert again.status_code == 200 and len(again.context["dropped"]) == 9
    assert BudgetNote.objects.get(pk=bi22.pk).first_year == 2026


def test_the_allocation_years_narrow_with_the_same_confirmation(editor, login, bi22):
    client = login(editor)
    data = page_form(client, YEARS_BI22) | {
        "allocations_first_year": "2025",
        "allocations_last_year": "2028",
    }
    response = client.post(YEARS_BI22, data)
    assert [str(item) for item in response.context["dropped"]] == [
        "Tidligere afsatte midler, række 5 (Budgetaftale 2024), 2024: 1.300",
        "Tidligere afsatte midler, række 6 (BIU (egen ramme) Servicemidler), 2024: 2.800",
        "Tidligere afsatte midler, række 7 (BIU (egen ramme) Indsatsmidler), 2024: 3.000",
    ]
    confirmed(client, YEARS_BI22, data)
    note = BudgetNote.objects.with_everything().get(pk=bi22.pk)
    assert note.allocation_years == (2025, 2026, 2027, 2028)
    assert note_to_data(note)["allocations"][4]["amounts"] == {"2025": 1300}
    assert note.version == bi22.version + 1


def test_conversions_keep_their_own_years_and_price_basis(editor, login, bi22):
    """Conversions run over their own years in current prices: a new note p/l leaves them
    as they are, and their table is captioned and totalled as their own."""
    from budgetnotes.models import Conversion

    conversion = Conversion.objects.create(note=bi22, text="Gammel pulje", steering_area="service")
    client = login(editor)
    data = page_form(client, YEARS_BI22) | {
        "conversions_first_year": "2024",
        "conversions_last_year": "2025",
    }
    assert client.post(YEARS_BI22, data).status_code == 302
    conversion.amounts.create(year=2024, amount=500)
    conversion.amounts.create(year=2025, amount=700)
    client.post(YEARS_BI22, page_form(client, YEARS_BI22) | {"price_level": "2027"})
    note = BudgetNote.objects.with_everything().get(pk=bi22.pk)
    assert note.price_level == 2027 and amounts(note)[0]["2026"] == 7780
    assert note_to_data(note)["conversions"][0]["amounts"] == {"2024": 500, "2025": 700}
    assert note.conversion_years == (2024, 2025)
    page = client.get(note.get_absolute_url()).content.decode()
    assert "Tidligere afsatte midler der ønskes konverteret (1.000 kr., løbende p/l)" in page
    assert "Konverterede midler i alt" in page and "1.200" in page


def test_a_line_without_steering_area_says_why_it_cannot_be_converted(bi22):
    from budgetnotes.models import PriceIndex
    from budgetnotes.services.reshaping import CannotConvert, reshape

    data = note_to_data(bi22)
    data["funding_lines"][1]["steering_area"] = ""
    with pytest.raises(CannotConvert, match="Linje 2 \\(Konsulenter til efterværn\\) har intet"):
        reshape(
            data,
            first_year=2026,
            last_year=2029,
            price_level=2027,
            convert=True,
            indices=PriceIndex.objects.table(),
        )
    kept, dropped = reshape(data, first_year=2026, last_year=2029, price_level=2027)
    assert kept["funding_lines"][1]["amounts"] == data["funding_lines"][1]["amounts"]
    assert dropped == []
