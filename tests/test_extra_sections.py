"""Sections the fixed list lacks: the author's heading and text, printed after the standard
section they name, on the page and in the PDF alike; written through save_note and the editor
(docs/domain.md §2). The demo's BI41 has one after Indhold."""

import pytest
from django.urls import reverse

from budgetnotes.models import BudgetNote, ExtraSection
from budgetnotes.services import NoteDataError, note_to_data, save_note
from documents.pdf.catalogue import note_pdf
from tests.pdf.conftest import pdf_pages

pytestmark = pytest.mark.django_db

EXTRA = {
    "heading": "Flere forvaltninger",
    "text": "Tre forvaltninger deler.",
    "after": "economy_text",
}


def with_extra(bi22, *extras):
    return save_note(note_to_data(bi22) | {"extra_sections": list(extras)}, note=bi22)


def test_an_extra_section_prints_after_the_section_it_names(bi22, login, editor):
    note = BudgetNote.objects.with_everything().get(pk=with_extra(bi22, EXTRA).pk)
    text = "\n".join(pdf_pages(note_pdf(note)))
    economy, extra, risk = (
        text.index("Økonomi\n"),
        text.index("Flere forvaltninger"),
        text.index("Risikovurdering og proces"),
    )
    assert economy < extra < risk and "Tre forvaltninger deler." in text
    page = login(editor).get(note.get_absolute_url()).content.decode()
    assert page.index("<h2>Økonomi</h2>") < page.index("<h2>Flere forvaltninger</h2>")
    assert page.index("<h2>Flere forvaltninger</h2>") < page.index("<h2>Risikovurdering")


def test_the_demo_note_has_one_after_indhold(login, editor):
    note = BudgetNote.objects.get(round__slug="budget-2027", code="BI41")
    page = login(editor).get(note.get_absolute_url()).content.decode()
    assert page.index("<h2>Indhold</h2>") < page.index("<h2>Flere forvaltninger og udvalg</h2>")
    assert page.index("<h2>Flere forvaltninger og udvalg</h2>") < page.index(
        "<h2>Forventet effekt og opfølgning</h2>"
    )


def test_the_editor_adds_and_keeps_extra_sections(bi22, login, editor, editor_post):
    client = login(editor)
    url = reverse("note-edit", args=["budget-2026", "BI22"])
    post = editor_post(bi22) | {
        "extra-TOTAL_FORMS": "1",
        "extra-0-heading": "Tværgående samarbejde",
        "extra-0-text": "Teksten.",
        "extra-0-after": "background",
    }
    assert client.post(url, post).status_code == 302
    assert list(ExtraSection.objects.filter(note=bi22).values_list("heading", "after")) == [
        ("Tværgående samarbejde", "background")
    ]
    again = editor_post(bi22)
    assert again["extra-0-heading"] == "Tværgående samarbejde"
    post = again | {"extra-0-heading": ""}
    response = client.post(url, post)
    assert response.status_code == 200
    assert (
        "Feltet er påkrævet." in response.content.decode()
        or "påkrævet" in response.content.decode()
    )


@pytest.mark.parametrize(
    "extra, message",
    [
        (dict(EXTRA, after="appendix"), "placeres efter"),
        (dict(EXTRA, heading=""), "overskrift"),
        (dict(EXTRA, text="x" * 20_001), "20.000 tegn"),
    ],
)
def test_bad_extra_sections_are_refused_in_danish_at_their_place(bi22, extra, message):
    with pytest.raises(NoteDataError) as caught:
        with_extra(bi22, extra)
    problems = [str(problem) for problem in caught.value.problems]
    assert any(p.startswith("BI22, ekstra afsnit 1") and message in p.lower() for p in problems), (
        problems
    )
    assert not ExtraSection.objects.filter(note=bi22).exists()


def test_at_most_ten_extra_sections(bi22):
    with pytest.raises(NoteDataError, match="højst 10"):
        with_extra(bi22, *[EXTRA] * 11)
