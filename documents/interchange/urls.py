from django.urls import path

from documents.interchange import views

urlpatterns = [
    path("<slug:slug>/indlaes/", views.import_notes, name="round-import"),
]
