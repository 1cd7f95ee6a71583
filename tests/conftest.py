import pytest

from budgetnotes.choices import Role
from budgetnotes.models import BudgetNote, User
from config.demo import load_demo
from tests.builders import make_user


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the demo data and demo users.

    Tests that use transactional_db (live server, browser) run last and must load it
    again themselves (see the `demo_data` fixture).
    """
    with django_db_blocker.unblock():
        load_demo(with_users=True)


@pytest.fixture(scope="session", autouse=True)
def pdf_job_folder(tmp_path_factory):
    """Catalogue PDFs go to a folder of this test process (each xdist worker has its own), not
    to the project's var/pdf-jobs: cleanup deletes every file there that no job in its own
    database owns, so a shared folder would lose another worker's (or `make run`'s) files.
    Tests that look at the folder still point PDF_JOB_DIR at their own (the job_dir fixture)."""
    from django.conf import settings

    settings.PDF_JOB_DIR = str(tmp_path_factory.mktemp("pdf-jobs") / "jobs")
    settings.PDF_DOCUMENT_DIR = str(tmp_path_factory.mktemp("pdf-documents") / "documents")


def restore_migration_data():
    """A transactional test's flush also empties what the districts' data migration made (the
    roles come back by themselves: flush sends post_migrate, which config.roles listens to)."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("budgetnotes.migrations.0002_districts")
    migration.create_districts(apps, None)


@pytest.fixture
def demo_data(transactional_db):
    """The demo data for tests that run outside a rolled-back transaction."""
    restore_migration_data()
    load_demo(with_users=True)


@pytest.fixture
def editor(db):
    return User.objects.get(username="redaktor")


@pytest.fixture
def approver(db):
    return User.objects.get(username="godkender")


@pytest.fixture
def secretary(db):
    return User.objects.get(username="sekretaer")


@pytest.fixture
def analyst(db):
    return User.objects.get(username="analytiker")


@pytest.fixture
def sof_editor(db):
    return User.objects.get(username="sof-redaktor")


@pytest.fixture
def sof_secretary(db):
    return make_user("sof-sekretaer", "SOF", Role.SECRETARY)


@pytest.fixture
def personas(editor, approver, secretary, analyst, sof_editor):
    return {
        "redaktor": editor,
        "godkender": approver,
        "sekretaer": secretary,
        "analytiker": analyst,
        "sof-redaktor": sof_editor,
    }


# Notes and the editor as the browser posts it (pages, trust).


@pytest.fixture
def bi22(db):
    return BudgetNote.objects.get(round__slug="budget-2026", code="BI22")


@pytest.fixture
def bi05(db):
    return BudgetNote.objects.get(round__slug="budget-2024", code="BI05")


@pytest.fixture
def login(client):
    def login_as(user):
        client.force_login(user)
        return client

    return login_as


def form_values(form):
    """A bound-looking dict of what an unbound form shows (as the browser would post it)."""
    values = {}
    for name, field in form.fields.items():
        value = form[name].value()
        key = form.add_prefix(name)
        if isinstance(value, bool):
            if value:
                values[key] = "on"
        elif isinstance(value, list | tuple):
            values[key] = list(value)
        elif value is not None:
            values[key] = (
                str(field.prepare_value(value)) if hasattr(field, "prepare_value") else str(value)
            )
    return values


@pytest.fixture
def editor_post():
    """The editor's form for a note as the browser posts it unchanged; tests then change it."""
    from budgetnotes.pages.editor import _data, _read
    from budgetnotes.pages.editor_forms import NoteEditor, sign_snapshot

    def build(note):
        note = _read().get(pk=note.pk)
        data = _data(note)  # as the editor shows it
        editor = NoteEditor(note, data)
        post = {"version": str(note.version), "snapshot": sign_snapshot(note, data)}
        post.update(form_values(editor.text))
        for row_set in [*editor.formsets.values(), editor.parts]:
            post.update(form_values(row_set.management_form))
            for form in row_set.forms:
                post.update(form_values(form))
        return post

    return build
