"""The printed note (docs/domain.md §4): seed 000 (BI22) and seed 002 (BI05) figures, footers,
table numbering, metadata and conformance markers. Each PDF is rendered once per module."""

import re
import shutil
import subprocess
from io import BytesIO

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from budgetnotes.models import BudgetNote
from budgetnotes.numbers import format_amount
from documents.pdf.catalogue import note_pdf
from tests import seed_figures as seed
from tests.builders import copy_line
from tests.pdf.conftest import pdf_pages, squash


def _render(django_db_blocker, tmp_path_factory, slug, code):
    out = tmp_path_factory.mktemp("pdf") / f"{code}.pdf"
    with django_db_blocker.unblock():
        call_command("note_pdf", slug, code, "-o", str(out), skip_checks=True)
    return out.read_bytes()


# Module-scoped renders need the test database set up even when run on their own.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def bi22(django_db_setup, django_db_blocker, tmp_path_factory):
    return _render(django_db_blocker, tmp_path_factory, "budget-2026", "BI22")


@pytest.fixture(scope="module")
def bi05(django_db_setup, django_db_blocker, tmp_path_factory):
    return _render(django_db_blocker, tmp_path_factory, "budget-2024", "bi05")


def rows(text):
    """Each line's figures (Danish format) as a list, e.g. ['7.600', '7.600', ...]."""
    return [re.findall(r"-?\d{1,3}(?:\.\d{3})+|-?\d+", line) for line in text.splitlines()]


def has_row(text, *figures):
    wanted = [format_amount(value) for value in figures]
    return any(
        found[i : i + len(wanted)] == wanted
        for found in rows(text)
        for i in range(len(found) - len(wanted) + 1)
    )


def test_bi22_holds_seed_000_figures_with_computed_totals(bi22):
    text = "\n".join(pdf_pages(bi22))
    assert seed.BI22_PRINTED_TYPO not in text
    # Tabel 2: the lines and the computed total row (the source's "7.6.00" is 7.600).
    assert has_row(text, 7_600, 7_600, 7_600, 7_600, 30_400)
    assert has_row(text, 2_000, 2_000, 2_000, 2_000, 8_000)
    assert has_row(text, 11_600, 11_600, 11_600, 11_600, 46_400)
    # Appendix: service and transfers with their totals.
    assert has_row(text, 9_600, 9_600, 9_600, 9_600, 38_400)
    assert has_row(text, *[seed.BI22_TRANSFERS_YEAR] * 4, seed.BI22_TRANSFERS_TOTAL)
    # Previously allocated funds, løbende p/l.
    assert has_row(text, *seed.BI22_ALLOCATIONS.values())
    assert has_row(text, 1_600, 1_600, 1_600, 1_600)
    assert has_row(text, 11_900, 11_900, 11_900, 11_900)
    assert "Afsatte midler i alt" in text
    assert "1.000 kr., 2026 p/l" in text
    assert "1.000 kr., løbende p/l" in text


def test_bi22_layout_order_numbering_and_footer(bi22):
    pages = pdf_pages(bi22)
    for number, page in enumerate(pages, start=1):
        assert f"BI22 · side {number} af {len(pages)}" in page
    text = squash("\n".join(pages))
    order = [
        "Budget 2026 · Beskæftigelses- og Integrationsforvaltningen",
        "BI22 Styrket beskæftigelsesindsats",
        "Resume",
        "Beslutning",
        "Baggrund",
        "Indhold",
        "Forventet effekt og opfølgning",
        "Tabel 1 – Oversigt over målsætning",
        "Økonomi",
        "Tabel 2 – Oversigt over ønskets aktiviteter på alle styringsområder",
        "Risikovurdering og proces",
        "Tidligere afsatte midler",
        "Bevillingstekniske oplysninger",
        "Scenarie 1: Videreudvikling af peer-indsats",
        "Udgifter til service",
        "Udgifter til overførsler mv.",
        "Øvrige tekniske oplysninger",
        "Bydele",
        "Adresse",
    ]
    positions = [text.find(item) for item in order]
    assert -1 not in positions, [
        item for item, at in zip(order, positions, strict=True) if at == -1
    ]
    assert positions == sorted(positions)
    numbers = [int(n) for n in re.findall(r"Tabel (\d+) –", text)]
    assert numbers == list(range(1, len(numbers) + 1))
    assert "Kategorisering" not in text  # BI22 has no category, as seed 000 has none
    assert "Bydækkende: ☒" in text
    assert "Bispebjerg ☐" in text


