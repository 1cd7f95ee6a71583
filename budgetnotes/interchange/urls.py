from django.urls import path

from budgetnotes.interchange import views

urlpatterns = [
    path("<slug:slug>/indlaes/", views.import_notes, name="round-import"),
]
