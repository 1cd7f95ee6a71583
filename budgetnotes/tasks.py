"""Background tasks (Django's tasks framework; `manage.py db_worker` runs them)."""

import traceback

from django.tasks import task

from budgetnotes.pdf import jobs


@task
def make_catalogue_pdf(job_id):
    """Render the catalogue a job describes, as its user may see it, into the job's file."""
    from budgetnotes.models import BudgetRound, User
    from budgetnotes.pdf.catalogue import build, expiry_catalogue, round_catalogue

    state = jobs.read(job_id)
    if state is None:
        return None
    jobs.update(job_id, state="running")
    try:
        user = User.objects.get(pk=state["user_id"])
        budget_round = BudgetRound.objects.get(slug=state["slug"])
        options = state.get("options") or {}
        if state["kind"] == "expiry":
            catalogue = expiry_catalogue(budget_round, user=user)
        else:
            catalogue = round_catalogue(
                budget_round,
                user=user,
                committee=options.get("committee") or None,
                status=options.get("status") or None,
            )

        def progress(done, total):
            jobs.update(job_id, done=done, total=total)

        pdf = build(catalogue, progress=progress)
        path = jobs.pdf_path(job_id)
        temporary = path.with_suffix(".part")
        temporary.write_bytes(pdf)
        temporary.replace(path)
        jobs.update(job_id, state="done")
    except Exception:
        jobs.update(job_id, state="failed", error=traceback.format_exc(limit=3))
        raise
    return job_id
