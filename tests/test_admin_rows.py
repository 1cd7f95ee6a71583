"""The admin screens for single rows obey the access rule for the note they are put on."""

import pytest
from django.urls import reverse

from budgetnotes.models import BudgetNote, FundingLine

pytestmark = pytest.mark.django_db


def test_other_administrations_drafts_are_not_offered_and_cannot_be_written(client, sof_editor):
    bi22 = BudgetNote.objects.get(code="BI22")
    line = FundingLine.objects.filter(note=bi22).first()
    client.force_login(sof_editor)
    url = reverse("admin:budgetnotes_fundingline_add")
    page = client.get(url).content.decode()
    assert "BI22" not in page
    response = client.post(
        url,
        {
            "note": bi22.pk,
            "position": 9,
            "activity": "Indsat af SOF",
            "steering_area": "service",
            "committee": line.committee_id,
            "appropriation_area": line.appropriation_area_id,
            "income_expense": "U",
            "amounts-TOTAL_FORMS": "0",
            "amounts-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "note" in response.context["adminform"].form.errors
    assert not FundingLine.objects.filter(activity="Indsat af SOF").exists()


def test_own_drafts_are_offered(client, editor):
    client.force_login(editor)
    page = client.get(reverse("admin:budgetnotes_fundingline_add")).content.decode()
    assert "BI22" in page and "BI05" not in page  # BI05 is adopted: not editable
