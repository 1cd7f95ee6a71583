"""An assessment's Historik: one entry per save, with the person's name, lines added or removed
as one change each (their amounts with them), and no change the user did not make."""

import pytest
from django.urls import reverse

from initiatives import expiry
from initiatives.expiry import history
from initiatives.models import ExpiryAssessment
from tests.initiatives.forms import form_data

pytestmark = pytest.mark.django_db

URL = reverse("assessment-edit", args=["budget-2027", 7])


def sheet():
    return ExpiryAssessment.objects.get(round__slug="budget-2027", number=7)


def page_data(client):
    page = client.get(URL)
    return form_data(
        page.context["form"], page.context["original_formset"], page.context["proposed_formset"]
    )


def test_one_save_is_one_entry_with_every_change_of_it(editor, login):
    client = login(editor)
    data = page_data(client)
    data.update(
        {
            "adjusted_content": "Ny tekst",
            "proposed-0-year_2027": "1.250",
            "proposed-1-steering_area": "indsats",
            "proposed-1-label": "Mentorer",
            "proposed-1-year_2028": "300",
        }
    )
    assert client.post(URL, data).status_code == 302
    newest, *older = history.entries(sheet(), editor)
    assert newest["user"] == "Rikke Redaktør"
    assert sorted(newest["changes"]) == sorted(
        [
            ("Indhold i justeret indsats", newest["changes"][0][1], "Ny tekst"),
            ("Foreslået økonomi: Service, 2027", "500", "1.250"),
            ("Foreslået økonomi: Mentorer (tilføjet)", "–", "2028: 300"),
        ]
    )
    assert all("Foreslået økonomi: Mentorer" not in str(entry["changes"]) for entry in older)


def test_a_save_of_lines_only_is_one_entry_and_a_removed_line_one_change(editor, login):
    client = login(editor)
    data = page_data(client)
    data["proposed-0-DELETE"] = "on"
    assert client.post(URL, data).status_code == 302
    newest = history.entries(sheet(), editor)[0]
    assert newest["user"] == "Rikke Redaktør"
    ((what, old, new),) = newest["changes"]
    assert what == "Foreslået økonomi: Service (fjernet)" and new == "fjernet"
    assert old.startswith("2027: 500")


def test_an_unchanged_save_from_the_browser_records_nothing(editor, login):
    expiry.save_assessment(  # texts of several lines first
        {"content": "Første afsnit.\n\nAndet afsnit.", "results": "Et\nto"},
        assessment=sheet(),
        user=editor,
    )
    assert history.entries(sheet(), editor)[0]["changes"]
    client = login(editor)
    data = page_data(client)
    texts = ("content", "results", "economy_text", "adjusted_content", "proposed_economy_text")
    for name in texts:  # a browser's textarea sends CRLF line endings
        data[name] = data[name].replace("\n", "\r\n")
    assert any("\r\n" in data[name] for name in texts)
    before = sheet().history.count()
    assert client.post(URL, data).status_code == 302
    assert sheet().history.count() == before


def test_a_save_without_an_expected_version_records_the_version_it_makes(editor):
    """Import, demo and follow-up saves claim no version they started from; the history
    record of such a save still carries the version it makes, and an unchanged one makes
    none."""
    before = sheet()
    expiry.save_assessment({"content": "Nyt indhold fra en import."}, assessment=before)
    after = sheet()
    assert after.version == before.version + 1
    latest = ExpiryAssessment.history.filter(id=after.pk).order_by("-history_date").first()
    assert (latest.version, latest.content) == (after.version, "Nyt indhold fra en import.")

    expiry.save_assessment({"content": "Nyt indhold fra en import."}, assessment=after)
    assert sheet().version == after.version
