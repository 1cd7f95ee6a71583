"""A finished catalogue is handed out only while its owner may still read all of it: the PDF
right and every note and assessment in the file are checked again at download. A stale file
is refused in Danish and deleted."""

import pytest
from django.contrib.auth.models import Group

from budgetnotes.choices import Role, Status
from budgetnotes.models import Administration, BudgetNote
from initiatives.models import ExpiryAssessment
from tests.pdf.conftest import (
    body,
    download_url,
    job_url,
    page_text,
    start_job,
)

pytestmark = pytest.mark.usefixtures("immediate_tasks")


CONTENT_LOST = "PDF'en indeholder notater eller vurderinger, som du ikke længere har adgang til"
RIGHT_LOST = "Du har ikke længere ret til at udskrive PDF, så PDF'en er slettet"


def assert_refused(client, job_id, job_dir, message):
    response = client.get(download_url(job_id))
    assert response.status_code == 403
    assert not body(response).startswith(b"%PDF-")
    assert message in page_text(response)
    assert not (job_dir / f"{job_id}.pdf").exists()  # the stale file is gone
    # The job page says the same, and a second try is refused too.
    assert message in page_text(client.get(job_url(job_id)))
    assert client.get(download_url(job_id)).status_code == 403


def move_to_sof(user):
    user.administration = Administration.objects.get(code="SOF")
    user.save()


def test_owner_moved_to_another_administration(client, secretary, job_dir):
    client.force_login(secretary)
    job_id = start_job(client)  # Budget 2026 as BIF sees it: BI22, a BIF draft, included
    assert client.get(download_url(job_id)).status_code == 200
    move_to_sof(secretary)
    assert_refused(client, job_id, job_dir, CONTENT_LOST)


def test_owner_lost_the_pdf_role(client, secretary, job_dir):
    client.force_login(secretary)
    job_id = start_job(client)
    secretary.groups.remove(Group.objects.get(name=Role.SECRETARY))
    assert_refused(client, job_id, job_dir, RIGHT_LOST)


def test_a_published_note_went_back_to_draft_in_another_administration(
    client, sof_secretary, job_dir
):
    client.force_login(sof_secretary)
    job_id = start_job(client, "/budget-2024/pdf/")  # BI05 of BIF, adopted: SOF reads it
    assert b"%PDF-" in body(client.get(download_url(job_id)))[:8]
    BudgetNote.objects.filter(round__slug="budget-2024", code="BI05").update(status=Status.DRAFT)
    assert_refused(client, job_id, job_dir, CONTENT_LOST)


def test_a_note_in_the_file_was_deleted(client, secretary, job_dir):
    client.force_login(secretary)
    job_id = start_job(client, data={"committee": "BIU"})
    BudgetNote.objects.get(round__slug="budget-2026", code="BI22").delete()
    assert_refused(client, job_id, job_dir, CONTENT_LOST)


@pytest.mark.slow
def test_expiry_catalogue_owner_moved(client, secretary, job_dir):
    client.force_login(secretary)
    job_id = start_job(client, "/budget-2027/udloeb/pdf/")  # 27 BIF draft sheets
    assert client.get(download_url(job_id)).status_code == 200
    move_to_sof(secretary)
    assert_refused(client, job_id, job_dir, CONTENT_LOST)


def test_expiry_catalogue_sheet_back_to_draft(client, sof_secretary, job_dir):
    sheets = ExpiryAssessment.objects.filter(round__slug="budget-2027")
    sheets.filter(number__in=[2, 3]).update(status=Status.SENT)  # SOF may read these two
    client.force_login(sof_secretary)
    job_id = start_job(client, "/budget-2027/udloeb/pdf/")
    assert client.get(download_url(job_id)).status_code == 200
    sheets.filter(number=3).update(status=Status.DRAFT)
    assert_refused(client, job_id, job_dir, CONTENT_LOST)


@pytest.mark.parametrize("moved", [False, True])
def test_rights_that_still_hold_keep_the_file(client, secretary, editor, job_dir, moved):
    """Control: a change that takes nothing away (another user moved) leaves the file."""
    client.force_login(secretary)
    job_id = start_job(client)
    if moved:
        move_to_sof(editor)
    response = client.get(download_url(job_id))
    assert response.status_code == 200
    assert body(response).startswith(b"%PDF-")
    assert (job_dir / f"{job_id}.pdf").exists()
