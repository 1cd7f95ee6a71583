"""A sheet's workflow steps, as a note's: confirmed on a page of their own, sending back needs
a reason, the reason is kept in the sheet's history, the message is a Danish sentence."""

import pytest
from django.urls import reverse

from budgetnotes import workflow
from initiatives.expiry import history
from initiatives.models import ExpiryAssessment

pytestmark = pytest.mark.django_db

URL = reverse("assessment-workflow", args=["budget-2027", 7])


def sheet():
    return ExpiryAssessment.objects.get(round__slug="budget-2027", number=7)


def test_the_sheet_offers_its_steps_as_confirmation_pages(editor, login):
    client = login(editor)
    detail = client.get(reverse("assessment-detail", args=["budget-2027", 7])).content.decode()
    assert f'href="{URL}?action=submit"' in detail
    page = client.get(URL, {"action": "submit"}).content.decode()
    assert "Ja, send til godkendelse" in page and 'name="action" value="submit"' in page
    assert sheet().status == "kladde"


def test_sending_a_sheet_back_needs_a_reason_which_its_history_keeps(editor, approver, login):
    workflow.apply(editor, sheet(), "submit")
    client = login(approver)
    refused = client.post(URL, {"action": "send_back", "reason": ""})
    assert refused.status_code == 400
    assert "Skriv en begrundelse" in refused.content.decode()
    assert sheet().status == "til_godkendelse"
    response = client.post(
        URL, {"action": "send_back", "reason": "Beløbet for 2028 mangler."}, follow=True
    )
    assert "Nr. 7 er sendt tilbage til redaktøren som kladde." in response.content.decode()
    assert sheet().status == "kladde"
    newest = history.entries(sheet(), approver)[0]
    assert newest["what"] == (
        "Send tilbage til redaktøren – begrundelse: Beløbet for 2028 mangler."
    )
    assert newest["user"] == "Gustav Godkender"
