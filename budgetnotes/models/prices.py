"""Price indices (*pris- og lønfremskrivning*) as named, dated sets, e.g. "KL juni 2025": a
conversion uses the newest set (by publication date) and says which one."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from budgetnotes.choices import SteeringArea


def index_text(index):
    """An index figure as Danish readers write it: 101,7 (a decimal comma, no trailing zeros),
    never 101.700, which reads as a hundred thousand."""
    text = f"{index.normalize():f}" if isinstance(index, Decimal) else str(index)
    return text.replace(".", ",")


class PriceIndexSetQuerySet(models.QuerySet):
    def current(self):
        """The set conversions use: the newest published (the Meta ordering)."""
        return self.first()


class PriceIndexSet(models.Model):
    name = models.CharField(_("navn"), max_length=100, unique=True, help_text=_("Fx KL juni 2025."))
    published = models.DateField(_("offentliggjort"))
    is_example = models.BooleanField(
        _("eksempeltal"), default=False, help_text=_("Tal til demonstration, ikke officielle.")
    )
    source = models.CharField(_("kilde"), max_length=200, blank=True)

    objects = PriceIndexSetQuerySet.as_manager()

    class Meta:
        ordering = ["-published", "-id"]
        verbose_name = _("prisindekssæt")
        verbose_name_plural = _("prisindekssæt")

    def __str__(self):
        return f"{self.name} (eksempeltal)" if self.is_example else self.name

    def table(self):
        """{(steering area, year): index}, as budgetnotes.totals converts with it."""
        return {
            (area, year): index
            for area, year, index in self.indices.values_list("steering_area", "year", "index")
        }


class PriceIndexQuerySet(models.QuerySet):
    def current(self):
        """The indices of the set conversions use (in the same query, as a subquery)."""
        newest = PriceIndexSet.objects.values("pk")[:1]  # the newest, by the Meta ordering
        return self.filter(set=models.Subquery(newest))

    def table(self):
        """The current set's {(steering area, year): index}."""
        chosen = PriceIndexSet.objects.current()
        return chosen.table() if chosen else {}


class PriceIndex(models.Model):
    """An index per year and steering area, in one set."""

    set = models.ForeignKey(
        PriceIndexSet, models.CASCADE, related_name="indices", verbose_name=_("sæt")
    )
    year = models.PositiveSmallIntegerField(_("år"))
    steering_area = models.CharField(_("styringsområde"), max_length=20, choices=SteeringArea)
    index = models.DecimalField(_("indeks"), max_digits=9, decimal_places=3)

    objects = PriceIndexQuerySet.as_manager()

    class Meta:
        ordering = ["set", "steering_area", "year"]
        verbose_name = _("prisindeks")
        verbose_name_plural = _("prisindeks")
        constraints = [
            models.UniqueConstraint(
                fields=["set", "year", "steering_area"],
                name="unique_price_index_in_set",
                violation_error_message=_(
                    "Sættet har allerede et indeks for år og styringsområde."
                ),
            )
        ]

    def __str__(self):
        return f"{self.get_steering_area_display()} {self.year}: {index_text(self.index)}"
