"""Where catalogue job files live: a private folder under the project (0700, files 0600),
an unsafe existing folder refused, and nothing planted in the folder ever followed or served.

Real files, folders, symlinks and hard links in a temporary folder.
"""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from tests.pdf.conftest import (
    body,
    download_url,
    job_url,
    page_text,
    start_job,
)

SECRET = "HEMMELIGT-8d1f-ikke-en-pdf"


def mode(path):
    return stat.S_IMODE(os.lstat(path).st_mode)


def test_the_default_folder_is_in_the_project_not_in_tmp():
    environment = {key: value for key, value in os.environ.items() if key != "PDF_JOB_DIR"}
    environment["DJANGO_SETTINGS_MODULE"] = "config.settings"
    folder = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; print(settings.PDF_JOB_DIR)",
        ],
        env=environment,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(folder) == Path(django_settings.BASE_DIR) / "var" / "pdf-jobs"


@pytest.mark.usefixtures("immediate_tasks")
def test_job_folder_and_file_are_private(client, secretary, job_dir):
    client.force_login(secretary)
    job_id = start_job(client)
    assert mode(job_dir) == 0o700
    assert sorted(path.name for path in job_dir.iterdir()) == [f"{job_id}.pdf"]
    assert mode(job_dir / f"{job_id}.pdf") == 0o600
    download = client.get(download_url(job_id))
    assert download.status_code == 200
    assert body(download).startswith(b"%PDF-")


def unsafe_folder(tmp_path, kind):
    """An existing folder that must not be accepted: (the PDF_JOB_DIR to set, where files
    would land)."""
    target = tmp_path / "shared"
    target.mkdir()
    if kind == "world-writable":
        target.chmod(0o777)  # the old shared /tmp folder
        return target, target
    if kind == "group-readable":
        target.chmod(0o750)
        return target, target
    if kind == "symlink":
        target.chmod(0o700)
        link = tmp_path / "link"
        link.symlink_to(target)
        return link, target
    if kind == "not-ours":
        if os.geteuid() != 0:
            pytest.skip("only root can hand a folder to another user")
        target.chmod(0o700)
        os.chown(target, 65534, 65534)
        return target, target
    raise AssertionError(kind)


KINDS = ["world-writable", "group-readable", "symlink", "not-ours"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.usefixtures("immediate_tasks")
def test_an_unsafe_existing_folder_is_refused(client, secretary, settings, tmp_path, kind):
    folder, target = unsafe_folder(tmp_path, kind)
    settings.PDF_JOB_DIR = str(folder)
    client.force_login(secretary)
    job_id = start_job(client)
    assert list(target.iterdir()) == []  # nothing written into it
    page = client.get(job_url(job_id))
    assert "PDF'en kunne ikke gemmes, fordi mappen til PDF-filer ikke er sikker" in page_text(page)
    assert client.get(download_url(job_id)).status_code == 404


@pytest.mark.parametrize("kind", KINDS)
def test_the_system_check_names_an_unsafe_folder(settings, tmp_path, kind):
    folder, _target = unsafe_folder(tmp_path, kind)
    settings.PDF_JOB_DIR = str(folder)
    with pytest.raises(SystemCheckError, match=r"documents\.E001.*Refusing the PDF job folder"):
        call_command("check", "--tag", "security")


def test_the_system_check_passes_a_private_or_missing_folder(settings, tmp_path):
    settings.PDF_JOB_DIR = str(tmp_path / "jobs")
    call_command("check", "--tag", "security")
    assert not (tmp_path / "jobs").exists()  # a check makes nothing; first use does
    (tmp_path / "jobs").mkdir(mode=0o700)
    call_command("check", "--tag", "security")


def test_the_system_check_names_a_parent_everyone_may_write(settings, tmp_path):
    (tmp_path / "open").mkdir()
    (tmp_path / "open").chmod(0o777)  # no sticky bit: anyone could swap our folder
    settings.PDF_JOB_DIR = str(tmp_path / "open" / "jobs")
    with pytest.raises(SystemCheckError, match=r"open \(a parent of .*\) is writable by everyone"):
        call_command("check", "--tag", "security")


def plant(path, kind, secret_file):
    path.unlink()
    if kind == "symlink":
        path.symlink_to(secret_file)
    elif kind == "symlink-to-passwd":
        path.symlink_to("/etc/passwd")
    elif kind == "hard-link":
        os.link(secret_file, path)
    else:
        raise AssertionError(kind)


@pytest.mark.parametrize("kind", ["symlink", "symlink-to-passwd", "hard-link"])
@pytest.mark.usefixtures("immediate_tasks")
def test_a_link_planted_as_a_job_file_is_never_served(client, secretary, job_dir, tmp_path, kind):
    secret_file = tmp_path / "secret.txt"
    secret_file.write_text(SECRET)
    client.force_login(secretary)
    job_id = start_job(client)
    plant(job_dir / f"{job_id}.pdf", kind, secret_file)

    response = client.get(download_url(job_id))
    content = body(response)
    assert response.status_code == 404
    assert SECRET.encode() not in content
    assert b"root:x:0:0" not in content
    assert "PDF'en er ikke færdig, eller filen findes ikke længere" in page_text(response)
    assert secret_file.read_text() == SECRET  # untouched


def test_the_storage_never_writes_through_or_reads_a_planted_entry(job_dir, tmp_path):
    from django.core.files.base import ContentFile
    from django.core.files.storage import storages

    files = storages["pdf_jobs"]
    secret_file = tmp_path / "secret.txt"
    secret_file.write_text(SECRET)
    assert files.save("ok.pdf", ContentFile(b"%PDF-ok")) == "ok.pdf"  # makes the folder
    assert mode(job_dir) == 0o700
    assert mode(job_dir / "ok.pdf") == 0o600
    with files.open("ok.pdf") as handle:
        assert handle.read() == b"%PDF-ok"
    (job_dir / "link.pdf").symlink_to(secret_file)
    (job_dir / "dangling.pdf").symlink_to(tmp_path / "made-through-the-link")
    os.mkfifo(job_dir / "fifo.pdf")
    (job_dir / "folder.pdf").mkdir()

    for name in ("link.pdf", "dangling.pdf"):
        with pytest.raises(FileExistsError):
            files.save(name, ContentFile(b"%PDF-overwritten"))
    assert secret_file.read_text() == SECRET
    assert not (tmp_path / "made-through-the-link").exists()

    for name in ("link.pdf", "dangling.pdf", "fifo.pdf", "folder.pdf"):
        with pytest.raises(OSError):  # ELOOP, NotARegularFile: never blocks on the FIFO
            files.open(name)
    with pytest.raises(Exception, match="Not a flat file name"):
        files.open("../secret.txt")

    files.delete("link.pdf")  # removes the link, not what it points to
    assert secret_file.read_text() == SECRET
    assert not os.path.lexists(job_dir / "link.pdf")
    with pytest.raises(ValueError, match="only by the download view"):
        files.url("x.pdf")
