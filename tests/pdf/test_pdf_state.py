"""A printed note or sheet says which version it is: its status, version and date in the
header and in every page's footer, and a draft says in capitals that it is not sent."""

import pytest

from budgetnotes import workflow
from budgetnotes.models import BudgetNote
from documents.pdf.catalogue import assessment_pdf, note_pdf
from initiatives.models import ExpiryAssessment
from tests.pdf.conftest import pdf_pages

pytestmark = pytest.mark.django_db


def test_a_draft_says_so_on_every_page(bi22):
    pages = pdf_pages(note_pdf(BudgetNote.objects.with_everything().get(pk=bi22.pk)))
    assert len(pages) >= 2
    for page in pages:
        assert f"KLADDE – ikke fremsendt · version {bi22.version}" in page


def test_an_approved_note_not_yet_sent_is_still_a_draft_on_paper(bi22, editor, approver):
    note = workflow.apply(editor, bi22, "submit")
    note = workflow.apply(approver, note, "approve")
    pages = pdf_pages(note_pdf(BudgetNote.objects.with_everything().get(pk=note.pk)))
    for page in pages:
        assert f"KLADDE (godkendt) – ikke fremsendt · version {note.version}" in page


def test_a_sent_note_names_its_status_and_version(bi22, editor, approver):
    note = workflow.apply(editor, bi22, "submit")
    note = workflow.apply(approver, note, "approve")
    note = workflow.apply(approver, note, "send")
    pages = pdf_pages(note_pdf(BudgetNote.objects.with_everything().get(pk=note.pk)))
    date = note.updated_at.astimezone().strftime("%-d.%-m.%Y")
    for page in pages:
        assert "KLADDE" not in page
        assert f"Fremsendt · version {note.version} · " in page
    assert date in pages[0]


def test_a_sheet_says_which_version_it_is():
    sheet = ExpiryAssessment.objects.get(round__slug="budget-2027", number=2)
    (page,) = pdf_pages(assessment_pdf(sheet, related=[]))
    assert f"KLADDE – ikke fremsendt · version {sheet.version}" in page
