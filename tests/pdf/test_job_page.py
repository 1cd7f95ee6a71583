"""The job page follows its job without reloading itself: no <meta http-equiv="refresh">, but
htmx asks for the status partial every two seconds while the job runs. The partial answers
with nothing (204) while nothing changed, with the progress when it did, and with the
download link and 286 (htmx stops polling) once the job is done; without JavaScript the
page offers an Opdatér link to itself."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from budgetnotes.models import BudgetRound
from documents.models import CatalogueJob
from tests.builders import make_job
from tests.pdf.conftest import download_url, job_url, page_text

pytestmark = pytest.mark.django_db

State = CatalogueJob.State


def status_url(job):
    return reverse("pdf-job-status", kwargs={"job_id": job.pk})


def a_job(user, **fields):
    return make_job(user, BudgetRound.objects.get(slug="budget-2026"), **fields)


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def tags(response):
    """(tag, attributes) of every start tag in the response, in order."""
    parser = _Elements()
    parser.feed(response.content.decode())
    return parser.found


def elements(response, tag):
    return [attrs for name, attrs in tags(response) if name == tag]


def poller(response):
    """The element that polls the status partial, if any."""
    polling = [attrs for _tag, attrs in tags(response) if "hx-get" in attrs]
    assert len(polling) <= 1
    return polling[0] if polling else None


def test_a_running_job_polls_its_status_and_offers_a_reload_link(client, secretary):
    job = a_job(secretary, state=State.RUNNING, done=3, total=10)
    client.force_login(secretary)
    page = client.get(job_url(job.pk))
    assert page.status_code == 200
    assert not [meta for meta in elements(page, "meta") if "http-equiv" in meta]
    polling = poller(page)
    assert polling["hx-get"] == status_url(job)
    assert polling["hx-trigger"] == "every 2s"
    assert polling["aria-live"] == "polite"  # the region stays; its content is swapped
    assert "Laver PDF: 3 af 10 dele." in page_text(page)
    assert job_url(job.pk) in [a.get("href") for a in elements(page, "a")]  # Opdatér
    assert "Opdatér" in page_text(page)


def test_the_status_partial_answers_only_when_something_changed(client, secretary):
    job = a_job(secretary, state=State.RUNNING, done=3, total=10)
    client.force_login(secretary)
    first = client.get(status_url(job), headers={"HX-Request": "true"})
    assert first.status_code == 200
    assert "Laver PDF: 3 af 10 dele." in page_text(first)
    assert "<html" not in first.content.decode()  # a fragment, not a page
    (seen,) = [i["value"] for i in elements(first, "input") if i.get("name") == "seen"]

    unchanged = client.get(status_url(job), {"seen": seen})
    assert unchanged.status_code == 204 and unchanged.content == b""

    CatalogueJob.objects.filter(pk=job.pk).update(done=7)
    moved = client.get(status_url(job), {"seen": seen})
    assert moved.status_code == 200
    assert "Laver PDF: 7 af 10 dele." in page_text(moved)
    assert "no-cache" in moved["Cache-Control"]


def test_a_finished_job_gives_the_download_link_and_stops_the_polling(client, secretary):
    job = a_job(secretary, state=State.RUNNING, done=9, total=10)
    client.force_login(secretary)
    CatalogueJob.objects.filter(pk=job.pk).update(state=State.DONE, finished_at=timezone.now())
    status = client.get(status_url(job), {"seen": "running-9-10"})
    assert status.status_code == 286  # htmx swaps it in and stops polling
    assert "PDF'en er klar." in page_text(status)
    assert download_url(job.pk) in [a.get("href") for a in elements(status, "a")]

    page = client.get(job_url(job.pk))
    assert poller(page) is None  # nothing more to wait for
    assert download_url(job.pk) in [a.get("href") for a in elements(page, "a")]
    assert "Opdatér" not in page_text(page)


def test_a_failed_job_says_why_and_stops_the_polling(client, secretary):
    job = a_job(secretary, state=State.FAILED, error="PDF'en kunne ikke laves.")
    client.force_login(secretary)
    status = client.get(status_url(job))
    assert status.status_code == 286
    assert "PDF'en kunne ikke laves." in page_text(status)
    assert "Lav en ny PDF" in page_text(status)


def test_someone_elses_job_is_not_found_and_the_page_reloads_to_say_so(client, secretary, editor):
    job = a_job(editor, state=State.RUNNING)
    client.force_login(secretary)
    status = client.get(status_url(job))
    assert status.status_code == 404
    assert status["HX-Refresh"] == "true"
    assert "Laver PDF" not in page_text(status)
