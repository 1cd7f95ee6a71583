"""E-mail notifications about workflow steps (budgetnotes.notifications decides who gets what;
budgetnotes.tasks sends them), and each user's muted kinds."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    """What a notification is about: a workflow step on a note or an expiry sheet."""

    SUBMITTED = "submitted", _("Sendt til godkendelse")
    SENT_BACK = "sent_back", _("Sendt tilbage")
    APPROVED = "approved", _("Godkendt")
    SENT = "sent", _("Fremsendt")
    REPLY = "reply", _("Svar på kommentar")
    MENTION = "mention", _("Nævnt i en kommentar")


class NotifiedObject(models.TextChoices):
    NOTE = "note", _("budgetnotat")
    ASSESSMENT = "assessment", _("vurdering af bevillingsudløb")


class Notification(models.Model):
    """One e-mail to one user about one event, recorded in the transaction of the step and
    sent afterwards by the task (`sent_at` is set when it is claimed for sending)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="notifications",
        verbose_name=_("modtager"),
    )
    kind = models.CharField(_("slags"), max_length=20, choices=NotificationKind)
    object_kind = models.CharField(_("om"), max_length=20, choices=NotifiedObject)
    object_id = models.PositiveIntegerField(_("id"))
    subject = models.CharField(_("emne"), max_length=300)
    body = models.TextField(_("tekst"))
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("besked")
        verbose_name_plural = _("beskeder")
        indexes = [
            models.Index(
                fields=["recipient", "created_at"],
                condition=Q(sent_at__isnull=True),
                name="unsent_notifications",
            )
        ]

    def __str__(self):
        return self.subject


class MutedNotification(models.Model):
    """A kind of notification a user has turned off: none of that kind is recorded for them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="muted_notifications",
        verbose_name=_("bruger"),
    )
    kind = models.CharField(_("slags"), max_length=20, choices=NotificationKind)

    class Meta:
        verbose_name = _("fravalgt besked")
        verbose_name_plural = _("fravalgte beskeder")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="unique_muted_notification")
        ]

    def __str__(self):
        return f"{self.user}: {self.get_kind_display()}"
