from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Administration(models.Model):
    code = models.CharField(_("kode"), max_length=10, unique=True)
    name = models.CharField(_("navn"), max_length=200)

    class Meta:
        ordering = ["code"]
        verbose_name = _("forvaltning")
        verbose_name_plural = _("forvaltninger")

    def __str__(self):
        return self.code


class Committee(models.Model):
    code = models.CharField(_("kode"), max_length=10, unique=True)
    name = models.CharField(_("navn"), max_length=200)

    class Meta:
        ordering = ["code"]
        verbose_name = _("udvalg")
        verbose_name_plural = _("udvalg")

    def __str__(self):
        return self.code


class AppropriationArea(models.Model):
    """A *bevilling*: a number under a committee, e.g. BIU 35.10."""

    committee = models.ForeignKey(
        Committee, models.PROTECT, related_name="appropriation_areas", verbose_name=_("udvalg")
    )
    number = models.CharField(_("nummer"), max_length=10)
    name = models.CharField(_("navn"), max_length=200, blank=True)

    class Meta:
        ordering = ["committee__code", "number"]
        verbose_name = _("bevilling")
        verbose_name_plural = _("bevillinger")
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "number"],
                name="unique_appropriation_number",
                violation_error_message=_("Udvalget har allerede en bevilling med dette nummer."),
            )
        ]

    def __str__(self):
        return f"{self.committee.code} {self.number}"


class District(models.Model):
    """A *bydel* that a note can be ticked for; created by a migration, in printed order."""

    code = models.SlugField(_("kode"), unique=True)
    name = models.CharField(_("navn"), max_length=100)
    position = models.PositiveSmallIntegerField(_("rækkefølge"))

    class Meta:
        ordering = ["position"]
        verbose_name = _("bydel")
        verbose_name_plural = _("bydele")

    def __str__(self):
        return self.name


class User(AbstractUser):
    """Every user belongs to an administration; roles are Django groups."""

    administration = models.ForeignKey(
        Administration,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("forvaltning"),
    )
    # The provider's unchanging id for the person (the ID token's "sub"), set at the first
    # single sign-on login and used to find the user at every later one (config.sso_backend);
    # empty for a local account that has never logged in through the provider.
    sso_subject = models.CharField(
        _("id hos kommunens login"),
        max_length=255,
        unique=True,
        null=True,
        blank=True,
        editable=False,
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("bruger")
        verbose_name_plural = _("brugere")

    def has_role(self, role):
        return any(group.name == role for group in self.groups.all())
