"""Comments on a note under review: on the note, on one of its text sections or on one of
its rows (and then possibly one year of it), with replies, Løst / Genåbn. Who may read and
write them, and what they are anchored to, is budgetnotes.comments; they are written only
by budgetnotes.services.comments."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from budgetnotes import limits


class Comment(models.Model):
    """A comment (`parent` empty: it opens a thread and carries the anchor and the state) or
    a reply in a thread. A row is named by its kind (a shape.ROW_KINDS key) and id, so an
    edit in the editor, which keeps each row's id, keeps the comment on its row; a row that
    is deleted leaves the comment, shown as on a removed row."""

    note = models.ForeignKey(
        "budgetnotes.BudgetNote", models.CASCADE, related_name="comments", verbose_name=_("notat")
    )
    parent = models.ForeignKey(
        "self",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("svar på"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="comments",
        verbose_name=_("skrevet af"),
    )
    text = models.TextField(_("kommentar"), max_length=limits.COMMENT_CHARS)
    section = models.CharField(_("afsnit"), max_length=40, blank=True)
    row_kind = models.CharField(_("slags række"), max_length=40, blank=True)
    row_id = models.PositiveIntegerField(_("række"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("år"), null=True, blank=True)
    created_at = models.DateTimeField(_("skrevet"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("løst"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("løst af"),
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("kommentar")
        verbose_name_plural = _("kommentarer")
        indexes = [
            models.Index(
                fields=["note"],
                condition=Q(parent__isnull=True, resolved_at__isnull=True),
                name="open_comments",
            )
        ]

    def __str__(self):
        return self.text[:60]

    @property
    def is_open(self) -> bool:
        return self.parent_id is None and self.resolved_at is None
