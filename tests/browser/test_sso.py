"""Single sign-on in Chromium against a real OpenID Connect provider (tests/browser/sso_provider.py)."""

import json
import re

import jwt
import pytest
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core.exceptions import SuspiciousOperation

from budgetnotes.models import User
from config.sso_backend import SSOBackend
from operations.models import AccessLog

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def sso_login(page, login, then="/"):
    page.goto(then)
    page.get_by_role("link", name="Log ind med kommunens login").click()
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("hvad-som-helst")
    page.locator("button[type=submit]").click()
    page.wait_for_load_state()


def anne_with(groups):
    """The provider's one user, Anne, in `groups`."""
    return {"anne": {"name": "Anne Birk Hansen", "email": "anne@kommune.dk", "groups": groups}}


def roles(username):
    return set(User.objects.get(username=username).groups.values_list("name", flat=True))


def test_roles_follow_the_provider_and_logout_ends_the_provider_session(page, provider):
    provider.set_users(anne_with(["BUDGET-Redaktoer", "BUDGET-BIF", "Andet"]))
    sso_login(page, "anne")
    assert re.search(r"/$", page.url), page.url
    assert page.get_by_role("button", name="Log ud").is_visible()
    anne = User.objects.get(username="anne")
    assert (anne.first_name, anne.last_name, anne.email) == (
        "Anne Birk",
        "Hansen",
        "anne@kommune.dk",
    )
    assert anne.administration.code == "BIF"
    assert roles("anne") == {"Redaktør"}
    assert not anne.has_usable_password()
    # A group of the registry's own, not a role, is left alone at the next login.
    local = Group.objects.create(name="Lokal gruppe")
    anne.groups.add(local)

    # The header's logout form: out here and at the provider (it asks to confirm).
    page.get_by_role("button", name="Log ud").click()
    page.locator("button[name=logout][value=yes]").click()
    page.wait_for_url(re.compile(r"/login/"))

    provider.set_users(anne_with(["BUDGET-Chef", "BUDGET-Analytiker", "BUDGET-SOF"]))
    # The provider asks again: its session ended.
    sso_login(page, "anne")
    assert re.search(r"/$", page.url), page.url
    anne.refresh_from_db()
    assert anne.administration.code == "SOF"
    assert roles("anne") == {"Godkender", "Analytiker", "Lokal gruppe"}
    assert User.objects.filter(username="anne").count() == 1
    assert anne.sso_subject == "anne"
    # The access log has both logins through the provider and the logout between them.
    assert list(
        AccessLog.objects.filter(username="anne")
        .order_by("at", "id")
        .values_list("action", "purpose")
    ) == [
        ("login", "Login med kommunens login (SSO)"),
        ("logout", "Log ud"),
        ("login", "Login med kommunens login (SSO)"),
    ]


def test_a_user_without_a_mapped_group_gets_the_danish_no_role_page(page, provider):
    provider.set_users({"bo": {"name": "Bo Ladefoged", "groups": ["Noget-andet", "BUDGET-BIF"]}})
    responses = []
    page.on("response", lambda response: responses.append(response))
    sso_login(page, "bo")
    assert page.get_by_role(
        "heading", name="Du har ingen rolle i budgetnotatregistret"
    ).is_visible()
    assert "Økonomiafdelingens systemejer" in page.content()
    assert any(r.status == 403 and "/oidc/callback/" in r.url for r in responses)
    page.goto("/")
    assert "/login/" in page.url  # not logged in
    refused = AccessLog.objects.get(username="bo")
    assert (refused.action, refused.purpose, refused.path) == (
        "login_failed",
        "Login med kommunens login afvist: ingen rolle eller forvaltning",
        "/oidc/callback/",
    )


def test_without_local_login_only_single_sign_on_is_offered(page, provider, settings):
    settings.LOCAL_LOGIN = False
    settings.AUTHENTICATION_BACKENDS = [
        "axes.backends.AxesStandaloneBackend",
        "config.sso_backend.SSOBackend",
    ]
    page.goto("/login/")
    assert page.get_by_role("link", name="Log ind med kommunens login").is_visible()
    assert page.get_by_label("Adgangskode").count() == 0
    csrf = page.context.cookies()
    token = next(c["value"] for c in csrf if c["name"] == "csrftoken")
    response = page.request.post(
        "/login/",
        form={"username": "redaktor", "password": "budget2026", "csrfmiddlewaretoken": token},
        headers={"Referer": page.url},
    )
    assert response.status == 403
    assert "slået fra" in response.text()
    page.goto("/")
    assert "/login/" in page.url


def test_a_tampered_id_token_from_the_provider_is_refused(page, provider):
    provider.set_users({"cai": {"groups": ["BUDGET-Redaktoer", "BUDGET-BIF"]}})
    sso_login(page, "cai")
    sessions = [s.get_decoded() for s in Session.objects.all()]
    id_token = next(s["oidc_id_token"] for s in sessions if "oidc_id_token" in s)
    backend = SSOBackend()
    claims = jwt.decode(id_token, options={"verify_signature": False})
    assert backend.verify_token(id_token, nonce=claims.get("nonce"))["sub"] == "cai"
    header, _, signature = id_token.split(".")
    claims["sub"] = "redaktor"
    forged = jwt.utils.base64url_encode(json.dumps(claims).encode()).decode()
    with pytest.raises(SuspiciousOperation):
        backend.verify_token(f"{header}.{forged}.{signature}", nonce=claims.get("nonce"))
