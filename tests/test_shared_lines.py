"""A funding line shared between committees: one line with its own amounts, split into each
committee's part; the parts add up to the line year by year (checked by the write path), and
the committee distribution is computed from them (docs/domain.md §2)."""

import pytest
from django.urls import reverse

from budgetnotes.models import BudgetNote, FundingLinePart, PriceIndex
from budgetnotes.services import normalize, note_to_data, save_note
from budgetnotes.services.problems import NoteDataError

pytestmark = pytest.mark.django_db

PARTS = [
    {"committee": "BIU", "appropriation": "35.10", "amounts": {"2026": 1000, "2027": 1000}},
    {"committee": "SOU", "appropriation": None, "amounts": {"2026": 600, "2027": 600}},
    {"committee": "SUU", "appropriation": None, "amounts": {"2026": 400, "2027": 400}},
]


def shared(bi22, parts=PARTS, line=1):
    data = note_to_data(bi22)
    data["funding_lines"][line]["parts"] = parts
    return data


def test_a_shared_line_is_one_line_with_its_parts(bi22):
    data = shared(bi22)
    note = save_note(data, note=bi22)
    note = BudgetNote.objects.with_everything().get(pk=note.pk)
    assert note_to_data(note) == normalize(data)
    assert note_to_data(note)["funding_lines"][1]["amounts"] == {"2026": 2000, "2027": 2000}
    economy = note.economy_table()
    assert len(economy.lines) == 3 and economy.grand_total == 42_400
    distribution = economy.committee_distribution()
    by_committee = {}
    for row in distribution.lines:
        by_committee[row.committee] = by_committee.get(row.committee, 0) + row.total
    assert by_committee == {"BIU": 42_400 - 1_200 - 800, "SOU": 1_200, "SUU": 800}
    assert economy.committees == ["BIU", "SOU", "SUU"]


def test_parts_that_do_not_add_up_are_refused_at_the_line_and_year(bi22):
    parts = [dict(PARTS[0], amounts={"2026": 1000, "2027": 900}), PARTS[1], PARTS[2]]
    with pytest.raises(NoteDataError) as caught:
        save_note(shared(bi22, parts), note=bi22)
    assert [str(p) for p in caught.value.problems] == [
        "BI22, linje 2, 2027: Udvalgenes dele giver 1.900, men linjen har 2.000. Delene skal "
        "give linjens beløb.",
    ]
    assert {p.field for p in caught.value.problems} == {"parts"}
    assert not FundingLinePart.objects.filter(line__note=bi22).exists()


@pytest.fixture
def bi22(bi22):
    """BI22 with the second line over 2026–2027 only, so PARTS add up to it."""
    data = note_to_data(bi22)
    data["funding_lines"][1]["amounts"] = {"2026": 2000, "2027": 2000}
    return save_note(data, note=bi22)


@pytest.mark.parametrize(
    "parts, message",
    [
        (PARTS[:1], "En delt linje fordeles på 2 til 20 udvalg (her 1)."),
        ([PARTS[0], dict(PARTS[1], committee="BIU")], "Udvalget BIU har to dele af linjen."),
        ([dict(PARTS[0], committee="SOU"), PARTS[2]], "Ukendt bevilling: „35.10“."),
        ([dict(PARTS[0], amounts={"2026": "mange"}), PARTS[1]], "„mange“ er ikke et beløb"),
        ("BIU", "Fordelingen på udvalg skal være en liste af dele."),
    ],
)
def test_bad_parts_are_refused_in_danish(bi22, parts, message):
    with pytest.raises(NoteDataError) as caught:
        save_note(shared(bi22, parts), note=bi22)
    assert any(message in str(problem) for problem in caught.value.problems), [
        str(p) for p in caught.value.problems
    ]
    assert not FundingLinePart.objects.filter(line__note=bi22).exists()


