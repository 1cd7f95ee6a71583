"""Which version of a note a user saw when they last opened its page: the note page records
each visit (`record_visit`), *Sammenlign versioner* offers "Siden jeg sidst kiggede" from it
(`last_seen`).

A user has one row per note (models.NoteVisit): `version`, shown at the latest visit, and
`previous_version`, shown at the last visit before the note changed. A visit that meets a new
version moves `version` into `previous_version`; a visit to the same version leaves it. So
when the user opens the note page (which records the current version) and then the compare
page, the shortcut still offers the version they saw before the changes.
"""

from django.db import connection
from django.utils import timezone

from budgetnotes.models.visits import NoteVisit


def _older_seen(version, previous_version, current):
    """The newest version of the two the user saw that is older than `current`."""
    for seen in (version, previous_version):
        if seen is not None and seen < current:
            return seen
    return None


def last_seen(user, note):
    """The newest version of `note` the user saw on its page that is older than the note's
    current version, or None (never opened, anonymous, or nothing changed since). One query."""
    if not user.is_authenticated:
        return None
    row = (
        NoteVisit.objects.filter(user=user, note=note)
        .values_list("version", "previous_version")
        .first()
    )
    return _older_seen(*row, note.version) if row else None


def _upsert_sql():
    table = connection.ops.quote_name(NoteVisit._meta.db_table)
    # INSERT … ON CONFLICT … DO UPDATE … RETURNING: PostgreSQL and SQLite (3.35+) alike. The
    # ORM's bulk_create(update_conflicts=True) can only copy the new values over the old, so
    # it could neither keep previous_version on a visit to the same version nor say what it
    # was; this is the same single statement with that one condition.
    return (
        f"INSERT INTO {table} (user_id, note_id, version, previous_version, seen_at) "
        "VALUES (%s, %s, %s, NULL, %s) "
        "ON CONFLICT (user_id, note_id) DO UPDATE SET "
        f"previous_version = CASE WHEN {table}.version <> excluded.version "
        f"THEN {table}.version ELSE {table}.previous_version END, "
        "version = excluded.version, seen_at = excluded.seen_at "
        "RETURNING previous_version"
    )


def record_visit(user, note):
    """Record that `user` sees `note` at its current version now; return the version they
    saw before this one (the visit before the note last changed for them), or None on a first
    visit. One query (an upsert that returns the value). Anonymous users: nothing, no query."""
    if not user.is_authenticated:
        return None
    with connection.cursor() as cursor:
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        cursor.execute(_upsert_sql(), [user.pk, note.pk, note.version, now])
        (previous,) = cursor.fetchone()
    return previous
