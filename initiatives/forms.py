"""Forms for initiatives, expiry assessments and the follow-up note."""

from django import forms
from django.db.models import Max
from django.forms import BaseInlineFormSet, inlineformset_factory, modelformset_factory
from django.utils.translation import gettext_lazy as _

from budgetnotes import access
from budgetnotes.choices import SteeringArea
from budgetnotes.forms import YearAmountsForm, year_field_name
from budgetnotes.models import AppropriationArea, BudgetRound, Committee
from initiatives.expiry.services import LINE_FIELDS
from initiatives.models import (
    EconomyKind,
    ExpiryAmount,
    ExpiryAssessment,
    ExpiryEconomyLine,
    Goal,
    Initiative,
    TargetGroup,
)

TEXTAREA = forms.Textarea(attrs={"rows": 6})
SMALL_TEXTAREA = forms.Textarea(attrs={"rows": 4})


# Det Fælles Designsystem -----------------------------------------------------------------------


def design_class(widget):
    """The DKFDS class of a widget (None for a hidden one)."""
    if widget.is_hidden:
        return None
    if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
        return "form-checkbox"
    if isinstance(widget, forms.RadioSelect):
        return "form-radio"
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-input"


def style_field(field, *extra):
    """Give the field's widget its DKFDS class (and any extra classes, e.g. a width)."""
    design = design_class(field.widget)
    if design is not None:
        classes = [*field.widget.attrs.get("class", "").split(), design, *extra]
        field.widget.attrs["class"] = " ".join(dict.fromkeys(classes))


def set_empty_label(field, label):
    """What the empty choice of a select says (Django's "---------" otherwise)."""
    if isinstance(field, forms.ModelChoiceField):
        field.empty_label = label
    else:
        field.choices = [("", label), *[(value, text) for value, text in field.choices if value]]


class DesignSystemMixin:
    """A form drawn with DKFDS: every widget its class, `widths` a DKFDS width class per field
    (input-width-xs …), `empty_labels` what a select's empty choice says in Danish."""

    widths: dict = {}
    empty_labels: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name in self.empty_labels:
                set_empty_label(field, self.empty_labels[name])
            style_field(field, *([self.widths[name]] if name in self.widths else []))


def row_number(prefix):
    """A formset row's number from its form prefix ("proposed-0" is row 1); "__row__" for
    the empty form."""
    index = (prefix or "").rsplit("-", 1)[-1]
    return str(int(index) + 1) if index.isdigit() else "__row__"


def label_cells(form, row):
    """Cells shown in a table without a <label> get their label and row as aria-label
    ("2027, foreslået økonomi, linje 1"); a cell states no help text (none would be shown)."""
    for field in form.fields.values():
        field.help_text = ""
        if not field.widget.is_hidden and field.label:
            field.widget.attrs["aria-label"] = f"{field.label}, {row}"


def error_list(*parts):
    """Every error of forms and formsets, as (field id or "", name, message) in page order:
    the summary above a form that was not saved links each to its field."""
    found = []
    for part in parts:
        if hasattr(part, "management_form"):
            found += [("", "", str(error)) for error in part.non_form_errors()]
            found += error_list(*part.forms)
            continue
        found += [("", "", str(error)) for error in part.non_field_errors()]
        for field in part.visible_fields():
            name = field.field.widget.attrs.get("aria-label") or field.label
            found += [(field.auto_id, str(name), str(error)) for error in field.errors]
    return found


# Initiatives -----------------------------------------------------------------------------------


