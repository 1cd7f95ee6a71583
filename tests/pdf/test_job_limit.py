"""At most settings.PDF_JOBS_PER_USER unfinished catalogue jobs per user; the next start is
refused (429) with a Danish message naming how many are running.

The tests' task backend is django-tasks-db's, and no worker runs: jobs stay queued, as they
would behind a busy worker."""

from datetime import timedelta

import pytest

from tests.pdf.conftest import job_url, page_text, start_job

NOTES = "/budget-2026/pdf/"
EXPIRY = "/budget-2027/udloeb/pdf/"


def test_a_third_job_is_refused_in_danish(client, secretary, editor, job_dir):
    client.force_login(secretary)
    first = start_job(client, NOTES)
    start_job(client, EXPIRY)
    for url in (NOTES, EXPIRY):
        response = client.post(url, {})
        assert response.status_code == 429
        text = page_text(response)
        assert "Du har allerede 2 PDF'er i gang, og man kan højst have 2 i gang ad gangen." in text
        assert "Vent, til en af dem er færdig, og prøv så igen." in text
        assert job_url(first) in response.content.decode()  # links to the running jobs
    # Another user is not held up by them.
    client.force_login(editor)
    start_job(client, NOTES)


def test_the_limit_is_a_setting(client, secretary, settings, job_dir):
    settings.PDF_JOBS_PER_USER = 1
    client.force_login(secretary)
    start_job(client, NOTES)
    response = client.post(NOTES, {})
    assert response.status_code == 429
    assert "Du har allerede 1 PDF i gang, og man kan højst have 1 i gang ad gangen." in (
        page_text(response)
    )


@pytest.mark.slow
@pytest.mark.usefixtures("immediate_tasks")
def test_finished_jobs_do_not_count(client, secretary, job_dir):
    client.force_login(secretary)
    for _ in range(4):
        start_job(client, NOTES)


def test_lost_jobs_do_not_count(client, secretary, settings, job_dir):
    """A job still unfinished after PDF_JOB_TIMEOUT (its worker died, say) is lost: it no
    longer counts, and its page says it failed."""
    client.force_login(secretary)
    first = start_job(client, NOTES)
    start_job(client, NOTES)
    assert client.post(NOTES, {}).status_code == 429
    settings.PDF_JOB_TIMEOUT = timedelta(0)
    start_job(client, NOTES)
    assert "PDF'en blev ikke færdig i tide." in page_text(client.get(job_url(first)))
