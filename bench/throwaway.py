"""The throw-away database a benchmark builds its data in: a temporary SQLite file, or with
--use-database-url the database $DATABASE_URL names (bin/with-postgres gives a fresh
PostgreSQL server; the database is created on it when missing)."""

import sys
from urllib.parse import urlsplit, urlunsplit

USE_DATABASE_URL_HELP = (
    "Use $DATABASE_URL (a throw-away database, e.g. from bin/with-postgres) "
    "instead of a temporary SQLite file."
)


def add_argument(parser):
    parser.add_argument("--use-database-url", action="store_true", help=USE_DATABASE_URL_HELP)


def database_url(env, folder, use_database_url):
    """Set env["DATABASE_URL"] to the benchmark's database (in `folder` for SQLite)."""
    if not use_database_url:
        env["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    elif not env.get("DATABASE_URL"):
        sys.exit("--use-database-url needs DATABASE_URL (see bin/with-postgres)")
    elif env["DATABASE_URL"].startswith("postgres"):
        create_postgres_database(env["DATABASE_URL"])
    return env["DATABASE_URL"]


def create_postgres_database(url):
    """Make the database `url` names on its server, unless it is there."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
