import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from budgetnotes import limits, totals
from budgetnotes.choices import Category, Status
from budgetnotes.models.organisation import Administration, Committee, District
from budgetnotes.models.rounds import BudgetRound
from budgetnotes.queries import BudgetNoteQuerySet
from budgetnotes.shape import EFFECT_CELLS, EFFECT_LAYOUTS, SECTIONS

YEAR_VALIDATORS = [
    MinValueValidator(2000, _("Året skal være 2000 eller senere.")),
    MaxValueValidator(2100, _("Året skal være 2100 eller tidligere.")),
]
MAX_NOTE_YEARS = 10


def span_error(first, last, *, optional=False):
    """What is wrong with a span of years first..last, in Danish, or None. `optional`: both
    may be left out, but not one of them (previously allocated funds, conversions)."""
    if optional and (first is None) != (last is None):
        return _("Angiv både første og sidste år, eller ingen af dem.")
    if first is None or last is None:
        return None
    if last < first:
        return _("Sidste år skal være samme år som eller efter første år.")
    if last - first >= MAX_NOTE_YEARS:
        return _("Højst %(n)s år ad gangen.") % {"n": MAX_NOTE_YEARS}
    return None


code_validator = RegexValidator(
    r"^[A-ZÆØÅ]{1,6}[0-9]{1,4}$",
    _("Koden skal være bogstaver efterfulgt af et tal, fx BI22."),
    flags=re.IGNORECASE,
)


