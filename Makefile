# The two commands a new user needs: `make run` and `make test` (see README.md).
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 4
# Test processes (pytest-xdist): one per core; PYTEST_WORKERS=0 runs the suite in one process.
PYTEST_WORKERS ?= auto

.PHONY: run serve test pytest lint format typecheck migrations-check install install-test \
	test-postgres lock clean run-sso

$(PY):
	@PYTHON=$$(bin/find-python) && echo "Using $$PYTHON" && "$$PYTHON" -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade pip

# Installs come from the lock files in requirements/ (exact versions, checked against their
# hashes), never from pyproject.toml's ranges; the project itself is then installed on top,
# without dependencies. `make lock` writes the lock files anew when the ranges change.
$(VENV)/.installed: pyproject.toml requirements/base.txt | $(PY)
	@$(PY) bin/lock --check
	$(PY) -m pip install --quiet --require-hashes -r requirements/base.txt
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $@

$(VENV)/.installed-test: requirements/test.txt $(VENV)/.installed
	$(PY) -m pip install --quiet --require-hashes -r requirements/base.txt -r requirements/test.txt
	@touch $@

# New lock files from pyproject.toml's ranges (needs PyPI). Pins that still fit are kept;
# `make lock LOCK_ARGS=--upgrade` (or `--upgrade-package NAME`) moves them. Then `make`
# installs the new lock.
lock: | $(PY)
	$(PY) bin/lock $(LOCK_ARGS)

# System packages (WeasyPrint's libraries, fonts, npm; Chromium and poppler for tests) are
# installed by bin/system-packages when missing (as root, or with passwordless sudo).
install: $(VENV)/.installed
	@bin/system-packages run
	@$(PY) bin/check-weasyprint

install-test: $(VENV)/.installed-test
	@bin/system-packages test
	@$(PY) bin/check-weasyprint

# Front-end packages (Det Fælles Designsystem, htmx) from npm, served as static files.
node_modules/.installed: package.json package-lock.json
	@bin/system-packages run
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# The local demo runs with DEBUG on (the settings default to off): demo users, a development
# secret key kept in var/, static files straight from the source folders.
run: export DJANGO_DEBUG ?= 1
run: install node_modules/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@# The background worker for catalogue PDFs (django.tasks) runs beside the web server
	@# and is stopped with it.
	$(PY) manage.py db_worker --no-reload & WORKER=$$!; \
		trap "kill $$WORKER 2>/dev/null" EXIT INT TERM; \
		$(PY) manage.py runserver $(HOST):$(PORT)

# The demo with single sign-on: the test provider (npm's oidc-provider, tests/sso/provider.mjs)
# on 127.0.0.1:$(SSO_PORT) with the users in var/sso-users.json, and `make run` pointed at it.
# `make run-sso DJANGO_LOCAL_LOGIN=0` offers only the municipality's login.
SSO_PORT ?= 9000
run-sso: node_modules/.installed | $(PY)
	$(PY) bin/sso-provider --port $(SSO_PORT) --app http://$(HOST):$(PORT) -- $(MAKE) run

# Production-like serving: gunicorn with several workers. Set DJANGO_DEBUG=0,
# DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and DATABASE_URL (PostgreSQL) first; see
# docs/operations.md.
serve: install node_modules/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py db_worker & WORKER=$$!; \
		trap "kill $$WORKER 2>/dev/null" EXIT INT TERM; \
		$(PY) -m gunicorn config.wsgi --workers $(WORKERS) --bind $(HOST):$(PORT)

# The pre-commit hooks (.pre-commit-config.yaml) over every tracked file: ruff, ruff format,
# django-upgrade, djhtml (templates). The formatters rewrite what they would change and the run then fails, so
# a second `make lint` passes once the rewrites are looked at.
lint: export PRE_COMMIT_HOME := $(CURDIR)/$(VENV)/pre-commit
lint: install-test
	$(VENV)/bin/pre-commit run --all-files --show-diff-on-failure

format: install-test
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# mypy with django-stubs: strict on the modules listed in pyproject.toml, lenient elsewhere.
typecheck: install-test
	$(VENV)/bin/mypy

migrations-check: install
	DJANGO_DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

# Every test, slow ones included (docs/testing.md); PYTEST_ARGS='-m "not slow"' skips those.
pytest: install-test node_modules/.installed
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

test: lint typecheck migrations-check pytest

# The PostgreSQL pass of CI, on a throw-away server (needs Debian's postgresql package).
test-postgres: install-test node_modules/.installed
	@bin/system-packages postgres
	bin/with-postgres $(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm staticfiles
