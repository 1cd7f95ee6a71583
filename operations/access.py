"""The access log's one write path: who read, searched, exported or logged in, when, what and
why (Datatilsynet's catalogue of measures asks for logs of reads, searches and exports where
personal data may occur; comments and target groups can hold it).

The views call `record` after their access checks, for what they actually served; logins come
from Django's auth signals (operations.apps). Rows older than ACCESS_LOG_RETENTION are
deleted by `manage.py cleanup` (`delete_expired`). The log is never part of an export or a
backup (config.backup leaves this app out)."""

from django.conf import settings
from django.utils import timezone

from operations.addresses import client_address
from operations.models import AccessLog

Action = AccessLog.Action


def _write(request, path, **fields):
    """The one insert: the request's path, address and id (none for a command) beside the
    given fields, each text cut to its column's length."""
    if request is not None:
        fields.update(
            path=path or request.get_full_path(),
            address=client_address(request) or None,
            request_id=getattr(request, "id", ""),
        )
    for name, value in fields.items():
        length = AccessLog._meta.get_field(name).max_length
        if length and isinstance(value, str):
            fields[name] = value[:length]
    AccessLog.objects.create(**fields)


def _object_fields(obj, label):
    """The object's type, id and label (`label`, else str(obj))."""
    return {
        "object_type": str(obj._meta.verbose_name) if obj is not None else "",
        "object_id": str(obj.pk) if obj is not None else "",
        "object_label": label if label is not None else str(obj or ""),
    }


def record(request, action, purpose, obj=None, label=None, path=None):
    """One row: the request's user, address, path (`path`, else the full path with its query,
    which holds a search's terms) and id, and the object."""
    user = getattr(request, "user", None)
    known = user is not None and user.is_authenticated
    _write(
        request,
        path,
        user_id=user.pk if known else None,
        username=user.get_username() if known else "",
        action=action,
        purpose=purpose,
        **_object_fields(obj, label),
    )


def record_login(sender, request, user, **kwargs):
    """user_logged_in: how the user came in (the backend's name)."""
    backend = getattr(user, "backend", "") or ""
    sso = "oidc" in backend.lower() or "sso" in backend.lower()
    how = "kommunens login (SSO)" if sso else "lokal adgangskode"
    # The path without its query: single sign-on's callback carries the code and state there.
    record(request, Action.LOGIN, f"Login med {how}", path=request.path)


def record_login_failed(sender, credentials, request=None, **kwargs):
    """user_login_failed: the username tried, never the password."""
    if request is None:  # a login outside a request (a command, a test) is nobody's access
        return
    if getattr(request, "sso_refused_user", None) is not None:
        return  # single sign-on without a role: config.sso_views records it with the name
    record_refused_login(request, str(credentials.get("username", "")), "Mislykket login")


def record_refused_login(request, username, purpose):
    """A login that did not let the user in (a wrong password; single sign-on without a role
    here), by the username tried, at the path without its query."""
    _write(request, request.path, username=username, action=Action.LOGIN_FAILED, purpose=purpose)


def record_logout(sender, request, user, **kwargs):
    if user is not None and request is not None:  # sent before the session is emptied
        record(request, Action.LOGOUT, "Log ud")


def delete_expired(now=None):
    """Deletes the rows older than ACCESS_LOG_RETENTION; returns how many."""
    cut = (now or timezone.now()) - settings.ACCESS_LOG_RETENTION
    deleted, _ = AccessLog.objects.filter(at__lt=cut).delete()
    return deleted


def record_command(action, purpose, obj=None, label=None):
    """A read by a management command (an export from the command line): the operating-system
    user who ran it stands as the user."""
    import getpass

    _write(
        None,
        "",
        username=f"{getpass.getuser()} (kommandolinje)",
        action=action,
        purpose=purpose,
        **_object_fields(obj, label),
    )
