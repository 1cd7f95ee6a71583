"""Staff pages: login, rounds, notes (issue 3)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from budgetnotes.pages import views

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.round_list, name="round-list"),
    path("<slug:slug>/", views.round_detail, name="round-detail"),
    path("<slug:slug>/<code:code>/", views.note_detail, name="note-detail"),
]
