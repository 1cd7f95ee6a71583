"""Sessions suited to an office: they end after 8 idle hours (each request moves the end) and
when the browser closes."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from budgetnotes.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

ROUND = "/budget-2026/"


def logged_in(client):
    response = client.post(reverse("login"), {"username": "redaktor", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    return Session.objects.get(session_key=client.session.session_key)


def test_session_ends_after_eight_idle_hours_and_each_request_moves_the_end(client):
    session = logged_in(client)
    assert client.get(ROUND).status_code == 200
    session.refresh_from_db()
    assert abs(session.expire_date - (timezone.now() + timedelta(hours=8))) < timedelta(minutes=1)

    # Seven hours later (one left): a request gives eight hours again.
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() + timedelta(hours=1))
    assert client.get(ROUND).status_code == 200
    session.refresh_from_db()
    assert session.expire_date > timezone.now() + timedelta(hours=7, minutes=59)

    # Idle past the end: the session is over and the login page asks again.
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(ROUND)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_session_cookie_ends_with_the_browser(client):
    logged_in(client)
    response = client.get(ROUND)
    cookie = response.cookies["sessionid"]
    assert cookie["expires"] == ""
    assert cookie["max-age"] == ""
    assert cookie["httponly"]
