"""The test suite runs the app's own settings (config.settings) as `make run` does: in
development mode, with the development secret key. pytest-django then runs each test with
DEBUG off. Tests of the production settings start their own processes with their own
environment (tests/trust/test_settings.py)."""

import os

os.environ.setdefault("DJANGO_DEBUG", "1")

from config.settings import *  # noqa: F403
