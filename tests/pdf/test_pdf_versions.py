"""Each version of a note's PDF is rendered once and then served as a file; the PDF sent to
the committee is kept as it was, with its SHA-256 (documents.pdf.versions). Real renders,
real files in the storage; the task runs at once (the immediate backend) where a test says
so, else it waits in the database queue as it would for `manage.py db_worker`."""

import copy
import hashlib
import threading

import pytest
from django.db import connection, connections
from django_tasks_db.models import DBTaskResult

from budgetnotes import workflow
from budgetnotes.models import BudgetNote, Committee
from budgetnotes.services import note_to_data, save_note
from documents.models import RenderedPdf
from documents.pdf import versions
from documents.tasks import render_pdf
from tests.pdf.conftest import IMMEDIATE_TASKS, body, pdf_pages

pytestmark = pytest.mark.django_db

PDF = "/budget-2026/BI22/pdf/"
STATUS = "/budget-2026/BI22/pdf/status/"
HTMX = {"HX-Request": "true"}


def render_tasks():
    return DBTaskResult.objects.filter(task_path=render_pdf.module_path).count()


def rows(note):
    return RenderedPdf.objects.filter(kind="note", object_id=note.pk)


def change_amount(note, user, amount):
    data = copy.deepcopy(note_to_data(note))
    data["funding_lines"][0]["amounts"]["2027"] = amount
    return save_note(data, note=note, user=user, expected_version=note.version)


def test_the_first_download_waits_for_the_worker_and_the_next_is_a_file(client, secretary, bi22):
    client.force_login(secretary)
    waiting = client.get(PDF)
    assert waiting.status_code == 202
    text = waiting.content.decode()
    assert "bliver lavet nu og åbner af sig selv" in text
    assert f'hx-get="{STATUS}"' in text
    assert render_tasks() == 1
    # Many more asking before the worker got to it: still one row and one render queued.
    for _ in range(3):
        assert client.get(PDF).status_code == 202
    assert client.get(STATUS, headers=HTMX).status_code == 204
    assert client.get(STATUS)["Location"] == PDF  # a plain visit goes to the PDF
    assert rows(bi22).count() == 1
    assert render_tasks() == 1

    (row,) = rows(bi22)
    assert versions.render(row.pk) == "ready"
    assert versions.render(row.pk) is None  # a second worker finds nothing to do
    ready = client.get(STATUS, headers=HTMX)
    assert ready["HX-Redirect"] == PDF
    first = client.get(PDF)
    assert first.status_code == 200
    assert first["Content-Type"] == "application/pdf"
    pdf = body(first)
    row.refresh_from_db()
    assert row.sha256 == hashlib.sha256(pdf).hexdigest()
    assert row.html == ""  # made; only a sent PDF keeps its HTML

    second = client.get(PDF)
    assert body(second) == pdf  # the same file, byte for byte: not rendered again
    row.refresh_from_db()
    assert row.rendered_at is not None
    assert rows(bi22).count() == 1
    assert render_tasks() == 1


def test_a_saved_change_is_a_new_version_with_its_own_pdf(
    client, secretary, editor, bi22, settings
):
    settings.TASKS = IMMEDIATE_TASKS
    client.force_login(secretary)
    before = body(client.get(PDF))
    note = change_amount(bi22, editor, 9999)
    after = client.get(PDF)
    assert after.status_code == 200
    pages = pdf_pages(body(after))
    assert f"version {note.version}" in pages[0]
    assert "9.999" in "".join(pages)
    assert body(after) != before
    assert sorted(rows(bi22).values_list("version", flat=True)) == [bi22.version, note.version]
    # Cleanup forgets the old version's file; the current one stays.
    old = rows(bi22).get(version=bi22.version)
    assert versions.storage().exists(old.file_name)
    assert versions.forget_outdated() == 1
    assert not versions.storage().exists(old.file_name)
    assert list(rows(bi22).values_list("version", flat=True)) == [note.version]


