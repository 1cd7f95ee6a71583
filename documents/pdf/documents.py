"""What goes into each printed document: context from the models, HTML from templates.

Every figure comes from budgetnotes.totals (via the models' table methods); templates only
format. Rendering HTML → PDF is documents.pdf.engine's job.
"""

from functools import cache

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from budgetnotes.choices import PUBLISHED_STATUSES, Category
from budgetnotes.presentation import note_layout
from documents.pdf.fetcher import STATIC_BASE
from initiatives.expiry.presentation import economy_tables

STYLESHEET = "pdf/print.css"


@cache
def stylesheet_text():
    path = finders.find(STYLESHEET)
    with open(path, encoding="utf-8") as handle:
        return handle.read()


@cache
def static_files():
    """{absolute URL: path} of the files under static/pdf/: all the PDF may fetch."""
    result = {}
    for finder in finders.get_finders():
        for path, storage in finder.list([]):
            if path.startswith("pdf/"):
                result.setdefault(STATIC_BASE + path, storage.path(path))
    return result


def note_context(note, districts):
    """Everything the note template needs: the note's presentation (the same the page
    shows) and the printed boxes. `districts`: all District rows in printed order (passed in
    so a catalogue reads them once)."""
    layout = note_layout(note)
    ticked = {district.pk for district in note.districts.all()}
    category_label = dict(Category.choices)
    return {
        "note": note,
        "categories": [(label, value == note.category) for value, label in category_label.items()],
        "sections": layout.sections,
        "allocations": layout.allocations,
        "appendix": layout.appendix,
        "conversions": layout.conversions,
        "districts": [(district.name, district.pk in ticked) for district in districts],
        "table_count": layout.table_count,
        "layout": layout,
    }


def document_html(body_template, context, *, title, author, subject=""):
    return render_to_string(
        "pdf/document.html",
        {
            **context,
            "body_template": body_template,
            "doc_title": title,
            "doc_author": author,
            "doc_subject": subject,
            "published": PUBLISHED_STATUSES,
        },
    )


def note_html(note, districts):
    return document_html(
        "pdf/note_body.html",
        note_context(note, districts),
        title=f"{note.code} {note.title}",
        author=note.administration.name,
        subject=f"Budgetnotat, {note.round.name}",
    )


def assessment_context(assessment, related=()):
    return {
        "a": assessment,
        "verdict": assessment.get_verdict_display(),
        "related": sorted(related, key=lambda other: other.number),
        **economy_tables(assessment),
    }


def assessment_html(assessment, related=()):
    return document_html(
        "pdf/assessment_body.html",
        assessment_context(assessment, related),
        title=str(assessment),
        author=assessment.administration.name,
        subject=f"Vurdering af bevillingsudløb, {assessment.round.name}",
    )


def plain_html(body_template, context, *, title, author, subject=""):
    return document_html(body_template, context, title=title, author=author, subject=subject)
