"""Catalogue PDFs made in the background (documents.models.CatalogueJob) and their files.

- `start`: at most settings.PDF_JOBS_PER_USER unfinished jobs per user (TooManyJobs), then
  the task `documents.tasks.make_catalogue_pdf` is enqueued.
- `run` (the task's body): builds the catalogue as its user may read it then, with every
  part rendered in a memory-limited process, records which notes and assessments it holds
  and writes the file to the private `pdf_jobs` storage (documents.pdf.storage).
- `access_problem`: asked at every download; the owner must still have the PDF right and
  still read everything the file holds, else the job is `withdraw`n (its file deleted).
- `settle` and `cleanup`: unfinished jobs older than settings.PDF_JOB_TIMEOUT are lost
  (failed); finished ones expire settings.PDF_JOB_RETENTION after they finished and are
  deleted with their files; files no job owns are deleted. `manage.py cleanup` (cron) and
  the worker before each job run `cleanup`.
"""

import logging
import uuid
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone

from budgetnotes.access import can_export_pdf, visibility_q
from budgetnotes.models import BudgetNote, User
from documents.models import CatalogueJob
from documents.pdf.storage import UnsafeStorage

logger = logging.getLogger(__name__)

State = CatalogueJob.State

# What the job page says when a job failed (job.error); the traceback goes to the log.
FAILED = "PDF'en kunne ikke laves. Prøv igen, eller kontakt din systemadministrator."
TOO_LARGE = (
    "PDF'en kunne ikke laves, fordi en af delene kræver mere hukommelse, end en PDF må "
    "bruge. Vælg færre notater (fx ét udvalg), eller kontakt din systemadministrator."
)
NOT_STORED = (
    "PDF'en kunne ikke gemmes, fordi mappen til PDF-filer ikke er sikker. "
    "Kontakt din systemadministrator."
)
NO_RIGHT = "Du har ikke (længere) ret til at udskrive PDF, så PDF'en er ikke lavet."
LOST = "PDF'en blev ikke færdig i tide. Prøv igen, eller kontakt din systemadministrator."
# Why a finished file is withdrawn.
RIGHT_LOST = (
    "Du har ikke længere ret til at udskrive PDF, så PDF'en er slettet. "
    "Kontakt din systemadministrator, hvis du skal have den."
)
CONTENT_LOST = (
    "PDF'en indeholder notater eller vurderinger, som du ikke længere har adgang til "
    "(eller som er slettet), så den er slettet. Lav en ny PDF: den får kun det med, "
    "du har adgang til nu."
)


def storage():
    return storages["pdf_jobs"]


def file_name(job_id):
    return f"{uuid.UUID(str(job_id))}.pdf"


class TooManyJobs(Exception):
    def __init__(self, active):
        super().__init__(f"{len(active)} unfinished jobs")
        self.active = active


def active_jobs(user):
    """The user's unfinished jobs that are not lost: what the per-user limit counts."""
    since = timezone.now() - settings.PDF_JOB_TIMEOUT
    return CatalogueJob.objects.filter(
        user=user, state__in=CatalogueJob.UNFINISHED, created_at__gte=since
    ).order_by("created_at")


def start(user, budget_round, kind, title, filename, **options):
    """Create and enqueue a job; TooManyJobs when the user has the most unfinished ones."""
    from documents.tasks import make_catalogue_pdf

    with transaction.atomic():
        # One start at a time per user (a row lock on PostgreSQL), so two quick clicks
        # cannot both pass the count.
        User.objects.select_for_update().filter(pk=user.pk).first()
        active = list(active_jobs(user))
        if len(active) >= settings.PDF_JOBS_PER_USER:
            raise TooManyJobs(active)
        job = CatalogueJob.objects.create(
            user=user,
            round=budget_round,
            kind=kind,
            title=title,
            filename=filename,
            options=options,
        )
    try:
        result = make_catalogue_pdf.enqueue(str(job.pk))
    except Exception:
        finish(job.pk, State.FAILED, error=FAILED)
        raise
    CatalogueJob.objects.filter(pk=job.pk).update(task_id=str(result.id))
    return job


def finish(job_id, state, **fields):
    """Set a final state; only a job that is not final yet (a withdrawn or expired job stays
    so). Returns whether the job was there to finish."""
    return bool(
        CatalogueJob.objects.filter(pk=job_id, state__in=CatalogueJob.UNFINISHED).update(
            state=state, finished_at=timezone.now(), **fields
        )
    )


def run(job_id):
    """Make the job's catalogue; the task's body. Returns the final state, or None when the
    job is gone or was not waiting (deleted, lost, or already run)."""
    from documents.pdf.catalogue import build, expiry_catalogue, round_catalogue

    if not CatalogueJob.objects.filter(pk=job_id, state=State.QUEUED).update(state=State.RUNNING):
        return None
    job = CatalogueJob.objects.select_related("user", "round").get(pk=job_id)
    if not can_export_pdf(job.user):
        finish(job.pk, State.FAILED, error=NO_RIGHT)
        return State.FAILED
    name = file_name(job.pk)
    try:
        if job.kind == CatalogueJob.Kind.EXPIRY:
            catalogue = expiry_catalogue(job.round, user=job.user)
        else:
            catalogue = round_catalogue(
                job.round,
                user=job.user,
                committee=job.options.get("committee") or None,
                status=job.options.get("status") or None,
            )

        def progress(done, total):
            CatalogueJob.objects.filter(pk=job.pk).update(done=done, total=total)

        pdf = build(catalogue, progress=progress, memory_mb=settings.PDF_RENDER_MEMORY_MB)
        files = storage()
        files.delete(name)  # left by an earlier attempt of this task
        files.save(name, ContentFile(pdf))
        if not finish(
            job.pk,
            State.DONE,
            file_name=name,
            note_ids=catalogue.note_ids,
            assessment_ids=catalogue.assessment_ids,
        ):
            files.delete(name)  # the job was deleted or settled meanwhile
        return State.DONE
    except (MemoryError, SystemError, BrokenProcessPool):
        # A part past the memory limit (SystemError: see engine.serve), or its worker died.
        logger.exception("Catalogue job %s: a part was too large", job.pk)
        finish(job.pk, State.FAILED, error=TOO_LARGE)
        return State.FAILED
    except UnsafeStorage:
        logger.exception("Catalogue job %s: unsafe job folder", job.pk)
        finish(job.pk, State.FAILED, error=NOT_STORED)
        raise
    except Exception:
        logger.exception("Catalogue job %s failed", job.pk)
        finish(job.pk, State.FAILED, error=FAILED)
        raise


