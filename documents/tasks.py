"""Background tasks (Django's tasks framework; `manage.py db_worker` runs them)."""

import logging

from django.tasks import task

logger = logging.getLogger(__name__)


@task
def make_catalogue_pdf(job_id):
    """Render the catalogue a job describes, as its user may see it, into the job's file.

    First clears away expired jobs and stray files (cheap: a few queries and one folder
    listing), so job files never pile up even where no cron job runs `manage.py cleanup`.
    """
    from documents.pdf import jobs

    try:
        jobs.cleanup()
    except Exception:  # the job itself says what is wrong (an unsafe folder, say)
        logger.exception("Clean-up before catalogue job %s failed", job_id)
    state = jobs.run(job_id)
    return str(state) if state else None


@task
def render_pdf(row_id):
    """Render one recorded version of a note's or sheet's PDF (documents.pdf.versions)."""
    from documents.pdf import versions

    state = versions.render(row_id)
    return str(state) if state else None


@task
def render_current_pdf(kind, object_id):
    """After a save or workflow step: make the PDF of the object's new version."""
    from documents.pdf import versions

    state = versions.render_current(kind, object_id)
    return str(state) if state else None
