"""The private file storage for catalogue PDFs (`STORAGES["pdf_jobs"]`).

A FileSystemStorage with one flat folder (settings.PDF_JOB_DIR unless `location` is given)
that only this user may enter: the folder is created 0700 and refused when it is a symlink,
is not a directory, is not ours or is open to group or others (an existing folder is never
simply accepted); files are created 0600 with O_CREAT|O_EXCL|O_NOFOLLOW and opened with
O_NOFOLLOW, relative to the folder's own descriptor, and must then be a regular file with one
link that we own. A symlink, hard link, FIFO or folder planted where a job's file would be
is therefore never followed or served. Names are flat (no "/"), made by documents.pdf.jobs.
"""

import os
import re
import stat
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, SuspiciousFileOperation
from django.core.files import File
from django.core.files.storage import FileSystemStorage

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}")
OPEN_FLAGS = os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)


class UnsafeStorage(ImproperlyConfigured):
    """The folder (or a file in it) is not private: nothing is written to it or read from it."""


class NotARegularFile(OSError):
    """What stands at a file's name is a symlink, folder, FIFO, hard link or not ours."""


def check_name(name):
    """A name this storage creates and opens: flat, plain characters, no leading dot."""
    if not isinstance(name, str) or not NAME.fullmatch(name):
        raise SuspiciousFileOperation(f"Not a flat file name for the PDF job storage: {name!r}")
    return name


def check_entry(name):
    """Any entry of the folder (what cleanup may find and delete): flat, never . or .."""
    if not name or name in (".", "..") or "/" in name or "\0" in name:
        raise SuspiciousFileOperation(f"Not an entry of the PDF job folder: {name!r}")
    return name


def folder_problem(info, path):
    """Why the folder described by `info` (an os.stat_result) is not private, or None."""
    if stat.S_ISLNK(info.st_mode):
        return f"{path} is a symbolic link"
    if not stat.S_ISDIR(info.st_mode):
        return f"{path} is not a directory"
    if info.st_uid != os.geteuid():
        return f"{path} belongs to uid {info.st_uid}, not to this process (uid {os.geteuid()})"
    if info.st_mode & 0o077:
        return (
            f"{path} is open to group or others (mode {stat.S_IMODE(info.st_mode):04o}; want 0700)"
        )
    return None


def ancestor_problem(path):
    """A parent folder that others may write to without the sticky bit (they could swap
    our folder for another), or None."""
    real = os.path.realpath(os.path.dirname(path))
    while True:
        try:
            info = os.stat(real)
        except FileNotFoundError:  # not made yet: makedirs will make it with our umask
            info = None
        if info and info.st_mode & stat.S_IWOTH and not info.st_mode & stat.S_ISVTX:
            return f"{real} (a parent of {path}) is writable by everyone"
        parent = os.path.dirname(real)
        if parent == real:
            return None
        real = parent


class PrivateFileStorage(FileSystemStorage):
    def __init__(self, location=None, **kwargs):
        kwargs.setdefault("directory_permissions_mode", 0o700)
        kwargs.setdefault("file_permissions_mode", 0o600)
        kwargs.setdefault("base_url", None)
        super().__init__(location=location, **kwargs)

    # Read on every use, so a changed setting (tests, PDF_JOB_DIR) takes effect at once.
    @property
    def base_location(self):
        return self._location or settings.PDF_JOB_DIR

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def check(self):
        """Raise UnsafeStorage unless the folder is private. A missing folder passes if its
        parents are safe (it is made, 0700, on first use); nothing is created here."""
        path = self.location
        if not os.path.lexists(path):
            problem = ancestor_problem(path)
            if problem:
                raise UnsafeStorage(
                    f"Refusing the PDF job folder: {problem} (settings.PDF_JOB_DIR)."
                )
            return
        with self._folder():
            pass

    @contextmanager
    def _folder(self):
        """The folder's file descriptor, after checking the folder (created if missing)."""
        path = self.location
        problem = ancestor_problem(path)
        if problem is None:
            try:
                os.makedirs(os.path.dirname(path), exist_ok=True)
                os.mkdir(path, 0o700)
            except FileExistsError:
                pass
            try:
                fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | OPEN_FLAGS)
            except OSError as error:  # ELOOP: a symlink; ENOTDIR: a file
                problem = folder_problem(os.lstat(path), path) or f"{path}: {error}"
        if problem is not None:
            raise UnsafeStorage(f"Refusing the PDF job folder: {problem} (settings.PDF_JOB_DIR).")
        try:
            problem = folder_problem(os.fstat(fd), path)
            if problem is not None:
                raise UnsafeStorage(
                    f"Refusing the PDF job folder: {problem} (settings.PDF_JOB_DIR)."
                )
            yield fd
        finally:
            os.close(fd)

    def _open(self, name, mode="rb"):
        if mode not in ("r", "rb"):
            raise ValueError("PDF job files are written only through save().")
        check_name(name)
        with self._folder() as folder:
            fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | OPEN_FLAGS, dir_fd=folder)
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1 or info.st_uid != os.geteuid():
                raise NotARegularFile(f"{name} in the PDF job folder is not a file of ours")
            os.set_blocking(fd, True)
            handle = os.fdopen(fd, "rb")
        except BaseException:
            os.close(fd)
            raise
        return File(handle, name)

    def _save(self, name, content):
        check_name(name)
        with self._folder() as folder:
            fd = os.open(
                name,
                os.O_WRONLY | os.O_CREAT | os.O_EXCL | OPEN_FLAGS,
                self.file_permissions_mode,
                dir_fd=folder,
            )
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(fd, self.file_permissions_mode)  # the umask may have taken bits away
            for chunk in content.chunks():
                handle.write(chunk if isinstance(chunk, bytes) else chunk.encode())
        return name

    def get_available_name(self, name, max_length=None):
        return check_name(name)  # job names are unique; _save refuses an existing one

    def delete(self, name):
        check_entry(name)
        with self._folder() as folder:
            try:
                os.unlink(name, dir_fd=folder)  # unlink removes a symlink itself, never its target
            except FileNotFoundError:
                pass
            except IsADirectoryError:
                os.rmdir(name, dir_fd=folder)

    def exists(self, name):
        check_entry(name)
        with self._folder() as folder:
            try:
                os.stat(name, dir_fd=folder, follow_symlinks=False)
            except FileNotFoundError:
                return False
        return True

    def listdir(self, path=""):
        """(folders, files) in the folder; symlinks and other non-folders count as files."""
        if path not in ("", "."):
            raise SuspiciousFileOperation("The PDF job storage has no subfolders.")
        folders, files = [], []
        with self._folder() as folder, os.scandir(folder) as entries:
            for entry in entries:
                (folders if entry.is_dir(follow_symlinks=False) else files).append(entry.name)
        return folders, files

    def get_modified_time(self, name):
        check_name(name)
        with self._folder() as folder:
            info = os.stat(name, dir_fd=folder, follow_symlinks=False)
        return self._datetime_from_timestamp(info.st_mtime)

    def size(self, name):
        check_name(name)
        with self._folder() as folder:
            return os.stat(name, dir_fd=folder, follow_symlinks=False).st_size

    def url(self, name):
        raise ValueError("PDF job files are served only by the download view, after its checks.")


class DocumentFileStorage(PrivateFileStorage):
    """The same private folder rules for the PDFs of single notes and sheets, one per version
    (documents.pdf.versions), in settings.PDF_DOCUMENT_DIR (`STORAGES["pdf_documents"]`)."""

    @property
    def base_location(self):
        return self._location or settings.PDF_DOCUMENT_DIR
