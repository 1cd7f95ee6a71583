"""Catalogue page numbers (issue 15): every page of a catalogue after the cover shows its page
number in the catalogue ("Side 7", the number the table of contents uses) beside the part's own
"BI22 · side 1 af 4"; the contents point at the page where each part really starts; and the
PDF's page labels (what a viewer's page box shows) are the same numbers."""

import re
from io import BytesIO

import pytest
from pypdf import PdfReader

from budgetnotes.choices import Status
from budgetnotes.generate import generate_round
from budgetnotes.models import BudgetNote, BudgetRound
from documents.pdf import catalogue as catalogues
from documents.pdf.catalogue import build, expiry_catalogue, round_catalogue
from initiatives.models import ExpiryGroup
from tests.pdf.conftest import pdf_pages, squash, toc_entries

pytestmark = pytest.mark.slow

CATALOGUE_NUMBER = re.compile(r"(?<!\S)Side (\d+)(?!\S)")  # "Side 7"; a part's is "side 1 af 4"
PART_FOOTER = re.compile(r"(\S+(?: \d+)?) · side (\d+) af (\d+)")  # "BI22 · side 1 af 4"
PARAGRAPH = (
    "Indsatsen styrker den tidlige opsporing og samler tilbuddene ét sted, så borgeren møder "
    "én indgang til kommunen. Erfaringerne fra forsøgsperioden viser færre gentagne "
    "henvendelser, kortere sagsbehandlingstid og en bedre sammenhæng mellem indsatserne."
)


def pypdf_pages(pdf):
    return [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]


def assert_numbered(pdf):
    """Every page from the second on shows "Side <its position>" (in the text pypdf and
    pdftotext read), no other catalogue number, and the page labels are those positions.
    Returns pdftotext's pages."""
    reader = PdfReader(BytesIO(pdf))
    count = len(reader.pages)
    layout = pdf_pages(pdf)
    for number, (text, plain) in enumerate(zip(pypdf_pages(pdf), layout, strict=True), start=1):
        if number == 1:  # the cover
            assert not CATALOGUE_NUMBER.search(plain)
            continue
        for found in (CATALOGUE_NUMBER.findall(text), CATALOGUE_NUMBER.findall(plain)):
            assert found == [str(number)], (number, found, plain[-300:])
    assert "/PageLabels" in reader.trailer["/Root"]
    assert reader.page_labels == [str(number) for number in range(1, count + 1)]
    return layout


def assert_one_footer_line(pages, first):
    """From `first` on, the page's last line is its footer: the part's own (if any) whole, then
    the catalogue number at the end, on the same line (nothing wrapped or overlapping)."""
    for number, page in enumerate(pages[first - 1 :], start=first):
        last = [line for line in page.splitlines() if line.strip()][-1]
        assert re.search(rf"(· side \d+ af \d+\s+|^\s*)Side {number}$", last), (number, last)


def part_starts(pages):
    """{part label: page number} of each page whose footer says "· side 1 af N"."""
    starts = {}
    for number, page in enumerate(pages, start=1):
        for label, page_in_part, _of in PART_FOOTER.findall(page):
            if page_in_part == "1":
                starts[label] = number
    return starts


def assert_parts_whole(pages, first):
    """From `first` on, every page carries its part's own footer, numbered 1 … N in order."""
    expected = None
    for number, page in enumerate(pages[first - 1 :], start=first):
        footer = PART_FOOTER.findall(page)
        if not footer:  # a divider page
            assert expected is None, (number, "a part ends early")
            continue
        [(label, page_in_part, of)] = footer
        if expected is None:
            assert page_in_part == "1", (number, label)
        else:
            assert (label, int(page_in_part)) == expected, (number, label, page_in_part)
        expected = (label, int(page_in_part) + 1) if int(page_in_part) < int(of) else None
    assert expected is None, "the last part ends early"


@pytest.fixture
def notes_of_different_lengths(db):
    generate_round("sider-2031", notes=6, lines_per_note=3, administrations=["BIF"])
    notes = BudgetNote.objects.filter(round__slug="sider-2031").order_by("code")
    for extra, note in zip((0, 9, 0, 22, 4, 40), notes, strict=True):
        if extra:
            BudgetNote.objects.filter(pk=note.pk).update(
                content="\n\n".join([note.content, *[PARAGRAPH] * extra])
            )
    # The widest footer: a long code beside the longest status ("TIL GODKENDELSE – ikke
    # fremsendt · …"), where a footer that makes room for the number badly wraps.
    BudgetNote.objects.filter(round__slug="sider-2031", status=Status.SUBMITTED).update(
        code="GA1234"
    )
    codes = set(notes.values_list("code", flat=True))
    assert "GA1234" in codes
    return BudgetRound.objects.get(slug="sider-2031"), codes


def test_notes_catalogue_pages_carry_catalogue_numbers(notes_of_different_lengths, monkeypatch):
    # Stamp documents of a few pages, so the numbers also run on across several of them.
    monkeypatch.setattr(catalogues, "STAMP_PAGES", 4)
    budget_round, codes = notes_of_different_lengths
    pdf = build(round_catalogue(budget_round))
    pages = assert_numbered(pdf)

    entries = toc_entries(pages, "|".join(map(re.escape, sorted(codes))))
    assert set(entries) == codes
    # The contents' number of each note is the position of the note's first page.
    assert entries == {code: page for code, page in part_starts(pages).items() if code in codes}
    first = min(entries.values())
    assert_parts_whole(pages, first)
    assert_one_footer_line(pages, 2)
    # The notes really differ in length, so later notes' numbers depend on earlier lengths.
    starts = sorted(entries.values())
    lengths = [b - a for a, b in zip(starts, [*starts[1:], len(pages) + 1], strict=True)]
    assert len(set(lengths)) >= 3, lengths


def test_expiry_catalogue_pages_and_divider_carry_catalogue_numbers(db, monkeypatch):
    # Landscape sheets, portrait contents and divider; stamp documents that start on either.
    monkeypatch.setattr(catalogues, "STAMP_PAGES", 5)
    catalogue = expiry_catalogue(BudgetRound.objects.get(slug="budget-2027"))
    pdf = build(catalogue)
    pages = assert_numbered(pdf)

    entries = {int(label[4:]): page for label, page in toc_entries(pages, r"Nr\. \d+").items()}
    assert len(entries) == 27
    starts = part_starts(pages)
    assert entries == {int(label[4:]): page for label, page in starts.items()}
    assert_parts_whole(pages, min(entries.values()))
    assert_one_footer_line(pages, 2)
    # The second group's divider: its own page, numbered, between the groups' sheets.
    divider = entries[22] - 1
    assert str(ExpiryGroup.OWN_FRAME.label) in squash(pages[divider - 1])
    assert not PART_FOOTER.search(pages[divider - 1])
    assert CATALOGUE_NUMBER.findall(pages[divider - 1]) == [str(divider)]