def test_bi05_holds_seed_002_figures(bi05):
    pages = pdf_pages(bi05)
    text = "\n".join(pages)
    for number, page in enumerate(pages, start=1):
        assert f"BI05 · side {number} af {len(pages)}" in page
    assert has_row(text, *seed.BI05_YEAR_TOTALS.values(), seed.BI05_GRAND_TOTAL)
    assert has_row(text, *seed.BI05_SERVICE.values(), seed.BI05_SERVICE_TOTAL)
    assert has_row(text, *seed.BI05_TRANSFERS.values(), seed.BI05_TRANSFERS_TOTAL)
    assert has_row(text, *seed.BI05_ALLOCATIONS.values())
    for line_total in seed.BI05_LINE_TOTALS:
        assert format_amount(line_total) in text
    assert has_row(text, 1_300, 1_300, 1_300, 1_300, 5_200)
    assert has_row(text, 4_000, 4_000, 4_000, 12_000)
    assert "1.000 kr., 2024 p/l" in text
    assert "Specifik udfordring ☒" in squash(text)
    assert "Need to ☐" in squash(text)
    assert "35.10" in text and "35.30" in text


def test_metadata_language_and_conformance_markers(bi22):
    reader = PdfReader(BytesIO(bi22))
    info = reader.metadata
    assert info.title.startswith("BI22 Styrket beskæftigelsesindsats")
    assert info.author == "Beskæftigelses- og Integrationsforvaltningen"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "da"
    assert "/StructTreeRoot" in root  # tagged
    assert root["/MarkInfo"]["/Marked"]
    assert "/OutputIntents" in root  # PDF/A output intent (sRGB)
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert 'pdfaid:part="2"' in xmp
    assert 'pdfaid:conformance="A"' in xmp


def test_streams_deflated_once_and_file_identified(bi22):
    """engine.deflate_streams: every stream but the XMP metadata (and images, which bring their
    own filter) is FlateDecode and inflates to what it holds, once; no object streams; the
    trailer carries the file identifier PDF/A asks for."""
    reader = PdfReader(BytesIO(bi22))
    assert b"/ObjStm" not in bi22
    assert len(reader.trailer["/ID"]) == 2
    for number in range(1, reader.trailer["/Size"]):
        obj = reader.get_object(number)
        if not hasattr(obj, "get_data") or obj.get("/Subtype") == "/Image":
            continue
        if obj.get("/Type") == "/Metadata":
            assert "/Filter" not in obj
        else:
            assert obj["/Filter"] == "/FlateDecode", obj
    for page in reader.pages:
        content = page.get_contents().get_data()
        assert b"BT" in content and b" Tf" in content  # text operators, not deflated bytes
    profile = reader.trailer["/Root"]["/OutputIntents"][0]["/DestOutputProfile"].get_data()
    assert profile[36:40] == b"acsp"  # the ICC signature
    fonts = 0
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            file = descriptor["/FontFile2"].get_object()
            assert len(file.get_data()) == file["/Length1"]
            fonts += 1
    assert fonts


def test_deflate_streams_deflates_each_plain_stream_once():
    import zlib

    import pydyf

    from documents.pdf.engine import deflate_streams

    pdf = pydyf.PDF()
    plain = pydyf.Stream(["BT", b"/F1 9 Tf", pydyf.Dictionary({"A": 1}), 1.5], compress=True)
    image = pydyf.Stream([b"\xff\xd8jpeg"], pydyf.Dictionary({"Filter": "/DCTDecode"}))
    metadata = pydyf.Stream([b"<x:xmpmeta/>"], pydyf.Dictionary({"Type": "/Metadata"}))
    for stream in (plain, image, metadata):
        pdf.add_object(stream)

    deflate_streams(None, pdf)
    deflate_streams(None, pdf)  # a second run changes nothing

    assert plain.extra["Filter"] == "/FlateDecode" and not plain.compress
    assert zlib.decompress(plain.stream[0]) == b"BT\n/F1 9 Tf\n<</A 1>>\n1.5"
    assert image.stream == [b"\xff\xd8jpeg"] and image.extra["Filter"] == "/DCTDecode"
    assert metadata.stream == [b"<x:xmpmeta/>"] and "Filter" not in metadata.extra


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils missing")
def test_fonts_embedded(bi22):
    result = subprocess.run(["pdffonts", "-"], input=bi22, capture_output=True)
    if result.returncode != 0:  # older pdffonts cannot read stdin
        pytest.skip("pdffonts cannot read from stdin")
    lines = result.stdout.decode().splitlines()[2:]
    assert lines
    for line in lines:
        assert " yes yes yes " in line, line
    # Liberation Sans (Arial's metrics, as the municipality's Word notes); DejaVu Sans only
    # for the ☒/☐ boxes.
    assert any("Liberation-Sans" in line for line in lines), lines


