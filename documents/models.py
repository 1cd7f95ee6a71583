import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CatalogueJob(models.Model):
    """A catalogue PDF made in the background for one user (documents.pdf.jobs).

    Records what the file holds (the notes and assessments it was built from), so a download
    can check that the owner may still read all of it; the file itself lives in the private
    `pdf_jobs` storage under `file_name`. Finished jobs expire (settings.PDF_JOB_RETENTION).
    """

    class Kind(models.TextChoices):
        NOTES = "notes", _("Budgetnotater")
        EXPIRY = "expiry", _("Vurderinger af bevillingsudløb")

    class State(models.TextChoices):
        QUEUED = "queued", _("Venter")
        RUNNING = "running", _("I gang")
        DONE = "done", _("Færdig")
        FAILED = "failed", _("Mislykket")
        # The owner lost the right to read something the file holds; the file is deleted.
        WITHDRAWN = "withdrawn", _("Trukket tilbage")

    UNFINISHED = (State.QUEUED, State.RUNNING)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="catalogue_jobs",
        verbose_name=_("bruger"),
    )
    kind = models.CharField(_("type"), max_length=10, choices=Kind)
    round = models.ForeignKey(
        "budgetnotes.BudgetRound",
        models.CASCADE,
        related_name="catalogue_jobs",
        verbose_name=_("runde"),
    )
    title = models.CharField(_("titel"), max_length=200)
    filename = models.CharField(_("filnavn ved hentning"), max_length=200)
    options = models.JSONField(_("valg"), default=dict, blank=True)
    state = models.CharField(_("tilstand"), max_length=10, choices=State, default=State.QUEUED)
    done = models.PositiveIntegerField(_("færdige dele"), default=0)
    total = models.PositiveIntegerField(_("dele i alt"), default=0)
    error = models.TextField(_("fejl"), blank=True, help_text=_("Vises for brugeren."))
    task_id = models.CharField(_("opgave-id"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("oprettet"), default=timezone.now)
    finished_at = models.DateTimeField(_("afsluttet"), null=True, blank=True)
    file_name = models.CharField(_("fil i lageret"), max_length=255, blank=True)
    note_ids = models.JSONField(_("notater i filen"), default=list, blank=True)
    assessment_ids = models.JSONField(_("vurderinger i filen"), default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("PDF-job")
        verbose_name_plural = _("PDF-jobs")
        indexes = [
            models.Index(fields=["user", "state"], name="cataloguejob_user_state"),
            models.Index(fields=["state", "finished_at"], name="cataloguejob_state_finished"),
        ]

    def __str__(self):
        return f"{self.title} ({self.get_state_display()})"

    @property
    def percent(self):
        return int(100 * self.done / self.total) if self.total else 0