def _all_readable(model, ids, user):
    wanted = set(ids)
    if not wanted:
        return True
    readable = model.objects.filter(pk__in=wanted).filter(visibility_q(user)).count()
    return readable == len(wanted)


def access_problem(job, user):
    """None when `user` (the job's owner, as they are now) may still have the job's file;
    otherwise why not, in Danish."""
    from initiatives.models import ExpiryAssessment

    if job.user_id != user.pk or not can_export_pdf(user):
        return RIGHT_LOST
    if not (
        _all_readable(BudgetNote, job.note_ids, user)
        and _all_readable(ExpiryAssessment, job.assessment_ids, user)
    ):
        return CONTENT_LOST
    return None


def withdraw(job, reason):
    """Delete a finished job's file because its owner may no longer have it."""
    CatalogueJob.objects.filter(pk=job.pk).update(state=State.WITHDRAWN, error=reason, file_name="")
    if job.file_name:
        storage().delete(job.file_name)
    job.state, job.error, job.file_name = State.WITHDRAWN, reason, ""


def open_file(job):
    """The job's file, opened safely (documents.pdf.storage), or None when it is not
    there as a regular file of ours (a planted symlink, say), which is then logged."""
    if not job.file_name:
        return None
    try:
        return storage().open(job.file_name)
    except FileNotFoundError:
        return None
    except OSError:  # ELOOP (a symlink), NotARegularFile, …
        logger.warning("Catalogue job %s: %s is not a regular file", job.pk, job.file_name)
        return None


def expired(job, now=None):
    now = now or timezone.now()
    return job.finished_at is not None and job.finished_at <= now - settings.PDF_JOB_RETENTION


def lost(job, now=None):
    now = now or timezone.now()
    return job.state in CatalogueJob.UNFINISHED and job.created_at < now - settings.PDF_JOB_TIMEOUT


def delete(job):
    if job.file_name:
        storage().delete(job.file_name)
    job.delete()


def settle(job):
    """Apply the time rules to one job (as cleanup would): "expired" if it was expired (and
    is deleted now), else the job, failed if it was lost."""
    if expired(job):
        delete(job)
        return "expired"
    if lost(job) and finish(job.pk, State.FAILED, error=LOST):
        job.refresh_from_db()
    return job


@dataclass
class Cleanup:
    lost: int = 0
    expired: int = 0
    stray_files: int = 0
    task_results: int = 0

    def __str__(self):
        return (
            f"PDF-jobs: {self.expired} udløbne slettet med deres filer, "
            f"{self.lost} gået i stå, {self.stray_files} filer uden job slettet, "
            f"{self.task_results} afsluttede opgaver slettet."
        )


def cleanup(now=None):
    """Fail lost jobs, delete expired jobs with their files, files no job owns and the
    finished task records of catalogue jobs older than the retention."""
    now = now or timezone.now()
    report = Cleanup()
    report.lost = CatalogueJob.objects.filter(
        state__in=CatalogueJob.UNFINISHED, created_at__lt=now - settings.PDF_JOB_TIMEOUT
    ).update(state=State.FAILED, finished_at=now, error=LOST)
    cutoff = now - settings.PDF_JOB_RETENTION
    for job in CatalogueJob.objects.filter(finished_at__lte=cutoff).only("pk", "file_name"):
        delete(job)
        report.expired += 1
    report.stray_files = _delete_stray_files()
    report.task_results = _delete_task_results(cutoff)
    return report


def _delete_stray_files():
    files = storage()
    folders, names = files.listdir("")
    if folders:
        logger.warning("PDF job folder holds folders, left alone: %s", ", ".join(folders))
    owners = {}
    for name in names:
        stem = name.removesuffix(".pdf")
        try:
            owners[name] = uuid.UUID(stem) if name.endswith(".pdf") else None
        except ValueError:
            owners[name] = None
    known = {
        str(pk)
        for pk in CatalogueJob.objects.filter(
            pk__in=[owner for owner in owners.values() if owner]
        ).values_list("pk", flat=True)
    }
    deleted = 0
    for name, owner in owners.items():
        if owner is None or str(owner) not in known or file_name(owner) != name:
            files.delete(name)  # a symlink is removed itself, never what it points to
            deleted += 1
    return deleted


def _delete_task_results(cutoff):
    from django_tasks_db.models import DBTaskResult

    from documents.tasks import make_catalogue_pdf

    deleted, _ = (
        DBTaskResult.objects.finished()
        .filter(task_path=make_catalogue_pdf.module_path, finished_at__lte=cutoff)
        .delete()
    )
    return deleted
