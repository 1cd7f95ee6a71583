"""A funding line's appropriation may be unknown while the note is written: stored empty,
printed blank, flagged on the note page; I/U defaults to U (docs/domain.md §2)."""

import re

import pytest
from django.urls import reverse

from budgetnotes.services import note_to_data, save_note
from budgetnotes.services.problems import NoteDataError
from documents.pdf.catalogue import note_pdf
from tests.pdf.conftest import pdf_pages

pytestmark = pytest.mark.django_db


def without_appropriation(bi22, value=None):
    data = note_to_data(bi22)
    line = data["funding_lines"][1]
    line["appropriation"] = value
    del line["income_expense"]
    return save_note(data, note=bi22)


@pytest.mark.parametrize("value", [None, ""])
def test_a_line_without_appropriation_is_saved_empty_and_expense(bi22, value):
    note = without_appropriation(bi22, value)
    line = note.funding_lines.all()[1]
    assert line.appropriation_area is None and line.income_expense == "U"
    assert note_to_data(note)["funding_lines"][1]["appropriation"] is None
    assert note.economy_table().grand_total == 46_400


def test_an_appropriation_that_does_not_exist_is_still_refused(bi22):
    data = note_to_data(bi22)
    data["funding_lines"][1]["appropriation"] = "99.99"
    with pytest.raises(NoteDataError, match=re.escape("linje 2: Ukendt bevilling: „99.99“")):
        save_note(data, note=bi22)


def test_the_page_flags_it_and_the_pdf_prints_it_blank(bi22, login, editor):
    note = without_appropriation(bi22)
    page = login(editor).get(note.get_absolute_url()).content.decode()
    assert "Bevillingen mangler 1 sted<" in page
    assert "Linje 2: Konsulenter til efterværn" in page
    from budgetnotes.models import BudgetNote

    text = "\n".join(pdf_pages(note_pdf(BudgetNote.objects.with_everything().get(pk=note.pk))))
    row = next(line for line in text.splitlines() if "Efterværn varetaget" in line)
    assert "BIU" in row and "35.10" not in row and "2.000" in row


def test_the_editor_offers_and_keeps_an_unknown_appropriation(bi22, login, editor, editor_post):
    client = login(editor)
    post = editor_post(bi22)
    post["lines-1-appropriation"] = ""
    response = client.post(reverse("note-edit", args=["budget-2026", "BI22"]), post)
    assert response.status_code == 302
    bi22.refresh_from_db()
    assert bi22.funding_lines.all()[1].appropriation_area is None
    page = client.get(reverse("note-edit", args=["budget-2026", "BI22"])).content.decode()
    assert "Ikke kendt endnu" in page
