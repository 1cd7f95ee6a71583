"""The `provider` fixture of the single sign-on browser tests (tests/browser/test_sso.py): a
real OpenID Connect provider, tests/sso/provider.mjs (npm's oidc-provider), started with
node on a free loopback port. Without node or the npm
package the tests fail: `make test` installs node_modules (package.json)."""

import json
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests
from django.conf import settings as django_settings
from django.utils.csp import CSP

ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID = "budgetnotatregister"
CLIENT_SECRET = "hemmelig-klient-adgangskode-til-test"
ROLE_GROUPS = {
    "Redaktør": ["BUDGET-Redaktoer"],
    "Godkender": ["BUDGET-Godkender", "BUDGET-Chef"],
    "Analytiker": ["BUDGET-Analytiker"],
}
ADMINISTRATION_GROUPS = {"BIF": ["BUDGET-BIF"], "SOF": ["BUDGET-SOF"]}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Provider:
    def __init__(self, issuer, users_file):
        self.issuer = issuer
        self.users_file = users_file

    def set_users(self, users):
        self.users_file.write_text(json.dumps(users), encoding="utf-8")


def start_provider(tmp_path, app_url):
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed: the single sign-on tests need Node.js 20 or later")
    if not (ROOT / "node_modules" / "oidc-provider").is_dir():
        pytest.fail("node_modules/oidc-provider is missing: run `npm ci` (make test does)")
    port = free_port()
    users_file = tmp_path / "users.json"
    users_file.write_text("{}", encoding="utf-8")
    env = {
        "PATH": "/usr/bin:/bin:/usr/local/bin",
        "CLIENT_ID": CLIENT_ID,
        "CLIENT_SECRET": CLIENT_SECRET,
        "REDIRECT_URI": f"{app_url}/oidc/callback/",
        "POST_LOGOUT_REDIRECT_URI": f"{app_url}/login/",
        "USERS_FILE": str(users_file),
    }
    process = subprocess.Popen(
        [node, "tests/sso/provider.mjs", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    issuer = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 15
    while True:
        try:
            discovery = requests.get(f"{issuer}/.well-known/openid-configuration", timeout=1)
            if discovery.ok:
                return process, Provider(issuer, users_file), discovery.json()
        except requests.ConnectionError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            output = process.communicate()[0].decode(errors="replace")
            pytest.fail(f"the OpenID Connect provider did not start:\n{output}")
        time.sleep(0.1)


def sso_settings(settings, issuer, discovery):
    settings.ROOT_URLCONF = "tests.sso.urls"
    settings.SSO_ENABLED = True
    settings.OIDC_ISSUER = issuer
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = discovery["authorization_endpoint"]
    settings.OIDC_OP_TOKEN_ENDPOINT = discovery["token_endpoint"]
    settings.OIDC_OP_USER_ENDPOINT = discovery["userinfo_endpoint"]
    settings.OIDC_OP_JWKS_ENDPOINT = discovery["jwks_uri"]
    settings.OIDC_OP_LOGOUT_ENDPOINT = discovery["end_session_endpoint"]
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_ROLE_GROUPS = ROLE_GROUPS
    settings.OIDC_ADMINISTRATION_GROUPS = ADMINISTRATION_GROUPS
    settings.OIDC_NO_ROLE_CONTACT = "Økonomiafdelingens systemejer"
    settings.AUTHENTICATION_BACKENDS = [
        "axes.backends.AxesStandaloneBackend",
        "config.sso_backend.SSOBackend",
        "django.contrib.auth.backends.ModelBackend",
    ]
    csp = dict(django_settings.SECURE_CSP)
    csp["form-action"] = [CSP.SELF, issuer]
    settings.SECURE_CSP = csp


@pytest.fixture
def provider(tmp_path, live_server, settings):
    """The provider, with the settings pointing at it and the live server as its client."""
    process, provider, discovery = start_provider(tmp_path, live_server.url)
    sso_settings(settings, provider.issuer, discovery)
    yield provider
    process.terminate()
    process.wait(10)
