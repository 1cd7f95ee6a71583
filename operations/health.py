"""/healthz for monitoring: 200 when the database and the file storages answer and a task
worker has beaten within WORKER_STALE_SECONDS; 503 naming what does not. No login, no
details beyond the names of the checks."""

import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from operations.models import WorkerBeat

logger = logging.getLogger(__name__)
STORAGES = ["pdf_documents", "pdf_jobs"]


def database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return None


def storage(alias):
    """Writes, reads and deletes a small file: what the registry needs of the storage."""
    store = storages[alias]
    name = store.save(f"healthz-{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        with store.open(name) as handle:
            if handle.read() != b"ok":
                return "læste noget andet, end der blev skrevet"
    finally:
        store.delete(name)
    return None


def worker():
    since = timezone.now() - timedelta(seconds=settings.WORKER_STALE_SECONDS)
    if not WorkerBeat.objects.filter(beat_at__gte=since).exists():
        return f"ingen baggrundsproces har meldt sig i {settings.WORKER_STALE_SECONDS} sekunder"
    return None


def storage_check(alias):
    return lambda: storage(alias)


CHECKS = {
    "database": database,
    **{alias: storage_check(alias) for alias in STORAGES},
    "worker": worker,
}


def run_checks():
    """{check: None when well, else what is wrong}; a check that raises has failed."""
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as error:
            logger.warning("healthz: %s failed: %s", name, error)
            results[name] = f"fejl: {type(error).__name__}"
        if name == "database" and results[name]:
            results["worker"] = "kan ikke undersøges uden databasen"
            break
    return results


@never_cache
@require_GET
def healthz(request):
    results = run_checks()
    failing = {name: problem for name, problem in results.items() if problem}
    body = {
        "status": "fejl" if failing else "ok",
        "checks": {name: problem or "ok" for name, problem in results.items()},
    }
    if failing:
        body["failing"] = sorted(failing)
    return JsonResponse(
        body, status=503 if failing else 200, json_dumps_params={"ensure_ascii": False}
    )
