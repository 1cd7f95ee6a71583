"""The admin screens the project makes its own, read from their HTML as a screen reader meets
them: every field has a name (a <label for>, or an aria-label naming the column and the row
of a tabular inline: "Aktivitet, linje 1"), no table heading is empty, a table only to read
scrolls from the keyboard, and a note's districts and a sheet's related sheets are checkboxes
(filter_horizontal's widget puts an aria-label on a span without a role), saved as before."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from budgetnotes.admin.inlines import row_name
from budgetnotes.models import BudgetNote, Committee, District, PriceIndexSet, User
from initiatives.models import ExpiryAssessment, TargetGroup
from tests.test_admin import current_form_data

pytestmark = pytest.mark.django_db

VOID = {"input", "br", "meta", "link", "img", "hr", "col", "source", "wbr"}


class Page(HTMLParser):
    """A page's start tags (tag, attributes), its ids, the targets of its labels, and the text
    of each header cell of a table head."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.ids = set()
        self.label_for = set()
        self.head_cells = []  # (the th's attributes, its text)
        self._open = []
        self._cell = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        self.tags.append((tag, attrs))
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "label" and attrs.get("for"):
            self.label_for.add(attrs["for"])
        if tag == "th" and "thead" in self._open:
            self._cell = [attrs, ""]
        if tag == "img" and self._cell is not None:
            self._cell[1] += attrs.get("alt", "")
        if tag not in VOID:
            self._open.append(tag)

    def handle_endtag(self, tag):
        if tag == "th" and self._cell is not None:
            self.head_cells.append(tuple(self._cell))
            self._cell = None
        if tag in self._open:
            while self._open.pop() != tag:
                pass

    def handle_data(self, data):
        if self._cell is not None:
            self._cell[1] += data

    def controls(self):
        """The fields a person fills in: inputs (not hidden, not buttons), selects, textareas."""
        for tag, attrs in self.tags:
            if tag in ("select", "textarea") or (
                tag == "input"
                and attrs.get("type", "text") not in ("hidden", "submit", "button", "reset")
            ):
                yield attrs

    def unnamed(self):
        """Controls without an accessible name: no <label for>, no aria-label, no
        aria-labelledby whose ids are all on the page."""
        found = []
        for attrs in self.controls():
            labelled_by = attrs.get("aria-labelledby", "").split()
            if attrs.get("id") in self.label_for or attrs.get("aria-label", "").strip():
                continue
            if labelled_by and all(ref in self.ids for ref in labelled_by):
                continue
            found.append(attrs.get("name") or attrs.get("id"))
        return found

    def empty_head_cells(self):
        return [attrs for attrs, text in self.head_cells if not text.strip()]

    def aria_label(self, element_id):
        return next(
            attrs.get("aria-label") for _tag, attrs in self.tags if attrs.get("id") == element_id
        )


@pytest.fixture
def budget_admin(db):
    return User.objects.get(username="budgetadministrator")


def bi22():
    return BudgetNote.objects.get(round__slug="budget-2026", code="BI22")


def sheet(number=1):
    return ExpiryAssessment.objects.get(round__slug="budget-2027", number=number)


def note_url():
    return reverse("admin:budgetnotes_budgetnote_change", args=[bi22().pk])


def sheet_url(number=1):
    return reverse("admin:initiatives_expiryassessment_change", args=[sheet(number).pk])


SCREENS = {
    "note": ("redaktor", note_url),
    "note, to read": ("analytiker", note_url),
    "sheet": ("redaktor", sheet_url),
    "sheet, to read": ("analytiker", sheet_url),
    "new note": ("redaktor", lambda: reverse("admin:budgetnotes_budgetnote_add")),
    "committee": (
        "budgetadministrator",
        lambda: reverse(
            "admin:budgetnotes_committee_change", args=[Committee.objects.get(code="BIU").pk]
        ),
    ),
    "new committee": ("budgetadministrator", lambda: reverse("admin:budgetnotes_committee_add")),
    "price index set": (
        "budgetadministrator",
        lambda: reverse(
            "admin:budgetnotes_priceindexset_change", args=[PriceIndexSet.objects.first().pk]
        ),
    ),
    "target group": (
        "redaktor",
        lambda: reverse(
            "admin:initiatives_targetgroup_change", args=[TargetGroup.objects.first().pk]
        ),
    ),
}


def page(client, username, url):
    client.force_login(User.objects.get(username=username))
    response = client.get(url)
    assert response.status_code == 200, url
    return Page(response.content.decode())


@pytest.mark.parametrize("screen", SCREENS)
def test_every_field_has_a_name_and_every_table_heading_a_text(client, screen):
    username, url = SCREENS[screen]
    shown = page(client, username, url())
    assert not shown.unnamed(), screen
    assert not shown.empty_head_cells(), screen


