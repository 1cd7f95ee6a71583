"""Property-based test of the note editor: hostile values posted to the real form (as a
browser would send them) never cause a server error or a partial write."""

from contextlib import contextmanager
from html.parser import HTMLParser

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgetnotes.models import BudgetNote, FundingAmount
from tests.trust.test_hostile_input import HOSTILE_TEXT

pytestmark = pytest.mark.django_db
URL = reverse("note-edit", args=["budget-2026", "BI22"])


class FormFields(HTMLParser):
    """The fields of the page's editor form, with the values a browser would submit."""

    def __init__(self):
        super().__init__()
        self.fields = {}
        self.in_form = False
        self.textarea = None
        self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if (
            tag == "form"
            and attrs.get("method", "").lower() == "post"
            and "id_version" not in self.fields
        ):
            self.in_form = True
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.fields[name] = attrs.get("value", "on")
            elif kind not in {"submit", "button", "file"}:
                self.fields[name] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self.textarea = name
            self.fields[name] = ""
        elif tag == "select" and name:
            self.select = name
            self.fields.setdefault(name, "")
        elif tag == "option" and self.select and "selected" in attrs:
            self.fields[self.select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None
        elif tag == "form":
            self.in_form = False

    def handle_data(self, data):
        if self.textarea:
            self.fields[self.textarea] += data


def editor_fields(client):
    parser = FormFields()
    parser.feed(client.get(URL).content.decode())
    assert "version" in parser.fields and any(name.startswith("lines-") for name in parser.fields)
    return parser.fields


@contextmanager
def rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def stored():
    note = BudgetNote.objects.get(code="BI22")
    amounts = sorted(
        FundingAmount.objects.filter(line__note=note).values_list("line_id", "year", "amount")
    )
    return note.version, note.title, amounts


@pytest.mark.slow
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_hostile_values_in_the_editor(client, editor, data):
    client.force_login(editor)
    fields = editor_fields(client)
    names = sorted(name for name in fields if name not in {"csrfmiddlewaretoken"})
    chosen = data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=4, unique=True))
    post = dict(fields)
    for name in chosen:
        post[name] = data.draw(HOSTILE_TEXT)
    with rolled_back():
        before = stored()
        response = client.post(URL, post)
        assert response.status_code in (200, 302, 400, 403, 409), response.status_code
        if response.status_code != 302:
            assert stored() == before
            html = response.content.decode()
            assert "form-error" in html or "alert" in html
        else:
            note = BudgetNote.objects.get(code="BI22")
            note.full_clean()
            assert all(
                amount.year in note.years
                for line in note.funding_lines.all()
                for amount in line.amounts.all()
            )
