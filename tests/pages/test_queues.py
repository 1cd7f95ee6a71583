"""Work queues: Til godkendelse for approvers, Mine notater and Sendt tilbage for editors,
across rounds and within the user's administration, with counts in the navigation."""

import copy
import re

import pytest

from budgetnotes import queues, workflow
from budgetnotes.services import note_to_data, save_note

pytestmark = pytest.mark.django_db


def listed(client, key):
    response = client.get(f"/liste/{key}/")
    assert response.status_code == 200
    return re.findall(r'href="/[^/"]+/([A-Z0-9]+)/"', response.content.decode().split("<main")[1])


def nav_count(client, label):
    header = client.get("/").content.decode().split("<main")[0]
    found = re.search(rf"{label} <span class=\"queue-count\"[^>]*>(\d+)</span>", header)
    return int(found[1]) if found else None


def test_a_note_moves_through_the_queues(client, editor, approver, sof_editor, bi22):
    client.force_login(approver)
    assert listed(client, "godkendelse") == []
    assert nav_count(client, "Til godkendelse") == 0

    note = workflow.apply(editor, bi22, "submit")
    assert listed(client, "godkendelse") == ["BI22"]
    assert nav_count(client, "Til godkendelse") == 1

    note = workflow.apply(approver, note, "send_back", reason="Ret 2027")
    assert listed(client, "godkendelse") == []
    client.force_login(editor)
    assert listed(client, "sendt-tilbage") == ["BI22"]
    assert nav_count(client, "Sendt tilbage") == 1

    client.force_login(sof_editor)  # another administration sees none of it
    assert listed(client, "sendt-tilbage") == []
    assert "BI22" not in client.get("/liste/mine/").content.decode()
    assert nav_count(client, "Sendt tilbage") == 0

    data = copy.deepcopy(note_to_data(note))
    data["title"] = "Rettet titel"
    note = save_note(data, note=note, user=editor, expected_version=note.version)
    assert note.sent_back  # a save is no answer: still sent back until submitted
    client.force_login(editor)
    assert listed(client, "sendt-tilbage") == ["BI22"]
    assert "BI22" in listed(client, "mine")
    workflow.apply(editor, note, "submit")
    assert listed(client, "sendt-tilbage") == []
    client.force_login(approver)
    assert listed(client, "godkendelse") == ["BI22"]


def test_mine_notater_holds_what_i_created_or_saved(client, editor, bi22):
    client.force_login(editor)
    before = listed(client, "mine")
    others = queues.notes(editor, "mine").exclude(pk=bi22.pk).count()
    data = copy.deepcopy(note_to_data(bi22))
    data["title"] = "Min ændring"
    save_note(data, note=bi22, user=editor, expected_version=bi22.version)
    after = listed(client, "mine")
    assert "BI22" in after
    assert len(after) == others + 1
    assert set(before) <= set(after)


def test_roles_without_queues(client, analyst, secretary):
    for user in (analyst, secretary):
        client.force_login(user)
        for key in queues.QUEUES:
            assert client.get(f"/liste/{key}/").status_code == 404
        assert 'class="queue-count"' not in client.get("/").content.decode()
