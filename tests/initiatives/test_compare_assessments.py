"""Sammenlign versioner of an expiry assessment: its texts word by word, its verdict, and every
amount of its economy old → new with the difference and the new totals; read by exactly who
may read the sheet; shortcuts since the previous version and since it was sent."""

import pytest
from django.urls import reverse

from budgetnotes import workflow
from initiatives.expiry import comparison
from initiatives.models import ExpiryAssessment
from tests.initiatives.forms import form_data

pytestmark = pytest.mark.django_db

EDIT = reverse("assessment-edit", args=["budget-2027", 7])
URL = reverse("assessment-compare", args=["budget-2027", 7])


def sheet():
    return ExpiryAssessment.objects.get(round__slug="budget-2027", number=7)


def edit(client, **changes):
    """Save nr. 7 from its editor page, as a browser would (the one write path)."""
    page = client.get(EDIT)
    data = form_data(
        page.context["form"], page.context["original_formset"], page.context["proposed_formset"]
    )
    data.update(changes)
    assert client.post(EDIT, data).status_code == 302
    return sheet()


def test_two_versions_side_by_side_texts_verdict_and_amounts(editor, login):
    first = sheet()  # nr. 7: proposed Service 500 a year 2027–2030
    client = login(editor)
    second = edit(
        client,
        adjusted_content=first.adjusted_content + " Indsatsen udvides til Valby.",
        verdict="ophoerer",
        **{"proposed-0-year_2028": "800"},
    )
    assert second.version == first.version + 1
    page = client.get(URL)
    assert page.status_code == 200
    result = page.context["comparison"]
    assert (result.old.number, result.new.number) == (first.version, second.version)
    (text,) = result.texts
    assert text.label == "Indhold i justeret indsats"
    assert ("added", "Indsatsen udvides til Valby.") in text.segments
    ((label, old, new),) = result.fields
    assert label == "Vurdering" and old != new
    (economy,) = result.economies
    assert economy.label == "Foreslået økonomi"
    ((change,),) = [line.amounts for line in economy.lines]
    assert (change.year, change.old, change.new, change.difference) == (2028, 500, 800, 300)
    (total,) = economy.changed_totals
    assert (total.year, total.old, total.new) == (2028, 500, 800)
    html = page.content.decode()
    assert "<ins>Indsatsen udvides til Valby.</ins>" in html
    assert "+300" in html
    history = client.get(reverse("assessment-history", args=["budget-2027", 7])).content.decode()
    assert f'href="{URL}"' in history


def test_since_sent_to_the_committee(editor, approver, login):
    workflow.apply(editor, sheet(), "submit")
    workflow.apply(approver, sheet(), "approve")
    sent = workflow.apply(approver, sheet(), "send")
    workflow.apply(approver, sheet(), "reopen")
    client = login(editor)
    newest = edit(client, **{"proposed-0-year_2029": "0"})
    html = client.get(URL).content.decode()
    assert (
        f'href="?fra={sent.version}&amp;til={newest.version}">Siden fremsendt til udvalget' in html
    )
    result = client.get(URL, {"fra": sent.version, "til": newest.version}).context["comparison"]
    (economy,) = result.economies
    assert [(c.year, c.difference) for line in economy.lines for c in line.amounts] == [
        (2029, -500)
    ]
    assert result.old.status_label == "Fremsendt"


def test_a_reader_of_another_administration_gets_404(editor, sof_editor, login):
    edit(login(editor), results="Nye resultater.")
    assert login(sof_editor).get(URL).status_code == 404
    assert login(sof_editor).get(URL, {"fra": 1, "til": 2}).status_code == 404


def test_unknown_versions_say_so_in_danish(editor, login):
    client = login(editor)
    second = edit(client, results="Nye resultater.")
    html = client.get(URL, {"fra": 99, "til": "ny"}).content.decode()
    assert "Version 99 findes ikke." in html
    assert "„ny“ er ikke et versionsnummer." in html
    assert f"Her vises version {second.version - 1} → {second.version}" in html


def test_one_version_has_nothing_to_compare(editor, login):
    assert "kun én gemt version" in login(editor).get(URL).content.decode()


def test_an_added_and_a_removed_line_and_an_unknown_snapshot(editor, login):
    client = login(editor)
    added = edit(
        client,
        **{
            "proposed-1-steering_area": "indsats",
            "proposed-1-label": "Mentorer",
            "proposed-1-year_2028": "300",
        },
    )
    removed = edit(client, **{"proposed-0-DELETE": "on"})
    result = comparison.compare(
        comparison.snapshot(removed, added.version - 1),
        comparison.snapshot(removed, removed.version),
    )
    (economy,) = result.economies
    assert [(line.label, line.state) for line in economy.lines] == [
        ("Service", "removed"),
        ("Mentorer", "added"),
    ]
    with pytest.raises(comparison.UnknownVersion):
        comparison.snapshot(removed, 99)
