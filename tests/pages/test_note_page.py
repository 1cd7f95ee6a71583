"""The note page: everything the printed note has, in docs/domain.md §4's order, with every total
computed; buttons only where the role allows."""

import pytest

NOTE = "/budget-2026/BI22/"


def test_the_note_page_follows_the_printed_order(login, editor):
    html = login(editor).get(NOTE).content.decode()
    html = html[html.index("<article") :]
    order = [
        "Budget 2026 · Beskæftigelses- og Integrationsforvaltningen",
        "BI22 Styrket beskæftigelsesindsats",
        "Ingen kategorisering er valgt",
        "<h2>Resume</h2>",
        "<h2>Beslutning</h2>",
        "<h2>Baggrund</h2>",
        "<h2>Indhold</h2>",
        "<h2>Forventet effekt og opfølgning</h2>",
        "Tabel 1 – Oversigt over målsætning for effekter og evaluering af budgetønsket",
        "<h2>Økonomi</h2>",
        "Tabel 2 – Oversigt over ønskets aktiviteter på alle styringsområder (1.000 kr., 2026 p/l)",
        "<h2>Risikovurdering og proces</h2>",
        "<h2>Tidligere afsatte midler</h2>",
        "Administrativt bilag",
        "Scenarie 1: Videreudvikling af peer-indsats",
        "Udgifter til service",
        "Udgifter til overførsler mv.",
        "Øvrige tekniske oplysninger",
        "☒</span> Bydækkende",
    ]
    positions = [html.index(text) for text in order]
    assert positions == sorted(positions)


def test_the_note_page_shows_computed_totals(login, editor):
    html = login(editor).get(NOTE).content.decode()
    assert '<td class="num">46.400</td>' in html  # Tabel 2 grand total
    assert '<td class="num">11.600</td>' in html  # a year total
    assert '<td class="num">38.400</td>' in html  # service lines in the appendix
    assert "Afsatte midler i alt" in html
    assert '<td class="num">20.600</td>' in html  # seed 000: allocations 2025
    assert "2.026" not in html and "2.029" not in html


def test_markdown_is_rendered_safely(login, editor, editor_post, bi22):
    post = editor_post(bi22)
    post["background"] = "<script>alert(1)</script>\n\n- **punkt**"
    client = login(editor)
    assert client.post("/budget-2026/BI22/rediger/", post).status_code == 302
    html = client.get(NOTE).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    assert "<li><strong>punkt</strong></li>" in html


@pytest.mark.parametrize(
    ("persona", "edit", "pdf", "xlsx"),
    [
        ("redaktor", True, True, True),
        ("godkender", False, True, True),
        ("sekretaer", False, True, False),
        ("analytiker", False, False, True),
    ],
)
def test_buttons_follow_the_role(login, personas, persona, edit, pdf, xlsx):
    html = login(personas[persona]).get(NOTE).content.decode()
    assert ("/budget-2026/BI22/rediger/" in html) is edit
    assert ("/budget-2026/BI22/pdf/" in html) is pdf
    assert ("/budget-2026/BI22/xlsx/" in html) is xlsx


def test_a_note_with_two_appendix_tables(login, sof_editor):
    html = login(sof_editor).get("/budget-2024/BI05/").content.decode()
    assert "Specifik udfordring" in html
    assert "Udgifter til service" in html and "Udgifter til overførsler mv." in html
    assert "41.200" in html  # seed 002: Table 2 in all


@pytest.mark.parametrize("lines", ["with lines", "without lines", "with an income line"])
def test_the_page_and_the_pdf_number_and_caption_the_tables_alike(login, editor, bi22, lines):
    """One presentation (budgetnotes.presentation) for both: same tables, same numbers,
    same captions and total rows, also for a note without funding lines (they used to drift
    there) and one with income (the net-total label)."""
    import re

    from budgetnotes.models import BudgetNote, District
    from documents.pdf.documents import note_html

    if lines == "without lines":
        bi22.funding_lines.all().delete()
    if lines == "with an income line":
        bi22.funding_lines.filter(pk=bi22.funding_lines.last().pk).update(income_expense="I")
    html = login(editor).get(NOTE).content.decode()
    page = re.findall(r"<caption>(Tabel \d+ – [^<]*)</caption>", html)
    note = BudgetNote.objects.with_everything().get(pk=bi22.pk)
    pdf_html = note_html(note, list(District.objects.all()))
    printed = [
        f"{title} ({unit})" if unit else title
        for title, unit in re.findall(
            r'<span class="table-title">(Tabel \d+ – [^<]*)</span>'
            r'(?:<span class="table-unit">([^<]*)</span>)?',
            pdf_html,
        )
    ]
    assert page and page == printed
    totals_row = r'<tfoot>\s*<tr>\s*<th scope="row">([^<]*)</th>'
    page_totals = re.findall(totals_row, html)
    assert page_totals == re.findall(totals_row, pdf_html)
    assert ("Udgifter i alt (netto)" in page_totals) is (lines == "with an income line")


def test_the_note_page_offers_its_workbook_in_a_chosen_price_level(login, editor):
    import io

    from openpyxl import load_workbook

    client = login(editor)
    html = client.get("/budget-2026/BI22/").content.decode()
    assert 'action="/budget-2026/BI22/xlsx/"' in html
    assert "Notatets eget prisniveau (2026 p/l)" in html
    assert '<option value="2027">2027 p/l</option>' in html
    response = client.get("/budget-2026/BI22/xlsx/", {"pl": "2027"})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook["Bevillinger"]["A4"].value.startswith("Prisniveau: 1.000 kr., 2027 p/l")
