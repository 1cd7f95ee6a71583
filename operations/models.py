"""The access log (who read, searched or exported what, and who logged in) and the task
workers' heartbeats. Neither refers to another table: a log row outlives its user and its
object, and the layers above write to it without this app knowing them."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessLog(models.Model):
    """One read, search, export or login (operations.access.record). Kept for
    ACCESS_LOG_RETENTION and then deleted by `manage.py cleanup`; never exported."""

    class Action(models.TextChoices):
        VIEW = "view", _("Visning")
        PDF = "pdf", _("PDF")
        WORKBOOK = "workbook", _("Regneark")
        EXPORT = "export", _("Eksport")
        SEARCH = "search", _("Søgning")
        LOGIN = "login", _("Login")
        LOGIN_FAILED = "login_failed", _("Mislykket login")
        LOGOUT = "logout", _("Log ud")

    at = models.DateTimeField(_("tidspunkt"), default=timezone.now, db_index=True)
    user_id = models.PositiveIntegerField(_("bruger-id"), null=True, blank=True)
    username = models.CharField(_("bruger"), max_length=150, blank=True)
    action = models.CharField(_("handling"), max_length=20, choices=Action.choices)
    object_type = models.CharField(_("objekttype"), max_length=50, blank=True)
    object_id = models.CharField(_("objekt-id"), max_length=64, blank=True)
    object_label = models.CharField(_("objekt"), max_length=300, blank=True)
    purpose = models.CharField(_("formål"), max_length=300)
    path = models.CharField(_("adresse"), max_length=500, blank=True)
    address = models.GenericIPAddressField(_("klientadresse"), null=True, blank=True)
    request_id = models.CharField(_("request-id"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("adgangslog")
        verbose_name_plural = _("adgangslog")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["username", "-at"], name="access_by_user")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username or '–'}: {self.purpose}"


class WorkerBeat(models.Model):
    """A running task worker (`manage.py db_worker`), beating every WORKER_HEARTBEAT_SECONDS.
    The health check wants a recent beat; a worker whose beat is older than
    WORKER_STALE_SECONDS is dead, and the tasks it was running are given to another."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField(default=timezone.now)
    beat_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("baggrundsproces")
        verbose_name_plural = _("baggrundsprocesser")

    def __str__(self):
        return f"{self.host}:{self.pid}"