def test_a_save_has_the_worker_make_the_new_version(
    editor, bi22, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE_TASKS
    with django_capture_on_commit_callbacks(execute=True):
        note = change_amount(bi22, editor, 4321)
    (row,) = rows(bi22)
    assert (row.version, row.state) == (note.version, "ready")
    assert "4.321" in "".join(pdf_pages(versions.storage().open(row.file_name).read()))


def send(bi22, editor, approver, capture):
    with capture(execute=True):
        note = workflow.apply(editor, bi22, "submit")
        note = workflow.apply(approver, note, "approve")
        note = workflow.apply(approver, note, "send")
    return note


def test_the_sent_pdf_is_frozen_and_stays_after_reopening_and_changing(
    client, secretary, editor, approver, bi22, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE_TASKS
    sent = send(bi22, editor, approver, django_capture_on_commit_callbacks)
    (frozen,) = versions.frozen("note", bi22.pk)
    assert (frozen.version, frozen.state, frozen.frozen) == (sent.version, "ready", True)
    sent_url = f"/budget-2026/BI22/pdf/fremsendt/{sent.version}/"

    client.force_login(secretary)
    as_sent = body(client.get(sent_url))
    assert hashlib.sha256(as_sent).hexdigest() == frozen.sha256
    assert body(client.get(PDF)) == as_sent  # the current version is the sent one
    page = client.get("/budget-2026/BI22/").content.decode()
    assert frozen.sha256 in page
    assert sent_url in page
    history = client.get("/budget-2026/BI22/historik/").content.decode()
    assert frozen.sha256 in history
    pages = pdf_pages(as_sent)
    assert "KLADDE" not in pages[0]
    assert f"Fremsendt · version {sent.version}" in pages[0]

    # Reopened and changed: the current PDF is a draft again, the sent one is unchanged.
    with django_capture_on_commit_callbacks(execute=True):
        note = workflow.apply(approver, sent, "reopen")
        note = change_amount(note, editor, 8888)
        Committee.objects.filter(pk=note.committee_id).update(name="Nyt navn")
        note.committee.save()  # reference data changed: every unfrozen PDF is outdated
    draft = client.get(PDF)
    assert draft.status_code == 200
    assert "KLADDE – ikke fremsendt" in pdf_pages(body(draft))[0]
    assert body(client.get(sent_url)) == as_sent  # byte-identical
    versions.forget_outdated()
    assert body(client.get(sent_url)) == as_sent
    assert frozen.sha256 in client.get("/budget-2026/BI22/").content.decode()
    assert RenderedPdf.objects.get(pk=frozen.pk).html  # what was sent, kept as text too


def test_the_sent_pdf_needs_the_pdf_right(
    client, analyst, editor, approver, bi22, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE_TASKS
    sent = send(bi22, editor, approver, django_capture_on_commit_callbacks)
    client.force_login(analyst)
    assert client.get(f"/budget-2026/BI22/pdf/fremsendt/{sent.version}/").status_code == 403
    page = client.get("/budget-2026/BI22/").content.decode()
    assert "Fremsendt til udvalget" in page  # the analyst sees what was sent and its hash
    assert "Hent den fremsendte PDF" not in page


def test_no_sent_pdf_for_a_version_never_sent(client, secretary, bi22):
    client.force_login(secretary)
    response = client.get(f"/budget-2026/BI22/pdf/fremsendt/{bi22.version}/")
    assert response.status_code == 404
    assert "Den fremsendte PDF findes ikke" in response.content.decode()


def test_a_hidden_draft_has_no_pdf_status(client, sof_editor):
    client.force_login(sof_editor)
    assert client.get(STATUS, headers=HTMX).status_code == 404
    assert client.get(PDF).status_code == 404


@pytest.mark.slow
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs concurrent connections: runs in the PostgreSQL pass (make test-postgres)",
)
@pytest.mark.django_db(transaction=True)
def test_many_asking_at_once_make_one_row_and_one_render(demo_data, secretary):
    from django.test import Client

    note = BudgetNote.objects.get(code="BI22")
    barrier = threading.Barrier(6)
    statuses = []

    def ask():
        client = Client()
        client.force_login(secretary)
        barrier.wait()
        try:
            statuses.append(client.get(PDF).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=ask) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [202] * 6
    assert rows(note).count() == 1
    assert render_tasks() == 1


def test_the_cleanup_command_forgets_old_versions_but_never_a_sent_pdf(
    editor, approver, bi22, settings, django_capture_on_commit_callbacks
):
    import io

    from django.core.management import call_command

    settings.TASKS = IMMEDIATE_TASKS
    with django_capture_on_commit_callbacks(execute=True):
        note = change_amount(bi22, editor, 1111)  # an unfrozen version
    changed = note.version
    sent = send(note, editor, approver, django_capture_on_commit_callbacks)
    sent_version = sent.version  # workflow.apply moves the object it is given
    with django_capture_on_commit_callbacks(execute=True):
        change_amount(workflow.apply(approver, sent, "reopen"), editor, 2222)
    kept = {row.version: row.frozen for row in rows(bi22)}
    assert kept[changed] is False and kept[sent_version] is True
    out = io.StringIO()
    call_command("cleanup", stdout=out)
    assert "Gemte PDF'er: " in out.getvalue()
    current = BudgetNote.objects.get(pk=bi22.pk).version
    assert sorted(rows(bi22).values_list("version", "frozen")) == [
        (sent_version, True),
        (current, False),
    ]


def test_a_sent_sheet_keeps_its_pdf_for_those_who_may_see_what_it_names(
    client, secretary, sof_editor, editor, approver, settings, django_capture_on_commit_callbacks
):
    """Nr. 19 names nr. 26 (a BIF draft): the sent PDF of nr. 19 is listed and served to
    BIF's readers, and to nobody who may not see nr. 26."""
    from initiatives.models import ExpiryAssessment

    settings.TASKS = IMMEDIATE_TASKS
    sheet = ExpiryAssessment.objects.get(round__slug="budget-2027", number=19)
    with django_capture_on_commit_callbacks(execute=True):
        sheet = workflow.apply(editor, sheet, "submit")
        sheet = workflow.apply(approver, sheet, "approve")
        sheet = workflow.apply(approver, sheet, "send")
    (frozen,) = versions.frozen("assessment", sheet.pk)
    assert frozen.ready and frozen.names == [ExpiryAssessment.objects.get(number=26).pk]
    url = f"/budget-2027/udloeb/19/pdf/fremsendt/{sheet.version}/"

    client.force_login(secretary)
    pdf = body(client.get(url))
    assert hashlib.sha256(pdf).hexdigest() == frozen.sha256
    assert "Se også: nr. 26" in " ".join(" ".join(pdf_pages(pdf)).split())
    assert frozen.sha256 in client.get("/budget-2027/udloeb/19/").content.decode()

    client.force_login(sof_editor)  # nr. 19 is sent (public), nr. 26 a BIF draft
    page = client.get("/budget-2027/udloeb/19/")
    assert page.status_code == 200
    assert frozen.sha256 not in page.content.decode()
    assert client.get(url).status_code == 404
