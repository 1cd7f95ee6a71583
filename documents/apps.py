from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    """The documents made from both apps: PDFs, workbooks and the interchange file."""

    name = "documents"
    verbose_name = "Dokumenter"

    def ready(self):
        from documents.pdf import checks  # noqa: F401 - registers the PDF job folder check