def test_a_line_no_longer_shared_loses_its_parts(bi22):
    save_note(shared(bi22), note=bi22)
    assert FundingLinePart.objects.filter(line__note=bi22).count() == 3
    data = note_to_data(BudgetNote.objects.with_everything().get(pk=bi22.pk))
    del data["funding_lines"][1]["parts"]
    save_note(data, note=bi22)
    assert not FundingLinePart.objects.filter(line__note=bi22).exists()


def test_the_page_and_the_pdf_print_the_line_once_with_its_parts_and_distribution(
    bi22, login, editor
):
    from documents.pdf.catalogue import note_pdf
    from tests.pdf.conftest import pdf_pages

    save_note(shared(bi22), note=bi22)
    note = BudgetNote.objects.with_everything().get(pk=bi22.pk)
    page = login(editor).get(note.get_absolute_url()).content.decode()
    assert page.count('<th scope="row">Efterværn varetaget af konsulenter til efterværn.</th>') == 1
    assert '<th scope="row">heraf SOU</th>' in page and '<th scope="row">heraf SUU</th>' in page
    assert "Fordeling mellem udvalg" in page
    text = "\n".join(pdf_pages(note_pdf(note)))
    assert text.count("Efterværn varetaget af") == 1
    line = next(row for row in text.splitlines() if "Efterværn varetaget" in row)
    assert "Delt" in line and "4.000" in line
    assert "heraf SOU" in text and "heraf SUU" in text
    distribution = text[text.index("Fordeling mellem udvalg") :]
    sou = next(row for row in distribution.splitlines() if row.strip().startswith("SOU"))
    assert "600" in sou and "1.200" in sou


def test_the_editor_splits_a_line_and_keeps_the_split(bi22, login, editor, editor_post):
    client = login(editor)
    url = reverse("note-edit", args=["budget-2026", "BI22"])
    post = editor_post(bi22)
    post |= {"parts-TOTAL_FORMS": "2"}
    post |= {"parts-0-line": "1", "parts-0-committee": "BIU", "parts-0-appropriation": "BIU 35.10"}
    post |= {"parts-0-year_2026": "1.500", "parts-0-year_2027": "1.500"}
    post |= {"parts-1-line": "1", "parts-1-committee": "SOU", "parts-1-appropriation": ""}
    post |= {"parts-1-year_2026": "500", "parts-1-year_2027": "600"}
    response = client.post(url, post)
    assert response.status_code == 200
    assert "Udvalgenes dele giver 2.100, men linjen har 2.000" in response.content.decode()
    assert not FundingLinePart.objects.filter(line__note=bi22).exists()
    post["parts-1-year_2027"] = "500"
    assert client.post(url, post).status_code == 302
    assert [
        (p.committee.code, p.position) for p in FundingLinePart.objects.filter(line__note=bi22)
    ] == [
        ("BIU", 0),
        ("SOU", 1),
    ]
    again = editor_post(bi22)  # the editor shows the split, and an unchanged save keeps it
    assert again["parts-1-committee"] == "SOU" and again["parts-0-year_2026"] == "1.500"
    assert client.post(url, again).status_code == 302
    assert FundingLinePart.objects.filter(line__note=bi22).count() == 2


def test_a_part_of_a_removed_line_is_refused(bi22, login, editor, editor_post):
    save_note(shared(bi22), note=bi22)
    post = editor_post(bi22)
    post["lines-1-DELETE"] = "on"
    response = login(editor).post(reverse("note-edit", args=["budget-2026", "BI22"]), post)
    assert response.status_code == 200
    assert "En udvalgsdel hører til en linje, der er fjernet." in response.content.decode()
    assert FundingLinePart.objects.filter(line__note=bi22).count() == 3


