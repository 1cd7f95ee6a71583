"""System check: the PDF job folder must be private (runserver, db_worker, check --deploy)."""

from django.core import checks


@checks.register(checks.Tags.security)
def pdf_job_folder(app_configs=None, **kwargs):
    from django.core.files.storage import storages

    from documents.pdf.storage import PrivateFileStorage, UnsafeStorage

    files = storages["pdf_jobs"]
    if not isinstance(files, PrivateFileStorage):
        return []  # another backend (object storage, say) answers for itself
    try:
        files.check()
    except UnsafeStorage as error:
        return [
            checks.Error(
                str(error),
                hint="Point PDF_JOB_DIR at a folder of its own that only this user may enter "
                "(chmod 700), or leave it unset for var/pdf-jobs in the project.",
                id="documents.E001",
            )
        ]
    except OSError as error:
        return [checks.Error(f"The PDF job folder cannot be used: {error}", id="documents.E002")]
    return []