def test_note_pdf_query_count_is_bounded(db, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        note = BudgetNote.objects.with_everything().get(round__slug="budget-2026", code="BI22")
        pdf = note_pdf(note)
    assert pdf.startswith(b"%PDF-")


def test_committee_distribution_and_conversions_when_present(db):
    """Several committees → *Fordeling mellem udvalg*; conversions get their own table."""
    from budgetnotes.models import (
        AppropriationArea,
        Committee,
        Conversion,
        ConversionAmount,
        District,
    )
    from documents.pdf import documents

    note = BudgetNote.objects.get(round__slug="budget-2026", code="BI22")
    other, _ = Committee.objects.get_or_create(code="SOU", defaults={"name": "Socialudvalget"})
    area, _ = AppropriationArea.objects.get_or_create(committee=other, number="40.10")
    line = note.funding_lines.filter(steering_area="service").last()
    line.committee, line.appropriation_area = other, area
    line.save()
    conversion = Conversion.objects.create(note=note, text="BIU 35.10 Budget 2024", position=1)
    ConversionAmount.objects.create(conversion=conversion, year=2026, amount=0)
    ConversionAmount.objects.create(conversion=conversion, year=2027, amount=-900)

    note = BudgetNote.objects.with_everything().get(pk=note.pk)
    context = documents.note_context(note, list(District.objects.all()))
    tables = [t for block in context["appendix"] for t in block.tables]
    distribution = [t for t in tables if t.title == "Fordeling mellem udvalg"]
    assert len(distribution) == 1
    assert {row.label for row in distribution[0].rows} == {"BIU", "SOU"}
    assert distribution[0].grand_total == note.economy_table().grand_total
    assert context["conversions"].rows[0].cells[:2] == [0, -900]
    numbers = [t.number for t in tables] + [context["conversions"].number]
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
    html = documents.note_html(note, list(District.objects.all()))
    assert "Fordeling mellem udvalg" in html and ">-900<" in html and ">0<" in html


@pytest.mark.slow
def test_long_table_repeats_its_headings_and_prints_its_total_once(db):
    """A table that runs over pages repeats the heading row on each page; the total row comes
    once, after the last line (not as a footer under every page's part)."""
    note = BudgetNote.objects.get(round__slug="budget-2026", code="BI22")
    first = note.funding_lines.order_by("position").first()
    copy_line(
        first,
        60,
        start=100,
        activity="Ekstra aktivitet {n}",
        amounts={2026: 1},
        scenario=first.scenario,
    )
    note = BudgetNote.objects.with_everything().get(pk=note.pk)
    pages = pdf_pages(note_pdf(note))

    economy = [i for i, page in enumerate(pages) if "Ekstra aktivitet" in page]
    assert len(economy) >= 3  # Tabel 2 and the appendix table both run over pages
    for i in economy:
        assert re.search(r"Aktivitet\s+(Styringsområde|Udvalg)", pages[i]), f"side {i + 1}"
    text = "\n".join(pages)
    grand_total = format_amount(note.economy_table().grand_total)
    assert len(re.findall(rf"^\s*I alt\b.*\s{re.escape(grand_total)}\s*$", text, re.M)) == 1
    assert text.count("Serviceudgifter i alt") == 1


KEEP_WITH_NEXT = re.compile(
    r"^(Resume|Beslutning|Baggrund|Indhold|Forventet effekt og opfølgning|Økonomi"
    r"|Risikovurdering og proces|Tidligere afsatte midler|Administrativt bilag"
    r"|Bevillingstekniske oplysninger|Scenarie \d+.*|Øvrige tekniske oplysninger|Bydele|Adresse"
    r"|Tabel \d+ – .*|1\.000 kr\., .* p/l)$"
)


@pytest.mark.parametrize("extra", range(12))
def test_headings_and_captions_never_end_a_page(db, extra):
    """However long the text, no page ends with a section heading, a table's caption or its
    unit line: they move to the next page with what they introduce."""
    note = BudgetNote.objects.with_everything().get(round__slug="budget-2026", code="BI22")
    paragraphs = [part for part in note.content.split("\n\n") if part]
    note.content = "\n\n".join([note.content, *(paragraphs * 10)[:extra]])
    pages = pdf_pages(note_pdf(note))
    for number, page in enumerate(pages[:-1], start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        body = [line for line in lines if not line.startswith("BI22 · side")]
        assert body, f"side {number} er tom"
        assert not KEEP_WITH_NEXT.match(body[-1]), f"side {number} ender med {body[-1]!r}"
