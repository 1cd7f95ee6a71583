"""django-tasks-db's `db_worker`, with a heartbeat: while the worker runs, a thread records
it in operations.WorkerBeat every WORKER_HEARTBEAT_SECONDS, which /healthz reads, and gives
the tasks of dead workers to the living (operations.workers). This app
comes before django_tasks_db in INSTALLED_APPS, so `manage.py db_worker` is this one."""

import threading

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone
from django_tasks_db.management.commands import db_worker

from operations import workers
from operations.models import WorkerBeat


def beating(worker_id, stop):
    started_at = timezone.now()
    try:
        while True:
            try:
                workers.beat(worker_id, started_at)
                workers.requeue_orphans()
            except Exception:  # the database may be away for a moment; the next beat tries again
                close_old_connections()
            if stop.wait(settings.WORKER_HEARTBEAT_SECONDS):
                break
        WorkerBeat.objects.filter(worker_id=worker_id).delete()
    finally:
        connection.close()


class Command(db_worker.Command):
    def handle(self, *args, worker_id, **options):
        stop = threading.Event()
        thread = threading.Thread(
            target=beating, args=(worker_id, stop), name="heartbeat", daemon=True
        )
        thread.start()
        try:
            super().handle(*args, worker_id=worker_id, **options)
        finally:
            stop.set()
            thread.join(timeout=5)
