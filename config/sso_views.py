"""The login, logout and single sign-on views (docs/operations.md#single-sign-on)."""

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from mozilla_django_oidc import views as oidc_views

from config import sso
from operations import access as access_log


class LoginView(auth_views.LoginView):
    """Django's login, with the single sign-on button; the username and password form only
    while DJANGO_LOCAL_LOGIN is on (a local login sent anyway is refused)."""

    def post(self, request, *args, **kwargs):
        if not settings.LOCAL_LOGIN:
            return render(
                request,
                "registration/login.html",
                {**self.get_context_data(), "local_login_refused": True},
                status=403,
            )
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            sso_enabled=settings.SSO_ENABLED,
            local_login=settings.LOCAL_LOGIN,
            sso_failed=self.request.GET.get("sso") == "fejl",
            contact=settings.OIDC_NO_ROLE_CONTACT,
            **kwargs,
        )


def provider_logout(request):
    """The provider's logout URL for a single sign-on login, read before the session is
    emptied; None for a local login."""
    if settings.SSO_ENABLED and request.session.get("oidc_id_token"):
        return sso.provider_logout_url(request)
    return None


def end_at_provider(request, response, provider_url):
    """After a logout (a POST): on to the provider's logout when the login came from it."""
    if provider_url and request.method == "POST":
        return HttpResponseRedirect(provider_url)
    return response


class LogoutView(auth_views.LogoutView):
    """Django's logout; a single sign-on login is then ended at the provider too."""

    def post(self, request, *args, **kwargs):
        provider_url = provider_logout(request)
        return end_at_provider(request, super().post(request, *args, **kwargs), provider_url)


class AuthenticationRequestView(oidc_views.OIDCAuthenticationRequestView):
    def __init__(self, *args, **kwargs):
        if not settings.SSO_ENABLED:
            raise Http404
        super().__init__(*args, **kwargs)


class CallbackView(oidc_views.OIDCAuthenticationCallbackView):
    """A user the provider knows but who has no role (or no administration) here is not
    logged in (config.sso_backend returns no user) and gets the Danish page saying whom to
    ask; any other failure goes back to the login page with a Danish message."""

    def dispatch(self, request, *args, **kwargs):
        if not settings.SSO_ENABLED:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def login_failure(self):
        refused = getattr(self.request, "sso_refused_user", None)
        if refused is None:
            return super().login_failure()
        if self.request.user.is_authenticated:
            auth.logout(self.request)
        access_log.record_refused_login(
            self.request,
            refused.get_username(),
            "Login med kommunens login afvist: ingen rolle eller forvaltning",
        )
        return render(
            self.request,
            "registration/sso_no_role.html",
            {"contact": settings.OIDC_NO_ROLE_CONTACT, "sso_user": refused},
            status=403,
        )
