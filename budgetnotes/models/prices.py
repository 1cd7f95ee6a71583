from django.db import models
from django.utils.translation import gettext_lazy as _

from budgetnotes.choices import SteeringArea


class PriceIndexQuerySet(models.QuerySet):
    def table(self):
        """{(steering area, year): index}, as budgetnotes.totals converts with it."""
        return {
            (area, year): index
            for area, year, index in self.values_list("steering_area", "year", "index")
        }


class PriceIndex(models.Model):
    """*Pris- og lønfremskrivning*: an index per year and steering area."""

    year = models.PositiveSmallIntegerField(_("år"))
    steering_area = models.CharField(_("styringsområde"), max_length=20, choices=SteeringArea)
    index = models.DecimalField(_("indeks"), max_digits=9, decimal_places=3)
    is_example = models.BooleanField(
        _("eksempeltal"), default=False, help_text=_("Tal til demonstration, ikke officielle.")
    )
    source = models.CharField(_("kilde"), max_length=200, blank=True)

    objects = PriceIndexQuerySet.as_manager()

    class Meta:
        ordering = ["steering_area", "year"]
        verbose_name = _("prisindeks")
        verbose_name_plural = _("prisindeks")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "steering_area"],
                name="unique_price_index",
                violation_error_message=_(
                    "Der findes allerede et indeks for år og styringsområde."
                ),
            )
        ]

    def __str__(self):
        return f"{self.get_steering_area_display()} {self.year}: {self.index}"
