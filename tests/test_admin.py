"""The Django admin: BI22 with its lines and computed totals; bad input refused in Danish."""

import pytest
from django.urls import reverse

from budgetnotes.models import BudgetNote, FundingAmount, FundingLine
from initiatives.models import Financing
from tests.builders import make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def bi22(db):
    return BudgetNote.objects.get(code="BI22")


def change_url(note):
    return reverse("admin:budgetnotes_budgetnote_change", args=[note.pk])


def current_form_data(client, url):
    """The change form as the browser would post it back, unchanged."""
    response = client.get(url)
    assert response.status_code == 200
    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, list):
            data[name] = [str(item) for item in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = value
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management[name].value()
        for inline_form in formset.formset.forms:
            for name in inline_form.fields:
                value = inline_form[name].value()
                if value is None or value is False:
                    continue
                if value is True:
                    value = "on"
                data[f"{inline_form.prefix}-{name}"] = value
    return data


def test_admin_shows_bi22_lines_and_computed_totals(client, editor, bi22):
    client.force_login(editor)
    response = client.get(change_url(bi22))
    html = response.content.decode()
    lines = response.context["inline_admin_formsets"][1].formset
    assert len(lines.forms) == 3
    assert [form["year_2027"].value() for form in lines.forms] == ["7.600", "2.000", "2.000"]
    assert html.count("11.600") >= 4 and "46.400" in html
    assert "20.600" in html  # previously allocated funds, computed
    assert "Beslutningsteksten stemmer med linjerne." in html


def test_changelist_filters_and_shows_totals(client, analyst):
    client.force_login(analyst)
    url = reverse("admin:budgetnotes_budgetnote_changelist")
    response = client.get(url, {"q": "BI22"})
    assert response.status_code == 200
    assert "46.400" in response.content.decode()
    response = client.get(url, {"status__exact": "vedtaget"})
    assert [note.code for note in response.context["cl"].result_list] == ["BI05"]


def test_changing_an_amount_recomputes_the_totals(client, editor, bi22):
    client.force_login(editor)
    url = change_url(bi22)
    data = current_form_data(client, url)
    line_prefix = "funding_lines-0"
    assert data[f"{line_prefix}-id"] == FundingLine.objects.get(note=bi22, position=1).pk
    data[f"{line_prefix}-year_2027"] = "7.700"
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert FundingAmount.objects.get(line__note=bi22, line__position=1, year=2027).amount == 7700
    html = client.get(url).content.decode()
    assert "11.700" in html and "46.500" in html


def test_text_in_an_amount_is_refused_on_the_field_and_nothing_is_lost(client, editor, bi22):
    client.force_login(editor)
    url = change_url(bi22)
    data = current_form_data(client, url)
    line_prefix = "funding_lines-0"
    data[f"{line_prefix}-year_2027"] = "syv tusind"
    data[f"{line_prefix}-year_2028"] = "7.800"
    data["title"] = "Ny titel, som ikke må gå tabt"
    response = client.post(url, data)
    assert response.status_code == 200
    lines = response.context["inline_admin_formsets"][1].formset
    assert lines.forms[0].errors["year_2027"] == [
        "„syv tusind“ er ikke et beløb. Skriv fx 7.600, 7600 eller -900."
    ]
    html = response.content.decode()
    assert 'value="syv tusind"' in html and 'value="7.800"' in html
    assert 'value="Ny titel, som ikke må gå tabt"' in html
    bi22.refresh_from_db()
    assert bi22.title != "Ny titel, som ikke må gå tabt"
    assert FundingAmount.objects.get(line__note=bi22, line__position=1, year=2028).amount == 7600


def test_a_rows_own_screen_is_read_only_and_points_to_where_it_is_edited(client, editor, bi22):
    """Rows are written with their note (the one write path): a single row's screen shows
    it and links to the note's editor and the note's admin screen."""
    client.force_login(editor)
    line = FundingLine.objects.get(note=bi22, position=1)
    url = reverse("admin:budgetnotes_fundingline_change", args=[line.pk])
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="_save"' not in html
    assert reverse("note-edit", args=["budget-2026", "BI22"]) in html
    assert client.post(url, {"activity": "Ændret"}).status_code == 403
    assert client.get(reverse("admin:budgetnotes_fundingline_add")).status_code == 403
    line.refresh_from_db()
    assert line.activity != "Ændret"


def test_an_admin_save_and_an_editor_save_never_overwrite_each_other(
    client, editor, editor_post, bi22
):
    """Opened in the editor, saved in the admin, then saved in the editor: 409, not a silent
    overwrite; and an admin form opened before an editor save is refused the same way."""
    opened_in_editor = editor_post(bi22)
    client.force_login(editor)
    url = change_url(bi22)
    data = current_form_data(client, url)
    data["title"] = "Gemt i administrationen"
    assert client.post(url, data).status_code == 302
    bi22.refresh_from_db()
    assert bi22.title == "Gemt i administrationen" and bi22.version == 2

    opened_in_editor["title"] = "Gemt i editoren"
    response = client.post("/budget-2026/BI22/rediger/", opened_in_editor)
    assert response.status_code == 409
    bi22.refresh_from_db()
    assert bi22.title == "Gemt i administrationen"

    stale_admin = current_form_data(client, url)
    fresh = editor_post(bi22)
    fresh["title"] = "Gemt i editoren"
    assert client.post("/budget-2026/BI22/rediger/", fresh).status_code == 302
    stale_admin["title"] = "Gammel administrationsformular"
    response = client.post(url, stale_admin)
    assert response.status_code == 200
    assert "Notatet er gemt af en anden, siden du åbnede det" in response.content.decode()
    bi22.refresh_from_db()
    assert bi22.title == "Gemt i editoren"


def test_shrinking_the_notes_years_below_its_amounts_is_refused(client, editor, bi22):
    client.force_login(editor)
    url = change_url(bi22)
    data = current_form_data(client, url)
    data["first_year"] = "2027"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "uden for 2027–2029" in response.context["adminform"].form.errors["first_year"][0]


def test_duplicate_code_in_a_round_is_refused_on_the_code_field(client, editor, bi22):
    client.force_login(editor)
    url = reverse("admin:budgetnotes_budgetnote_add")
    data = {
        "round": bi22.round_id,
        "code": "bi22",
        "title": "Et andet notat",
        "administration": bi22.administration_id,
        "committee": bi22.committee_id,
        "category": "need_to",
        "price_level": "2026",
        "first_year": "2026",
        "last_year": "2029",
        "effect_layout": "standard",  # the add form's preselected default
    }
    response = client.post(url, data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["code"] == ["Der findes allerede et notat med denne kode i runden."]
    assert 'value="Et andet notat"' in response.content.decode()
    data["code"] = "BI23"
    response = client.post(url, data)
    assert response.status_code == 302
    assert BudgetNote.objects.filter(round=bi22.round, code="BI23").exists()


def test_other_administrations_editor_cannot_see_the_draft(client, sof_editor, bi22):
    client.force_login(sof_editor)
    response = client.get(change_url(bi22))
    assert response.status_code == 302  # admin's "does not exist" redirect to the index
    listing = client.get(reverse("admin:budgetnotes_budgetnote_changelist"))
    assert "BI22" not in listing.content.decode()


def test_analyst_reads_but_cannot_change(client, analyst, bi22):
    client.force_login(analyst)
    url = change_url(bi22)
    response = client.get(url)
    assert response.status_code == 200
    assert 'name="_save"' not in response.content.decode()
    assert client.post(url, {"title": "x"}).status_code == 403


def test_sent_note_is_read_only_even_for_its_editor(client, editor, bi22):
    bi22.status = "fremsendt"
    bi22.save()
    client.force_login(editor)
    response = client.get(change_url(bi22))
    assert response.status_code == 200
    assert 'name="_save"' not in response.content.decode()


def test_the_round_is_shown_not_offered_once_the_note_exists(client, editor, bi22):
    """save_note keeps a note in its round: the change form shows the round as text, and a
    round posted all the same changes nothing."""
    other = make_round(2031)
    client.force_login(editor)
    url = change_url(bi22)
    response = client.get(url)
    assert "round" not in response.context["adminform"].form.fields
    assert "Budget 2026" in response.content.decode()
    data = current_form_data(client, url)
    data["round"] = other.pk
    data["title"] = "Ny titel"
    assert client.post(url, data).status_code == 302
    bi22.refresh_from_db()
    assert bi22.round.slug == "budget-2026" and bi22.title == "Ny titel"


def test_renumbering_a_scenario_in_the_admin_takes_its_lines_along(client, editor, bi22):
    """The lines name their scenario by its new number; no line is lost or remade, and the
    lines keep their initiatives."""
    lines = {line.pk: line.activity for line in bi22.funding_lines.all()}
    financed = set(Financing.objects.filter(line__note=bi22).values_list("line", flat=True))
    client.force_login(editor)
    url = change_url(bi22)
    data = current_form_data(client, url)
    assert data["scenarios-0-number"] == 1
    data["scenarios-0-number"] = "3"
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert list(bi22.scenarios.values_list("number", flat=True)) == [3]
    assert {line.pk: line.activity for line in bi22.funding_lines.all()} == lines
    assert set(bi22.funding_lines.values_list("scenario__number", flat=True)) == {3}
    assert set(Financing.objects.filter(line__note=bi22).values_list("line", flat=True)) == (
        financed
    )
