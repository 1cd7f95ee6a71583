"""URLs. Each feature keeps its own list; `<round>/<code>/` only matches note codes (BI22)."""

from django.contrib import admin
from django.urls import include, path, register_converter

from budgetnotes.converters import NoteCodeConverter

register_converter(NoteCodeConverter, "code")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("documents.pdf.urls")),
    path("", include("documents.workbook.urls")),
    path("", include("documents.interchange.urls")),
    path("", include("initiatives.urls")),
    path("", include("budgetnotes.pages.urls")),
]
