"""Rows with an amount per year: funding lines, previously allocated funds, conversions.

Each year's amount is its own row (line, year, amount), so the database can group and sum
by year. Amounts are whole thousands of DKK and may be negative.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from budgetnotes import limits, totals
from budgetnotes.choices import IncomeExpense, SteeringArea
from budgetnotes.models.notes import YEAR_VALIDATORS, BudgetNote, Scenario
from budgetnotes.models.organisation import AppropriationArea, Committee
from budgetnotes.numbers import INCOME_SIGN, MAX_AMOUNT
from budgetnotes.queries import FundingLineQuerySet

NOT_THE_COMMITTEES = _("Bevillingen hører ikke under det valgte udvalg.")

AMOUNT_VALIDATORS = [
    MinValueValidator(-MAX_AMOUNT, _("Beløbet er urealistisk stort (over 10 mia. kr.).")),
    MaxValueValidator(MAX_AMOUNT, _("Beløbet er urealistisk stort (over 10 mia. kr.).")),
]


class YearAmount(models.Model):
    """One year's amount, in 1.000 kr."""

    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR_VALIDATORS)
    amount = models.IntegerField(_("beløb (1.000 kr.)"), validators=AMOUNT_VALIDATORS)

    class Meta:
        abstract = True
        ordering = ["year"]

    def __str__(self):
        return f"{self.year}: {self.amount}"


def amounts_by_year(row):
    return {amount.year: amount.amount for amount in row.amounts.all()}


class FundingLine(models.Model):
    """An *aktivitet* of the economy tables."""

    note = models.ForeignKey(
        BudgetNote, models.CASCADE, related_name="funding_lines", verbose_name=_("notat")
    )
    scenario = models.ForeignKey(
        Scenario,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="funding_lines",
        verbose_name=_("scenarie"),
    )
    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    activity = models.CharField(_("aktivitet"), max_length=300)
    technical_text = models.CharField(
        _("tekst i bevillingsteknisk bilag"),
        max_length=300,
        blank=True,
        help_text=_("Udfyldes kun, hvis bilaget skal bruge en anden tekst end aktiviteten."),
    )
    steering_area = models.CharField(_("styringsområde"), max_length=20, choices=SteeringArea)
    committee = models.ForeignKey(Committee, models.PROTECT, verbose_name=_("udvalg"))
    appropriation_area = models.ForeignKey(
        AppropriationArea,
        models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("bevilling"),
        help_text=_("Kan stå tom, mens bevillingen ikke er kendt; notatet viser, at den mangler."),
    )
    income_expense = models.CharField(
        _("indtægt/udgift"), max_length=1, choices=IncomeExpense, default=IncomeExpense.EXPENSE
    )

    history = HistoricalRecords()
    objects = FundingLineQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("finansieringslinje")
        verbose_name_plural = _("finansieringslinjer")

    def __str__(self):
        return self.activity

    @property
    def counts(self):
        """Whether the line counts in the note's totals (totals.counts)."""
        return totals.counts(self.scenario.number if self.scenario_id else None)

    def clean(self):
        limits.check_room(self, "funding_lines")
        errors = {}
        if (
            self.committee_id
            and self.appropriation_area_id
            and self.appropriation_area.committee_id != self.committee_id
        ):
            errors["appropriation_area"] = NOT_THE_COMMITTEES
        if self.scenario_id and self.note_id and self.scenario.note_id != self.note_id:
            errors["scenario"] = _("Scenariet hører til et andet notat.")
        if errors:
            raise ValidationError(errors)

    def as_total_line(self):
        return totals.Line(
            label=self.activity,
            amounts=amounts_by_year(self),
            steering_area=self.steering_area,
            committee=self.committee.code,
            appropriation=str(self.appropriation_area) if self.appropriation_area_id else "",
            income_expense=self.income_expense,
            parts=tuple(part.as_total_part() for part in self.parts.all()),
        )


