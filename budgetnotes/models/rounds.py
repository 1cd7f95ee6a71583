from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from budgetnotes.choices import RoundKind

# First path segments the app uses itself; a round with such a slug would be unreachable.
RESERVED_SLUGS = {
    "admin",
    "login",
    "logout",
    "indsatser",
    "pdf",
    "static",
    "media",
    "liste",
    "beskeder",
}


class BudgetRound(models.Model):
    """A budget round: *Budget 2026* or a transfer case such as *OFS 24/25*."""

    kind = models.CharField(_("type"), max_length=10, choices=RoundKind, default=RoundKind.BUDGET)
    year = models.PositiveSmallIntegerField(
        _("år"), help_text=_("Budgetåret; for en overførselssag det første af de to år.")
    )
    slug = models.SlugField(
        _("kort navn"), unique=True, help_text=_("Bruges i adresser, fx budget-2026.")
    )
    is_open = models.BooleanField(_("åben"), default=True)

    class Meta:
        ordering = ["-year", "kind"]
        verbose_name = _("budgetrunde")
        verbose_name_plural = _("budgetrunder")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "year"],
                name="unique_round_kind_year",
                violation_error_message=_("Der findes allerede en runde af denne type for året."),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("round-detail", args=[self.slug])

    def clean(self):
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {"slug": f"„{self.slug}“ bruges af systemet selv; vælg et andet kort navn."}
            )

    @property
    def name(self):
        if self.kind == RoundKind.TRANSFER:
            return f"OFS {self.year % 100:02d}/{(self.year + 1) % 100:02d}"
        return f"Budget {self.year}"

    @property
    def first_year(self):
        """The first year the round's money is for (a transfer case moves money into year+1)."""
        return self.year + 1 if self.kind == RoundKind.TRANSFER else self.year
