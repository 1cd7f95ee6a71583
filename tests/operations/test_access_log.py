"""The access log: reads of note pages, sheets, PDFs and workbooks, searches, exports and
logins are recorded with user, time, object and purpose; the cleanup deletes what is older
than the retention; the log is in no backup; the reference-data role reads it in the admin."""

import gzip
import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from budgetnotes.models import User
from operations.models import AccessLog

Action = AccessLog.Action


def last():
    return AccessLog.objects.order_by("-id").first()


def test_a_note_page_read_is_logged_with_user_object_and_purpose(login, editor, bi22):
    response = login(editor).get(bi22.get_absolute_url())
    assert response.status_code == 200
    row = last()
    assert (row.username, row.user_id, row.action) == ("redaktor", editor.pk, Action.VIEW)
    assert (row.object_type, row.object_id) == ("budgetnotat", str(bi22.pk))
    assert row.object_label == str(bi22)
    assert row.purpose == "Budgetnotat læst"
    assert row.path == bi22.get_absolute_url()
    assert row.request_id == response["X-Request-ID"]
    assert row.address == "127.0.0.1"


def test_a_refused_read_is_not_logged_as_a_read(login, sof_editor, bi22):
    assert login(sof_editor).get(bi22.get_absolute_url()).status_code == 404
    assert not AccessLog.objects.filter(action=Action.VIEW).exists()


def test_a_search_is_logged_with_its_words(login, editor):
    login(editor).get("/budget-2026/", {"q": "efterværn"})
    row = last()
    assert (row.action, row.purpose) == (Action.SEARCH, "Søgning: efterværn")
    assert row.object_label == "Budget 2026"


def test_a_round_page_without_a_search_logs_no_search(login, editor):
    login(editor).get("/budget-2026/")
    assert not AccessLog.objects.filter(action=Action.SEARCH).exists()


def test_a_workbook_download_is_logged(login, analyst, bi22):
    response = login(analyst).get(
        reverse("note-xlsx", kwargs={"slug": "budget-2026", "code": "BI22"})
    )
    assert response.status_code == 200
    row = last()
    assert (row.action, row.username) == (Action.WORKBOOK, "analytiker")
    assert row.purpose.startswith("Excel-fil hentet (")
    assert row.object_label == "Budget 2026 · BI22"


def test_a_sheet_page_read_is_logged(login, editor):
    login(editor).get(reverse("assessment-detail", kwargs={"slug": "budget-2027", "number": 1}))
    row = last()
    assert (row.action, row.purpose, row.object_type) == (
        Action.VIEW,
        "Udløbsvurdering læst",
        "vurdering af bevillingsudløb",
    )


def test_logins_and_failed_logins_are_logged(client, editor):
    client.post(reverse("login"), {"username": "redaktor", "password": "forkert"})
    failed = last()
    assert (failed.action, failed.username, failed.user_id) == (
        Action.LOGIN_FAILED,
        "redaktor",
        None,
    )
    assert "forkert" not in json.dumps(list(AccessLog.objects.values()), default=str)
    client.post(
        reverse("login") + "?next=/budget-2026/",
        {"username": "redaktor", "password": "budget2026"},
    )
    row = last()
    assert row.path == "/login/"  # no query: single sign-on's callback has its code there
    assert (row.action, row.username, row.purpose) == (
        Action.LOGIN,
        "redaktor",
        "Login med lokal adgangskode",
    )
    client.post(reverse("logout"))
    assert (last().action, last().username) == (Action.LOGOUT, "redaktor")


def test_an_export_from_the_command_line_is_logged(db, tmp_path):
    call_command(
        "export_notes", "budget-2026", "-o", str(tmp_path / "x.json"), stderr=io.StringIO()
    )
    row = last()
    assert row.action == Action.EXPORT
    assert row.username.endswith("(kommandolinje)")
    assert row.object_label == "Budget 2026"


def test_cleanup_deletes_rows_older_than_the_retention(db, settings):
    settings.ACCESS_LOG_RETENTION = timedelta(days=183)
    now = timezone.now()
    old = AccessLog.objects.create(
        action=Action.VIEW, purpose="gammel", at=now - timedelta(days=184)
    )
    kept = AccessLog.objects.create(action=Action.VIEW, purpose="ny", at=now - timedelta(days=182))
    call_command("cleanup", stdout=io.StringIO())
    assert not AccessLog.objects.filter(pk=old.pk).exists()
    assert AccessLog.objects.filter(pk=kept.pk).exists()


def test_the_log_is_never_in_a_backup(tmp_path, login, editor, bi22):
    login(editor).get(bi22.get_absolute_url())
    assert AccessLog.objects.exists()
    path = tmp_path / "backup.json.gz"
    call_command("backup", str(path), stdout=io.StringIO())
    models = {row["model"] for row in json.loads(gzip.decompress(path.read_bytes()))}
    assert "budgetnotes.budgetnote" in models
    assert not {model for model in models if model.startswith("operations.")}


def test_the_reference_data_role_reads_the_log_in_the_admin_and_cannot_change_it(
    login, editor, bi22
):
    login(editor).get(bi22.get_absolute_url())
    row = last()
    keeper = User.objects.get(username="budgetadministrator")
    client = login(keeper)
    listing = client.get("/admin/operations/accesslog/")
    assert listing.status_code == 200
    assert "Budgetnotat læst" in listing.text
    assert client.get(f"/admin/operations/accesslog/{row.pk}/change/").status_code == 200
    assert client.get("/admin/operations/accesslog/add/").status_code == 403
    assert client.post(f"/admin/operations/accesslog/{row.pk}/delete/").status_code == 403
    assert AccessLog.objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize("username", ["redaktor", "godkender", "sekretaer", "analytiker"])
def test_other_roles_do_not_see_the_log(db, client, username):
    user = User.objects.get(username=username)
    user.is_staff = True
    user.save()
    client.force_login(user)
    assert client.get("/admin/operations/accesslog/").status_code == 403


def test_the_admin_filters_by_object_type_and_rows_without_an_object(login, editor, bi22):
    reader = login(editor)
    reader.get(bi22.get_absolute_url())
    reader.post(reverse("logout"))
    client = login(User.objects.get(username="budgetadministrator"))
    listing = client.get("/admin/operations/accesslog/").text
    assert 'href="?object_type="' not in listing  # no filter link without a name
    assert "Intet objekt" in listing
    without = client.get("/admin/operations/accesslog/", {"object_type": "-"}).text
    logout_cell = '<td class="field-purpose">Log ud</td>'
    assert logout_cell in without and "Budgetnotat læst" not in without
    notes = client.get("/admin/operations/accesslog/", {"object_type": "budgetnotat"}).text
    assert "Budgetnotat læst" in notes and logout_cell not in notes
