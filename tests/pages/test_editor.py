"""The note editor: saving through save_note, Danish input and messages, live totals from the
server, rows added and removed, no lost updates, sent notes read-only."""

import pytest

from budgetnotes import workflow
from budgetnotes.models import BudgetNote

EDIT = "/budget-2026/BI22/rediger/"
TOTALS = "/budget-2026/BI22/rediger/totaler/"
PEER_2027 = "lines-0-year_2027"


def amounts(note, activity):
    line = note.funding_lines.get(activity__startswith=activity)
    return {a.year: a.amount for a in line.amounts.all()}


def test_the_editor_shows_the_note_in_a_grid(login, editor):
    response = login(editor).get(EDIT)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="lines-0-year_2027" value="7.600"' in html
    assert 'id="lines-total-2027">11.600<' in html
    assert 'id="lines-total-all">46.400<' in html
    assert "2.026" not in html


def test_saving_a_changed_amount_writes_it_with_the_user(login, editor, editor_post, bi22):
    post = editor_post(bi22)
    post[PEER_2027] = "7.700"
    response = login(editor).post(EDIT, post)
    assert response.status_code == 302
    assert response["Location"] == "/budget-2026/BI22/"
    bi22.refresh_from_db()
    assert amounts(bi22, "Peer to peer")[2027] == 7700
    assert bi22.version == 2
    assert bi22.economy_table().grand_total == 46500
    record = bi22.funding_lines.first().amounts.get(year=2027).history.first()
    assert record.history_user == editor


def test_danish_amounts_are_accepted(login, editor, editor_post, bi22):
    post = editor_post(bi22)
    post["lines-0-year_2026"] = "7600"
    post["lines-0-year_2027"] = "-900"
    post["lines-0-year_2028"] = "7 700"
    assert login(editor).post(EDIT, post).status_code == 302
    assert amounts(bi22, "Peer to peer") == {2026: 7600, 2027: -900, 2028: 7700, 2029: 7600}


def test_invalid_input_gets_a_danish_message_and_everything_typed_stays(
    login, editor, editor_post, bi22
):
    post = editor_post(bi22)
    post[PEER_2027] = "syv"
    post["lines-1-year_2028"] = "2.100"
    post["resume"] = "Min nye tekst, som ikke må forsvinde."
    response = login(editor).post(EDIT, post)
    assert response.status_code == 200
    html = response.content.decode()
    assert "„syv“ er ikke et beløb" in html
    assert 'value="syv"' in html
    assert 'value="2.100"' in html
    assert "Min nye tekst, som ikke må forsvinde." in html
    assert "Notatet er ikke gemt" in html
    bi22.refresh_from_db()
    assert bi22.version == 1
    assert amounts(bi22, "Konsulenter")[2028] == 2000


def test_problems_found_by_save_note_are_shown_at_the_field(login, editor, editor_post, bi22):
    post = editor_post(bi22)
    post["lines-2-scenario"] = "7"  # no such scenario: only save_note knows
    response = login(editor).post(EDIT, post)
    assert response.status_code == 200
    assert "Scenarie 7 findes ikke." in response.content.decode()
    bi22.refresh_from_db()
    assert bi22.version == 1


def test_an_income_line_must_be_negative(login, editor, editor_post, bi22):
    post = editor_post(bi22)
    post["lines-1-income_expense"] = "I"
    response = login(editor).post(EDIT, post)
    assert "En indtægt angives med minus" in response.content.decode()


