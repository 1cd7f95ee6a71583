"""Sammenlign versioner: any two saved versions of a note, every changed amount old → new
with its difference and the note's new totals, texts word by word (budgetnotes.comparison)."""

import copy

import pytest

from budgetnotes import comparison, workflow
from budgetnotes.models import BudgetNote
from budgetnotes.services import note_to_data, save_note

pytestmark = pytest.mark.django_db

URL = "/budget-2026/BI22/sammenlign/"


def save(note, user, change):
    data = copy.deepcopy(note_to_data(note))
    change(data)
    return save_note(data, note=note, user=user, expected_version=note.version)


def test_since_sent_back_shows_exactly_the_changed_amount_and_the_new_total(
    client, editor, approver, bi22
):
    note = workflow.apply(editor, bi22, "submit")
    note = workflow.apply(approver, note, "send_back", reason="2027 er for højt")
    returned = note.version
    first = note.funding_lines.order_by("position").first()
    old_2027 = first.amounts.get(year=2027).amount
    before_total = 11600  # BI22's total each year (seed 000)

    def lower(data):
        data["funding_lines"][0]["amounts"]["2027"] = old_2027 - 400

    note = save(BudgetNote.objects.get(pk=bi22.pk), editor, lower)
    note = workflow.apply(editor, note, "submit")

    client.force_login(approver)
    page = client.get(URL)
    html = page.content.decode()
    assert f"?fra={returned}&amp;til={note.version}" in html  # the shortcut
    result = client.get(URL, {"fra": returned, "til": note.version}).context["comparison"]
    assert [(line.label, line.state) for line in result.lines] == [(first.activity, "changed")]
    (change,) = result.lines[0].amounts
    assert (change.year, change.old, change.new, change.difference) == (
        2027,
        old_2027,
        old_2027 - 400,
        -400,
    )
    (total,) = result.changed_totals
    assert (total.year, total.old, total.new) == (2027, before_total, before_total - 400)
    assert result.texts == []
    shown = client.get(URL, {"fra": returned, "til": note.version}).content.decode()
    assert "Siden sendt tilbage til redaktøren" in shown
    assert "-400" in shown


def test_texts_are_compared_word_by_word(editor, bi22):
    def reword(data):
        data["background"] = data["background"].replace("borgere", "voksne borgere", 1)

    note = save(bi22, editor, reword)
    result = comparison.compare(
        comparison.snapshot(note, bi22.version), comparison.snapshot(note, note.version)
    )
    (text,) = result.texts
    assert text.label == "Baggrund"
    assert ("added", "voksne") in text.segments
    assert not [kind for kind, _words in text.segments if kind == "removed"]
    assert result.lines == []


def test_a_removed_and_an_added_line(editor, bi22):
    kept = {}

    def remove(data):
        kept["line"] = data["funding_lines"].pop()

    def add(data):
        data["funding_lines"].append({**kept["line"], "activity": "Ny aktivitet"})

    removed = save(bi22, editor, remove)
    added = save(removed, editor, add)
    compare = comparison.compare
    result = compare(
        comparison.snapshot(added, bi22.version), comparison.snapshot(added, removed.version)
    )
    assert [(line.label, line.state) for line in result.lines] == [
        (kept["line"]["activity"], "removed")
    ]
    result = compare(
        comparison.snapshot(added, removed.version), comparison.snapshot(added, added.version)
    )
    assert [(line.label, line.state) for line in result.lines] == [("Ny aktivitet", "added")]
    assert all(change.difference == change.new for change in result.lines[0].amounts)


def test_a_hidden_draft_cannot_be_compared(client, sof_editor):
    client.force_login(sof_editor)
    assert client.get(URL).status_code == 404


def test_one_version_has_nothing_to_compare(client, editor):
    client.force_login(editor)
    response = client.get(URL)
    assert "kun én gemt version" in response.content.decode()
