"""Excel downloads: a note's workbook and a (filtered) round's workbook."""

from django.urls import path

from documents.workbook import views

urlpatterns = [
    path("<slug:slug>/<code:code>/xlsx/", views.note_xlsx, name="note-xlsx"),
    path("<slug:slug>/xlsx/", views.round_xlsx, name="round-xlsx"),
]
