"""Back up and restore everything: every table of the registry, users and their roles included.

Uses Django's dumpdata/loaddata with natural keys, so a backup restores into any freshly
migrated database (SQLite or PostgreSQL). Content types and permissions are recreated by
`migrate`; sessions, login-attempt logs, the access log (never exported with the data: it
stays with the database, in its pg_dump) and background jobs are not kept. The notes'
summary (budgetnotes.models.NoteTotal) is derived from their amounts: left out of the backup
and derived anew by the restore.
"""

from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings

from budgetnotes.services import summary

EXCLUDE = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "admin.logentry",
    "axes",
    "django_tasks_database",
    "documents.cataloguejob",  # throw-away, and its files are not in the backup
    "budgetnotes.notetotal",  # derived from the amounts; the restore derives it again
    "operations",  # the access log is never exported with the data; heartbeats are live state
]


def backup(path):
    """Write the whole registry to `path` (.json, or .json.gz/.json.xz for compressed)."""
    call_command(
        "dumpdata",
        natural_foreign=True,
        natural_primary=True,
        exclude=EXCLUDE,
        output=str(path),
        verbosity=0,
    )


@transaction.atomic
def restore(path):
    """Load a backup into a migrated database (all or nothing).

    The backup holds the history itself, so no new history rows are recorded while loading
    (they would also collide with the restored ones).
    """
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        call_command("loaddata", str(path), verbosity=0)
    summary.rebuild()
