"""Initiatives (*indsatser*) and expiry assessments (*vurdering af bevillingsudløb*)."""

from dataclasses import replace

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from budgetnotes import limits, totals
from budgetnotes.choices import Status, SteeringArea
from budgetnotes.models import Administration, BudgetNote, BudgetRound, Committee
from budgetnotes.models.economy import FundingLine, YearAmount, amounts_by_year
from budgetnotes.models.notes import YEAR_VALIDATORS

# Said wherever something of one administration names another's initiative.
OTHER_ADMINISTRATION = _("Indsatsen hører til en anden forvaltning.")


class Initiative(models.Model):
    """A named measure that money pays for, optionally part of a programme."""

    code = models.CharField(_("kode"), max_length=20, blank=True, help_text=_("Fx BI32."))
    name = models.CharField(_("navn"), max_length=300)
    administration = models.ForeignKey(
        Administration, models.PROTECT, related_name="initiatives", verbose_name=_("forvaltning")
    )
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("overordnet program"),
    )
    description = models.TextField(_("beskrivelse"), blank=True)
    follow_up = models.TextField(_("opfølgning"), blank=True)
    results = models.TextField(_("resultater"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("indsats")
        verbose_name_plural = _("indsatser")
        constraints = [
            # Notes and files name initiatives by name within their administration.
            models.UniqueConstraint(
                fields=["administration", "name"],
                name="unique_initiative_name_in_administration",
                violation_error_message=_("Forvaltningen har allerede en indsats med det navn."),
            )
        ]

    def __str__(self):
        return f"{self.code} - {self.name}" if self.code else self.name

    def get_absolute_url(self):
        return reverse("initiative-detail", args=[self.pk])

    def clean(self):
        if self.parent_id and self.parent.administration_id != self.administration_id:
            raise ValidationError({"parent": OTHER_ADMINISTRATION})
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": _("En indsats kan ikke ligge under sig selv.")})
            ancestor = ancestor.parent

    def belongs_to(self, administration_id):
        """Money and sheets of an administration may only name its own initiatives."""
        return self.administration_id == administration_id


class TargetGroup(models.Model):
    initiative = models.ForeignKey(
        Initiative, models.CASCADE, related_name="target_groups", verbose_name=_("indsats")
    )
    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    name = models.CharField(_("målgruppe"), max_length=300)
    description = models.TextField(_("beskrivelse"), blank=True)
    follow_up = models.TextField(_("opfølgningsmetode"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("målgruppe")
        verbose_name_plural = _("målgrupper")

    def __str__(self):
        return self.name


class Goal(models.Model):
    target_group = models.ForeignKey(
        TargetGroup, models.CASCADE, related_name="goals", verbose_name=_("målgruppe")
    )
    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    text = models.TextField(_("mål"))
    deadline_weeks = models.PositiveSmallIntegerField(
        _("frist i uger"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(1, _("Fristen skal være mindst 1 uge.")),
            MaxValueValidator(520),
        ],
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("mål")
        verbose_name_plural = _("mål")

    def __str__(self):
        return self.text


class Financing(models.Model):
    """That a funding line's money pays for an initiative (docs/domain.md: "the notes and funding
    lines that finance it"). Kept beside the note's rows, not on them, so the note domain
    knows nothing of initiatives; the line keeps it wherever it moves in the editor (rows are
    kept by their id), and it goes when the line goes."""

    line = models.OneToOneField(
        FundingLine, models.CASCADE, related_name="financing", verbose_name=_("finansieringslinje")
    )
    initiative = models.ForeignKey(
        Initiative,
        # An initiative that money is written against is not deleted from under the lines
        # (they may be in an adopted note or a closed round).
        models.PROTECT,
        related_name="financings",
        verbose_name=_("indsats"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("finansiering af indsats")
        verbose_name_plural = _("finansiering af indsatser")

    def __str__(self):
        return f"{self.line} → {self.initiative}"

    def clean(self):
        if self.line_id and not self.initiative.belongs_to(self.line.note.administration_id):
            raise ValidationError({"initiative": OTHER_ADMINISTRATION})


class Verdict(models.TextChoices):
    CONTINUE = "uaendret", _("Videreføres uændret")
    ADJUST = "justeret", _("Videreføres med justeringer")
    STOP = "ophoerer", _("Videreføres ikke")
    UNDECIDED = "uafklaret", _("Endnu ikke afklaret")


CONTINUING_VERDICTS = (Verdict.CONTINUE, Verdict.ADJUST)


class ExpiryGroup(models.TextChoices):
    BUDGET_AGREEMENT = "budgetaftale", _("Bevillinger fra budgetaftaler og overførselssager")
    OWN_FRAME = "egen_ramme", _("Bevillinger der senest er finansieret inden for BIU’s egen ramme")


class ExpiryAssessment(models.Model):
    """One sheet of the expiry catalogue (seed 001, docs/domain.md §6)."""

    round = models.ForeignKey(
        BudgetRound,
        models.PROTECT,
        related_name="expiry_assessments",
        verbose_name=_("budgetrunde"),
        help_text=_("Den runde, vurderingen indgår i (fx Budget 2027 for udløb ultimo 2026)."),
    )
    administration = models.ForeignKey(
        Administration,
        models.PROTECT,
        related_name="expiry_assessments",
        verbose_name=_("forvaltning"),
    )
    number = models.PositiveSmallIntegerField(
        _("nr."), validators=[MinValueValidator(1, _("Nummeret skal være 1 eller større."))]
    )
    title = models.CharField(_("titel"), max_length=300)
    initiative = models.ForeignKey(
        Initiative,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="expiry_assessments",
        verbose_name=_("indsats"),
    )
    origin = models.CharField(
        _("oprindelse"), max_length=100, blank=True, help_text=_("Fx Budget 2023 eller OFS 22/23.")
    )
    group = models.CharField(
        _("gruppe"), max_length=20, choices=ExpiryGroup, default=ExpiryGroup.BUDGET_AGREEMENT
    )
    source_note = models.ForeignKey(
        BudgetNote,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="expiry_assessments",
        verbose_name=_("udløbende notat"),
    )
    content = models.TextField(
        _("indhold i indsatsen"), blank=True, validators=[limits.section_text()]
    )
    results = models.TextField(
        _("resultater og erfaringer"), blank=True, validators=[limits.section_text()]
    )
    economy_text = models.TextField(
        _("økonomi/ressourcer (udløb)"), blank=True, validators=[limits.section_text()]
    )
    original_price_level = models.PositiveSmallIntegerField(
        _("p/l for udløbende bevilling"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    verdict = models.CharField(_("vurdering"), max_length=20, choices=Verdict, blank=True)
    adjusted_content = models.TextField(
        _("indhold i justeret indsats"), blank=True, validators=[limits.section_text()]
    )
    proposed_economy_text = models.TextField(
        _("økonomi/ressourcer (forslag)"), blank=True, validators=[limits.section_text()]
    )
    proposed_price_level = models.PositiveSmallIntegerField(
        _("p/l for forslag"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    related = models.ManyToManyField(
        "self", blank=True, symmetrical=True, verbose_name=_("relaterede vurderinger")
    )
    follow_up_note = models.OneToOneField(
        BudgetNote,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="source_assessment",
        verbose_name=_("opfølgende budgetnotat"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[related])

    class Meta:
        ordering = ["round", "number"]
        verbose_name = _("vurdering af bevillingsudløb")
        verbose_name_plural = _("vurderinger af bevillingsudløb")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "number"],
                name="unique_assessment_number_in_round",
                violation_error_code="duplicate_number",
                violation_error_message=_("Nummeret er allerede brugt i runden."),
            )
        ]

    def __str__(self):
        return f"{self.label} {self.title}"

    def get_absolute_url(self):
        return reverse("assessment-detail", args=[self.round.slug, self.number])

    @property
    def label(self):
        """How sheets are named everywhere: "Nr. 7"."""
        return f"Nr. {self.number}"

    @property
    def continues(self):
        return self.verdict in CONTINUING_VERDICTS

    def clean(self):
        if self.initiative_id and not self.initiative.belongs_to(self.administration_id):
            raise ValidationError({"initiative": OTHER_ADMINISTRATION})

    def validate_constraints(self, exclude=None):
        from budgetnotes.models.notes import _move_error

        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            raise _move_error(error, "duplicate_number", "number") from None

    def economy_table(self, kind):
        """The economy lines of `kind` as a totals.Table; a "heraf" line is a part of the
        line above it (shown under it, not added again)."""
        lines = [line for line in self.economy_lines.all() if line.kind == kind]
        years = sorted({amount.year for line in lines for amount in line.amounts.all()})
        span = tuple(range(years[0], years[-1] + 1)) if years else ()
        rows: list[totals.Line] = []
        for line in lines:
            total_line = line.as_total_line()
            if line.of_which and rows:
                part = totals.Part(
                    committee=total_line.committee,
                    amounts=total_line.amounts,
                    label=total_line.label,
                    steering_area=total_line.steering_area,
                )
                rows[-1] = replace(rows[-1], parts=(*rows[-1].parts, part))
            else:
                rows.append(total_line)
        return totals.Table(years=span, lines=tuple(rows))

    @property
    def original_table(self):
        return self.economy_table(EconomyKind.ORIGINAL)

    @property
    def proposed_table(self):
        return self.economy_table(EconomyKind.PROPOSED)


class EconomyKind(models.TextChoices):
    ORIGINAL = "original", _("Udløbende bevilling")
    PROPOSED = "proposed", _("Foreslået økonomi")


class ExpiryEconomyLine(models.Model):
    """Amounts per year for one steering area (and administration) on an assessment."""

    assessment = models.ForeignKey(
        ExpiryAssessment, models.CASCADE, related_name="economy_lines", verbose_name=_("vurdering")
    )
    kind = models.CharField(_("art"), max_length=10, choices=EconomyKind)
    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    label = models.CharField(_("tekst"), max_length=300, blank=True)
    steering_area = models.CharField(
        _("styringsområde"),
        max_length=20,
        choices=SteeringArea,
        blank=True,
        help_text=_("Tomt, hvor arket ikke angiver et styringsområde."),
    )
    administration = models.ForeignKey(
        Administration,
        models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("forvaltning"),
        help_text=_("Udfyldes, når beløbet fordeles mellem forvaltninger."),
    )
    committee = models.ForeignKey(
        Committee,
        models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("udvalg"),
        help_text=_("Udfyldes, når beløbet fordeles mellem udvalg."),
    )
    of_which = models.BooleanField(
        _("heraf"),
        default=False,
        help_text=_(
            "Linjen er en del af linjen over (»9,7 mio. kr., heraf 8,4 mio. kr. til …«) "
            "og lægges ikke til i alt."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "position", "id"]
        verbose_name = _("økonomilinje")
        verbose_name_plural = _("økonomilinjer")

    def __str__(self):
        return self.label or self.get_steering_area_display() or "-"

    def as_total_line(self):
        label = self.label or self.get_steering_area_display() or _("Ikke angivet")
        owners = [
            owner.code
            for owner in (
                self.administration if self.administration_id else None,
                self.committee if self.committee_id else None,
            )
            if owner is not None
        ]
        if owners:
            label = f"{label} ({', '.join(owners)})"
        return totals.Line(
            label=label,
            amounts=amounts_by_year(self),
            steering_area=self.steering_area,
            committee=self.committee.code if self.committee_id else "",
        )


class ExpiryAmount(YearAmount):
    line = models.ForeignKey(ExpiryEconomyLine, models.CASCADE, related_name="amounts")

    history = HistoricalRecords()

    class Meta(YearAmount.Meta):
        verbose_name = _("beløb")
        verbose_name_plural = _("beløb")
        constraints = [
            models.UniqueConstraint(
                fields=["line", "year"],
                name="unique_expiry_amount_year",
                violation_error_message=_("Linjen har allerede et beløb for dette år."),
            )
        ]
