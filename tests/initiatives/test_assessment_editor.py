"""The assessment editor: both parts, economy per year, unique number, no lost updates, history."""

import pytest
from django.urls import reverse

from budgetnotes import workflow
from initiatives.models import ExpiryAssessment
from tests.initiatives.forms import form_data

pytestmark = pytest.mark.django_db

URL = reverse("assessment-edit", args=["budget-2027", 7])


def sheet(number=7):
    return ExpiryAssessment.objects.get(round__slug="budget-2027", number=number)


def page_data(client, url=URL):
    page = client.get(url)
    assert page.status_code == 200
    return form_data(
        page.context["form"], page.context["original_formset"], page.context["proposed_formset"]
    )


def test_the_editor_shows_the_stored_figures(editor, login):
    page = login(editor).get(URL)
    proposed = page.context["proposed_formset"]
    assert proposed.form.years == (2027, 2028, 2029, 2030)
    assert str(proposed.forms[0]["year_2027"].value()) == "500"
    assert 'value="500"' in page.content.decode()
    original = page.context["original_formset"]
    assert original.form.years[-1] == 2026


def test_save_changes_text_verdict_and_amounts(editor, login):
    client = login(editor)
    data = page_data(client)
    data.update(
        {
            "verdict": "uaendret",
            "adjusted_content": "Ny tekst",
            "proposed-0-year_2027": "1.250",
            "proposed-0-year_2030": "",
            "proposed-1-steering_area": "indsats",
            "proposed-1-administration": str(sheet().administration_id),
            "proposed-1-year_2028": "-300",
            "related": [str(sheet(19).pk)],
        }
    )
    response = client.post(URL, data)
    assert response.status_code == 302
    assessment = sheet()
    assert assessment.verdict == "uaendret" and assessment.adjusted_content == "Ny tekst"
    assert assessment.version == 2
    by_area = {line.steering_area: line.amounts for line in assessment.proposed_table.lines}
    assert by_area["service"] == {2027: 1_250, 2028: 500, 2029: 500}
    assert by_area["indsats"] == {2028: -300}
    assert list(assessment.related.values_list("number", flat=True)) == [19]
    assert list(sheet(19).related.order_by("number").values_list("number", flat=True)) == [7, 26]
    history = client.get(reverse("assessment-history", args=["budget-2027", 7]))
    html = history.content.decode()
    # the history's Før and Efter cells, in words (never the stored codes)
    assert "<td>Videreføres med justeringer</td><td>Videreføres uændret</td>" in html
    assert "uaendret" not in html
    assert "1.250" in html and "Rikke Redaktør" in html


def test_a_line_can_be_deleted(editor, login):
    client = login(editor)
    data = page_data(client, reverse("assessment-edit", args=["budget-2027", 28]))
    data["proposed-1-DELETE"] = "on"
    response = client.post(reverse("assessment-edit", args=["budget-2027", 28]), data)
    assert response.status_code == 302
    assert [line.steering_area for line in sheet(28).proposed_table.lines] == ["indsats"]


def test_a_line_added_in_place_of_deleted_ones_is_a_new_line(editor, login):
    """Matched by id, not by place: with every stored line deleted, the one added does not
    take over a deleted line's row (and its history)."""
    url = reverse("assessment-edit", args=["budget-2027", 28])
    client = login(editor)
    old = set(sheet(28).economy_lines.values_list("pk", flat=True))
    data = page_data(client, url)
    for name in [name for name in data if name.endswith("-id")]:
        data[name.removesuffix("id") + "DELETE"] = "on"
    data |= {
        "proposed-2-steering_area": "overfoersler",
        "proposed-2-administration": str(sheet(28).administration_id),
        "proposed-2-year_2027": "700",
    }
    assert client.post(url, data).status_code == 302
    kept = sheet(28).economy_lines.filter(kind="proposed")
    assert [(line.steering_area, line.amounts) for line in sheet(28).proposed_table.lines] == [
        ("overfoersler", {2027: 700})
    ]
    assert not old & set(kept.values_list("pk", flat=True))


