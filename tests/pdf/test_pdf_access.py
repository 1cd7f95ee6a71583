"""Who gets which PDF: the export right, the visibility rule, and catalogues."""

import pytest
from django.test import override_settings
from django.urls import reverse

from budgetnotes.models import BudgetRound
from documents.models import CatalogueJob
from documents.pdf.catalogue import expiry_catalogue, round_catalogue
from tests.pdf.conftest import body

IMMEDIATE = {
    "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
}
BI22 = ("budget-2026", "BI22")
BI05 = ("budget-2024", "BI05")


@pytest.fixture(autouse=True)
def job_dir(settings, tmp_path):
    settings.PDF_JOB_DIR = str(tmp_path / "jobs")


def note_url(slug, code):
    return reverse("note-pdf", kwargs={"slug": slug, "code": code})


@pytest.mark.usefixtures("immediate_tasks")  # the render task runs at once
@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("redaktor", 200),
        ("godkender", 200),
        ("sekretaer", 200),
        ("analytiker", 403),  # reads the note, but has no PDF right
        ("sof-redaktor", 404),  # a BIF draft does not exist for SOF
    ],
)
def test_note_pdf_by_role(client, personas, persona, expected):
    client.force_login(personas[persona])
    response = client.get(note_url(*BI22))
    assert response.status_code == expected
    if expected == 200:
        assert response["Content-Type"] == "application/pdf"
        assert body(response).startswith(b"%PDF-")


@pytest.mark.usefixtures("immediate_tasks")  # the render task runs at once
def test_published_note_is_printable_across_administrations(client, sof_secretary):
    client.force_login(sof_secretary)
    response = client.get(note_url(*BI05))  # adopted: every logged-in user reads it
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize(
    "url",
    [
        note_url(*BI22),
        reverse("round-pdf", kwargs={"slug": "budget-2026"}),
        reverse("expiry-catalogue-pdf", kwargs={"slug": "budget-2027"}),
        reverse("assessment-pdf", kwargs={"slug": "budget-2027", "number": 2}),
    ],
)
def test_anonymous_is_sent_to_login(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.usefixtures("immediate_tasks")  # the render task runs at once
def test_assessment_pdf_by_role(client, secretary, analyst, sof_editor):
    url = reverse("assessment-pdf", kwargs={"slug": "budget-2027", "number": 2})
    client.force_login(secretary)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    client.force_login(analyst)
    assert client.get(url).status_code == 403
    client.force_login(sof_editor)  # the demo sheets are BIF drafts
    assert client.get(url).status_code == 404
    client.force_login(secretary)
    missing = reverse("assessment-pdf", kwargs={"slug": "budget-2027", "number": 21})
    assert client.get(missing).status_code == 404


def test_catalogues_hold_only_what_the_user_may_read(db, secretary, sof_editor):
    budget_2026 = BudgetRound.objects.get(slug="budget-2026")
    codes = lambda catalogue: [e.label for g in catalogue.groups for e in g.entries]  # noqa: E731
    assert "BI22" in codes(round_catalogue(budget_2026, user=secretary))
    assert "BI22" not in codes(round_catalogue(budget_2026, user=sof_editor))
    assert "BI22" in codes(round_catalogue(budget_2026))  # command line: everything
    budget_2027 = BudgetRound.objects.get(slug="budget-2027")
    assert len(codes(expiry_catalogue(budget_2027, user=secretary))) == 27
    assert codes(expiry_catalogue(budget_2027, user=sof_editor)) == []


@override_settings(TASKS=IMMEDIATE)
def test_catalogue_job_in_the_browser(client, secretary, sof_editor):
    client.force_login(secretary)
    start = reverse("round-pdf", kwargs={"slug": "budget-2026"})
    page = client.get(start)
    assert page.status_code == 200
    assert 'name="committee"' in page.content.decode()
    response = client.post(start, {"committee": "BIU", "status": ""})
    assert response.status_code == 302
    status_page = client.get(response["Location"])
    assert status_page.status_code == 200
    body = status_page.content.decode()
    assert "PDF&#x27;en er klar" in body or "PDF'en er klar" in body
    job_id = response["Location"].rstrip("/").split("/")[-1]
    download = client.get(reverse("pdf-job-download", kwargs={"job_id": job_id}))
    assert download.status_code == 200
    pdf = b"".join(download.streaming_content)
    assert pdf.startswith(b"%PDF-")
    assert CatalogueJob.objects.get(pk=job_id).state == "done"

    # Another user cannot see or fetch someone else's job.
    client.force_login(sof_editor)
    assert client.get(response["Location"]).status_code == 404
    assert client.get(reverse("pdf-job-download", kwargs={"job_id": job_id})).status_code == 404


@override_settings(TASKS=IMMEDIATE)
def test_sof_editor_catalogue_lacks_bi22(client, sof_editor):
    from tests.pdf.conftest import pdf_text

    client.force_login(sof_editor)
    response = client.post(reverse("round-pdf", kwargs={"slug": "budget-2026"}), {})
    job_id = response["Location"].rstrip("/").split("/")[-1]
    download = client.get(reverse("pdf-job-download", kwargs={"job_id": job_id}))
    text = pdf_text(b"".join(download.streaming_content))
    assert "BI22" not in text
    assert "Styrket beskæftigelsesindsats" not in text


def test_catalogue_start_needs_the_pdf_right(client, analyst):
    client.force_login(analyst)
    assert client.get(reverse("round-pdf", kwargs={"slug": "budget-2026"})).status_code == 403
    url = reverse("expiry-catalogue-pdf", kwargs={"slug": "budget-2027"})
    assert client.post(url).status_code == 403
