"""Finished catalogue jobs and their files expire (settings.PDF_JOB_RETENTION); `manage.py
cleanup` and the worker, before each job, delete them and any file no job owns. The model is
imported inside the tests that need it, so the others run (and fail) on code from before the
model, too."""

import io
import os
import uuid
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.builders import make_job
from tests.pdf.conftest import (
    body,
    download_url,
    job_url,
    page_text,
    start_job,
)

pytestmark = pytest.mark.usefixtures("immediate_tasks")


def test_an_expired_job_says_so_and_is_gone_with_its_file(client, secretary, settings, job_dir):
    client.force_login(secretary)
    job_id = start_job(client)
    assert (job_dir / f"{job_id}.pdf").exists()
    settings.PDF_JOB_RETENTION = timedelta(0)

    page = client.get(job_url(job_id))
    assert page.status_code == 410
    assert "PDF'en er udløbet" in page_text(page)
    assert "Færdige PDF'er gemmes i 0 timer, så denne er slettet." in page_text(page)
    assert not (job_dir / f"{job_id}.pdf").exists()

    download = client.get(download_url(job_id))
    assert download.status_code == 404
    assert not body(download).startswith(b"%PDF-")
    assert "Der er ingen PDF med denne adresse, som du har bestilt." in page_text(download)


def test_an_expired_download_is_refused(client, secretary, settings, job_dir):
    client.force_login(secretary)
    job_id = start_job(client)
    settings.PDF_JOB_RETENTION = timedelta(0)
    response = client.get(download_url(job_id))
    assert response.status_code == 410
    assert not body(response).startswith(b"%PDF-")
    assert not (job_dir / f"{job_id}.pdf").exists()


def plant_strays(job_dir, tmp_path):
    secret_file = tmp_path / "secret.txt"
    secret_file.write_text("hemmeligt")
    strays = [
        job_dir / "gammel.pdf",  # a regular file of no job
        job_dir / f"{uuid.uuid4()}.pdf",  # a job that is gone
        job_dir / "link.pdf",  # a symlink: removed itself, its target left alone
        job_dir / ".skjult",
    ]
    for path in strays[:2] + strays[3:]:
        path.write_bytes(b"%PDF-1.7 stray")
    strays[2].symlink_to(secret_file)
    return strays, secret_file


def test_cleanup_command_deletes_expired_jobs_and_stray_files(
    client, secretary, settings, job_dir, tmp_path
):
    from documents.models import CatalogueJob

    client.force_login(secretary)
    old, fresh = start_job(client), start_job(client)
    _strays, secret_file = plant_strays(job_dir, tmp_path)
    day_ago = timezone.now() - timedelta(hours=25)
    CatalogueJob.objects.filter(pk=old).update(finished_at=day_ago, created_at=day_ago)
    settings.PDF_JOB_RETENTION = timedelta(hours=24)

    out = io.StringIO()
    call_command("cleanup", stdout=out)
    assert "PDF-jobs: 1 udløbne slettet med deres filer" in out.getvalue()
    assert "4 filer uden job slettet" in out.getvalue()

    assert not CatalogueJob.objects.filter(pk=old).exists()
    assert sorted(path.name for path in job_dir.iterdir()) == [f"{fresh}.pdf"]
    assert secret_file.read_text() == "hemmeligt"
    assert client.get(download_url(fresh)).status_code == 200
    assert client.get(job_url(old)).status_code == 404


def test_cleanup_command_with_no_retention(client, secretary, settings, job_dir, tmp_path):
    """The same through settings alone: with no retention every finished job is expired."""
    client.force_login(secretary)
    job_id = start_job(client)
    _strays, secret_file = plant_strays(job_dir, tmp_path)
    settings.PDF_JOB_RETENTION = timedelta(0)
    call_command("cleanup", stdout=io.StringIO())
    assert list(job_dir.iterdir()) == []
    assert secret_file.read_text() == "hemmeligt"
    assert client.get(job_url(job_id)).status_code == 404


def test_cleanup_fails_lost_jobs(secretary, settings, job_dir):
    from budgetnotes.models import BudgetRound
    from documents.models import CatalogueJob

    two_hours_ago = timezone.now() - timedelta(hours=2)
    job = make_job(secretary, BudgetRound.objects.get(slug="budget-2026"), created_at=two_hours_ago)
    settings.PDF_JOB_TIMEOUT = timedelta(hours=1)
    call_command("cleanup", stdout=io.StringIO())
    job.refresh_from_db()
    assert job.state == CatalogueJob.State.FAILED
    assert job.error.startswith("PDF'en blev ikke færdig i tide.")
    assert job.finished_at is not None


def test_the_worker_cleans_up_before_each_job(client, secretary, job_dir, tmp_path):
    from documents.models import CatalogueJob

    client.force_login(secretary)
    old = start_job(client)
    strays, _secret = plant_strays(job_dir, tmp_path)
    CatalogueJob.objects.filter(pk=old).update(finished_at=timezone.now() - timedelta(days=2))
    new = start_job(client)  # the task runs cleanup first
    assert sorted(path.name for path in job_dir.iterdir()) == [f"{new}.pdf"]
    assert not CatalogueJob.objects.filter(pk=old).exists()
    assert not any(os.path.lexists(path) for path in strays)
