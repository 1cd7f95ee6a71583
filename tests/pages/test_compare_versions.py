"""Sammenlign versioner: any two saved versions of a note, every changed amount old → new
with its difference and the note's new totals, texts word by word (budgetnotes.comparison)."""

import copy

import pytest

from budgetnotes import comparison, visits, workflow
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


def test_since_i_last_looked_survives_opening_the_note_page_first(
    client, editor, approver, bi22, django_assert_num_queries
):
    seen = bi22.version
    assert visits.record_visit(approver, bi22) is None  # the first visit
    assert visits.last_seen(approver, bi22) is None  # nothing changed since

    def reword(data):
        data["background"] = data["background"].replace("borgere", "voksne borgere", 1)

    def lower(data):
        data["funding_lines"][0]["amounts"]["2027"] -= 100

    note = save(save(bi22, editor, reword), editor, lower)
    assert visits.last_seen(approver, note) == seen
    with django_assert_num_queries(1):  # the note page's visit: one upsert
        assert visits.record_visit(approver, note) == seen
    assert visits.record_visit(approver, note) == seen  # a second look keeps it
    assert visits.last_seen(approver, note) == seen

    client.force_login(approver)
    html = client.get(URL).content.decode()
    assert f"Siden jeg sidst kiggede (version {seen})" in html
    assert f'href="?fra={seen}&amp;til={note.version}">Siden jeg sidst kiggede' in html
    result = client.get(URL, {"fra": seen, "til": note.version}).context["comparison"]
    assert [text.label for text in result.texts] == ["Baggrund"]
    assert [change.difference for line in result.lines for change in line.amounts] == [-100]

    looked = note.version
    newer = save(note, editor, lower)
    assert visits.record_visit(approver, newer) == looked  # the version seen before this one
    assert visits.last_seen(approver, newer) == looked
    assert visits.last_seen(editor, newer) is None  # the editor never opened the page


def test_no_last_looked_shortcut_for_a_user_who_has_seen_the_newest(client, editor, bi22):
    def reword(data):
        data["background"] += " Mere tekst."

    note = save(bi22, editor, reword)
    visits.record_visit(editor, note)
    client.force_login(editor)
    assert "Siden jeg sidst kiggede" not in client.get(URL).content.decode()


def test_an_unknown_version_says_so_in_danish(client, editor, bi22):
    def reword(data):
        data["background"] += " Mere tekst."

    note = save(bi22, editor, reword)
    client.force_login(editor)
    html = client.get(URL, {"fra": 99, "til": "x"}).content.decode()
    assert "Version 99 findes ikke." in html
    assert "„x“ er ikke et versionsnummer." in html
    assert f"Her vises version {bi22.version} → {note.version}" in html
