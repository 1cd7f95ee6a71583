"""The category box and the district section print only when filled in (docs/domain.md §4):
a note without either prints neither; "ikke relevant" prints as such."""

import pytest

from budgetnotes.models import BudgetNote
from budgetnotes.services import note_to_data, save_note
from budgetnotes.services.problems import NoteDataError
from documents.pdf.catalogue import note_pdf
from tests.pdf.conftest import pdf_pages

pytestmark = pytest.mark.django_db


def saved(bi22, **changes):
    return save_note(note_to_data(bi22) | changes, note=bi22)


def printed(note):
    return "\n".join(pdf_pages(note_pdf(BudgetNote.objects.with_everything().get(pk=note.pk))))


def test_a_note_without_category_or_places_prints_neither_box(bi22):
    note = saved(bi22, citywide=False, districts=[], address="")
    text = printed(note)
    assert "Kategorisering" not in text
    assert "Øvrige tekniske oplysninger" not in text and "Bydele" not in text
    assert "Ikke angivet" not in text


def test_a_category_and_districts_print_their_boxes(bi22):
    note = saved(bi22, category="specifik_udfordring", citywide=False, districts=["valby"])
    text = printed(note)
    assert "Kategorisering" in text and "Specifik udfordring ☒" in text
    assert "Valby ☒" in text and "Nørrebro ☐" in text


def test_districts_not_relevant_print_as_such(bi22, login, editor):
    note = saved(bi22, citywide=False, districts_not_relevant=True)
    text = printed(note)
    assert "Bydele: Ikke relevant" in text and "Valby ☐" not in text
    page = login(editor).get(note.get_absolute_url()).content.decode()
    assert "Bydele: Ikke relevant" in page


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"districts_not_relevant": True}, "districts_not_relevant"),  # BI22 is citywide
        ({"districts": ["valby"]}, "districts"),
    ],
)
def test_places_that_exclude_one_another_are_refused_at_their_field(bi22, changes, field):
    with pytest.raises(NoteDataError) as caught:
        saved(bi22, **changes)
    assert [problem.field for problem in caught.value.problems] == [field]
    assert BudgetNote.objects.get(pk=bi22.pk).version == bi22.version


def test_the_page_says_what_will_not_print(bi22, login, editor):
    saved(bi22, citywide=False)
    page = login(editor).get(bi22.get_absolute_url()).content.decode()
    assert "kategoriboksen kommer ikke med i PDF" in page
    assert "afsnittet kommer ikke med i PDF" in page