class FundingLinePart(models.Model):
    """A committee's part of a funding line shared between committees: the parts add up to
    the line, year by year (checked by the write path), and the committee distribution is
    computed from them."""

    line = models.ForeignKey(
        FundingLine, models.CASCADE, related_name="parts", verbose_name=_("finansieringslinje")
    )
    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    committee = models.ForeignKey(Committee, models.PROTECT, verbose_name=_("udvalg"))
    appropriation_area = models.ForeignKey(
        AppropriationArea, models.PROTECT, null=True, blank=True, verbose_name=_("bevilling")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("udvalgets del")
        verbose_name_plural = _("fordeling på udvalg")

    def __str__(self):
        return f"{self.line}: {self.committee}"

    def clean(self):
        if (
            self.committee_id
            and self.appropriation_area_id
            and self.appropriation_area.committee_id != self.committee_id
        ):
            raise ValidationError({"appropriation_area": NOT_THE_COMMITTEES})

    def as_total_part(self):
        return totals.Part(
            committee=self.committee.code,
            appropriation=str(self.appropriation_area) if self.appropriation_area_id else "",
            amounts=amounts_by_year(self),
        )


class FundingPartAmount(YearAmount):
    part = models.ForeignKey(FundingLinePart, models.CASCADE, related_name="amounts")

    history = HistoricalRecords()

    class Meta(YearAmount.Meta):
        verbose_name = _("beløb")
        verbose_name_plural = _("beløb")
        constraints = [
            models.UniqueConstraint(
                fields=["part", "year"],
                name="unique_funding_part_amount_year",
                violation_error_message=_("Delen har allerede et beløb for dette år."),
            )
        ]


class FundingAmount(YearAmount):
    line = models.ForeignKey(FundingLine, models.CASCADE, related_name="amounts")

    history = HistoricalRecords()

    class Meta(YearAmount.Meta):
        verbose_name = _("beløb")
        verbose_name_plural = _("beløb")
        constraints = [
            models.UniqueConstraint(
                fields=["line", "year"],
                name="unique_funding_amount_year",
                violation_error_message=_("Linjen har allerede et beløb for dette år."),
            )
        ]

    def clean(self):
        errors = {}
        note = self.line.note if self.line_id else None
        if note and self.year and self.year not in note.years:
            errors["year"] = _("%(year)s ligger uden for notatets år (%(first)s–%(last)s).") % {
                "year": self.year,
                "first": note.first_year,
                "last": note.last_year,
            }
        if (
            self.line_id
            and self.line.income_expense == IncomeExpense.INCOME
            and self.amount is not None
            and self.amount > 0
        ):
            errors["amount"] = INCOME_SIGN
        if errors:
            raise ValidationError(errors)


class PreviousAllocation(models.Model):
    """A row of *Tidligere afsatte midler* (løbende p/l)."""

    note = models.ForeignKey(
        BudgetNote, models.CASCADE, related_name="allocations", verbose_name=_("notat")
    )
    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    source = models.CharField(
        _("kilde"),
        max_length=200,
        help_text=_("Fx Budgetaftale 2024 eller Overførselssagen 2023-24."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("tidligere afsatte midler")
        verbose_name_plural = _("tidligere afsatte midler")

    def __str__(self):
        return self.source

    def clean(self):
        limits.check_room(self, "allocations")

    def as_total_line(self):
        return totals.Line(label=self.source, amounts=amounts_by_year(self))


class AllocationAmount(YearAmount):
    allocation = models.ForeignKey(PreviousAllocation, models.CASCADE, related_name="amounts")

    history = HistoricalRecords()

    class Meta(YearAmount.Meta):
        verbose_name = _("beløb")
        verbose_name_plural = _("beløb")
        constraints = [
            models.UniqueConstraint(
                fields=["allocation", "year"],
                name="unique_allocation_amount_year",
                violation_error_message=_("Rækken har allerede et beløb for dette år."),
            )
        ]


class Conversion(models.Model):
    """*Tidligere afsatte midler der ønskes konverteret*."""

    note = models.ForeignKey(
        BudgetNote, models.CASCADE, related_name="conversions", verbose_name=_("notat")
    )
    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    text = models.CharField(_("bevilling der konverteres"), max_length=300)
    steering_area = models.CharField(
        _("styringsområde"), max_length=20, choices=SteeringArea, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("konvertering")
        verbose_name_plural = _("konverteringer")

    def __str__(self):
        return self.text

    def clean(self):
        limits.check_room(self, "conversions")

    def as_total_line(self):
        return totals.Line(
            label=self.text, amounts=amounts_by_year(self), steering_area=self.steering_area
        )


class ConversionAmount(YearAmount):
    conversion = models.ForeignKey(Conversion, models.CASCADE, related_name="amounts")

    history = HistoricalRecords()

    class Meta(YearAmount.Meta):
        verbose_name = _("beløb")
        verbose_name_plural = _("beløb")
        constraints = [
            models.UniqueConstraint(
                fields=["conversion", "year"],
                name="unique_conversion_amount_year",
                violation_error_message=_("Rækken har allerede et beløb for dette år."),
            )
        ]

    def clean(self):
        note = self.conversion.note if self.conversion_id else None
        if note and self.year and self.year not in note.conversion_years:
            raise ValidationError(
                {"year": _("%(year)s ligger uden for konverteringernes år.") % {"year": self.year}}
            )


class NoteTotal(models.Model):
    """A note's summary row: the amounts of its funding lines that count (totals.counts) in
    one steering area and one year, summed (totals.note_summary; a sum of 0 has no row).

    The round page (per-note columns, footer, chart) and the rounds page add up these few
    rows per note instead of every amount. Derived and never edited: written only by the
    write path (services.notes), by generate.py for its bulk rounds and by a restore (which
    rebuilds it); a note's rows go with the note."""

    note = models.ForeignKey(
        BudgetNote,
        models.CASCADE,
        related_name="summary",
        verbose_name=_("notat"),
        db_index=False,  # the unique constraint's index starts with the note
    )
    steering_area = models.CharField(_("styringsområde"), max_length=20, choices=SteeringArea)
    year = models.PositiveSmallIntegerField(_("år"))
    amount = models.BigIntegerField(_("beløb (1.000 kr.)"))

    class Meta:
        default_permissions = ()  # nobody edits or reads it but the code
        ordering = ["note", "year", "steering_area"]
        verbose_name = _("notatets sum")
        verbose_name_plural = _("notaternes summer")
        constraints = [
            # Its index serves the round page's per-note, per-year sums (note, then year).
            models.UniqueConstraint(
                fields=["note", "year", "steering_area"], name="unique_note_total"
            )
        ]

    def __str__(self):
        return f"{self.note_id} {self.steering_area} {self.year}: {self.amount}"
