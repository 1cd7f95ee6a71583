"""The admin of initiatives and assessments follows the same access rule as the pages."""

import pytest
from django.urls import reverse

from initiatives.models import ExpiryAssessment, Initiative

pytestmark = pytest.mark.django_db


def test_assessment_admin_follows_the_access_rule(personas, login):
    assessment = ExpiryAssessment.objects.get(round__slug="budget-2027", number=2)
    url = reverse("admin:initiatives_expiryassessment_change", args=[assessment.pk])
    changelist = reverse("admin:initiatives_expiryassessment_changelist")
    for name, user in personas.items():
        client = login(user)
        response = client.get(url)
        listed = client.get(changelist).context["cl"].result_count
        if name == "sof-redaktor":
            assert response.status_code == 302 and listed == 0
            continue
        assert response.status_code == 200 and listed == 27, name
        editable = 'name="title"' in response.content.decode()
        assert editable is (name == "redaktor"), name


def test_assessment_admin_shows_computed_totals(editor, login):
    changelist = login(editor).get(reverse("admin:initiatives_expiryassessment_changelist"))
    html = changelist.content.decode()
    assert "10.900" in html  # sheet 2: 9.500 + 1.400 proposed for 2027


def test_initiative_admin_is_read_by_all_and_changed_by_the_editor(personas, login):
    plan = Initiative.objects.filter(target_groups__isnull=False).first()
    url = reverse("admin:initiatives_initiative_change", args=[plan.pk])
    for name, user in personas.items():
        response = login(user).get(url)
        assert response.status_code == 200, name
        assert ('name="name"' in response.content.decode()) is (name == "redaktor"), name


def test_an_admin_save_and_a_page_save_of_a_sheet_never_overwrite_each_other(editor, login):
    """The admin writes a sheet through the same write path as its page, against the version
    its form was opened at: opened on the page, saved in the admin, saved on the page → 409."""
    from tests.initiatives.forms import form_data
    from tests.test_admin import current_form_data

    sheet = ExpiryAssessment.objects.get(round__slug="budget-2027", number=7)
    page_url = reverse("assessment-edit", args=["budget-2027", 7])
    admin_url = reverse("admin:initiatives_expiryassessment_change", args=[sheet.pk])
    client = login(editor)
    page = client.get(page_url)
    opened = form_data(
        page.context["form"], page.context["original_formset"], page.context["proposed_formset"]
    )
    posted = current_form_data(client, admin_url)
    posted["title"] = "Rettet i administrationen"
    response = client.post(admin_url, posted)
    assert response.status_code == 302, response.context and response.context["errors"]
    sheet.refresh_from_db()
    assert sheet.title == "Rettet i administrationen" and sheet.version == 2
    assert sheet.economy_lines.count() == 2  # the admin leaves the economy as it is

    opened["title"] = "Rettet på siden"
    assert client.post(page_url, opened).status_code == 409
    sheet.refresh_from_db()
    assert sheet.title == "Rettet i administrationen"

    posted["title"] = "En gammel administrationsformular"
    response = client.post(admin_url, posted)
    assert response.status_code == 200
    assert "Vurderingen er gemt af en anden, siden du åbnede den" in response.content.decode()


def test_a_sheets_round_is_shown_not_offered_once_it_exists(editor, login):
    from tests.builders import make_round
    from tests.test_admin import current_form_data

    other = make_round(2031)
    sheet = ExpiryAssessment.objects.get(round__slug="budget-2027", number=7)
    url = reverse("admin:initiatives_expiryassessment_change", args=[sheet.pk])
    client = login(editor)
    assert "round" not in client.get(url).context["adminform"].form.fields
    posted = current_form_data(client, url)
    posted["round"] = other.pk
    posted["title"] = "Rettet i administrationen"
    response = client.post(url, posted)
    assert response.status_code == 302, response.context and response.context["errors"]
    sheet.refresh_from_db()
    assert sheet.round.slug == "budget-2027" and sheet.title == "Rettet i administrationen"
