import pytest

from budgetnotes.models import BudgetNote


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
    from budgetnotes.pages.editor_forms import NoteEditor, sign_snapshot
    from budgetnotes.services import note_to_data

    def build(note):
        note = BudgetNote.objects.with_everything().get(pk=note.pk)
        data = note_to_data(note)
        editor = NoteEditor(note, data)
        post = {"version": str(note.version), "snapshot": sign_snapshot(data)}
        post.update(form_values(editor.text))
        for row_set in editor.formsets.values():
            post.update(form_values(row_set.management_form))
            for form in row_set.forms:
                post.update(form_values(form))
        return post

    return build
