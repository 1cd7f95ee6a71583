"""The admin screens for single rows are read-only: rows are written with their note, so
nobody, of any administration, adds or changes a row there."""

import pytest
from django.urls import reverse

from budgetnotes.models import BudgetNote, FundingLine

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["redaktor", "sof-redaktor"])
def test_nobody_adds_a_row_on_its_own_screen(client, personas, persona):
    bi22 = BudgetNote.objects.get(code="BI22")
    line = FundingLine.objects.filter(note=bi22).first()
    client.force_login(personas[persona])
    url = reverse("admin:budgetnotes_fundingline_add")
    assert client.get(url).status_code == 403
    response = client.post(
        url,
        {
            "note": bi22.pk,
            "position": 9,
            "activity": "Indsat på rækkens egen side",
            "steering_area": "service",
            "committee": line.committee_id,
            "appropriation_area": line.appropriation_area_id,
            "income_expense": "U",
            "amounts-TOTAL_FORMS": "0",
            "amounts-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 403
    assert not FundingLine.objects.filter(activity="Indsat på rækkens egen side").exists()


def test_other_administrations_drafts_are_not_listed(client, sof_editor, editor):
    url = reverse("admin:budgetnotes_fundingline_changelist")
    client.force_login(sof_editor)
    assert "Peer to peer-medarbejdere" not in client.get(url).content.decode()
    client.force_login(editor)
    assert "Peer to peer-medarbejdere" in client.get(url).content.decode()
