"""Sessions suited to an office: they end after 8 idle hours (a request moves the end, at most
every five minutes, to spare a write per request) and when the browser closes."""

import time
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from config.demo import DEMO_PASSWORD
from config.security import IdleSessionMiddleware

pytestmark = pytest.mark.django_db

ROUND = "/budget-2026/"
EIGHT_HOURS = timedelta(hours=8)


def logged_in(client):
    response = client.post(reverse("login"), {"username": "redaktor", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    return Session.objects.get(session_key=client.session.session_key)


def idle_for(client, session, hours):
    """Make the session look as if its user last did something `hours` ago."""
    store = client.session
    store[IdleSessionMiddleware.KEY] = int(time.time() - hours * 3600)
    store.save()
    end = timezone.now() + EIGHT_HOURS - timedelta(hours=hours)
    Session.objects.filter(pk=session.pk).update(expire_date=end)


def test_session_ends_after_eight_idle_hours_and_a_request_moves_the_end(client):
    session = logged_in(client)
    assert client.get(ROUND).status_code == 200
    session.refresh_from_db()
    assert abs(session.expire_date - (timezone.now() + EIGHT_HOURS)) < timedelta(minutes=1)

    # Seven idle hours (one left): a request gives eight hours again.
    idle_for(client, session, 7)
    assert client.get(ROUND).status_code == 200
    session.refresh_from_db()
    assert session.expire_date > timezone.now() + EIGHT_HOURS - timedelta(minutes=1)

    # Idle past eight hours: the session is over and the login page asks again.
    idle_for(client, session, 8.01)
    response = client.get(ROUND)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_requests_close_together_do_not_write_the_session(client):
    logged_in(client)
    client.get(ROUND)
    session = Session.objects.get(session_key=client.session.session_key)
    client.get(ROUND)
    assert Session.objects.get(pk=session.pk).expire_date == session.expire_date


def test_session_cookie_ends_with_the_browser(client):
    response = client.post(reverse("login"), {"username": "redaktor", "password": DEMO_PASSWORD})
    cookie = response.cookies["sessionid"]
    assert cookie["expires"] == ""
    assert cookie["max-age"] == ""
    assert cookie["httponly"]
