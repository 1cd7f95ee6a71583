from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    """The documents made from both apps: PDFs, workbooks and the interchange file."""

    name = "documents"
    verbose_name = "Dokumenter"

    def ready(self):
        from django.db import transaction
        from django.db.models.signals import post_delete, post_save

        from budgetnotes import extensions, models
        from documents.pdf import checks, versions
        from documents.workbook import stored

        del checks  # imported for its system check (the PDF job folder)

        extensions.register_version_hooks(
            extensions.VersionHooks(written=versions.after_write, sent=versions.after_send)
        )

        # Reference data every printed note or sheet (and every workbook) shows: a change
        # outdates the stored PDFs (not the sent ones) and the kept workbooks.
        def outdated(**kwargs):
            transaction.on_commit(versions.forget_unfrozen)
            transaction.on_commit(stored.forget_all)

        for model in (
            models.Administration,
            models.Committee,
            models.AppropriationArea,
            models.District,
            models.BudgetRound,
            models.PriceIndexSet,
            models.PriceIndex,
        ):
            post_save.connect(outdated, sender=model, dispatch_uid=f"pdf-outdated-{model.__name__}")
            post_delete.connect(
                outdated, sender=model, dispatch_uid=f"pdf-outdated-del-{model.__name__}"
            )
