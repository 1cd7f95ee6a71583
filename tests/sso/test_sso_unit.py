"""Single sign-on without a browser: the mapping variables and the ID token checks."""

import json
import runpy
import time
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth.models import Permission
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation

from budgetnotes.choices import Role
from budgetnotes.models import User
from config import sso
from config.sso_backend import SSOBackend


def test_role_groups_are_parsed():
    assert sso.parse_role_groups(" Redaktør=BUDGET-Redaktoer , Godkender=A|B| ,") == {
        "Redaktør": ["BUDGET-Redaktoer"],
        "Godkender": ["A", "B"],
    }
    assert sso.parse_role_groups("") == {}
    assert sso.parse_administration_groups("ØKF=BUDGET-OKF,BIF=BUDGET-BIF") == {
        "ØKF": ["BUDGET-OKF"],
        "BIF": ["BUDGET-BIF"],
    }


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("Redaktoer=X", "er ikke en rolle"),
        ("Redaktør", "skal skrives som navn=gruppe"),
        ("Redaktør=", "skal skrives som navn=gruppe"),
        ("Redaktør=A,Redaktør=B", "mere end én gang"),
    ],
)
def test_bad_role_groups_name_the_variable(value, message):
    with pytest.raises(ImproperlyConfigured, match=message) as error:
        sso.parse_role_groups(value)
    assert "OIDC_ROLE_GROUPS" in str(error.value)


def test_claims_give_roles_and_one_administration(settings):
    settings.OIDC_CLAIM_GROUPS = "groups"
    settings.OIDC_CLAIM_ADMINISTRATION = ""
    settings.OIDC_ROLE_GROUPS = {"Redaktør": ["R"], "Godkender": ["G1", "G2"]}
    settings.OIDC_ADMINISTRATION_GROUPS = {"BIF": ["B"], "SOF": ["S"]}
    claims = {"groups": ["G2", "B", "other"]}
    assert sso.roles_from_claims(claims, settings) == {"Godkender"}
    assert sso.administration_code_from_claims(claims, settings) == "BIF"
    assert sso.administration_code_from_claims({"groups": ["B", "S"]}, settings) is None
    settings.OIDC_CLAIM_ADMINISTRATION = "forvaltning"
    assert sso.administration_code_from_claims({"forvaltning": "SOF"}, settings) == "SOF"


def test_sso_needs_its_endpoints():
    with pytest.raises(ImproperlyConfigured, match="OIDC_OP_TOKEN_ENDPOINT"):
        sso.check_endpoints({"OIDC_OP_AUTHORIZATION_ENDPOINT": "x", "OIDC_OP_JWKS_ENDPOINT": "y"})


@pytest.fixture
def signing_key(settings):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    settings.OIDC_ISSUER = "https://login.example.dk"
    settings.OIDC_RP_CLIENT_ID = "budget"
    settings.OIDC_RP_CLIENT_SECRET = "secret"
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    settings.OIDC_OP_TOKEN_ENDPOINT = "https://login.example.dk/token"
    settings.OIDC_OP_USER_ENDPOINT = ""
    settings.OIDC_OP_JWKS_ENDPOINT = "https://login.example.dk/jwks"
    settings.OIDC_RP_IDP_SIGN_KEY = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return key


def token(key, **changes):
    now = int(time.time())
    claims = {
        "iss": "https://login.example.dk",
        "aud": "budget",
        "sub": "anne",
        "iat": now,
        "exp": now + 300,
        "nonce": "n",
    }
    claims.update(changes)
    claims = {name: value for name, value in claims.items() if value is not None}
    return jwt.encode(claims, key, algorithm="RS256")


def test_a_valid_token_passes(signing_key):
    assert SSOBackend().verify_token(token(signing_key), nonce="n")["sub"] == "anne"


def test_a_token_is_refused_without_a_nonce_to_check(signing_key):
    """mozilla's own check compares the expected nonce with the token's: None == None."""
    with pytest.raises(SuspiciousOperation, match="no nonce"):
        SSOBackend().verify_token(token(signing_key, nonce=None))


@pytest.mark.parametrize(
    "changes",
    [
        {"exp": int(time.time()) - 3600, "iat": int(time.time()) - 7200},  # expired
        {"iss": "https://evil.example.com"},
        {"aud": "another-app"},
        {"exp": None},
        {"nonce": "other"},
    ],
)
def test_bad_tokens_are_refused(signing_key, changes):
    with pytest.raises(SuspiciousOperation):
        SSOBackend().verify_token(token(signing_key, **changes), nonce="n")


@pytest.mark.parametrize("bad", ["", "not-a-token", "a.b.c", None])
def test_garbage_is_refused(signing_key, bad):
    with pytest.raises(SuspiciousOperation):
        SSOBackend().verify_token(bad, nonce="n")


