"""The initiative and expiry forms in Det Fælles Designsystem, read from their HTML: every
field has a name a screen reader says (a <label>, or an aria-label in a grid cell), every
checkbox has the label DKFDS draws its box on, a select's empty choice says something in
Danish, the grids scroll in their own named, focusable region, and an error stands at its
field (and in the summary above the form, linked to it)."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from initiatives.models import Initiative
from tests.initiatives.forms import form_data

pytestmark = pytest.mark.django_db

EDITOR = reverse("assessment-edit", args=["budget-2027", 2])
FOLLOW_UP = reverse("assessment-follow-up", args=["budget-2027", 2])


class Page(HTMLParser):
    """The start tags of a page (tag, attributes), the ids, the labels' targets, and the text
    of each element with an id."""

    def __init__(self, html):
        super().__init__()
        self.tags = []
        self.ids = set()
        self.label_for = set()
        self.text_by_id = {}
        self._open = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        self.tags.append((tag, attrs))
        if "id" in attrs:
            self.ids.add(attrs["id"])
            self.text_by_id[attrs["id"]] = ""
        if tag == "label" and attrs.get("for"):
            self.label_for.add(attrs["for"])
        if tag not in ("input", "br", "meta", "link", "img", "hr"):
            self._open.append(attrs.get("id"))

    def handle_endtag(self, tag):
        if tag not in ("input", "br", "meta", "link", "img", "hr") and self._open:
            self._open.pop()

    def handle_data(self, data):
        for element_id in self._open:
            if element_id:
                self.text_by_id[element_id] += data

    def controls(self):
        """The fields a person fills in: inputs (not hidden, not buttons), selects, textareas."""
        for tag, attrs in self.tags:
            if tag in ("select", "textarea") or (
                tag == "input" and attrs.get("type", "text") not in ("hidden", "submit", "button")
            ):
                yield tag, attrs

    def unnamed(self):
        """Controls without an accessible name: no <label for>, no aria-label, no
        aria-labelledby whose ids are on the page."""
        found = []
        for tag, attrs in self.controls():
            labelled_by = attrs.get("aria-labelledby", "").split()
            if attrs.get("id") in self.label_for or attrs.get("aria-label", "").strip():
                continue
            if labelled_by and all(ref in self.ids for ref in labelled_by):
                continue
            found.append(attrs.get("name") or tag)
        return found

    def dangling_descriptions(self):
        return [
            (attrs.get("name"), ref)
            for _tag, attrs in self.controls()
            for ref in attrs.get("aria-describedby", "").split()
            if ref not in self.ids
        ]

    def by_name(self, name):
        (attrs,) = [attrs for _tag, attrs in self.controls() if attrs.get("name") == name]
        return attrs


def page(client, url, data=None):
    response = client.post(url, data) if data is not None else client.get(url)
    assert response.status_code == 200, response.status_code
    return response, Page(response.content.decode())


def assert_designed(html_page, text):
    """What every one of these forms must be."""
    assert html_page.unnamed() == []
    assert html_page.dangling_descriptions() == []
    assert "---------" not in text and "Vælg en valgmulighed" not in text
    for _tag, attrs in html_page.controls():
        classes = attrs.get("class", "").split()
        if attrs.get("type") == "checkbox":
            # DKFDS hides the input and draws the box on the label that follows it.
            assert "form-checkbox" in classes and attrs["id"] in html_page.label_for, attrs
        else:
            assert {"form-input", "form-select"} & set(classes), attrs
    for _tag, attrs in html_page.tags:
        if "table--responsive-scroll" in attrs.get("class", "").split():
            assert attrs.get("tabindex") == "0" and attrs.get("role") == "region", attrs
            assert attrs.get("aria-label") or attrs.get("aria-labelledby") in html_page.ids


def test_the_assessment_editor_names_every_field(editor, login):
    response, html = page(login(editor), EDITOR)
    assert_designed(html, response.content.decode())
    cells = [attrs["aria-label"] for _tag, attrs in html.controls() if "aria-label" in attrs]
    assert len(cells) == len(set(cells))  # each cell says its column and its row
    amount = html.by_name("proposed-0-year_2027")
    assert amount["aria-label"] == "2027, foreslået økonomi, linje 1"
    assert amount["value"] == "9.500" and "amount" in amount["class"].split()
    assert html.by_name("original-0-year_2026")["value"] == "8.400"
    assert html.by_name("proposed-1-of_which")["aria-label"] == "Heraf, foreslået økonomi, linje 2"
    assert html.by_name("original-0-steering_area")["aria-label"] == (
        "Styringsområde, udløbende bevilling, linje 1"
    )
    assert 'id="id_proposed-0-DELETE"' in response.content.decode()
    related = [attrs for _tag, attrs in html.controls() if attrs.get("name") == "related"]
    assert len(related) == 26 and all(attrs["id"] in html.label_for for attrs in related)


def test_the_empty_choices_say_what_they_mean(editor, login):
    response, _html = page(login(editor), EDITOR)
    text = response.content.decode()
    assert '<option value="">Ingen vurdering endnu</option>' in text
    assert '<option value="">Ingen indsats</option>' in text
    assert '<option value="" selected>Ikke angivet</option>' in text  # the empty lines' area
    assert '<option value="" selected>Ikke fordelt</option>' in text


def test_an_error_stands_at_its_cell_and_in_the_summary(editor, login):
    client = login(editor)
    response = client.get(EDITOR)
    data = form_data(
        response.context["form"],
        response.context["original_formset"],
        response.context["proposed_formset"],
    )
    data["proposed-0-year_2027"] = "syv"
    response, html = page(client, EDITOR, data)
    assert_designed(html, response.content.decode())
    amount = html.by_name("proposed-0-year_2027")
    assert amount["value"] == "syv" and amount["aria-invalid"] == "true"
    (described,) = amount["aria-describedby"].split()
    assert "„syv“ er ikke et beløb" in html.text_by_id[described]
    summary = html.text_by_id["error-summary"]
    assert "Vurderingen er ikke gemt." in summary
    assert "2027, foreslået økonomi, linje 1" in summary
    assert ("a", {"href": "#id_proposed-0-year_2027"}) in html.tags


def test_the_follow_up_form_names_every_field(editor, login):
    response, html = page(login(editor), FOLLOW_UP)
    assert_designed(html, response.content.decode())
    names = [attrs.get("aria-label") for tag, attrs in html.controls() if tag == "select"]
    assert "Styringsområde, linje 1" in names and "Bevilling, linje 2" in names
    code = html.by_name("code")
    assert html.text_by_id[code["aria-describedby"]] == "Tom: næste ledige kode i runden."


@pytest.mark.parametrize("which", ["existing", "new"])
def test_the_initiative_editor_names_every_field(editor, login, which):
    plan = Initiative.objects.get(name__startswith="Handleplan for udmøntning")
    url = reverse("initiative-edit", args=[plan.pk]) if which == "existing" else "/indsatser/ny/"
    response, html = page(login(editor), url)
    assert_designed(html, response.content.decode())
    if which == "existing":
        goal = [a for _t, a in html.controls() if a.get("name", "").endswith("-0-deadline_weeks")]
        assert goal[0]["aria-label"] == "Frist i uger, mål 1"
        group_delete = html.by_name("groups-0-DELETE")
        assert group_delete["id"] in html.label_for


@pytest.mark.parametrize(
    "url", [reverse("assessment-list", args=["budget-2027"]), reverse("initiative-list")]
)
def test_the_list_filters_are_labelled(editor, login, url):
    response, html = page(login(editor), url)
    assert_designed(html, response.content.decode())
    assert ("form", {"method": "get", "class": "filters no-print", "role": "search"}) in [
        (tag, {k: v for k, v in attrs.items() if k != "aria-label"}) for tag, attrs in html.tags
    ]
    assert html.by_name("q")["type"] == "search"
