"""Initiative pages: the action plan of seed 004, financing, assessments, editing inline."""

import pytest
from django.urls import reverse

from budgetnotes.choices import Status
from budgetnotes.models import BudgetNote
from initiatives.models import Goal, Initiative
from tests.initiatives.forms import form_data

pytestmark = pytest.mark.django_db

PLAN = "Handleplan for udmøntning af politisk aftale om udsatte borgere"
PEER = "Styrket beskæftigelsesindsats for borgere med handicap (peer-to-peer)"


def test_action_plan_shows_groups_goals_and_deadlines(secretary, login):
    plan = Initiative.objects.get(name=PLAN)
    html = login(secretary).get(reverse("initiative-detail", args=[plan.pk])).content.decode()
    assert html.count('class="target-group"') == 4
    for weeks in (13, 52, 26, 23):
        assert f"inden for {weeks} uger" in html
    assert "Udvalget får en samlet status" in html


def test_programme_and_children(secretary, login):
    programme = Initiative.objects.get(code="BI32")
    client = login(secretary)
    html = client.get(reverse("initiative-detail", args=[programme.pk])).content.decode()
    child = programme.children.get()
    assert child.get_absolute_url() in html
    html = client.get(child.get_absolute_url()).content.decode()
    assert programme.get_absolute_url() in html
    assert reverse("assessment-detail", args=["budget-2027", 1]) in html  # its assessment


def test_financing_lines_follow_the_access_rule(editor, sof_editor, login):
    peer = Initiative.objects.get(name=PEER)
    response = login(editor).get(peer.get_absolute_url())
    codes = [row["note"].code for row in response.context["financing"]]
    assert codes == ["BI22", "BI05"]
    bi05 = response.context["financing"][1]["table"]
    assert bi05.year_totals == dict.fromkeys(range(2024, 2028), 5_600)
    # BI22 is a BIF draft: SOF sees only the adopted BI05.
    response = login(sof_editor).get(peer.get_absolute_url())
    assert [row["note"].code for row in response.context["financing"]] == ["BI05"]
    BudgetNote.objects.filter(code="BI22").update(status=Status.SENT)
    response = login(sof_editor).get(peer.get_absolute_url())
    assert len(response.context["financing"]) == 2


def test_list_and_search(analyst, login):
    client = login(analyst)
    response = client.get(reverse("initiative-list"))
    assert len(response.context["table"].rows) == Initiative.objects.count()
    response = client.get(reverse("initiative-list"), {"q": "Trædesten"})
    names = [row.record.name for row in response.context["table"].rows]
    assert names and all("Trædesten" in name for name in names)


def test_edit_initiative_with_target_groups_and_goals(editor, login):
    plan = Initiative.objects.get(name=PLAN)
    url = reverse("initiative-edit", args=[plan.pk])
    client = login(editor)
    page = client.get(url)
    rows = page.context["group_rows"]
    assert len(rows) == 5  # four groups and a blank one
    forms = [page.context["form"], page.context["groups"]] + [g for _, g in rows if g]
    data = form_data(*forms)
    first_group = plan.target_groups.first()
    data["results"] = "Status givet i 2017."
    data["groups-0-name"] = "Gruppe 1 (ny tekst)"
    data[f"goals-{first_group.pk}-0-deadline_weeks"] = "12"
    data[f"goals-{first_group.pk}-2-text"] = "Et nyt mål"
    data[f"goals-{first_group.pk}-2-deadline_weeks"] = "8"
    data["groups-4-name"] = "Gruppe 5"
    response = client.post(url, data)
    assert response.status_code == 302, response.context and [
        response.context["form"].errors,
        response.context["groups"].errors,
    ]
    plan.refresh_from_db()
    assert plan.results == "Status givet i 2017."
    groups = list(plan.target_groups.all())
    assert groups[0].name == "Gruppe 1 (ny tekst)"
    assert [g.name for g in groups][-1] == "Gruppe 5"
    goals = list(groups[0].goals.all())
    assert [g.deadline_weeks for g in goals] == [12, 52, 8]
    assert Goal.history.filter(text="Et nyt mål").first().history_user == editor


def test_deadline_must_be_positive(editor, login):
    plan = Initiative.objects.get(name=PLAN)
    url = reverse("initiative-edit", args=[plan.pk])
    client = login(editor)
    page = client.get(url)
    forms = [page.context["form"], page.context["groups"]]
    forms += [g for _, g in page.context["group_rows"] if g]
    data = form_data(*forms)
    first_group = plan.target_groups.first()
    data[f"goals-{first_group.pk}-0-deadline_weeks"] = "0"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Fristen skal være mindst 1 uge." in response.content.decode()


def test_a_programme_cannot_be_its_own_parent(editor, login):
    programme = Initiative.objects.get(code="BI32")
    page = login(editor).get(reverse("initiative-edit", args=[programme.pk]))
    parents = page.context["form"].fields["parent"].queryset
    assert programme not in parents and programme.children.get() not in parents


def test_create_initiative(editor, login):
    client = login(editor)
    page = client.get(reverse("initiative-create"))
    data = form_data(page.context["form"], page.context["groups"])
    data.update({"name": "Ny indsats", "groups-0-name": "Unge", "groups-0-position": "1"})
    response = client.post(reverse("initiative-create"), data)
    assert response.status_code == 302
    created = Initiative.objects.get(name="Ny indsats")
    assert created.administration == editor.administration
    assert [g.name for g in created.target_groups.all()] == ["Unge"]
