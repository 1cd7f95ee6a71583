"""Login throttling through the real login page: the client's address behind a trusted reverse
proxy, a limit per username and address, a limit per address (password spraying), and no
reset of the address's count by a successful login."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from config.demo import DEMO_PASSWORD
from operations.addresses import client_address
from tests.builders import make_user

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.5"
ATTACKER = "203.0.113.9"
COLLEAGUE = "198.51.100.7"


@pytest.fixture(autouse=True)
def limits(settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 12


def login(client, username, password="forkert", remote=ATTACKER, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def locked(response):
    return response.status_code == 429 and "For mange mislykkede login-forsøg" in (
        response.content.decode()
    )


@pytest.mark.slow
def test_five_failures_lock_that_username_from_that_address(client):
    for _ in range(4):
        assert login(client, "godkender").status_code == 200  # the form again, with its error
    assert locked(login(client, "godkender"))  # the fifth failure locks
    assert locked(login(client, "godkender", DEMO_PASSWORD))
    # The same user from another address is not affected.
    assert login(client, "godkender", DEMO_PASSWORD, remote=COLLEAGUE).status_code == 302


@pytest.mark.slow
def test_behind_a_trusted_proxy_one_client_cannot_lock_out_another(client, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    for _ in range(6):
        login(client, "godkender", remote=PROXY, forwarded=ATTACKER)
    assert locked(login(client, "godkender", DEMO_PASSWORD, remote=PROXY, forwarded=ATTACKER))
    response = login(client, "godkender", DEMO_PASSWORD, remote=PROXY, forwarded=COLLEAGUE)
    assert response.status_code == 302


@pytest.mark.slow
def test_forwarded_headers_from_an_untrusted_peer_are_ignored(client, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    # A client that talks to us directly cannot pose as many clients with made-up headers.
    for number in range(6):
        login(client, "godkender", forwarded=f"192.0.2.{number}")
    assert locked(login(client, "godkender", DEMO_PASSWORD, forwarded="192.0.2.77"))


@pytest.mark.slow
def test_spraying_one_password_over_many_usernames_is_limited(client):
    for number in range(11):
        assert login(client, f"bruger{number}").status_code == 200
    assert locked(login(client, "bruger11"))
    # The address is now stopped, whatever username it tries (even a right password).
    assert locked(login(client, "redaktor", DEMO_PASSWORD))
    assert login(client, "redaktor", DEMO_PASSWORD, remote=COLLEAGUE).status_code == 302


@pytest.mark.slow
def test_own_successful_login_does_not_reset_the_address_count(client):
    make_user("angriber", "BIF")
    for number in range(10):
        login(client, f"bruger{number}")
    assert login(client, "angriber", DEMO_PASSWORD).status_code == 302
    client.logout()
    assert login(client, "bruger98").status_code == 200  # the eleventh failure
    assert locked(login(client, "bruger99"))  # the twelfth: the address is stopped
    assert locked(login(client, "redaktor", DEMO_PASSWORD))


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "expected"),
    [
        ([], PROXY, ATTACKER, PROXY),  # no proxy configured: headers ignored
        ([PROXY], PROXY, ATTACKER, ATTACKER),
        ([PROXY], PROXY, f"192.0.2.1, {ATTACKER}", ATTACKER),  # the left part is the client's
        (["10.0.0.0/8"], PROXY, f"{ATTACKER}, 10.1.2.3", ATTACKER),  # two of our proxies
        ([PROXY], ATTACKER, COLLEAGUE, ATTACKER),  # not from our proxy
        ([PROXY], PROXY, "ikke en adresse", PROXY),
        ([PROXY], PROXY, f"{ATTACKER}, ikke en adresse", PROXY),
        ([PROXY], PROXY, "", PROXY),
        (["2001:db8::/32"], "2001:db8::1", "2001:db8:ffff::2, 2001:db9::5", "2001:db9::5"),
        ([PROXY], PROXY, f"{ATTACKER}:5678", ATTACKER),  # IIS and Azure add the port
        ([PROXY], PROXY, "[2001:db9::5]:443", "2001:db9::5"),
    ],
)
def test_client_address(settings, trusted, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = trusted
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected
