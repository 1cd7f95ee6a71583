"""The fixed vocabularies of the budget process (docs/domain.md §2), with their Danish labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    NEED_TO = "need_to", _("Need to")
    RETENTION = "fastholdelse", _("Fastholdelse/rekruttering")
    DUE_DILIGENCE = "rettidig_omhu", _("Rettidig omhu")
    SPECIFIC_CHALLENGE = "specifik_udfordring", _("Specifik udfordring")
    EXPIRY = "bevillingsudloeb", _("Bevillingsudløb")
    REFERRED = "henvist_sag", _("Henvist sag")
    PARTY = "bestilt_parti", _("Bestilt af politisk parti")
    COMMITTEE = "bestilt_fagudvalg", _("Bestilt af fagudvalg")
    ADMINISTRATIVE = "bestilt_administrativt", _("Bestilt administrativt")


class Status(models.TextChoices):
    DRAFT = "kladde", _("Kladde")
    SUBMITTED = "til_godkendelse", _("Til godkendelse")
    APPROVED = "godkendt", _("Godkendt")
    SENT = "fremsendt", _("Fremsendt")
    ADOPTED = "vedtaget", _("Vedtaget")
    REJECTED = "ikke_vedtaget", _("Ikke vedtaget")


# From Fremsendt on, every logged-in user may read a note (docs/domain.md §2, Users and access).
PUBLISHED_STATUSES = (Status.SENT, Status.ADOPTED, Status.REJECTED)


class SteeringArea(models.TextChoices):
    SERVICE = "service", _("Service")
    INDSATS = "indsats", _("Indsats")
    TRANSFERS = "overfoersler", _("Overførsler mv.")


class IncomeExpense(models.TextChoices):
    EXPENSE = "U", _("Udgift")
    INCOME = "I", _("Indtægt")


class RoundKind(models.TextChoices):
    BUDGET = "budget", _("Budget")
    TRANSFER = "ofs", _("Overførselssag")


class Role(models.TextChoices):
    """Roles are Django groups (config.roles makes them after every migrate); the value is
    the group's name."""

    EDITOR = "Redaktør", _("Redaktør")
    APPROVER = "Godkender", _("Godkender")
    SECRETARY = "Udvalgssekretær", _("Udvalgssekretær")
    ANALYST = "Analytiker", _("Analytiker")
    # Keeps the registry itself: reference data, rounds, and changes in a closed round.
    ADMINISTRATOR = "Administrator", _("Administrator")
    # Keeps the reference data only, in the admin (administrations, committees, appropriation
    # areas, rounds, districts, price indices); reads the rest, changes no note, and has no
    # say in a closed round.
    BUDGET_ADMINISTRATOR = "Budgetadministrator", _("Budgetadministrator")