def test_live_totals_come_from_the_server(login, editor, editor_post, bi22):
    post = editor_post(bi22)
    post[PEER_2027] = "7.700"
    response = login(editor).post(TOTALS, post, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<output id="lines-total-2027" hx-swap-oob="true">11.700</output>' in html
    assert '<output id="lines-total-all" hx-swap-oob="true">46.500</output>' in html
    assert '<output id="lines-0-total" hx-swap-oob="true">30.500</output>' in html
    bi22.refresh_from_db()
    assert bi22.version == 1  # nothing saved


def test_live_totals_leave_out_removed_rows_and_other_scenarios(login, editor, editor_post, bi22):
    post = editor_post(bi22)
    post["lines-1-DELETE"] = "on"
    post["lines-2-scenario"] = "2"
    html = login(editor).post(TOTALS, post).content.decode()
    assert 'id="lines-total-all" hx-swap-oob="true">30.400<' in html


def test_rows_are_added_and_removed(login, editor, editor_post, bi22):
    post = editor_post(bi22)
    post["lines-TOTAL_FORMS"] = "4"
    post.update(
        {
            "lines-3-activity": "Ny aktivitet",
            "lines-3-steering_area": "service",
            "lines-3-committee": "BIU",
            "lines-3-appropriation": "BIU 35.10",
            "lines-3-income_expense": "U",
            "lines-3-scenario": "1",
            "lines-3-year_2026": "500",
        }
    )
    post["lines-1-DELETE"] = "on"
    post["effects-1-DELETE"] = "on"
    assert login(editor).post(EDIT, post).status_code == 302
    activities = list(bi22.funding_lines.values_list("activity", flat=True))
    assert "Konsulenter til efterværn" not in activities
    assert activities[-1] == "Ny aktivitet"
    assert bi22.effect_rows.count() == 1
    assert amounts(bi22, "Ny aktivitet") == {2026: 500}


def test_an_empty_added_row_is_ignored(login, editor, editor_post, bi22):
    post = editor_post(bi22)
    post["lines-TOTAL_FORMS"] = "4"
    assert login(editor).post(EDIT, post).status_code == 302
    assert bi22.funding_lines.count() == 3


def test_text_districts_and_category_are_saved(login, editor, editor_post, bi22):
    post = editor_post(bi22)
    post["category"] = "need_to"
    post["decision"] = "- første punkt\n- andet punkt"
    post.pop("citywide", None)
    post["districts"] = ["valby", "vanloese"]
    assert login(editor).post(EDIT, post).status_code == 302
    bi22.refresh_from_db()
    assert bi22.category == "need_to"
    assert not bi22.citywide
    assert sorted(bi22.districts.values_list("code", flat=True)) == ["valby", "vanloese"]
    page = login(editor).get("/budget-2026/BI22/").content.decode()
    assert "<li>første punkt</li>" in page


class TestNoLostUpdates:
    def test_the_second_saver_sees_what_changed_and_keeps_their_input(
        self, login, editor, editor_post, bi22, client, django_user_model
    ):
        first = editor_post(bi22)
        second = editor_post(bi22)  # both opened version 1
        first[PEER_2027] = "7.700"
        assert login(editor).post(EDIT, first).status_code == 302

        second["lines-1-year_2029"] = "2.500"
        second["resume"] = "Den andens resume."
        response = client.post(EDIT, second)
        assert response.status_code == 409
        html = response.content.decode()
        assert "Notatet er ændret" in html
        assert "Peer to peer-medarbejdere, kompetenceudvikling og koordinator, 2027" in html
        assert "7.600" in html and "7.700" in html
        assert 'value="2.500"' in html
        assert "Den andens resume." in html
        assert 'name="version" value="2"' in html
        bi22.refresh_from_db()
        assert amounts(bi22, "Konsulenter")[2029] == 2000

        # Saving again is deliberate: the form now carries version 2 and the new snapshot.
        import re

        second["version"] = "2"
        second["snapshot"] = re.search(r'name="snapshot" value="([^"]+)"', html).group(1)
        assert client.post(EDIT, second).status_code == 302
        bi22.refresh_from_db()
        assert bi22.version == 3
        assert amounts(bi22, "Konsulenter")[2029] == 2500


def test_a_sent_note_is_read_only(login, editor, approver, bi22):
    for name in ("submit", "approve", "send"):
        workflow.apply(approver, bi22, name)
    client = login(editor)
    assert client.get(EDIT).status_code == 403
    assert "Rediger notatet" not in client.get("/budget-2026/BI22/").content.decode()
    workflow.apply(approver, BudgetNote.objects.get(pk=bi22.pk), "reopen")
    assert client.get(EDIT).status_code == 200


@pytest.mark.parametrize("persona", ["godkender", "sekretaer", "analytiker"])
def test_only_editors_of_the_administration_may_edit(login, personas, persona):
    client = login(personas[persona])
    assert client.get(EDIT).status_code == 403
    assert client.post(TOTALS, {}).status_code == 403
