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