def test_the_number_is_unique_in_the_round_and_editable(editor, login):
    client = login(editor)
    data = page_data(client)
    data["number"] = "8"
    response = client.post(URL, data)
    assert response.status_code == 200
    assert response.context["form"].errors["number"] == ["Nummeret er allerede brugt i runden."]
    data["number"] = "21"
    response = client.post(URL, data)
    assert response["Location"] == reverse("assessment-detail", args=["budget-2027", 21])


def test_bad_amount_is_refused_in_danish(editor, login):
    client = login(editor)
    data = page_data(client)
    data["proposed-0-year_2027"] = "0,5"
    response = client.post(URL, data)
    assert response.status_code == 200
    assert "hele 1.000 kr." in response.content.decode()
    assert sheet().version == 1


def test_no_lost_update(editor, login, approver):
    client = login(editor)
    mine = page_data(client)
    # Someone else saves in the meantime.
    other = login(editor)
    theirs = page_data(other)
    theirs["title"] = "Ny titel fra kollega"
    theirs["proposed-0-year_2027"] = "900"
    assert other.post(URL, theirs).status_code == 302
    assert sheet().version == 2

    mine["adjusted_content"] = "Min tekst"
    response = client.post(URL, mine)
    assert response.status_code == 409
    html = response.content.decode()
    assert "er ændret af Rikke Redaktør" in html
    assert "Titel" in html and "Økonomien" in html
    assert "Min tekst" in html  # the user's input is kept
    assessment = sheet()
    assert assessment.title == "Ny titel fra kollega" and assessment.adjusted_content != "Min tekst"
    assert response.context["form"]["version"].value() == "2"
    # Saving again, having seen the changes, goes through.
    again = form_data(
        response.context["form"],
        response.context["original_formset"],
        response.context["proposed_formset"],
    )
    assert client.post(URL, again).status_code == 302
    assert sheet().adjusted_content == "Min tekst" and sheet().version == 3


def test_a_submitted_assessment_is_locked(editor, login):
    workflow.apply(editor, sheet(), "submit")
    client = login(editor)
    assert client.get(URL).status_code == 403
    detail = client.get(reverse("assessment-detail", args=["budget-2027", 7])).content.decode()
    assert reverse("assessment-edit", args=["budget-2027", 7]) not in detail


def test_workflow_buttons_and_refusal(approver, editor, login):
    client = login(approver)
    url = reverse("assessment-workflow", args=["budget-2027", 7])
    response = client.post(url, {"action": "send"})
    assert response.status_code == 403
    assert client.post(url, {"action": "unknown"}).status_code == 403
    workflow.apply(editor, sheet(), "submit")
    detail = client.get(reverse("assessment-detail", args=["budget-2027", 7]))
    assert [t.name for t in detail.context["transitions"]] == ["approve", "send_back"]
    response = client.post(url, {"action": "approve"}, follow=True)
    assert sheet().status == "godkendt"
    assert "Nr. 7 er godkendt." in response.content.decode()
    assert sheet().history.first().history_user == approver


def test_a_line_may_name_the_committee_its_money_is_for(editor, login):
    """A sheet's money split between committees: each line names its committee, which the
    sheet's PDF prints beside the text and the interchange format carries."""
    from budgetnotes.models import BudgetRound, Committee
    from documents.interchange.format import export_round

    url = reverse("assessment-edit", args=["budget-2027", 28])
    client = login(editor)
    data = page_data(client, url)
    data["proposed-1-committee"] = str(Committee.objects.get(code="SOU").pk)
    assert client.post(url, data).status_code == 302
    line = sheet(28).economy_lines.filter(kind="proposed").order_by("position")[1]
    assert line.committee.code == "SOU" and "(SOU)" in line.as_total_line().label
    exported = export_round(BudgetRound.objects.get(slug="budget-2027"))
    item = next(a for a in exported["expiry_assessments"] if a["number"] == 28)
    assert [row["committee"] for row in item["economy_lines"] if row["kind"] == "proposed"] == [
        None,
        "SOU",
    ]
    assert "SOU" in {c["code"] for c in exported["reference"]["committees"]}
