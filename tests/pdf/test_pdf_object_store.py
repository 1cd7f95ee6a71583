"""The stored PDFs in an S3-compatible object store, as the registry keeps them when it runs
on several machines (DJANGO_PDF_STORAGE=s3: django-storages' S3Storage, config/settings.py).
A real S3 server on loopback (moto's), real HTTP, the project's own storage settings."""

import hashlib
import os
import subprocess
import sys

import boto3
import pytest
from django.core.files.storage import storages
from moto.server import ThreadedMotoServer

from budgetnotes import workflow
from documents.models import RenderedPdf
from tests.pdf.conftest import IMMEDIATE_TASKS, body

pytestmark = pytest.mark.django_db

BUCKET = "pdf-test"
KEYS = {"aws_access_key_id": "test", "aws_secret_access_key": "test", "region_name": "eu-north-1"}


@pytest.fixture(scope="module")
def s3_server():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def project_s3_settings(endpoint):
    """STORAGES["pdf_documents"] exactly as config/settings.py builds it from the environment."""
    env = dict(
        os.environ,
        DJANGO_DEBUG="1",
        DJANGO_PDF_STORAGE="s3",
        PDF_S3_BUCKET=BUCKET,
        PDF_S3_ENDPOINT_URL=endpoint,
        PDF_S3_REGION="eu-north-1",
        PDF_S3_ACCESS_KEY_ID="test",
        PDF_S3_SECRET_ACCESS_KEY="test",
    )
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json, config.settings as s; print(json.dumps(s.STORAGES['pdf_documents']))",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    import json

    return json.loads(out)


@pytest.fixture
def s3_storage(s3_server, settings):
    client = boto3.client("s3", endpoint_url=s3_server, **KEYS)
    client.create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-north-1"}
    )
    settings.STORAGES = {**settings.STORAGES, "pdf_documents": project_s3_settings(s3_server)}
    settings.TASKS = IMMEDIATE_TASKS
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def test_the_settings_choose_the_object_store(s3_storage):
    assert type(storages["pdf_documents"]).__name__ == "S3Storage"


def test_versions_and_the_sent_pdf_live_in_the_object_store(
    s3_storage, client, secretary, editor, approver, bi22, django_capture_on_commit_callbacks
):
    client.force_login(secretary)
    first = body(client.get("/budget-2026/BI22/pdf/"))
    (row,) = RenderedPdf.objects.filter(object_id=bi22.pk, kind="note")
    stored = s3_storage.get_object(Bucket=BUCKET, Key=f"pdf-documents/{row.file_name}")
    assert stored["Body"].read() == first
    assert hashlib.sha256(first).hexdigest() == row.sha256
    assert body(client.get("/budget-2026/BI22/pdf/")) == first  # read back, not rendered

    with django_capture_on_commit_callbacks(execute=True):
        note = workflow.apply(editor, bi22, "submit")
        note = workflow.apply(approver, note, "approve")
        note = workflow.apply(approver, note, "send")
    sent_version = note.version
    sent = body(client.get(f"/budget-2026/BI22/pdf/fremsendt/{sent_version}/"))
    with django_capture_on_commit_callbacks(execute=True):
        workflow.apply(approver, note, "reopen")
    assert body(client.get(f"/budget-2026/BI22/pdf/fremsendt/{sent_version}/")) == sent
    frozen = RenderedPdf.objects.get(object_id=bi22.pk, frozen=True)
    assert hashlib.sha256(sent).hexdigest() == frozen.sha256
    keys = {item["Key"] for item in s3_storage.list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert f"pdf-documents/{frozen.file_name}" in keys
