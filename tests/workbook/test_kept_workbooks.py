"""A workbook downloaded again while nothing it shows has changed is the kept file
(documents.workbook.stored); any save, another reader, another price level or changed
reference data makes a new one. Real files in the storage, read back with openpyxl."""

import copy
import io

import openpyxl
import pytest
from django.core.management import call_command

from budgetnotes.models import Committee
from budgetnotes.services import note_to_data, save_note
from documents.models import StoredWorkbook
from tests.pdf.conftest import body

pytestmark = pytest.mark.django_db

URL = "/budget-2026/xlsx/"


def download(client, url=URL):
    response = client.get(url)
    assert response.status_code == 200
    return body(response)


def test_the_same_workbook_again_is_the_kept_file(client, analyst):
    client.force_login(analyst)
    first = download(client)
    assert StoredWorkbook.objects.count() == 1
    assert download(client) == first  # byte for byte: not written again
    assert StoredWorkbook.objects.count() == 1
    sheets = openpyxl.load_workbook(io.BytesIO(first), read_only=True).sheetnames
    assert "Bevillinger" in sheets


def test_a_save_another_reader_or_price_level_makes_a_new_one(
    client, analyst, approver, editor, bi22, django_capture_on_commit_callbacks
):
    client.force_login(analyst)
    first = download(client)
    assert download(client, URL + "?pl=2027") != first  # another price level
    client.force_login(approver)
    download(client)  # another reader: their own file, their name on it
    assert StoredWorkbook.objects.count() == 3
    assert len(set(StoredWorkbook.objects.values_list("user", flat=True))) == 2

    data = copy.deepcopy(note_to_data(bi22))
    data["funding_lines"][0]["amounts"]["2027"] = 5555
    save_note(data, note=bi22, user=editor, expected_version=bi22.version)
    client.force_login(analyst)
    after = download(client)
    assert after != first
    values = openpyxl.load_workbook(io.BytesIO(after), data_only=True)["Data"]
    assert 5555 in {cell for row in values.iter_rows(values_only=True) for cell in row}

    with django_capture_on_commit_callbacks(execute=True):
        Committee.objects.first().save()  # reference data: every kept workbook goes
    assert StoredWorkbook.objects.count() == 0


def test_cleanup_deletes_workbooks_past_their_retention(client, analyst, settings):
    from datetime import timedelta

    client.force_login(analyst)
    download(client)
    (row,) = StoredWorkbook.objects.all()
    out = io.StringIO()
    call_command("cleanup", stdout=out)
    assert StoredWorkbook.objects.count() == 1
    settings.WORKBOOK_RETENTION = timedelta(0)
    call_command("cleanup", stdout=out)
    assert StoredWorkbook.objects.count() == 0
    assert "Gemte Excel-filer: 1 ældre end opbevaringstiden slettet." in out.getvalue()
    from documents.pdf.versions import storage

    assert not storage().exists(row.file_name)
