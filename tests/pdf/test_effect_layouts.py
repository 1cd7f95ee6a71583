"""The effect table in the columns real notes use: the seeds' four, activities and derived
effects, or the author's own headings, with the caption that goes with them, on the page and
in the PDF alike."""

import pytest
from django.urls import reverse

from budgetnotes.models import BudgetNote
from budgetnotes.services import NoteDataError, note_to_data, save_note
from documents.pdf.catalogue import note_pdf
from tests.pdf.conftest import pdf_pages

pytestmark = pytest.mark.django_db


def laid_out(bi22, **fields):
    note = save_note(note_to_data(bi22) | fields, note=bi22)
    return BudgetNote.objects.with_everything().get(pk=note.pk)


def printed(note):
    return "\n".join(pdf_pages(note_pdf(note)))


def test_the_standard_columns_are_the_seeds_four(bi22):
    text = printed(BudgetNote.objects.with_everything().get(pk=bi22.pk))
    assert "Tabel 1 – Oversigt over målsætning for effekter og evaluering af budgetønsket" in text
    assert "Målgruppe" in text and "Opfølgning på og/eller" in text


def test_activities_and_derived_effects(bi22, login, editor):
    note = laid_out(bi22, effect_layout="activities")
    text = printed(note)
    assert "Tabel 1 – Oversigt over aktiviteter og afledte effekter" in text
    assert "Afledt effekt" in text and "Målsætning" not in text
    assert "Borgere med funktionsnedsættelser" in text and "Varig beskæftigelse" not in text
    page = login(editor).get(note.get_absolute_url()).content.decode()
    assert '<th scope="col">Afledt effekt</th>' in page
    assert "Oversigt over aktiviteter og afledte effekter" in page


def test_own_headings_and_title(bi22):
    note = laid_out(
        bi22,
        effect_layout="custom",
        effect_headings="Indsats | Forventet effekt | Måling",
        effect_title="Effekter af indsatsen",
    )
    text = printed(note)
    assert "Tabel 1 – Effekter af indsatsen" in text
    assert "Forventet effekt" in text and "Måling" in text and "Målgruppe" not in text


@pytest.mark.parametrize("headings", ["", "A | B | C | D | E", " | "])
def test_own_columns_need_one_to_four_headings(bi22, headings):
    with pytest.raises(NoteDataError, match="1-4 kolonneoverskrifter"):
        laid_out(bi22, effect_layout="custom", effect_headings=headings)


def test_the_editor_names_the_cells_by_the_columns(bi22, login, editor, editor_post):
    laid_out(bi22, effect_layout="activities")
    client = login(editor)
    page = client.get(reverse("note-edit", args=["budget-2026", "BI22"])).content.decode()
    assert ">Afledt effekt</label>" in page
    assert "Kolonne 3 (udskrives ikke med disse kolonner)" in page
    post = editor_post(bi22) | {"effect_layout": "standard"}
    assert client.post(reverse("note-edit", args=["budget-2026", "BI22"]), post).status_code == 302
    assert BudgetNote.objects.get(pk=bi22.pk).effect_layout == "standard"
