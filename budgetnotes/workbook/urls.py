"""Excel downloads (issue 5). Placeholder until the workbook work lands."""

from django.http import Http404
from django.urls import path


def not_yet(request, **kwargs):
    raise Http404("Excel er endnu ikke tilgængelig.")


urlpatterns = [
    path("<slug:slug>/<code:code>/xlsx/", not_yet, name="note-xlsx"),
    path("<slug:slug>/xlsx/", not_yet, name="round-xlsx"),
]
