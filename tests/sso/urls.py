"""The project's URLs with single sign-on's (config.urls adds them only when OIDC_ISSUER is set
at start; the tests switch SSO on afterwards)."""

from django.urls import include, path

from config.urls import handler403, handler404  # noqa: F401
from config.urls import urlpatterns as project_urlpatterns

urlpatterns = [path("oidc/", include("mozilla_django_oidc.urls")), *project_urlpatterns]