def test_another_key_and_hs256_are_refused(signing_key):
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(SuspiciousOperation):
        SSOBackend().verify_token(token(other), nonce="n")
    hs = jwt.encode({"sub": "anne"}, "secret-secret-secret-secret-secret!", algorithm="HS256")
    with pytest.raises(SuspiciousOperation):
        SSOBackend().verify_token(hs, nonce="n")


@pytest.fixture
def backend(settings):
    settings.OIDC_BIND_LOCAL_ACCOUNTS = False
    settings.OIDC_OP_USER_ENDPOINT = ""  # the claims are the ID token's
    settings.OIDC_CLAIM_USERNAME = "preferred_username"
    settings.OIDC_CLAIM_GROUPS = "groups"
    settings.OIDC_CLAIM_ADMINISTRATION = ""
    settings.OIDC_ROLE_GROUPS = {"Redaktør": ["R"]}
    settings.OIDC_ADMINISTRATION_GROUPS = {"BIF": ["B"]}
    return SSOBackend()


def sso_user(backend, sub, username):
    claims = {"sub": sub, "preferred_username": username, "groups": ["R", "B"]}
    return backend.get_or_create_user("access", "id", claims)


def test_a_user_is_found_by_subject_when_the_login_name_changes(db, backend):
    first = sso_user(backend, "id-7f3a", "dorte.holm")
    assert (first.username, first.sso_subject) == ("dorte.holm", "id-7f3a")
    assert first.has_role("Redaktør")
    again = sso_user(backend, "id-7f3a", "dorte.holm-berg")
    assert again.pk == first.pk
    assert User.objects.filter(sso_subject="id-7f3a").count() == 1


def test_a_local_account_is_bound_to_the_subject_only_when_switched_on(
    db, backend, settings, editor
):
    with pytest.raises(SuspiciousOperation, match="OIDC_BIND_LOCAL_ACCOUNTS"):
        sso_user(backend, "id-redaktor", "REDAKTOR")
    editor.refresh_from_db()
    assert editor.sso_subject is None
    assert editor.has_usable_password()

    settings.OIDC_BIND_LOCAL_ACCOUNTS = True
    editor.user_permissions.add(
        Permission.objects.get(codename="view_accesslog", content_type__app_label="operations")
    )
    assert sso_user(backend, "id-redaktor", "REDAKTOR").pk == editor.pk
    editor.refresh_from_db()
    assert editor.sso_subject == "id-redaktor"
    assert not editor.has_usable_password()  # the provider's account now, not a local one
    assert not editor.user_permissions.exists()


def test_another_subject_cannot_take_a_bound_login_name(db, backend, settings):
    sso_user(backend, "id-1", "jens")
    settings.OIDC_BIND_LOCAL_ACCOUNTS = True
    with pytest.raises(SuspiciousOperation, match="another subject"):
        sso_user(backend, "id-2", "Jens")
    assert not User.objects.filter(sso_subject="id-2").exists()


def test_a_superuser_stays_a_local_account(db, backend, settings):
    settings.OIDC_BIND_LOCAL_ACCOUNTS = True
    User.objects.create_superuser("nødadgang", password="x" * 20)
    with pytest.raises(SuspiciousOperation, match="local account"):
        sso_user(backend, "id-9", "nødadgang")
    assert User.objects.get(username="nødadgang").sso_subject is None


def test_the_demo_providers_users_get_the_roles_the_readme_promises(settings):
    """`make run-sso` (bin/sso-provider, fixtures/sso/users.json) and the README's table."""
    root = Path(__file__).resolve().parents[2]
    demo = runpy.run_path(str(root / "bin" / "sso-provider"))
    settings.OIDC_CLAIM_GROUPS = "groups"
    settings.OIDC_CLAIM_ADMINISTRATION = ""
    settings.OIDC_ROLE_GROUPS = sso.parse_role_groups(demo["ROLE_GROUPS"])
    settings.OIDC_ADMINISTRATION_GROUPS = sso.parse_administration_groups(
        demo["ADMINISTRATION_GROUPS"]
    )
    users = json.loads((root / "fixtures" / "sso" / "users.json").read_text(encoding="utf-8"))
    readme = (root / "README.md").read_text(encoding="utf-8")
    order = list(Role.values)
    for login, claims in users.items():
        roles = sorted(sso.roles_from_claims(claims, settings), key=order.index)
        given = ", ".join(roles) if roles else "no role: the Danish page saying whom to ask"
        code = sso.administration_code_from_claims(claims, settings)
        assert f"| `{login}` | {given} | {code} |" in readme


def test_an_account_made_inactive_loses_its_single_sign_on_session(db, backend):
    user = sso_user(backend, "id-55", "pia")
    assert backend.get_user(user.pk) == user
    user.is_active = False
    user.save()
    assert backend.get_user(user.pk) is None
