"""URLs. Each feature keeps its own list; `<round>/<code>/` only matches note codes (BI22).

A refused or missing page gets the Danish 403 and 404 pages (config.errors); a server error
gets Django's own handler with templates/500.html, which needs neither request nor database."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, register_converter

from budgetnotes.converters import NoteCodeConverter
from config import sso_views
from operations.health import healthz

register_converter(NoteCodeConverter, "code")

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    # Django's login and logout with single sign-on and the DJANGO_LOCAL_LOGIN switch.
    path("login/", sso_views.LoginView.as_view(), name="login"),
    path("logout/", sso_views.LogoutView.as_view(), name="logout"),
    path("", include("documents.pdf.urls")),
    path("", include("documents.workbook.urls")),
    path("", include("documents.interchange.urls")),
    path("", include("initiatives.urls")),
    path("", include("budgetnotes.pages.urls")),
]

if settings.SSO_ENABLED:  # mozilla-django-oidc's authenticate/ and callback/ (config.sso_views)
    urlpatterns.insert(2, path("oidc/", include("mozilla_django_oidc.urls")))

handler403 = "config.errors.permission_denied"
handler404 = "config.errors.page_not_found"
