"""The PDFs a note or sheet was sent to the committee as (documents.pdf.versions.freeze),
for its page and its history: `{% sent_pdfs note as sent %}`, then
`sent|sent_in:entry.version`. A sheet's sent PDF is listed only to a reader who may see every
other sheet it names."""

from django import template
from django.urls import reverse

from budgetnotes.access import visibility_q
from documents.models import RenderedPdf
from documents.pdf import versions

register = template.Library()


@register.simple_tag(takes_context=True)
def sent_pdfs(context, obj):
    """The object's sent PDFs the reader may have, newest first, each with its `url`."""
    from budgetnotes.models import BudgetNote
    from initiatives.models import ExpiryAssessment

    if isinstance(obj, BudgetNote):
        rows = versions.frozen(RenderedPdf.Kind.NOTE, obj.pk)
        for row in rows:
            row.url = reverse("note-pdf-sent", args=[obj.round.slug, obj.code, row.version])
        return rows
    rows = versions.frozen(RenderedPdf.Kind.ASSESSMENT, obj.pk)
    named = {pk for row in rows for pk in row.names}
    if named:
        user = context["request"].user
        readable = set(
            ExpiryAssessment.objects.filter(pk__in=named)
            .filter(visibility_q(user))
            .values_list("pk", flat=True)
        )
        rows = [row for row in rows if readable.issuperset(row.names)]
    for row in rows:
        row.url = reverse("assessment-pdf-sent", args=[obj.round.slug, obj.number, row.version])
    return rows


@register.filter
def sent_in(sent, version):
    """The sent PDF of `version`, or None."""
    return next((row for row in sent if row.version == version), None)
