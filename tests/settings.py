"""The test suite runs the app's own settings (config.settings) as `make run` does: in
development mode, with the development secret key. pytest-django then runs each test with
DEBUG off. Tests of the production settings start their own processes with their own
environment (tests/trust/test_settings.py).

On SQLite the test database is a file (in this checkout's var/, one per test process),
not Django's default in-memory database: that is one connection shared by the live server's
request threads and the test thread, and two queries on it at once fail at random ("bad
parameter or other API misuse"). With a file each thread has its own connection."""

import os

os.environ.setdefault("DJANGO_DEBUG", "1")

from config.settings import *  # noqa: F403

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    (BASE_DIR / "var").mkdir(exist_ok=True)  # noqa: F405
    # One file per test process (two runs in one checkout must not share one).
    DATABASES["default"]["TEST"] = {"NAME": BASE_DIR / "var" / f"test-db-{os.getpid()}.sqlite3"}  # noqa: F405
