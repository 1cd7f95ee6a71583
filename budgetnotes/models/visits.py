"""Which version of a note each user last saw on its page, for *Sammenlign versioner*'s
shortcut "Siden jeg sidst kiggede" (written and read by budgetnotes.visits)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NoteVisit(models.Model):
    """One row per user and note. `version` is the version shown at the latest visit;
    `previous_version` the one shown at the last visit before the note changed (it moves
    only when a visit meets a new version), so opening the note page and then the compare
    page still compares with what the user saw before the changes."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="note_visits",
        verbose_name=_("bruger"),
    )
    note = models.ForeignKey(
        "budgetnotes.BudgetNote",
        models.CASCADE,
        related_name="visits",
        verbose_name=_("notat"),
    )
    version = models.PositiveIntegerField(_("set version"))
    previous_version = models.PositiveIntegerField(_("forrige sete version"), null=True)
    seen_at = models.DateTimeField(_("set"))

    class Meta:
        verbose_name = _("besøg på notat")
        verbose_name_plural = _("besøg på notater")
        constraints = [
            models.UniqueConstraint(fields=["user", "note"], name="unique_note_visit"),
        ]

    def __str__(self):
        return f"{self.user} · {self.note_id} · version {self.version}"
