"""The interchange upload on a round page: editors only, own administration, all or nothing."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from budgetnotes.models import BudgetNote, BudgetRound
from documents.interchange.format import export_round

pytestmark = pytest.mark.django_db
URL = reverse("round-import", args=["budget-2026"])


def upload(client, data, replace=False):
    payload = json.dumps(data).encode() if not isinstance(data, bytes) else data
    fields = {"file": SimpleUploadedFile("notater.json", payload, "application/json")}
    if replace:
        fields["replace"] = "on"
    return client.post(URL, fields)


@pytest.fixture
def exported():
    data = export_round(BudgetRound.objects.get(slug="budget-2026"))
    data["notes"][0]["code"] = "BI50"
    return data


def test_editor_imports_a_file_as_drafts(client, editor, exported):
    exported["notes"][0]["status"] = "vedtaget"
    client.force_login(editor)
    assert client.get(URL).status_code == 200
    response = upload(client, exported)
    assert response.status_code == 302
    note = BudgetNote.objects.get(round__slug="budget-2026", code="BI50")
    assert note.status == "kladde"
    assert note.economy_table().grand_total == 46_400


def test_errors_are_listed_and_nothing_is_imported(client, editor, exported):
    exported["notes"][0]["funding_lines"][0]["amounts"]["2031"] = 5
    exported["notes"][0]["funding_lines"][1]["committee"] = "XYZ"
    client.force_login(editor)
    response = upload(client, exported)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Intet er indlæst: filen har 2 fejl" in html
    assert "BI50, linje 1, 2031: 2031 ligger uden for årene 2026–2029." in html
    assert not BudgetNote.objects.filter(code="BI50").exists()


def test_other_administrations_editor_cannot_import_or_replace_bif_notes(
    client, sof_editor, exported
):
    client.force_login(sof_editor)
    response = upload(client, exported)
    assert response.status_code == 400
    assert "du kan kun indlæse notater for din egen forvaltning" in response.content.decode()
    assert not BudgetNote.objects.filter(code="BI50").exists()


def test_replacing_needs_the_right_to_edit(client, editor, exported):
    exported["notes"][0]["code"] = "BI22"
    exported["notes"][0]["title"] = "Erstattet"
    client.force_login(editor)
    assert upload(client, exported).status_code == 400  # exists, no replace
    assert upload(client, exported, replace=True).status_code == 302
    note = BudgetNote.objects.get(code="BI22")
    assert note.title == "Erstattet"
    note.status = "fremsendt"
    note.save()
    response = upload(client, exported, replace=True)
    assert response.status_code == 400
    assert "ikke en kladde, du må redigere" in response.content.decode()


def test_not_json_is_refused_on_the_field(client, editor):
    client.force_login(editor)
    response = upload(client, b"\xff\xfe ikke json")
    assert response.status_code == 400
    assert "Filen er ikke gyldig JSON" in response.content.decode()


@pytest.mark.parametrize("persona", ["godkender", "sekretaer", "analytiker"])
def test_only_editors_may_import(client, personas, persona):
    client.force_login(personas[persona])
    assert client.get(URL).status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_the_round_page_links_to_the_upload_for_editors_only(client, editor, analyst):
    client.force_login(editor)
    assert URL in client.get(reverse("round-detail", args=["budget-2026"])).content.decode()
    client.force_login(analyst)
    assert URL not in client.get(reverse("round-detail", args=["budget-2026"])).content.decode()


def test_editors_cannot_create_reference_data_by_upload(client, editor, exported):
    from budgetnotes.models import Administration, Committee

    exported["reference"]["administrations"].append({"code": "XXX", "name": "Ny forvaltning"})
    exported["reference"]["committees"].append({"code": "NYU", "name": "Nyt udvalg"})
    exported["notes"][0]["funding_lines"][0]["committee"] = "NYU"
    client.force_login(editor)
    response = upload(client, exported)
    assert response.status_code == 400
    assert "BI50, linje 1: Ukendt udvalg: „NYU“." in response.content.decode()
    assert not Administration.objects.filter(code="XXX").exists()
    assert not Committee.objects.filter(code="NYU").exists()


def test_a_file_whose_round_is_not_an_object_is_refused_not_a_server_error(client, editor):
    client.force_login(editor)
    response = upload(client, {"round": "budget-2026"})
    assert response.status_code == 400
    assert "round: skal være et objekt med felter." in response.content.decode()


def test_a_code_taken_by_another_administrations_draft_is_reported_neutrally(
    client, sof_editor, exported
):
    exported["notes"][0].update(code="BI22", administration="SOF")
    client.force_login(sof_editor)
    html = upload(client, exported, replace=True).content.decode()
    assert "BI22: koden er allerede i brug i Budget 2026." in html
    assert "kladde" not in html.split("Intet er indlæst")[1].split("</ul>")[0]
