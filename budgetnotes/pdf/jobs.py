"""Catalogue jobs made in the background: a small JSON state file and the finished PDF.

Files, not a model: the web process and `manage.py db_worker` share the file system, and a
job's state (progress, file) is throw-away. The directory is settings.PDF_JOB_DIR when set,
else budgetnotes-pdf-jobs in the system's temporary directory.
"""

import json
import os
import tempfile
import uuid
from pathlib import Path

from django.conf import settings


def job_dir():
    directory = Path(
        getattr(settings, "PDF_JOB_DIR", None)
        or Path(tempfile.gettempdir()) / "budgetnotes-pdf-jobs"
    )
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def _state_path(job_id):
    return job_dir() / f"{uuid.UUID(str(job_id))}.json"


def pdf_path(job_id):
    return job_dir() / f"{uuid.UUID(str(job_id))}.pdf"


def create(user, kind, slug, title, filename, **options):
    job_id = str(uuid.uuid4())
    write(
        job_id,
        {
            "id": job_id,
            "user_id": user.pk,
            "kind": kind,
            "slug": slug,
            "title": title,
            "filename": filename,
            "options": options,
            "state": "queued",
            "done": 0,
            "total": 0,
            "error": "",
            "task_id": "",
        },
    )
    return job_id


def read(job_id):
    try:
        return json.loads(_state_path(job_id).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None


def write(job_id, state):
    path = _state_path(job_id)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(state), encoding="utf-8")
    os.replace(temporary, path)


def update(job_id, **changes):
    state = read(job_id) or {}
    state.update(changes)
    write(job_id, state)
    return state
