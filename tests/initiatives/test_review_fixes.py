"""Access and totals fixes found in review: admin choice lists, links to notes one may not
see, related sheets kept on save, and alternatives left out of initiative totals."""

import pytest
from django.urls import reverse

from budgetnotes.choices import Status
from budgetnotes.models import BudgetNote, Scenario
from initiatives.models import ExpiryAssessment, Initiative

pytestmark = pytest.mark.django_db


def test_assessment_admin_offers_only_own_administration_and_visible_sheets(client, sof_editor):
    client.force_login(sof_editor)
    form = client.get(reverse("admin:initiatives_expiryassessment_add")).context["adminform"].form
    assert not form.fields["related"].queryset.filter(number=1).exists()  # a BIF draft
    assert [a.code for a in form.fields["administration"].queryset] == ["SOF"]


def test_initiative_admin_lets_editors_create_only_in_their_own_administration(client, sof_editor):
    client.force_login(sof_editor)
    form = client.get(reverse("admin:initiatives_initiative_add")).context["adminform"].form
    assert [a.code for a in form.fields["administration"].queryset] == ["SOF"]


def test_follow_up_note_of_another_administration_is_not_named(client, sof_editor):
    assessment = ExpiryAssessment.objects.get(number=2)
    assessment.status = Status.SENT
    assessment.follow_up_note = BudgetNote.objects.get(code="BI22")  # a BIF draft
    assessment.save()
    client.force_login(sof_editor)
    detail = client.get(reverse("assessment-detail", args=["budget-2027", 2])).content.decode()
    listing = client.get(reverse("assessment-list", args=["budget-2027"])).content.decode()
    for html in (detail, listing):
        assert "BI22" not in html


def test_saving_keeps_links_to_sheets_the_editor_cannot_see(sof_editor):
    from initiatives.expiry import related_hidden_from

    nineteen = ExpiryAssessment.objects.get(number=19)  # a BIF draft, related to nr. 26
    assert [a.number for a in related_hidden_from(sof_editor, nineteen)] == [26]


def test_initiative_totals_leave_out_alternative_scenarios(client, editor):
    bi22 = BudgetNote.objects.get(code="BI22")
    alternative = Scenario.objects.create(note=bi22, number=2, name="Alternativ")
    line = bi22.funding_lines.get(position=1)
    line.pk = None
    line.position = 9
    line.scenario = alternative
    line.save()
    line.amounts.create(year=2026, amount=99_000)
    initiative = Initiative.objects.get(
        name__startswith="Styrket beskæftigelsesindsats for borgere med handicap (peer"
    )
    client.force_login(editor)
    html = client.get(initiative.get_absolute_url()).content.decode()
    assert "46.400" in html and "99.000" not in html
