from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from budgetnotes import views

admin.site.site_header = "Budgetnotatregister – administration"
admin.site.site_title = "Budgetnotatregister"
admin.site.index_title = "Administration"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.round_list, name="round-list"),
    path("<slug:slug>/", views.round_detail, name="round-detail"),
    path("<slug:slug>/<str:code>/", views.note_detail, name="note-detail"),
]