def test_a_tabular_inlines_inputs_are_named_by_their_column_and_row(client):
    shown = page(client, "redaktor", note_url())
    assert shown.aria_label("id_funding_lines-0-activity") == "Aktivitet, linje 1"
    assert shown.aria_label("id_funding_lines-2-year_2027") == "2027, linje 3"
    assert shown.aria_label("id_funding_lines-1-scenario") == "Scenarie, linje 2"  # in the
    # admin's wrapper with its links, the select itself is named
    assert shown.aria_label("id_scenarios-0-DELETE") == "Slet, linje 1"
    # The row inlines.js copies for a new line: its ids are renumbered, its names are not.
    assert shown.aria_label("id_funding_lines-__prefix__-activity") == "Aktivitet, ny linje"
    assert row_name(None) == "ny linje" and row_name(0) == "linje 1"


def test_the_names_are_set_on_each_forms_own_widgets(rf, editor):
    """Never on the form class's fields (which every form of the formset copies): the select
    in the admin's wrapper included, whose wrapper shares the class's attributes."""
    from django.contrib import admin

    note = bi22()
    request = rf.get(note_url())
    request.user = editor
    request.resolver_match = type("Match", (), {"kwargs": {"object_id": str(note.pk)}})()
    inline = next(
        inline
        for inline in admin.site._registry[BudgetNote].get_inline_instances(request, note)
        if inline.model.__name__ == "FundingLine"
    )
    formset = inline.get_formset(request, note)(instance=note, prefix="funding_lines")
    names = [form.fields["committee"].widget.widget.attrs["aria-label"] for form in formset]
    assert names == ["Udvalg, linje 1", "Udvalg, linje 2", "Udvalg, linje 3"]
    assert formset.empty_form.fields["activity"].widget.attrs["aria-label"] == (
        "Aktivitet, ny linje"
    )
    for field in formset.form.base_fields.values():
        assert "aria-label" not in field.widget.attrs
        assert "aria-label" not in getattr(field.widget, "widget", field.widget).attrs


def test_the_header_cells_say_what_their_columns_hold(client):
    editable = page(client, "redaktor", note_url())
    texts = [text.strip() for _attrs, text in editable.head_cells]
    assert "Finansieringslinje" in texts  # the first column: the row's name and its keys
    assert "Slet?" in texts
    to_read = page(client, "redaktor", sheet_url())
    economy = [text.strip() for attrs, text in to_read.head_cells]
    assert "Slet?" not in economy and "Fjern" not in economy  # nothing is deleted or added


def test_a_table_only_to_read_scrolls_in_a_named_focusable_region(client):
    to_read = page(client, "redaktor", sheet_url())
    regions = [
        attrs
        for tag, attrs in to_read.tags
        if tag == "div" and "wrapper" in attrs.get("class", "").split()
    ]
    assert regions
    for attrs in regions:
        assert attrs.get("tabindex") == "0" and attrs.get("role") == "region"
        assert attrs.get("aria-labelledby") in to_read.ids
    editable = page(client, "redaktor", note_url())
    assert all(
        "tabindex" not in attrs
        for tag, attrs in editable.tags
        if tag == "div" and "wrapper" in attrs.get("class", "").split()
    )  # its inputs take the focus


def test_a_notes_districts_are_checkboxes_saved_through_the_write_path(client, editor):
    url = note_url()
    client.force_login(editor)
    shown = page(client, "redaktor", url)
    boxes = [attrs for attrs in shown.controls() if attrs.get("name") == "districts"]
    assert len(boxes) == District.objects.count()
    assert all(attrs["type"] == "checkbox" and attrs["id"] in shown.label_for for attrs in boxes)
    assert not any("selectfilter" in attrs.get("class", "") for _tag, attrs in shown.tags)

    chosen = list(District.objects.order_by("position")[:2])
    posted = current_form_data(client, url)
    posted["citywide"] = ""
    posted["districts"] = [str(district.pk) for district in chosen]
    version = bi22().version
    response = client.post(url, posted)
    assert response.status_code == 302, response.context and response.context["errors"]
    note = bi22()
    assert set(note.districts.all()) == set(chosen)
    assert note.version == version + 1


def test_a_sheets_related_sheets_are_checkboxes_saved_through_the_write_path(client, editor):
    url = sheet_url(7)
    shown = page(client, "redaktor", url)
    boxes = [attrs for attrs in shown.controls() if attrs.get("name") == "related"]
    assert len(boxes) == ExpiryAssessment.objects.filter(round__slug="budget-2027").count() - 1
    assert all(attrs["type"] == "checkbox" and attrs["id"] in shown.label_for for attrs in boxes)

    posted = current_form_data(client, url)
    posted["related"] = [str(sheet(2).pk), str(sheet(3).pk)]
    response = client.post(url, posted)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert {other.number for other in sheet(7).related.all()} == {2, 3}
    assert sheet(7).version == 2
