"""The PDFs a note was sent to the committee as (documents.pdf.versions.freeze), for the note
page and its history: `{% sent_pdfs note as sent %}`, then `sent|sent_in:entry.version`."""

from django import template

from documents.models import RenderedPdf
from documents.pdf import versions

register = template.Library()


@register.simple_tag
def sent_pdfs(note):
    """The note's sent PDFs, newest first (one query)."""
    return versions.frozen(RenderedPdf.Kind.NOTE, note.pk)


@register.filter
def sent_in(sent, version):
    """The sent PDF of `version`, or None."""
    return next((row for row in sent if row.version == version), None)
