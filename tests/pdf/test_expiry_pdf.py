"""The expiry catalogue (seed 001): every sheet with its verdict and figures, grouped and
numbered, and a table of contents whose page numbers point at the right pages."""

import pytest
from django.core.management import call_command

from budgetnotes.numbers import format_amount
from initiatives.models import ExpiryAssessment, ExpiryGroup
from tests.pdf import conftest
from tests.pdf.conftest import pdf_pages, squash

# Module-scoped renders need the test database set up even when run on their own.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def catalogue(django_db_setup, django_db_blocker, tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf") / "udloeb.pdf"
    with django_db_blocker.unblock():
        call_command("expiry_pdf", "budget-2027", "-o", str(out), skip_checks=True)
        assessments = list(
            ExpiryAssessment.objects.filter(round__slug="budget-2027")
            .prefetch_related("economy_lines__amounts", "economy_lines__administration")
            .order_by("number")
        )
    return pdf_pages(out.read_bytes()), assessments


def toc_entries(pages):
    """{number: page} from the table of contents rows ("Nr. 7  Title  Verdict  10")."""
    return {
        int(label[4:]): page for label, page in conftest.toc_entries(pages, r"Nr\. \d+").items()
    }


def test_toc_page_numbers_point_at_the_sheets(catalogue):
    pages, assessments = catalogue
    entries = toc_entries(pages)
    assert sorted(entries) == [a.number for a in assessments]
    assert len(entries) == 27
    for number, page in entries.items():
        assert f"Nr. {number} · side 1 af" in pages[page - 1], (number, page)


def test_groups_and_numbering_as_in_seed_001(catalogue):
    pages, assessments = catalogue
    numbers = {a.group: [] for a in assessments}
    for a in assessments:
        numbers[a.group].append(a.number)
    assert numbers[ExpiryGroup.BUDGET_AGREEMENT] == list(range(1, 21))
    assert numbers[ExpiryGroup.OWN_FRAME] == list(range(22, 29))
    entries = toc_entries(pages)
    # The second group's divider page sits between sheet 20 and sheet 22 (it is "21").
    divider = pages[entries[22] - 2]
    assert str(ExpiryGroup.OWN_FRAME.label) in squash(divider)
    assert entries[22] - entries[20] == 2
    front = squash(" ".join(pages[: entries[1] - 1]))
    assert front.index(str(ExpiryGroup.BUDGET_AGREEMENT.label)) < front.index(
        str(ExpiryGroup.OWN_FRAME.label)
    )


def test_every_sheet_has_its_verdict_and_figures(catalogue):
    pages, assessments = catalogue
    entries = toc_entries(pages)
    for a in assessments:
        page = pages[entries[a.number] - 1]
        flat = squash(page)
        assert squash(a.title)[:40] in flat, a.number
        assert "Beskrivelse af udløb" in flat and "Faglig vurdering af videreførelse" in flat
        if a.verdict:
            assert str(a.get_verdict_display()) in flat, a.number
        for table in (a.original_table, a.proposed_table):
            for line in table.lines:
                for value in line.cells(table.years):
                    if value is not None:
                        assert format_amount(value) in page, (a.number, value)
            if table.lines:
                assert format_amount(table.grand_total) in page, a.number


def test_seed_001_figures_spot_check(catalogue):
    pages, _ = catalogue
    entries = toc_entries(pages)
    sheet = lambda n: pages[entries[n] - 1]  # noqa: E731
    assert "9.500" in sheet(2) and "1.400" in sheet(2) and "8.400" in sheet(2)
    assert "5.700" in sheet(4) and "22.800" in sheet(4)  # 5,7 mio. kr. årligt 2027-2030
    assert "2.300" in sheet(14) and "800" in sheet(14)  # split between BIF and SOF
    assert "Videreføres ikke" in squash(sheet(17))
    assert "Endnu ikke afklaret" in squash(sheet(3))
    assert "nr. 26" in squash(sheet(19)) or "Nr. 26" in squash(sheet(19))


@pytest.mark.django_db
def test_a_sheets_table_has_the_steering_area_in_its_own_column():
    """The line's text stands under Tekst and its area under Styringsområde (the area used to
    be the first column's heading over the texts)."""
    from budgetnotes.models import Administration
    from documents.pdf.catalogue import assessment_pdf
    from initiatives.models import ExpiryAmount, ExpiryEconomyLine

    sheet = ExpiryAssessment.objects.get(round__slug="budget-2027", number=28)
    line = ExpiryEconomyLine.objects.create(
        assessment=sheet,
        kind="proposed",
        position=9,
        steering_area="indsats",
        label="Mentorforløb",
        administration=Administration.objects.get(code="SOF"),
    )
    ExpiryAmount.objects.create(line=line, year=2027, amount=300)
    text = "\n".join(pdf_pages(assessment_pdf(sheet, related=[])))
    header = next(row for row in text.splitlines() if "Tekst" in row and "Område" in row)
    assert header.index("Tekst") < header.index("Område")
    row = next(row for row in text.splitlines() if "Mentorforløb" in row)
    assert "(SOF)" in row and "Indsats" in row and "300" in row
