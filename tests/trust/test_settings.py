"""The settings as a server gets them: DEBUG off unless switched on, no start without a secret
key, `check --deploy` clean with only the key and the host set. Each case starts its own
`manage.py` with its own environment (the suite itself runs in development mode)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # each case starts a Django process

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, **env):
    clean = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("DJANGO_") or name == "DATABASE_URL"
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def check_deploy(**env):
    """`check --deploy` as a server with only a key, a host and `env` set."""
    return manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        DJANGO_ALLOWED_HOSTS="budget.example.dk",
        **env,
    )


def test_check_deploy_with_only_key_and_hosts_has_no_issues():
    result = check_deploy()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_debug_is_off_unless_switched_on():
    show = (
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.DEBUG)",
    )
    off = manage(*show, DJANGO_SECRET_KEY=secrets.token_urlsafe(60))
    assert off.returncode == 0, off.stderr
    assert off.stdout.strip() == "False"
    on = manage(*show, DJANGO_DEBUG="1")
    assert on.returncode == 0, on.stderr
    assert on.stdout.strip() == "True"


@pytest.mark.parametrize("key", [None, "", "too-short"])
def test_refuses_to_start_without_a_secret_key(key):
    env = {} if key is None else {"DJANGO_SECRET_KEY": key}
    result = manage("check", **env)
    assert result.returncode != 0
    assert "Kan ikke starte: DJANGO_SECRET_KEY mangler eller er for kort" in result.stderr
    assert "DJANGO_DEBUG=1" in result.stderr
    assert "Traceback" not in result.stderr


def test_development_key_is_random_and_private():
    """With DEBUG on and no key, a random key is kept in var/ (0600), not a key in the code."""
    show = "from django.conf import settings; print(settings.SECRET_KEY)"
    result = manage("shell", "--no-imports", "-c", show, DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr
    key = result.stdout.strip()
    path = ROOT / "var" / "dev-secret-key"
    assert path.read_text().strip() == key
    assert len(key) >= 50
    assert path.stat().st_mode & 0o077 == 0
    assert key not in (ROOT / "config" / "settings.py").read_text()


def test_a_production_server_believes_no_forwarded_headers_and_no_host_by_default():
    show = (
        "from django.conf import settings; "
        "print(settings.SECURE_PROXY_SSL_HEADER, settings.ALLOWED_HOSTS, settings.TRUSTED_PROXIES)"
    )
    key = secrets.token_urlsafe(60)
    plain = manage("shell", "--no-imports", "-c", show, DJANGO_SECRET_KEY=key)
    assert plain.stdout.strip() == "None [] []", plain.stderr
    behind = manage(
        "shell",
        "--no-imports",
        "-c",
        show,
        DJANGO_SECRET_KEY=key,
        DJANGO_TRUSTED_PROXIES="10.0.0.5",
    )
    assert behind.stdout.strip() == "('HTTP_X_FORWARDED_PROTO', 'https') [] ['10.0.0.5']"


SSO_ENDPOINTS = {
    "OIDC_ISSUER": "https://login.example.dk/tenant/v2.0",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://login.example.dk/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": "https://login.example.dk/token",
    "OIDC_OP_JWKS_ENDPOINT": "https://login.example.dk/keys",
    "OIDC_OP_LOGOUT_ENDPOINT": "https://login.example.dk/logout",
    "OIDC_RP_CLIENT_ID": "budget",
    "OIDC_RP_CLIENT_SECRET": "secret",
    "OIDC_ROLE_GROUPS": "Redaktør=BUDGET-Redaktoer",
}


def test_single_sign_on_from_the_environment_passes_check_deploy():
    result = check_deploy(DJANGO_LOCAL_LOGIN="0", **SSO_ENDPOINTS)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DJANGO_LOCAL_LOGIN": "0"}, "DJANGO_LOCAL_LOGIN=0 kræver single sign-on"),
        ({**SSO_ENDPOINTS, "OIDC_OP_TOKEN_ENDPOINT": ""}, "OIDC_OP_TOKEN_ENDPOINT mangler"),
        ({**SSO_ENDPOINTS, "OIDC_RP_CLIENT_SECRET": ""}, "OIDC_RP_CLIENT_SECRET mangler"),
        ({**SSO_ENDPOINTS, "OIDC_ROLE_GROUPS": "Redaktoer=X"}, "Redaktoer er ikke en rolle"),
    ],
)
def test_a_broken_single_sign_on_setting_stops_the_start_naming_it(env, message):
    result = manage("check", DJANGO_DEBUG="1", **env)
    assert result.returncode != 0
    assert message in result.stderr
