"""Guards at the door: the client's address behind trusted reverse proxies, login throttling,
the idle timeout of sessions, and no NUL characters in what a request carries.

The first two are wired into django-axes by settings (AXES_CLIENT_IP_CALLABLE, AXES_HANDLER);
docs/operations.md says how to set them up behind a proxy.
"""

import time
from contextlib import suppress

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum
from django.http import QueryDict, UnreadablePostError


class LoginThrottle(AxesDatabaseHandler):
    """django-axes' database handler with two limits instead of one.

    AXES_LOCKOUT_PARAMETERS is [["username", "ip_address"], "ip_address"]: the first group
    counts one username's failures from one address (limit AXES_FAILURE_LIMIT), the second
    every failure from the address (limit LOGIN_ADDRESS_FAILURE_LIMIT), which stops trying one
    password on many usernames. A successful login clears only its own username's failures,
    so logging in with one's own account does not reset the address's count.
    """

    def get_failures(self, request, credentials=None):
        per_user, per_address = (
            attempts.aggregate(failures=Sum("failures_since_start"))["failures"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if per_address >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            return max(per_user, settings.AXES_FAILURE_LIMIT)
        return per_user

    def reset_user_attempts(self, request, credentials=None):
        count, _ = self.filter_user_attempts(request, credentials)[0].delete()
        return count


def is_single_sign_on(request, credentials):
    """AXES_WHITELIST_CALLABLE: single sign-on's callback calls authenticate() with a nonce
    and no username (config.sso_backend answers no other call); the local login form always
    sends a username."""
    return bool(credentials) and "nonce" in credentials and credentials.get("username") is None


class IdleSessionMiddleware:
    """Sessions end after SESSION_COOKIE_AGE seconds without a request.

    Each request would move the session's end if it saved the session; to spare a database
    write per request, the end is moved (the session saved) only when the last move is more
    than SESSION_REFRESH_SECONDS old. The idle limit is therefore met to within that margin.
    Sits after SessionMiddleware, so the session it marks is saved on the way out.
    """

    KEY = "_moved_at"

    def __init__(self, get_response):
        self.get_response = get_response

    @classmethod
    def logged_in(cls, sender, request, user, **kwargs):
        """Logging in saves the session anyway: count that as its first move."""
        if getattr(request, "session", None) is not None:
            request.session[cls.KEY] = int(time.time())

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.session_key and not session.is_empty():
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[self.KEY] = now
        return response


def _without_nul(query):
    """A QueryDict without NUL characters in its keys and values (the same one if it has none)."""
    if not any(
        "\x00" in key or any("\x00" in value for value in values) for key, values in query.lists()
    ):
        return query
    cleaned = QueryDict(mutable=True)
    for key, values in query.lists():
        cleaned.setlist(key.replace("\x00", ""), [value.replace("\x00", "") for value in values])
    cleaned._mutable = False
    return cleaned


class StripNulMiddleware:
    """No form, filter or cookie has a use for a NUL character, and PostgreSQL can neither
    store nor compare text holding one (a DataError, a server error: a session cookie with
    one failed every page). It is removed from the query string and the form fields before
    any view, filter or admin screen reads them, and a cookie holding one is dropped (it can
    only be forged). Sits before the session and CSRF middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any("\x00" in name or "\x00" in value for name, value in request.COOKIES.items()):
            request.COOKIES = {
                name: value
                for name, value in request.COOKIES.items()
                if "\x00" not in name and "\x00" not in value
            }
        request.GET = _without_nul(request.GET)
        if request.method == "POST":
            # A client gone mid-upload (UnreadablePostError): the CSRF middleware answers it.
            with suppress(UnreadablePostError):
                request.POST = _without_nul(request.POST)
        return self.get_response(request)
