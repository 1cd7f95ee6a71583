"""The task workers' heartbeats, and what becomes of the tasks of a worker that died.

django-tasks-db marks a task RUNNING with the worker's id when a worker claims it; a worker
killed mid-task (out of memory, a machine gone) leaves it RUNNING for ever. Each live worker's
heartbeat thread (the `db_worker` command here) also looks for such tasks: a RUNNING task
whose last worker has not beaten for WORKER_STALE_SECONDS is made READY again for another
worker, or FAILED once WORKER_TASK_ATTEMPTS workers have died running it (a task that kills
its worker every time must not go round for ever). Tasks are written so that running one
twice does no harm (documents.pdf.versions claims each render)."""

import logging
import os
import socket
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from operations.models import WorkerBeat

logger = logging.getLogger(__name__)


def beat(worker_id, started_at):
    WorkerBeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "host": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "beat_at": timezone.now(),
        },
    )


def dead_workers(now=None):
    since = (now or timezone.now()) - timedelta(seconds=settings.WORKER_STALE_SECONDS)
    return set(WorkerBeat.objects.filter(beat_at__lt=since).values_list("worker_id", flat=True))


def requeue_orphans(now=None):
    """Gives the RUNNING tasks of dead workers to the others; returns (requeued, failed)."""
    dead = dead_workers(now)
    if not dead:
        return 0, 0
    requeued = failed = 0
    with transaction.atomic():
        running = DBTaskResult.objects.select_for_update(skip_locked=True).filter(
            status=TaskResultStatus.RUNNING
        )
        for task in running:
            if not task.worker_ids or task.worker_ids[-1] not in dead:
                continue
            if len(task.worker_ids) >= settings.WORKER_TASK_ATTEMPTS:
                task.status = TaskResultStatus.FAILED
                task.finished_at = timezone.now()
                task.exception_class_path = "operations.workers.WorkerDied"
                task.traceback = f"{len(task.worker_ids)} workers died running this task."
                task.save(
                    update_fields=["status", "finished_at", "exception_class_path", "traceback"]
                )
                failed += 1
            else:
                task.status = TaskResultStatus.READY
                task.save(update_fields=["status"])
                requeued += 1
            logger.warning(
                "Task %s of dead worker %s: %s", task.id, task.worker_ids[-1], task.status
            )
        WorkerBeat.objects.filter(worker_id__in=dead).delete()
    return requeued, failed
