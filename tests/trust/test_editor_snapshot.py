"""The editor never takes from the browser what the form does not show. The signed snapshot it
posts back is only used to show what changed meanwhile: replaying another note's snapshot, an
old one, or one forged with the server's own key (the test has it) changes nothing the user
could not edit; code, round, administration, committee, price level and years come from the
stored note."""

import time

import pytest
from django.core import signing

from budgetnotes.models import Administration, BudgetNote, Committee
from budgetnotes.pages.editor_forms import SNAPSHOT_MAX_AGE, SNAPSHOT_SALT, sign_snapshot
from budgetnotes.services import note_to_data, save_note

pytestmark = pytest.mark.django_db

EDIT = "/budget-2026/BI22/rediger/"
HIDDEN = (
    "code",
    "round_id",
    "administration_id",
    "committee_id",
    "price_level",
    "first_year",
    "last_year",
    "allocations_first_year",
    "allocations_last_year",
    "status",
)


def fields(note):
    note = BudgetNote.objects.get(pk=note.pk)
    return {name: getattr(note, name) for name in HIDDEN}


def bare_signed(data):
    """A snapshot as the editor used to sign it: just the data."""
    return signing.dumps(data, salt=SNAPSHOT_SALT, compress=True)


def forged(note):
    """BI22's data moved to SOF, another code, committee, price level and years."""
    data = note_to_data(BudgetNote.objects.with_everything().get(pk=note.pk))
    data.update(
        code="BI99",
        administration="SOF",
        committee=Committee.objects.exclude(code=data["committee"]).first().code,
        price_level=2020,
        first_year=2025,
        last_year=2028,
        allocations_first_year=2021,
        status="fremsendt",
    )
    for line in data["funding_lines"]:
        line["amounts"] = {}
    return data


@pytest.mark.parametrize("shape", ["bare", "bound"])
def test_a_forged_snapshot_changes_nothing_the_form_does_not_show(
    login, editor, editor_post, bi22, shape
):
    before = fields(bi22)
    data = forged(bi22)
    post = editor_post(bi22)
    post["snapshot"] = bare_signed(data) if shape == "bare" else sign_snapshot(bi22, data)
    post["title"] = "Ny titel"
    response = login(editor).post(EDIT, post)
    assert response.status_code == 302
    bi22.refresh_from_db()
    assert bi22.title == "Ny titel"
    assert fields(bi22) == before
    assert bi22.administration == Administration.objects.get(code="BIF")


def test_another_notes_snapshot_gives_nothing_of_that_note(login, editor, editor_post, bi22, bi05):
    before = fields(bi22)
    other = BudgetNote.objects.with_everything().get(pk=bi05.pk)
    post = editor_post(bi22)
    post["snapshot"] = bare_signed(note_to_data(other))
    assert login(editor).post(EDIT, post).status_code == 302
    assert fields(bi22) == before
    post = editor_post(bi22)
    post["snapshot"] = sign_snapshot(other, note_to_data(other))
    assert login(editor).post(EDIT, post).status_code == 302
    assert fields(bi22) == before


def test_an_old_snapshot_with_the_current_version_does_not_revert_a_price_level(
    login, editor, editor_post, bi22
):
    old = editor_post(bi22)  # opened at version 1, price level 2026
    data = note_to_data(BudgetNote.objects.with_everything().get(pk=bi22.pk))
    save_note(dict(data, price_level=2027), note=bi22)  # the admin moves it to 2027 p/l
    bi22.refresh_from_db()
    old["version"] = str(bi22.version)  # the stale tab claims the current version
    assert login(editor).post(EDIT, old).status_code == 302
    bi22.refresh_from_db()
    assert bi22.price_level == 2027


def test_a_stale_version_gets_409_with_what_changed(login, editor, editor_post, bi22):
    post = editor_post(bi22)
    data = note_to_data(BudgetNote.objects.with_everything().get(pk=bi22.pk))
    save_note(dict(data, title="Ændret af en anden"), note=bi22)
    response = login(editor).post(EDIT, post)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Ændret af en anden" in html
    assert "Her er, hvad der er ændret i mellemtiden" in html


def test_an_expired_snapshot_shows_no_changes_but_still_stops_the_save(
    login, editor, editor_post, bi22, monkeypatch
):
    opened = time.time() - SNAPSHOT_MAX_AGE - 60
    with monkeypatch.context() as patch:
        patch.setattr(signing.time, "time", lambda: opened)
        post = editor_post(bi22)
    data = note_to_data(BudgetNote.objects.with_everything().get(pk=bi22.pk))
    save_note(dict(data, title="Ændret af en anden"), note=bi22)
    response = login(editor).post(EDIT, post)
    assert response.status_code == 409
    html = response.content.decode()
    assert "kan ikke vises" in html
    assert "Her er, hvad der er ændret i mellemtiden" not in html
    bi22.refresh_from_db()
    assert bi22.title == "Ændret af en anden"


@pytest.mark.parametrize("version", [None, "", "x"])
def test_a_missing_version_is_a_conflict_not_an_overwrite(
    login, editor, editor_post, bi22, version
):
    post = editor_post(bi22)
    post["title"] = "Uden version"
    if version is None:
        del post["version"]
    else:
        post["version"] = version
    assert login(editor).post(EDIT, post).status_code == 409
    bi22.refresh_from_db()
    assert bi22.title != "Uden version"


def test_save_note_only_changes_the_keys_it_is_given(bi22):
    before = fields(bi22)
    data = forged(bi22)
    data["title"] = "Kun titlen"
    save_note(data, note=bi22, only=("title",))
    bi22.refresh_from_db()
    assert bi22.title == "Kun titlen"
    assert fields(bi22) == before
    assert bi22.economy_table().grand_total == 46400
