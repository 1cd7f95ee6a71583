"""One settings module, driven by environment variables (docs/operations.md lists them)."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from config import sso

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 0 or 1, not {value!r}")


def env_int(name, default):
    value = os.environ.get(name)
    try:
        return default if value is None else int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_list(name, default):
    value = os.environ.get(name)
    return [item.strip() for item in value.split(",") if item.strip()] if value else default


def development_secret_key(path):
    """A random key kept in var/ for local development, so no key in the code can be used to
    forge signed data. Written to a private file and linked into place in one step, so
    processes starting at once all read the same whole key."""
    path.parent.mkdir(mode=0o700, exist_ok=True)
    if not path.exists():
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        descriptor = os.open(
            temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600
        )
        with os.fdopen(descriptor, "w", encoding="ascii") as file:
            file.write(secrets.token_urlsafe(60))
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(temporary)
    return path.read_text(encoding="ascii").strip()


# Off unless switched on: a server started without DJANGO_DEBUG is a production server.
DEBUG = env_bool("DJANGO_DEBUG", False)
# With DEBUG on, missing pages and server errors still get the Danish error pages
# (config.errors.ErrorPagesMiddleware), so the demo looks as production does; a developer
# who wants Django's technical 404 (URL patterns) and 500 (traceback) pages sets this.
TECHNICAL_ERRORS = env_bool("DJANGO_TECHNICAL_ERRORS", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    # Local development only (`make run` sets DJANGO_DEBUG=1); never with DEBUG off.
    SECRET_KEY = development_secret_key(BASE_DIR / "var" / "dev-secret-key")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY mangler eller er for kort (mindst 50 tegn). Sæt den til en lang "
        "tilfældig værdi, fx python3 -c 'import secrets; print(secrets.token_urlsafe(60))', "
        "eller start med DJANGO_DEBUG=1 til lokal udvikling (det gør `make run`)."
    )

# A production server answers only the host names it is given.
ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if DEBUG else []
)

INSTALLED_APPS = [
    "config.apps.BudgetAdminConfig",  # django.contrib.admin with our site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    "django_filters",
    "simple_history",
    "django_htmx",
    # Below the registry: the access log, request ids and JSON logs, the workers' heartbeats
    # and /healthz. Before django_tasks_db, so its `db_worker` (with a heartbeat) is the one
    # `manage.py` runs.
    "operations",
    "django_tasks_db",
    "axes",
    # The registry, bottom up (docs/architecture.md): the note domain, initiatives and
    # expiry above it, the documents above both, and the wiring last (its post_migrate
    # makes the roles once both apps' permissions exist).
    "budgetnotes",
    "initiatives",
    "documents",
    "config",
]

MIDDLEWARE = [
    "operations.requests.RequestIdMiddleware",  # first: every log line carries the request id
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.security.StripNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.security.IdleSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "config.errors.ErrorPagesMiddleware",  # the Danish 404 and 500 pages with DEBUG on too
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "budgetnotes.context.work_queues",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several threads (runserver, the test suite's live server) write to one file: each write
    # transaction takes the lock at its start and waits for it, rather than failing with
    # "database is locked" half-way; WAL lets readers go on while one writes.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

AUTH_USER_MODEL = "budgetnotes.User"
# History records keep a workflow step's reason in full (budgetnotes.workflow), not cut at 100.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # throttles failed logins (django-axes)
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling (django-axes, with config.security.LoginThrottle): at most
# LOGIN_FAILURE_LIMIT failures for one username from one address, and
# LOGIN_ADDRESS_FAILURE_LIMIT failures from one address whatever the usernames (password
# spraying), within AXES_COOLOFF_TIME; then that address (for that username) waits.
AXES_HANDLER = "config.security.LoginThrottle"
AXES_FAILURE_LIMIT = env_int("DJANGO_LOGIN_FAILURE_LIMIT", 5)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("DJANGO_LOGIN_ADDRESS_FAILURE_LIMIT", 30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_COOLOFF_TIME = timedelta(minutes=env_int("DJANGO_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_TEMPLATE = "security/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# The client's address: REMOTE_ADDR, unless that is one of these reverse proxies (addresses or
# networks, e.g. "10.0.0.5,10.1.0.0/16"); then the nearest address in X-Forwarded-For that is
# not one of them. Empty: forwarded headers are ignored (anyone could write them).
TRUSTED_PROXIES = env_list("DJANGO_TRUSTED_PROXIES", [])
AXES_CLIENT_IP_CALLABLE = "operations.addresses.client_address"
# Single sign-on's callback is not a password guess: its failures (no username) are neither
# counted nor locked out, so an office locked out of the local login can still use SSO; the
# provider throttles its own passwords. Its code and state are masked in axes' records.
AXES_WHITELIST_CALLABLE = "config.security.is_single_sign_on"
AXES_SENSITIVE_PARAMETERS = ["code", "state", "code_verifier", "nonce"]

# Single sign-on over OpenID Connect (mozilla-django-oidc; config.sso, config.sso_backend,
# config.sso_views; docs/operations.md#single-sign-on): on when OIDC_ISSUER is set. The
# endpoints are given as they are (no discovery at start). The local login with username and
# password stays while DJANGO_LOCAL_LOGIN is on: the break-glass login.
LOCAL_LOGIN = env_bool("DJANGO_LOCAL_LOGIN", True)
OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "")  # exactly as the ID token's iss
SSO_ENABLED = bool(OIDC_ISSUER)
if SSO_ENABLED:
    sso.check_endpoints(os.environ)
    AUTHENTICATION_BACKENDS.insert(1, "config.sso_backend.SSOBackend")
elif not LOCAL_LOGIN:
    raise ImproperlyConfigured(
        "DJANGO_LOCAL_LOGIN=0 kræver single sign-on (OIDC_ISSUER): ellers kan ingen logge ind"
    )
if not LOCAL_LOGIN:
    AUTHENTICATION_BACKENDS.remove("django.contrib.auth.backends.ModelBackend")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")  # empty: ID token only
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_OP_LOGOUT_ENDPOINT = os.environ.get("OIDC_OP_LOGOUT_ENDPOINT", "")
OIDC_POST_LOGOUT_REDIRECT_URL = os.environ.get("OIDC_POST_LOGOUT_REDIRECT_URL", "")
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
if SSO_ENABLED and not (OIDC_RP_CLIENT_ID and OIDC_RP_CLIENT_SECRET):
    raise ImproperlyConfigured(
        "OIDC_ISSUER er sat, men OIDC_RP_CLIENT_ID eller OIDC_RP_CLIENT_SECRET mangler"
    )
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
OIDC_USE_PKCE = env_bool("OIDC_USE_PKCE", True)
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT_SECONDS", 10)
OIDC_LEEWAY_SECONDS = env_int("OIDC_LEEWAY_SECONDS", 60)
OIDC_CLAIM_NAME = os.environ.get("OIDC_CLAIM_NAME", "name")
OIDC_CLAIM_EMAIL = os.environ.get("OIDC_CLAIM_EMAIL", "email")
OIDC_CLAIM_USERNAME = os.environ.get("OIDC_CLAIM_USERNAME", "preferred_username")
OIDC_CLAIM_GROUPS = os.environ.get("OIDC_CLAIM_GROUPS", "groups")
OIDC_CLAIM_ADMINISTRATION = os.environ.get("OIDC_CLAIM_ADMINISTRATION", "")
OIDC_ROLE_GROUPS = sso.parse_role_groups(os.environ.get("OIDC_ROLE_GROUPS", ""))
OIDC_ADMINISTRATION_GROUPS = sso.parse_administration_groups(
    os.environ.get("OIDC_ADMINISTRATION_GROUPS", "")
)
OIDC_BIND_LOCAL_ACCOUNTS = env_bool("OIDC_BIND_LOCAL_ACCOUNTS", False)
OIDC_NO_ROLE_CONTACT = os.environ.get("OIDC_NO_ROLE_CONTACT", "din lokale systemadministrator")
OIDC_STORE_ID_TOKEN = True
OIDC_OP_LOGOUT_URL_METHOD = "config.sso.provider_logout_url"
OIDC_CALLBACK_CLASS = "config.sso_views.CallbackView"
OIDC_AUTHENTICATE_CLASS = "config.sso_views.AuthenticationRequestView"
LOGIN_REDIRECT_URL_FAILURE = "/login/?sso=fejl"

# Sessions end after SESSION_COOKIE_AGE without a request (config.security.
# IdleSessionMiddleware moves the end, at most every SESSION_REFRESH_SECONDS), and when the
# browser closes unless DJANGO_SESSION_EXPIRE_AT_BROWSER_CLOSE=0.
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_IDLE_MINUTES", 8 * 60) * 60
SESSION_REFRESH_SECONDS = 5 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("DJANGO_SESSION_EXPIRE_AT_BROWSER_CLOSE", True)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "da"
LANGUAGES = [("da", "Dansk")]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True
# Amounts are formatted by budgetnotes.numbers (7.600, -900); leaving Django's own thousand
# separator off keeps years and ids from printing as "2.026".
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"] if (BASE_DIR / "static").is_dir() else []
# Front-end packages from npm (package.json; installed by `make run` / `make test`), served
# as static files under their own prefix, never committed as built files.
STATICFILES_DIRS += [
    (prefix, path)
    for prefix, path in (
        ("dkfds", BASE_DIR / "node_modules" / "dkfds" / "dist"),
        ("htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    )
    if path.is_dir()
]

# Uploads: the import's size limit is checked while the body arrives
# (documents.interchange.uploads).
FILE_UPLOAD_HANDLERS = [
    "documents.interchange.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# A note at its limits (300 funding lines) posts about 4,000 fields from the editor.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Content Security Policy (Django's built-in middleware): only our own scripts (or ones
# carrying the request's nonce, {{ csp_nonce }}), no plugins, no framing.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
if OIDC_OP_LOGOUT_ENDPOINT:  # the header's logout form ends at the provider's logout page
    SECURE_CSP["form-action"] = [CSP.SELF, sso.origin(OIDC_OP_LOGOUT_ENDPOINT)]
X_FRAME_OPTIONS = "DENY"

# Operations (docs/operations.md#operations): the access log's retention, the task workers'
# heartbeat, and the logs. Log lines are JSON objects with the request id
# (operations.logs) unless DJANGO_LOG_FORMAT=text (the default with DEBUG on, for `make run`).
ACCESS_LOG_RETENTION = timedelta(days=env_int("ACCESS_LOG_RETENTION_DAYS", 183))
WORKER_HEARTBEAT_SECONDS = env_int("WORKER_HEARTBEAT_SECONDS", 10)
WORKER_STALE_SECONDS = env_int("WORKER_STALE_SECONDS", 60)
WORKER_TASK_ATTEMPTS = env_int("WORKER_TASK_ATTEMPTS", 3)
LOG_FORMAT = os.environ.get("DJANGO_LOG_FORMAT") or ("text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"DJANGO_LOG_FORMAT must be json or text, not {LOG_FORMAT!r}")
LOG_LEVEL = os.environ.get("DJANGO_LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "operations.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "operations.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django's own request lines and errors go to the root handler once.
        "django": {"level": LOG_LEVEL, "propagate": True},
        "django.server": {"level": "WARNING"},  # runserver's access lines: requests.py logs them
        "weasyprint": {"level": "WARNING"},  # a line per layout step otherwise
        "fontTools": {"level": "WARNING"},
    },
}

# In development (and tests) WhiteNoise serves from the finders; in production from
# STATIC_ROOT after collectstatic.
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = DEBUG

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

if not DEBUG:
    # Production: HTTPS only (DJANGO_HTTPS=0 only for a local load test over plain HTTP).
    HTTPS = env_bool("DJANGO_HTTPS", True)
    SESSION_COOKIE_SECURE = HTTPS
    CSRF_COOKIE_SECURE = HTTPS
    SECURE_SSL_REDIRECT = HTTPS
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31_536_000) if HTTPS else 0
    SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
    SECURE_HSTS_PRELOAD = HTTPS
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # monitoring may ask over plain HTTP inside
    if TRUSTED_PROXIES:  # only a proxy of ours says whether the client's request was HTTPS
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
    STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"

# Background jobs (catalogue PDFs): Django's tasks framework with django-tasks-db's
# database backend; `manage.py db_worker` runs them (started by `make run`).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("DJANGO_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# E-mail: the workflow's notifications (budgetnotes.notifications, sent by the task worker;
# docs/operations.md#e-mail), through Django 6.1's MAILERS. The environment variables keep
# the names of Django's older settings. With DEBUG on (`make run`) the e-mails are printed in
# the worker's terminal; otherwise they go to the SMTP server EMAIL_HOST:EMAIL_PORT. SITE_URL
# is the registry's address as its users reach it, for the links in the e-mails.
SMTP_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
CONSOLE_EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"


def mailer_from_environment(debug):
    """MAILERS["default"] from EMAIL_BACKEND and, for the SMTP backend, EMAIL_HOST,
    EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS and EMAIL_TIMEOUT."""
    backend = os.environ.get("EMAIL_BACKEND") or (
        CONSOLE_EMAIL_BACKEND if debug else SMTP_EMAIL_BACKEND
    )
    options = {}
    if backend == SMTP_EMAIL_BACKEND:
        options = {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            "port": env_int("EMAIL_PORT", 25),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
            "timeout": env_int("EMAIL_TIMEOUT", 30),
        }
    return {"BACKEND": backend, "OPTIONS": options}


MAILERS = {"default": mailer_from_environment(DEBUG)}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "budgetnotatregister@localhost")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# PDF jobs and rendering (docs/pdf.md, docs/operations.md). Catalogue files live in a private
# folder (0700, files 0600; documents.pdf.storage) under the project unless PDF_JOB_DIR
# says otherwise, and expire PDF_JOB_RETENTION_HOURS after they are made (`manage.py
# cleanup`). Single PDFs are rendered in a render process whose heap is limited to
# PDF_RENDER_MEMORY_MB and that is killed after PDF_RENDER_TIMEOUT seconds: keep that below
# gunicorn's --timeout (30 s by default), or gunicorn kills the web worker first.
PDF_JOB_DIR = os.environ.get("PDF_JOB_DIR") or str(BASE_DIR / "var" / "pdf-jobs")
PDF_JOB_RETENTION = timedelta(hours=env_int("PDF_JOB_RETENTION_HOURS", 24))
PDF_JOB_TIMEOUT = timedelta(minutes=env_int("PDF_JOB_TIMEOUT_MINUTES", 60))
PDF_JOBS_PER_USER = env_int("PDF_JOBS_PER_USER", 2)
PDF_RENDER_TIMEOUT = env_int("PDF_RENDER_TIMEOUT", 20)
PDF_RENDER_MEMORY_MB = env_int("PDF_RENDER_MEMORY_MB", 1024)
STORAGES["pdf_jobs"] = {"BACKEND": "documents.pdf.storage.PrivateFileStorage"}

# The PDF of each version of a note or sheet, rendered once by the task worker and then served
# as a file (documents.pdf.versions); the PDF sent to the committee is kept for good. On one
# machine a private folder like the catalogues' (PDF_DOCUMENT_DIR); for several machines an
# S3-compatible object store through django-storages (DJANGO_PDF_STORAGE=s3 and the
# PDF_S3_* settings of docs/operations.md). A waiting download asks again every
# PDF_WAIT_POLL_SECONDS; a render that has not started after PDF_WAIT_WARN_SECONDS is
# reported as a worker that is not running.
PDF_DOCUMENT_DIR = os.environ.get("PDF_DOCUMENT_DIR") or str(BASE_DIR / "var" / "pdf-documents")
PDF_WAIT_POLL_SECONDS = env_int("PDF_WAIT_POLL_SECONDS", 1)
PDF_WAIT_WARN_SECONDS = env_int("PDF_WAIT_WARN_SECONDS", 60)
# Workbooks are kept in the same storage while nothing they show changes, at most this long.
WORKBOOK_RETENTION = timedelta(hours=env_int("WORKBOOK_RETENTION_HOURS", 24))
if os.environ.get("DJANGO_PDF_STORAGE", "").lower() == "s3":
    STORAGES["pdf_documents"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["PDF_S3_BUCKET"],
            "endpoint_url": os.environ.get("PDF_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("PDF_S3_REGION") or None,
            "access_key": os.environ.get("PDF_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("PDF_S3_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("PDF_S3_PREFIX", "pdf-documents"),
            "default_acl": None,  # private: files are only ever served by the app's views
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
else:
    STORAGES["pdf_documents"] = {"BACKEND": "documents.pdf.storage.DocumentFileStorage"}
