"""Workbooks kept per data version: a download of the same selection by the same reader,
while no note or sheet has changed, is a file read instead of a new workbook.

The key is a SHA-256 over everything a workbook shows: the reader (what they may see, and
the "made by" line), the round, the note or filters, the price level, the workbook code's
fingerprint, and the data version of the registry (`data_version`: one aggregate over the
notes and one over the sheets, which changes with every save, workflow step, new or deleted
note or sheet; the expiry sheet reads the previous round too, so it is the whole registry's).
Changed reference data (committees, price indices, …) deletes every kept workbook
(`forget_all`, connected in documents.apps), and `manage.py cleanup` deletes those older
than settings.WORKBOOK_RETENTION. The files live in the `pdf_documents` storage beside the
stored PDFs, named "xlsx-…".
"""

import hashlib
import json
import uuid
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError
from django.db.models import Count, Max, Sum
from django.utils import timezone

from documents.models import StoredWorkbook
from documents.pdf.versions import delete_rows, storage


@cache
def code_fingerprint():
    """The workbook code itself: a new release writes workbooks anew."""
    digest = hashlib.sha256()
    folder = Path(__file__).resolve().parent
    for path in sorted(folder.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def data_version():
    """Changes whenever any note or sheet is saved, moved, added or deleted (two queries)."""
    from budgetnotes.models import BudgetNote
    from initiatives.models import ExpiryAssessment

    parts = []
    for model in (BudgetNote, ExpiryAssessment):
        summary = model.objects.order_by().aggregate(
            n=Count("id"), versions=Sum("version"), ids=Sum("id"), last=Max("updated_at")
        )
        # As text: PostgreSQL sums integers into Decimals, SQLite into ints.
        parts.append([str(summary[name]) for name in ("n", "versions", "ids", "last")])
    return parts


def key(selection):
    user = selection.user
    described = {
        "user": getattr(user, "pk", None),
        "made_by": selection.made_by,
        "round": selection.round.pk,
        "note": selection.note_code,
        "filters": {name: sorted(map(str, values)) for name, values in selection.filters.items()},
        "pl": selection.target_pl,
        "code": code_fingerprint(),
        "data": data_version(),
    }
    return hashlib.sha256(json.dumps(described, sort_keys=True).encode()).hexdigest()


def find(workbook_key):
    """The kept file of `workbook_key`, opened, or None."""
    row = StoredWorkbook.objects.filter(key=workbook_key).first()
    if row is None:
        return None
    try:
        return storage().open(row.file_name)
    except OSError:  # gone from the storage: make it again
        row.delete()
        return None


def keep(workbook_key, user, handle):
    """Store the written workbook in `handle` (at any position) under `workbook_key`."""
    handle.seek(0)
    name = storage().save(f"xlsx-{uuid.uuid4().hex}.xlsx", handle)
    try:
        StoredWorkbook.objects.create(
            key=workbook_key, user=user, file_name=name, size=storage().size(name)
        )
    except IntegrityError:  # someone kept the same workbook a moment ago
        storage().delete(name)
    handle.seek(0)


def forget_all():
    return delete_rows(StoredWorkbook.objects.all())


def cleanup(now=None):
    now = now or timezone.now()
    return delete_rows(
        StoredWorkbook.objects.filter(created_at__lt=now - settings.WORKBOOK_RETENTION)
    )
