"""Logging out of a single sign-on login ends it at the provider, from the staff pages and
from the admin alike; the admin has no login form of its own; the login page says when a single
sign-on login failed."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

LOGOUT = "https://login.example.dk/oauth2/logout"


@pytest.fixture
def sso_on(settings):
    settings.SSO_ENABLED = True
    settings.OIDC_OP_LOGOUT_ENDPOINT = LOGOUT
    settings.OIDC_RP_CLIENT_ID = "budget"
    settings.OIDC_POST_LOGOUT_REDIRECT_URL = ""


def sso_session(client, user):
    client.force_login(user)
    session = client.session
    session["oidc_id_token"] = "header.payload.signature"
    session.save()
    return client


@pytest.mark.parametrize("path", ["/logout/", "/admin/logout/"])
def test_logout_of_a_single_sign_on_login_goes_on_to_the_provider(client, sso_on, path, analyst):
    response = sso_session(client, analyst).post(path)
    assert response.status_code == 302
    url = urlsplit(response["Location"])
    assert f"{url.scheme}://{url.netloc}{url.path}" == LOGOUT
    query = parse_qs(url.query)
    assert query["id_token_hint"] == ["header.payload.signature"]
    assert query["client_id"] == ["budget"]
    assert query["post_logout_redirect_uri"] == ["http://testserver/login/"]
    assert "_auth_user_id" not in client.session  # out here before the provider


@pytest.mark.parametrize("path", ["/logout/", "/admin/logout/"])
def test_logout_of_a_local_login_stays_here(client, sso_on, path, analyst):
    client.force_login(analyst)
    response = client.post(path)
    assert response.status_code in (200, 302)
    assert not response.get("Location", "").startswith(LOGOUT)
    assert "_auth_user_id" not in client.session


def test_the_admin_sends_its_login_to_the_registrys_login_page(client):
    response = client.get("/admin/login/?next=/admin/budgetnotes/")
    assert response.status_code == 302
    assert response["Location"] == reverse("login") + "?next=/admin/budgetnotes/"
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_failed_single_sign_on_login_says_so_and_whom_to_ask(client, settings):
    settings.ROOT_URLCONF = "tests.sso.urls"
    settings.SSO_ENABLED = True
    settings.OIDC_NO_ROLE_CONTACT = "Økonomiafdelingens systemejer"
    page = client.get("/login/?sso=fejl").content.decode()
    assert "Login med kommunens login mislykkedes" in page
    assert "kontakt Økonomiafdelingens systemejer, hvis det bliver ved" in page
    assert "Log ind med kommunens login" in page
    assert "mislykkedes" not in client.get("/login/").content.decode()
