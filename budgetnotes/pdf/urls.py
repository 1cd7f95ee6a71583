"""PDF downloads (issue 4). Placeholder until the PDF work lands."""

from django.http import Http404
from django.urls import path


def not_yet(request, **kwargs):
    raise Http404("PDF er endnu ikke tilgængelig.")


urlpatterns = [
    path("<slug:slug>/<code:code>/pdf/", not_yet, name="note-pdf"),
    path("<slug:slug>/pdf/", not_yet, name="round-pdf"),
    path("<slug:slug>/udloeb/pdf/", not_yet, name="expiry-catalogue-pdf"),
    path("<slug:slug>/udloeb/<int:number>/pdf/", not_yet, name="assessment-pdf"),
]
