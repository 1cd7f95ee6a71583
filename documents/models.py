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


class RenderedPdf(models.Model):
    """One version of a note's or expiry sheet's PDF, rendered once by the task worker and
    then served as a file from the `pdf_documents` storage (documents.pdf.versions).

    A version is named by the object's version number and a `variant`: the printed layout's
    fingerprint (templates, stylesheet, fonts and WeasyPrint), and for a sheet also the
    related sheets it names. The HTML to render is kept until the file is made, so the file
    shows the object exactly as it was when the row was made. A *frozen* PDF is the one that
    went to the committee when the object was sent (Fremsendt): it is never deleted or made
    again, and its SHA-256 is shown on the note page and in history.
    """

    class Kind(models.TextChoices):
        NOTE = "note", _("Budgetnotat")
        ASSESSMENT = "assessment", _("Vurdering af bevillingsudløb")

    class State(models.TextChoices):
        WAITING = "waiting", _("Venter")
        RENDERING = "rendering", _("Laves")
        READY = "ready", _("Klar")
        FAILED = "failed", _("Mislykket")

    kind = models.CharField(_("type"), max_length=10, choices=Kind)
    object_id = models.PositiveBigIntegerField(_("objekt"))
    version = models.PositiveIntegerField(_("version"))
    variant = models.CharField(_("udgave"), max_length=64)
    html = models.TextField(_("HTML at lave PDF'en af"), blank=True)
    state = models.CharField(_("tilstand"), max_length=10, choices=State, default=State.WAITING)
    error = models.TextField(_("fejl"), blank=True, help_text=_("Vises for brugeren."))
    file_name = models.CharField(_("fil i lageret"), max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveIntegerField(_("bytes"), default=0)
    created_at = models.DateTimeField(_("oprettet"), default=timezone.now)
    started_at = models.DateTimeField(_("påbegyndt"), null=True, blank=True)
    rendered_at = models.DateTimeField(_("lavet"), null=True, blank=True)
    frozen = models.BooleanField(_("fastfrosset"), default=False)
    frozen_at = models.DateTimeField(_("fremsendt"), null=True, blank=True)
    # The other sheets the file names (a sheet's "Se også"): a reader must see them all.
    names = models.JSONField(_("nævner"), default=list, blank=True)

    class Meta:
        ordering = ["kind", "object_id", "-version"]
        verbose_name = _("gemt PDF")
        verbose_name_plural = _("gemte PDF'er")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "version", "variant"], name="renderedpdf_one_per_key"
            )
        ]
        indexes = [
            models.Index(fields=["kind", "object_id", "frozen"], name="renderedpdf_frozen"),
            models.Index(fields=["state", "created_at"], name="renderedpdf_state"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.object_id}, version {self.version}"

    @property
    def ready(self):
        return self.state == self.State.READY


class StoredWorkbook(models.Model):
    """A workbook as one reader downloaded it, kept while nothing it shows has changed
    (documents.workbook.stored): the next download of the same selection is a file read."""

    key = models.CharField(_("nøgle"), max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="stored_workbooks",
        verbose_name=_("bruger"),
    )
    file_name = models.CharField(_("fil i lageret"), max_length=255)
    size = models.PositiveBigIntegerField(_("bytes"), default=0)
    created_at = models.DateTimeField(_("lavet"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("gemt Excel-fil")
        verbose_name_plural = _("gemte Excel-filer")
        indexes = [models.Index(fields=["created_at"], name="storedworkbook_created")]

    def __str__(self):
        return f"{self.file_name} ({self.user})"