class InitiativeForm(DesignSystemMixin, forms.ModelForm):
    widths = {"code": "input-width-xs", "name": "input-width-xl", "parent": "input-width-xl"}
    empty_labels = {"parent": _("Intet overordnet program")}

    class Meta:
        model = Initiative
        fields = ["code", "name", "parent", "description", "follow_up", "results"]
        widgets = {
            "description": TEXTAREA,
            "follow_up": SMALL_TEXTAREA,
            "results": SMALL_TEXTAREA,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Initiative.objects.filter(administration=self.instance.administration_id)
        if self.instance.pk:
            parents = parents.exclude(pk__in=descendant_ids(self.instance))
        self.fields["parent"].queryset = parents


def descendant_ids(initiative):
    """The initiative and everything under it (these cannot be its parent)."""
    found = {initiative.pk}
    frontier = {initiative.pk}
    while frontier:
        frontier = (
            set(Initiative.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
            - found
        )
        found |= frontier
    return found


class PositionedFormSet(BaseInlineFormSet):
    """A new row left at position 0 goes last. `delete_label` names the box that removes a
    row (drawn as a DKFDS checkbox)."""

    delete_label = _("Fjern")

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = self.delete_label
            style_field(form.fields["DELETE"])

    def save_new(self, form, commit=True):
        if not form.instance.position:
            siblings = self.model.objects.filter(**{self.fk.name: self.instance})
            highest = siblings.aggregate(n=Max("position"))["n"] or 0
            form.instance.position = highest + 1
        return super().save_new(form, commit=commit)


class TargetGroupForm(DesignSystemMixin, forms.ModelForm):
    widths = {"position": "input-width-xs", "name": "input-width-xl"}

    class Meta:
        model = TargetGroup
        fields = ["position", "name", "description", "follow_up"]
        widgets = {"description": SMALL_TEXTAREA, "follow_up": SMALL_TEXTAREA}


class TargetGroupSet(PositionedFormSet):
    delete_label = _("Fjern målgruppen og dens mål, når der gemmes")


TargetGroupFormSet = inlineformset_factory(
    Initiative,
    TargetGroup,
    form=TargetGroupForm,
    formset=TargetGroupSet,
    fields=["position", "name", "description", "follow_up"],
    extra=1,
    can_delete=True,
)


class GoalForm(DesignSystemMixin, forms.ModelForm):
    """A goal: a row of its target group's table, each cell named "Mål, mål 2"."""

    widths = {"position": "position-input", "deadline_weeks": "weeks-input"}

    class Meta:
        model = Goal
        fields = ["position", "text", "deadline_weeks"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        label_cells(self, _("mål %(n)s") % {"n": row_number(self.prefix)})


GoalFormSet = inlineformset_factory(
    TargetGroup,
    Goal,
    form=GoalForm,
    formset=PositionedFormSet,
    fields=["position", "text", "deadline_weeks"],
    extra=1,
    can_delete=True,
)


# Expiry assessments ----------------------------------------------------------------------------


class AssessmentForm(DesignSystemMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    widths = {
        "number": "input-width-xs",
        "title": "input-width-xl",
        "origin": "input-width-s",
        "group": "input-width-xl",
        "initiative": "input-width-xl",
        "original_price_level": "input-width-xs",
        "verdict": "input-width-m",
        "proposed_price_level": "input-width-xs",
    }
    empty_labels = {
        "initiative": _("Ingen indsats"),
        "verdict": _("Ingen vurdering endnu"),
    }

    class Meta:
        model = ExpiryAssessment
        fields = [
            "number",
            "title",
            "origin",
            "group",
            "initiative",
            "content",
            "results",
            "economy_text",
            "original_price_level",
            "verdict",
            "adjusted_content",
            "proposed_economy_text",
            "proposed_price_level",
            "related",
        ]
        widgets = {
            "content": TEXTAREA,
            "results": TEXTAREA,
            "economy_text": SMALL_TEXTAREA,
            "adjusted_content": TEXTAREA,
            "proposed_economy_text": SMALL_TEXTAREA,
            "related": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "original_price_level": _("Det prisniveau, den udløbende bevilling står i, fx 2023."),
            "proposed_price_level": _("Det prisniveau, forslaget står i, fx 2027."),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from budgetnotes.access import visibility_q

        self.fields["related"].queryset = (
            ExpiryAssessment.objects.filter(visibility_q(user), round=self.instance.round_id)
            .exclude(pk=self.instance.pk)
            .order_by("number")
        )
        self.fields["initiative"].queryset = Initiative.objects.filter(
            administration=self.instance.administration_id
        ).order_by("name")
        if not self.is_bound:
            self.initial["version"] = self.instance.version

    def chosen_related(self):
        """The related sheets ticked now (as posted, when bound), named above the list."""
        return [choice for choice in self["related"] if choice.data["selected"]]

    def clean_number(self):
        # The round is not a form field, so ModelForm skips the (round, number) constraint.
        number = self.cleaned_data["number"]
        taken = ExpiryAssessment.objects.filter(round=self.instance.round_id, number=number)
        if number is not None and taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                ExpiryAssessment._meta.constraints[0].violation_error_message,
                code="duplicate_number",
            )
        return number


class ExpiryLineForm(DesignSystemMixin, YearAmountsForm):
    """An economy line: a row of its table, each cell named by its column and row
    ("2027, foreslået økonomi, linje 1"), as the write path names its problems."""

    amount_model = ExpiryAmount
    amount_parent_field = "line"
    kind = EconomyKind.PROPOSED  # set by economy_formset
    empty_labels = {
        "steering_area": _("Ikke angivet"),
        "administration": _("Ikke fordelt"),
        "committee": _("Ikke fordelt"),
    }

    class Meta:
        model = ExpiryEconomyLine
        fields = LINE_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.fields:
            if name.startswith("year_"):
                self.fields[name].widget.attrs.update({"inputmode": "numeric"})
        row = _("%(kind)s, linje %(n)s") % {
            "kind": str(EconomyKind(self.kind).label).lower(),
            "n": row_number(self.prefix),
        }
        label_cells(self, row)

    @property
    def year_fields(self):
        return [self[year_field_name(year)] for year in self.years]


def economy_formset(years, kind, *, extra=2):
    form = ExpiryLineForm.with_years(years)
    form.kind = kind
    return modelformset_factory(
        ExpiryEconomyLine,
        form=form,
        fields=LINE_FIELDS,
        extra=extra,
        can_delete=True,
    )


# The follow-up note ----------------------------------------------------------------------------


class FollowUpForm(DesignSystemMixin, forms.Form):
    target_round = forms.ModelChoiceField(
        BudgetRound.objects.none(), label=_("Budgetrunde for notatet"), empty_label=None
    )
    code = forms.CharField(
        label=_("Kode"),
        max_length=10,
        required=False,
        help_text=_("Tom: næste ledige kode i runden."),
    )
    committee = forms.ModelChoiceField(
        Committee.objects.all(), label=_("Fagudvalg"), empty_label=None
    )

    widths = {"target_round": "input-width-s", "code": "input-width-xs"}

    def __init__(self, *args, assessment, lines, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = lines
        rounds = access.writable_rounds(user) if user is not None else BudgetRound.objects.all()
        self.fields["target_round"].queryset = rounds.order_by("-year", "kind")
        areas = AppropriationArea.objects.select_related("committee").order_by(
            "committee__code", "number"
        )
        for index, line in enumerate(lines, start=1):
            # A cell of the lines' table: its label is its accessible name (the table's
            # hint says what an empty appropriation means).
            area = self.fields[f"area_{line.pk}"] = forms.ChoiceField(
                label=_("Styringsområde, linje %(n)s") % {"n": index},
                choices=[("", _("Vælg styringsområde")), *SteeringArea.choices],
                required=False,
            )
            appropriation = self.fields[f"appropriation_{line.pk}"] = forms.ModelChoiceField(
                areas,
                label=_("Bevilling, linje %(n)s") % {"n": index},
                required=False,
                empty_label=_("Ud fra styringsområdet"),
            )
            for field in (area, appropriation):
                style_field(field)
                field.widget.attrs["aria-label"] = field.label

    def line_rows(self):
        return [
            (line, self[f"area_{line.pk}"], self[f"appropriation_{line.pk}"]) for line in self.lines
        ]

    def clean(self):
        cleaned = super().clean()
        for index, line in enumerate(self.lines, start=1):
            if not cleaned.get(f"area_{line.pk}"):
                self.add_error(
                    f"area_{line.pk}",
                    _(
                        "Linje %(n)s har intet styringsområde. Vælg service, indsats eller "
                        "overførsler, før notatet kan oprettes."
                    )
                    % {"n": index},
                )
        return cleaned
