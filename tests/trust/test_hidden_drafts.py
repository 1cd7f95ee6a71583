"""Nothing of a note the user may not read: not its address through the admin's "view on
site" jump, not its code or title on a sent assessment's admin screen or history."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from budgetnotes.choices import Status
from budgetnotes.models import BudgetNote, BudgetRound
from initiatives.models import ExpiryAssessment
from tests.builders import make_assessment
from tests.initiatives.forms import form_data

pytestmark = pytest.mark.django_db


def view_on_site(obj):
    content_type = ContentType.objects.get_for_model(obj)
    return reverse("admin:view_on_site", args=[content_type.pk, obj.pk])


def test_view_on_site_does_not_lead_to_another_administrations_draft(client, sof_editor, bi22):
    client.force_login(sof_editor)
    for obj in (bi22, bi22.funding_lines.first()):
        response = client.get(view_on_site(obj))
        assert response.status_code == 404
        assert "BI22" not in response.get("Location", "")
        assert "budget-2026" not in response.get("Location", "")


def test_view_on_site_still_leads_to_what_the_user_may_read(client, editor, sof_editor, bi22):
    client.force_login(editor)
    response = client.get(view_on_site(bi22))
    assert response.status_code == 302
    assert response["Location"].endswith("/budget-2026/BI22/")
    sent = BudgetNote.objects.get(code="BI05")  # adopted: everyone reads it
    client.force_login(sof_editor)
    assert client.get(view_on_site(sent)).status_code == 302


@pytest.fixture
def sent_sheet_with_draft_follow_up(editor):
    """Sheet nr. 7 (BIF), followed up by a new BIF draft note, then sent (readable by all)."""
    from django.test import Client

    client = Client()
    client.force_login(editor)
    url = reverse("assessment-follow-up", args=["budget-2027", 7])
    page = client.get(url)
    assert page.status_code == 200
    data = form_data(page.context["form"])
    data["code"] = "BI77"
    response = client.post(url, data)
    assert response.status_code == 302, page.context["form"].errors
    sheet = ExpiryAssessment.objects.get(round__slug="budget-2027", number=7)
    note = sheet.follow_up_note
    assert note.code == "BI77" and note.status == Status.DRAFT
    ExpiryAssessment.objects.filter(pk=sheet.pk).update(status=Status.SENT)
    return sheet, note


def test_a_sent_sheets_history_and_admin_do_not_name_a_hidden_follow_up_note(
    client, sof_editor, editor, sent_sheet_with_draft_follow_up
):
    sheet, note = sent_sheet_with_draft_follow_up
    pages = [
        reverse("assessment-history", args=["budget-2027", 7]),
        reverse("assessment-detail", args=["budget-2027", 7]),
        reverse("admin:initiatives_expiryassessment_change", args=[sheet.pk]),
        reverse("admin:initiatives_expiryassessment_history", args=[sheet.pk]),
    ]
    client.force_login(sof_editor)
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "BI77" not in html, url  # (its title is the sheet's own, so not checked)
        assert note.get_absolute_url() not in html, url

    # Its own administration sees the link.
    client.force_login(editor)
    history = client.get(pages[0]).content.decode()
    assert "BI77" in history
    assert "BI77" in client.get(pages[2]).content.decode()


def test_a_sent_sheets_admin_screen_lists_only_related_sheets_the_user_may_read(client, sof_editor):
    sent = ExpiryAssessment.objects.get(round__slug="budget-2027", number=7)
    draft = ExpiryAssessment.objects.get(round__slug="budget-2027", number=2)  # a BIF draft
    sent.related.add(draft)
    ExpiryAssessment.objects.filter(pk=sent.pk).update(status=Status.SENT)
    client.force_login(sof_editor)
    url = reverse("admin:initiatives_expiryassessment_change", args=[sent.pk])
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "relaterede vurderinger" in html.lower()
    assert draft.title not in html
    assert "Nr. 2 " not in html


def test_the_admin_links_sheets_only_within_their_round(client, editor):
    sheet = ExpiryAssessment.objects.get(round__slug="budget-2027", number=7)
    other_round = make_assessment(
        BudgetRound.objects.get(slug="budget-2026"),
        1,
        administration=sheet.administration.code,
        title="Et ark i en anden runde",
    )
    client.force_login(editor)
    url = reverse("admin:initiatives_expiryassessment_change", args=[sheet.pk])
    form = client.get(url).context["adminform"].form
    offered = form.fields["related"].queryset
    assert other_round not in offered
    assert sheet not in offered
    assert offered.filter(round__slug="budget-2027").exists()


def test_a_reason_recorded_with_a_notes_code_shows_without_it(client, sof_editor, editor):
    """Reasons recorded before this rule named the follow-up note's code."""
    sheet = ExpiryAssessment.objects.get(round__slug="budget-2027", number=7)
    sheet._change_reason = "Opfølgende notat BI88 oprettet"
    sheet.save()
    ExpiryAssessment.objects.filter(pk=sheet.pk).update(status=Status.SENT)
    client.force_login(sof_editor)
    html = client.get(reverse("assessment-history", args=["budget-2027", 7])).content.decode()
    assert "BI88" not in html
    assert "Opfølgende notat oprettet" in html
