"""The single sign-on backend answers only the callback's own authenticate(): an
authorization code put in the local login form's address is never exchanged (it would skip
the state, nonce and PKCE checks and the role check). A recording token endpoint on loopback
shows whether the backend asked the provider."""

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory
from django.urls import reverse

from config.security import is_single_sign_on


class Recorder(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_POST(self):
        Recorder.hits.append(self.path)
        self.send_response(500)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def token_endpoint(settings):
    Recorder.hits = []
    server = HTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.ROOT_URLCONF = "tests.sso.urls"
    settings.SSO_ENABLED = True
    settings.OIDC_OP_TOKEN_ENDPOINT = f"http://127.0.0.1:{server.server_port}/token"
    settings.OIDC_RP_CLIENT_ID = "budget"
    settings.OIDC_RP_CLIENT_SECRET = "secret"
    settings.AUTHENTICATION_BACKENDS = [
        "axes.backends.AxesStandaloneBackend",
        "config.sso_backend.SSOBackend",
        "django.contrib.auth.backends.ModelBackend",
    ]
    yield Recorder.hits
    server.shutdown()


def session_request(path):
    request = RequestFactory().get(path)
    request.session = {}
    return request


def test_the_callbacks_own_call_asks_the_provider(db, token_endpoint):
    """The control: the recorder sees the exchange the callback asks for."""
    callback = reverse("oidc_authentication_callback")
    request = session_request(f"{callback}?code=abc&state=xyz")
    assert authenticate(request, nonce="n", code_verifier="v") is None  # the endpoint fails
    assert token_endpoint == ["/token"]


@pytest.mark.parametrize(
    ("path", "credentials"),
    [
        ("/login/?code=abc&state=xyz", {"username": "x", "password": "y"}),
        ("/login/?code=abc&state=xyz", {"nonce": "n"}),  # not the callback's path
        ("/oidc/callback/?code=abc&state=xyz", {}),  # no nonce
        ("/oidc/callback/?code=abc&state=xyz", {"nonce": "n", "username": "x", "password": "y"}),
    ],
)
def test_any_other_call_never_reaches_the_provider(db, token_endpoint, path, credentials):
    assert authenticate(session_request(path), **credentials) is None
    assert token_endpoint == []


def test_a_code_posted_to_the_local_login_is_not_exchanged(db, client, token_endpoint):
    response = client.post(
        "/login/?code=stolen&state=x", {"username": "nogen", "password": "hvad-som-helst"}
    )
    assert response.status_code == 200  # the form again, with its error
    assert "_auth_user_id" not in client.session
    assert token_endpoint == []


def test_only_the_callbacks_failures_escape_the_login_throttle():
    assert is_single_sign_on(None, {"nonce": "n", "code_verifier": "v"})
    assert not is_single_sign_on(None, {"username": "redaktor", "password": "x"})
    assert not is_single_sign_on(None, {"username": "", "nonce": "n"})
    assert not is_single_sign_on(None, None)