def test_a_converted_copy_keeps_the_parts_adding_up(bi22):
    from budgetnotes.services.reshaping import reshape

    save_note(shared(bi22), note=bi22)
    data = note_to_data(BudgetNote.objects.with_everything().get(pk=bi22.pk))
    new, _dropped = reshape(
        data,
        first_year=2026,
        last_year=2029,
        price_level=2027,
        convert=True,
        indices=PriceIndex.objects.table(),
    )
    line = new["funding_lines"][1]
    assert line["amounts"] == {"2026": 2047, "2027": 2047}
    for year in ("2026", "2027"):
        assert sum(part["amounts"][year] for part in line["parts"]) == 2047
    save_note(new | {"code": "BI99", "round": "budget-2027", "status": "kladde"})


def test_parts_without_appropriation_are_flagged_on_the_page(login, editor):
    note = BudgetNote.objects.get(round__slug="budget-2027", code="BI41")
    page = login(editor).get(note.get_absolute_url()).content.decode()
    assert "Bevillingen mangler 2 steder" in page
    assert "Linje 1: Fælles ungeteam på tværs af tre forvaltninger, heraf SOU" in page
    assert "heraf BUU</li>" in page and "heraf BIU</li>" not in page


def test_the_admin_keeps_conversions_own_years(bi22, login, editor):
    """An unchanged admin save of a note whose conversions have years of their own keeps
    their amounts (the inline shows the conversions' years, not the note's)."""
    from budgetnotes.models import ConversionAmount
    from tests.test_admin import current_form_data

    data = note_to_data(bi22) | {"conversions_first_year": 2024, "conversions_last_year": 2025}
    data["conversions"] = [
        {"text": "Pulje", "steering_area": "service", "amounts": {"2024": 500, "2025": 700}}
    ]
    save_note(data, note=bi22)
    client = login(editor)
    url = reverse("admin:budgetnotes_budgetnote_change", args=[bi22.pk])
    response = client.post(url, current_form_data(client, url))
    assert response.status_code == 302
    assert sorted(
        ConversionAmount.objects.filter(conversion__note=bi22).values_list("year", "amount")
    ) == [
        (2024, 500),
        (2025, 700),
    ]
    editor_page = client.get(reverse("note-edit", args=["budget-2026", "BI22"])).content.decode()
    conversions = editor_page[editor_page.index('id="conversions-heading"') :]
    header = conversions[: conversions.index("</thead>")]
    assert ">2024</th>" in header and ">2025</th>" in header and ">2026</th>" not in header


def test_a_save_that_only_moves_money_between_parts_is_in_the_history(login, editor):
    note = BudgetNote.objects.with_everything().get(round__slug="budget-2027", code="BI41")
    data = note_to_data(note)
    parts = data["funding_lines"][0]["parts"]
    parts[0]["amounts"]["2027"] -= 500
    parts[1]["amounts"]["2027"] += 500
    save_note(data, note=note, user=editor)
    url = reverse("note-history", args=["budget-2027", "BI41"])
    entry = login(editor).get(url).context["entries"][0]
    assert entry.version == 2
    whats = [(change.what, change.old, change.new) for change in entry.changes]
    line = "Linje Fælles ungeteam på tværs af tre forvaltninger"
    assert (f"{line}, heraf BIU, 2027", "2.000", "1.500") in whats
    assert (f"{line}, heraf SOU, 2027", "1.200", "1.700") in whats


def test_a_part_given_an_appropriation_shows_in_the_history(login, editor):
    note = BudgetNote.objects.with_everything().get(round__slug="budget-2027", code="BI41")
    data = note_to_data(note)
    data["funding_lines"][0]["parts"][0]["appropriation"] = "35.30"
    save_note(data, note=note, user=editor)
    url = reverse("note-history", args=["budget-2027", "BI41"])
    entry = login(editor).get(url).context["entries"][0]
    whats = [(change.what, change.old, change.new) for change in entry.changes]
    line = "Linje Fælles ungeteam på tværs af tre forvaltninger, heraf BIU"
    assert (f"{line}, bevilling", "BIU 35.10", "BIU 35.30") in whats