class BudgetNote(models.Model):
    """A *budgetnotat*: one proposal for money in one budget round (docs/domain.md §2)."""

    round = models.ForeignKey(
        BudgetRound, models.PROTECT, related_name="notes", verbose_name=_("budgetrunde")
    )
    administration = models.ForeignKey(
        Administration, models.PROTECT, related_name="notes", verbose_name=_("forvaltning")
    )
    committee = models.ForeignKey(
        Committee,
        models.PROTECT,
        related_name="notes",
        verbose_name=_("fagudvalg"),
        help_text=_("Det udvalg, notatet behandles i."),
    )
    code = models.CharField(_("kode"), max_length=10, validators=[code_validator])
    title = models.CharField(_("titel"), max_length=300)
    category = models.CharField(_("kategorisering"), max_length=30, choices=Category, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    price_level = models.PositiveSmallIntegerField(
        _("prisniveau (p/l)"), validators=YEAR_VALIDATORS, help_text=_("Fx 2026 for 2026 p/l.")
    )
    first_year = models.PositiveSmallIntegerField(_("første år"), validators=YEAR_VALIDATORS)
    last_year = models.PositiveSmallIntegerField(_("sidste år"), validators=YEAR_VALIDATORS)
    is_permanent = models.BooleanField(
        _("varig"),
        default=False,
        help_text=_("Udgifterne fortsætter varigt på sidste års niveau; ellers udløber de."),
    )

    resume = models.TextField(_("resume"), blank=True, validators=[limits.section_text()])
    decision = models.TextField(_("beslutning"), blank=True, validators=[limits.section_text()])
    background = models.TextField(_("baggrund"), blank=True, validators=[limits.section_text()])
    content = models.TextField(_("indhold"), blank=True, validators=[limits.section_text()])
    effect_text = models.TextField(
        _("forventet effekt og opfølgning"), blank=True, validators=[limits.section_text()]
    )
    economy_text = models.TextField(_("økonomi"), blank=True, validators=[limits.section_text()])
    risk_text = models.TextField(
        _("risikovurdering og proces"), blank=True, validators=[limits.section_text()]
    )

    effect_layout = models.CharField(
        _("effekttabellens kolonner"),
        max_length=20,
        choices=[(layout.key, layout.label) for layout in EFFECT_LAYOUTS],
        default="standard",
    )
    effect_headings = models.CharField(
        _("egne kolonneoverskrifter"),
        max_length=400,
        blank=True,
        help_text=_("1-4 overskrifter adskilt af |, fx »Indsats | Forventet effekt | Måling«."),
    )
    effect_title = models.CharField(
        _("effekttabellens titel"),
        max_length=200,
        blank=True,
        help_text=_("Kun ved egne kolonner; ellers følger titlen kolonnerne."),
    )

    allocations_first_year = models.PositiveSmallIntegerField(
        _("tidligere afsatte midler fra år"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    allocations_last_year = models.PositiveSmallIntegerField(
        _("tidligere afsatte midler til år"), null=True, blank=True, validators=YEAR_VALIDATORS
    )

    conversions_first_year = models.PositiveSmallIntegerField(
        _("konverteringer fra år"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    conversions_last_year = models.PositiveSmallIntegerField(
        _("konverteringer til år"),
        null=True,
        blank=True,
        validators=YEAR_VALIDATORS,
        help_text=_("Tomme: konverteringerne følger notatets år."),
    )
    conversions_price_level = models.PositiveSmallIntegerField(
        _("konverteringernes prisniveau"),
        null=True,
        blank=True,
        validators=YEAR_VALIDATORS,
        help_text=_("Tom: løbende p/l (som bevillingerne blev givet)."),
    )

    citywide = models.BooleanField(_("bydækkende"), default=False)
    districts = models.ManyToManyField(District, blank=True, verbose_name=_("bydele"))
    address = models.TextField(_("adresse"), blank=True, validators=[limits.cell_text()])
    districts_not_relevant = models.BooleanField(
        _("bydele ikke relevant"),
        default=False,
        help_text=_(
            "Notatet vedrører ingen bestemte bydele; afsnittet udskrives som »Ikke relevant«."
        ),
    )

    copied_from = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("kopieret fra"),
        help_text=_("Det notat, kopien er lavet fra (Kopiér til …)."),
    )

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    # Sent back to its editor (workflow's send_back) and not submitted again since: the
    # editors' "Sendt tilbage" queue (budgetnotes.queues).
    sent_back = models.BooleanField(_("sendt tilbage"), default=False, editable=False)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[districts])
    objects = BudgetNoteQuerySet.as_manager()

    class Meta:
        ordering = ["round", "code"]
        verbose_name = _("budgetnotat")
        verbose_name_plural = _("budgetnotater")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "code"],
                name="unique_note_code_in_round",
                violation_error_code="duplicate_code",
                violation_error_message=_("Der findes allerede et notat med denne kode i runden."),
            ),
        ]
        permissions = [
            ("submit_budgetnote", _("Kan sende notater til godkendelse")),
            ("approve_budgetnote", _("Kan godkende, fremsende og genåbne notater")),
            ("export_pdf", _("Kan eksportere PDF")),
            ("export_xlsx", _("Kan eksportere Excel")),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    def get_absolute_url(self):
        return reverse("note-detail", args=[self.round.slug, self.code])

    @property
    def years(self):
        if self.first_year is None or self.last_year is None:
            return ()
        return tuple(range(self.first_year, self.last_year + 1))

    @property
    def allocation_years(self):
        """The columns of *Tidligere afsatte midler*: as entered, else the years with amounts."""
        if self.allocations_first_year and self.allocations_last_year:
            return tuple(range(self.allocations_first_year, self.allocations_last_year + 1))
        years = {
            amount.year
            for allocation in self.allocations.all()
            for amount in allocation.amounts.all()
        }
        return tuple(range(min(years), max(years) + 1)) if years else ()

    @property
    def conversion_years(self):
        """The columns of the conversions table: their own years, else the note's."""
        from budgetnotes.shape import ROW_KIND

        return ROW_KIND["conversions"].years_in(self)

    @property
    def conversions_unit(self):
        level = self.conversions_price_level
        return f"1.000 kr., {level} p/l" if level else "1.000 kr., løbende p/l"

    @property
    def is_published(self):
        return self.status in (Status.SENT, Status.ADOPTED, Status.REJECTED)

    def clean(self):
        errors = {}
        if self.code:
            self.code = self.code.strip().upper()
        if self.first_year and self.last_year:
            if problem := span_error(self.first_year, self.last_year):
                errors["last_year"] = problem
            elif self.pk and not getattr(self, "skip_stored_amount_check", False):
                outside = self.amount_years_outside(self.first_year, self.last_year)
                if outside:
                    errors["first_year"] = _(
                        "Notatet har beløb i %(years)s, som ligger uden for %(first)s–%(last)s. "
                        "Flyt eller slet beløbene først."
                    ) % {
                        "years": ", ".join(str(year) for year in outside),
                        "first": self.first_year,
                        "last": self.last_year,
                    }
        if self.effect_layout == "custom":
            headings = [part for part in self.effect_headings.split("|") if part.strip()]
            if not 1 <= len(headings) <= len(EFFECT_CELLS):
                errors["effect_headings"] = _(
                    "Skriv 1-%(n)s kolonneoverskrifter adskilt af |, fx »Indsats | Effekt«."
                ) % {"n": len(EFFECT_CELLS)}
        for prefix in ("allocations", "conversions"):
            first = getattr(self, f"{prefix}_first_year")
            last = getattr(self, f"{prefix}_last_year")
            if problem := span_error(first, last, optional=True):
                errors[f"{prefix}_last_year"] = problem
        if errors:
            raise ValidationError(errors)

    def amount_years_outside(self, first_year, last_year):
        from budgetnotes.models.economy import ConversionAmount, FundingAmount
        from budgetnotes.shape import ROW_KIND

        years = set()
        paths = [(FundingAmount, "line__note")]
        # Conversions follow the note's years unless they have their own (RowKind.years_in).
        if ROW_KIND["conversions"].years_in(self) == self.years:
            paths.append((ConversionAmount, "conversion__note"))
        for model, path in paths:
            years.update(
                model.objects.filter(**{path: self})
                .exclude(year__range=(first_year, last_year))
                .values_list("year", flat=True)
            )
        return sorted(years)

    def validate_constraints(self, exclude=None):
        """Report a duplicate code on the code field, where the user typed it."""
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            raise _move_error(error, "duplicate_code", "code") from None

    # Totals: built from the rows and computed by budgetnotes.totals. Only the round pages'
    # sums come from a stored summary (economy.NoteTotal), which the write path keeps.

    def primary_lines(self):
        """The funding lines that count in the totals (from the prefetched lines)."""
        return [line for line in self.funding_lines.all() if line.counts]

    def economy_table(self, lines=None):
        return totals.Table(
            years=self.years,
            lines=tuple(
                line.as_total_line() for line in (self.primary_lines() if lines is None else lines)
            ),
        )

    def scenario_tables(self):
        """One (scenario or None, table) per scenario for the technical appendix."""
        groups = {}
        for line in self.funding_lines.all():
            groups.setdefault(line.scenario, []).append(line)
        ordered = sorted(groups.items(), key=lambda item: item[0].number if item[0] else 0)
        return [(scenario, self.economy_table(lines)) for scenario, lines in ordered]

    def allocations_table(self):
        return totals.Table(
            years=self.allocation_years,
            lines=tuple(allocation.as_total_line() for allocation in self.allocations.all()),
        )

    def conversions_table(self):
        return totals.Table(
            years=self.conversion_years,
            lines=tuple(conversion.as_total_line() for conversion in self.conversions.all()),
        )


def _move_error(error, code, field):
    if not hasattr(error, "error_dict"):
        return error
    moved = {}
    for name, errors in error.error_dict.items():
        for item in errors:
            target = field if getattr(item, "code", None) == code else name
            moved.setdefault(target, []).append(item)
    return ValidationError(moved)


class Scenario(models.Model):
    """*Scenarie N*: an alternative set of funding lines; scenario 1 counts in the totals."""

    note = models.ForeignKey(
        BudgetNote, models.CASCADE, related_name="scenarios", verbose_name=_("notat")
    )
    number = models.PositiveSmallIntegerField(
        _("nummer"),
        validators=[
            MinValueValidator(1, _("Nummeret skal være 1 eller større.")),
            MaxValueValidator(
                limits.SCENARIOS,
                _("Scenariets nummer skal være mellem 1 og %(limit_value)s."),
            ),
        ],
    )
    name = models.CharField(_("navn"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        verbose_name = _("scenarie")
        verbose_name_plural = _("scenarier")
        constraints = [
            models.UniqueConstraint(
                fields=["note", "number"],
                name="unique_scenario_number",
                violation_error_message=_("Notatet har allerede et scenarie med dette nummer."),
            )
        ]

    def __str__(self):
        return f"Scenarie {self.number}: {self.name}" if self.name else f"Scenarie {self.number}"

    def clean(self):
        limits.check_room(self, "scenarios")


class ExtraSection(models.Model):
    """A text section the fixed list lacks, with the author's heading, printed after the
    standard section it names (docs/domain.md §2)."""

    note = models.ForeignKey(
        BudgetNote, models.CASCADE, related_name="extra_sections", verbose_name=_("notat")
    )
    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    heading = models.CharField(_("overskrift"), max_length=200)
    text = models.TextField(_("tekst"), blank=True, validators=[limits.section_text()])
    after = models.CharField(
        _("placeres efter"),
        max_length=20,
        choices=[(section.name, section.heading) for section in SECTIONS],
        default="content",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("ekstra afsnit")
        verbose_name_plural = _("ekstra afsnit")

    def __str__(self):
        return self.heading

    def clean(self):
        limits.check_room(self, "extra_sections")


class EffectRow(models.Model):
    """A row of *Tabel 1*: målgruppe · indsats · målsætning · opfølgning."""

    note = models.ForeignKey(
        BudgetNote, models.CASCADE, related_name="effect_rows", verbose_name=_("notat")
    )
    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    target_group = models.TextField(_("målgruppe"), blank=True, validators=[limits.cell_text()])
    measure = models.TextField(_("indsats"), blank=True, validators=[limits.cell_text()])
    goal = models.TextField(_("målsætning"), blank=True, validators=[limits.cell_text()])
    follow_up = models.TextField(
        _("opfølgning på og/eller evaluering af indsatsen"),
        blank=True,
        validators=[limits.cell_text()],
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("effektrække")
        verbose_name_plural = _("effekttabel")

    def __str__(self):
        return self.target_group or self.measure

    def clean(self):
        limits.check_room(self, "effect_rows")
