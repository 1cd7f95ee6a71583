"""Hostile input that used to give server errors (on SQLite and PostgreSQL: the suite runs on
both): huge amounts, files that are no interchange file, long searches, NUL characters and
other scripts' digits. Each now gets a Danish message at its place, or is cleaned."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from budgetnotes.models import BudgetNote, BudgetRound
from budgetnotes.numbers import AmountError, parse_amount
from documents.interchange.format import export_round
from tests.initiatives.forms import form_data

pytestmark = pytest.mark.django_db

EDIT = "/budget-2026/BI22/rediger/"
TOTALS = "/budget-2026/BI22/rediger/totaler/"
UPLOAD = reverse("round-import", args=["budget-2026"])
HUGE = "9" * 5000


def test_a_5000_digit_amount_in_the_editor_is_a_field_error(login, editor, editor_post, bi22):
    post = editor_post(bi22)
    post["lines-0-year_2027"] = HUGE
    response = login(editor).post(EDIT, post)
    assert response.status_code == 200
    assert "Beløbet er urealistisk stort (over 10 mia. kr.)." in response.content.decode()
    bi22.refresh_from_db()
    assert bi22.version == 1


LEADING_ZEROS = "0" * 5000 + "1"  # passes a digit count that ignores zeros, not int()


@pytest.mark.parametrize("amount", [HUGE, LEADING_ZEROS, "0." + "000." * 1500 + "001"])
def test_a_5000_digit_amount_in_live_totals_is_left_out_or_read(
    login, editor, editor_post, bi22, amount
):
    post = editor_post(bi22)
    post["lines-0-year_2027"] = amount
    response = login(editor).post(TOTALS, post)
    assert response.status_code == 200
    html = response.content.decode()
    # 2027 without the peer line's 7.600 is 4.000; read as 1 it is 4.001.
    expected = "4.000" if amount == HUGE else "4.001"
    assert f'id="lines-total-2027" hx-swap-oob="true">{expected}<' in html


def test_a_huge_form_count_in_live_totals_is_no_server_error(login, editor, editor_post, bi22):
    post = editor_post(bi22)
    post["lines-TOTAL_FORMS"] = HUGE
    assert login(editor).post(TOTALS, post).status_code == 200


def test_leading_zeros_are_read_as_the_number(login, editor, editor_post, bi22):
    post = editor_post(bi22)
    post["lines-0-year_2027"] = LEADING_ZEROS
    assert login(editor).post(EDIT, post).status_code == 302
    assert bi22.funding_lines.first().amounts.get(year=2027).amount == 1


def test_a_5000_digit_amount_in_the_assessment_editor_is_a_field_error(editor, login):
    url = reverse("assessment-edit", args=["budget-2027", 7])
    client = login(editor)
    page = client.get(url)
    data = form_data(
        page.context["form"], page.context["original_formset"], page.context["proposed_formset"]
    )
    data["proposed-0-year_2027"] = HUGE
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Beløbet er urealistisk stort" in response.content.decode()


@pytest.mark.parametrize("text", ["٧٦٠٠", "７６００", "٣٤", "7٦00"])
def test_amounts_take_ascii_digits_only(text):
    with pytest.raises(AmountError):
        parse_amount(text)


def test_other_scripts_digits_in_the_editor_are_a_field_error(login, editor, editor_post, bi22):
    post = editor_post(bi22)
    post["lines-0-year_2027"] = "٧٦٠٠"
    response = login(editor).post(EDIT, post)
    assert response.status_code == 200
    assert "er ikke et beløb" in response.content.decode()


def upload(client, payload):
    file = SimpleUploadedFile("notater.json", payload, "application/json")
    return client.post(UPLOAD, {"file": file})


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (
            b'{"format": "budgetnotatregister/1", "round": {"slug": "budget-2026", "kind": '
            b'"budget", "year": 2026}, "notes": 7, "expiry_assessments": []}',
            "notes: skal være en liste.",
        ),
        (b"[" * 100_000 + b"]" * 100_000, "for mange niveauer inden i hinanden"),
        (b'{"notes": ' + HUGE.encode() + b"}", "et tal med alt for mange cifre"),
        (b'{"notes": [1, 2', "Filen er ikke gyldig JSON (linje 1, tegn 16)."),
    ],
)
def test_files_that_are_no_interchange_file_get_a_danish_message(client, editor, payload, message):
    client.force_login(editor)
    response = upload(client, payload)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_nul_characters_in_an_imported_file_are_removed(client, editor):
    data = export_round(BudgetRound.objects.get(slug="budget-2026"))
    note = data["notes"][0]
    note["code"] = "BI51"
    note["title"] = "Titel\x00 med nul"
    note["background"] = "\x00"
    client.force_login(editor)
    response = upload(client, json.dumps(data).encode())
    assert response.status_code == 302, response.content.decode()[-2000:]
    imported = BudgetNote.objects.get(code="BI51")
    assert imported.title == "Titel med nul"
    assert imported.background == ""


def test_a_900_word_search_uses_ten_words_and_says_so(login, editor):
    query = " ".join(["peer"] + [f"ord{n}" for n in range(899)])
    response = login(editor).get("/budget-2026/", {"q": query})
    assert response.status_code == 200
    assert "Der søges kun på de første 10 ord" in response.content.decode()
    workbook = login(editor).get("/budget-2026/xlsx/", {"q": query})
    assert workbook.status_code == 200


def test_a_900_word_search_in_the_admin(admin_client):
    query = " ".join(f"ord{n}" for n in range(900))
    response = admin_client.get(reverse("admin:budgetnotes_budgetnote_changelist"), {"q": query})
    assert response.status_code == 200
    assert "Der søges kun på de første 10 ord" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/budget-2026/?q=%00",
        "/budget-2026/?q=a%00b&committee=BIU%00",
        "/budget-2026/xlsx/?q=%00",
        "/budget-2027/udloeb/vurderinger/?q=%00",
        "/indsatser/?q=%00",
        "/admin/budgetnotes/budgetnote/?q=%00",
        "/admin/budgetnotes/budgetnote/?status__exact=%00",
        "/admin/initiatives/expiryassessment/?q=%00&verdict__exact=%00",
        "/admin/budgetnotes/fundingline/?q=%00",
    ],
)
def test_nul_in_a_query_string_is_no_server_error(admin_client, url):
    """SQLite stores and compares a NUL; PostgreSQL raised DataError: the PostgreSQL pass is
    where this fails without StripNulMiddleware."""
    response = admin_client.get(url)
    assert response.status_code in (200, 302)


def test_nul_in_a_posted_form_is_removed(login, editor, editor_post, bi22):
    post = editor_post(bi22)
    post["title"] = "Ny\x00 titel"
    post["lines-0-activity"] = "Peer\x00"
    assert login(editor).post(EDIT, post).status_code == 302
    bi22.refresh_from_db()
    assert bi22.title == "Ny titel"
    assert bi22.funding_lines.first().activity == "Peer"


def test_a_nul_character_in_a_cookie_is_no_server_error(client, db):
    """Django reads the octal escape as a real NUL; PostgreSQL could not look the session up."""
    for url in ("/login/", "/budget-2026/"):
        response = client.get(url, HTTP_COOKIE='sessionid="abcdefghij\\000x"; csrftoken="a\\000"')
        assert response.status_code in (200, 302)


def test_a_file_full_of_schema_errors_is_answered_quickly_with_the_first_ones(client, editor):
    head = (
        b'{"format": "budgetnotatregister/1", "round": {"slug": "budget-2026", "kind": "budget", '
    )
    payload = (
        head
        + b'"year": 2026}, "notes": ['
        + b",".join([b"0"] * 400_000)
        + b'], "expiry_assessments": []}'
    )
    client.force_login(editor)
    response = upload(client, payload)
    assert response.status_code == 400
    html = response.content.decode()
    assert "notes: højst 5.000 rækker (der er 400.000)." in html
    assert "… og flere fejl; de første 100 er vist." in html
    listed = html.split("Intet er indlæst")[1].split("</ul>")[0]
    assert listed.count("<li>") == 101


def test_an_upload_of_more_notes_than_the_limit_is_refused(client, editor):
    data = export_round(BudgetRound.objects.get(slug="budget-2026"))
    note = data["notes"][0]
    data["notes"] = [dict(note, code=f"BI{100 + n}", funding_lines=[]) for n in range(201)]
    client.force_login(editor)
    response = upload(client, json.dumps(data).encode())
    assert response.status_code == 400
    assert "Filen har 201 notater; der kan højst indlæses 200 ad gangen her." in (
        response.content.decode()
    )


def test_a_file_for_another_round_is_refused(client, editor):
    data = export_round(BudgetRound.objects.get(slug="budget-2027"))
    client.force_login(editor)
    response = upload(client, json.dumps(data).encode())
    assert response.status_code == 400
    assert "Filen er for runden „budget-2027“, ikke Budget 2026; indlæs den der." in (
        response.content.decode()
    )


def test_a_60000_character_search_word(login, editor):
    response = login(editor).get("/budget-2026/", {"q": "x" * 60_000})
    assert response.status_code == 200
    assert "Der søges kun på de første 100 tegn af hvert ord." in response.content.decode()
