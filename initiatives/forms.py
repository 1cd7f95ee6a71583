"""Forms for initiatives, expiry assessments and the follow-up note."""

from django import forms
from django.db.models import Max
from django.forms import BaseInlineFormSet, inlineformset_factory, modelformset_factory
from django.utils.translation import gettext_lazy as _

from budgetnotes import access
from budgetnotes.choices import SteeringArea
from budgetnotes.forms import YearAmountsForm
from budgetnotes.models import AppropriationArea, BudgetRound, Committee
from initiatives.expiry.services import LINE_FIELDS
from initiatives.models import (
    ExpiryAmount,
    ExpiryAssessment,
    ExpiryEconomyLine,
    Goal,
    Initiative,
    TargetGroup,
)

TEXTAREA = forms.Textarea(attrs={"rows": 5, "cols": 80})


class LabelledWidgetsMixin:
    """Fields shown in table cells without a <label> get their label as aria-label (the
    template states any help text itself)."""

    label_prefix_for_aria = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # Table cells show no help text, so no aria-describedby may point at one.
            field.help_text = ""
            if field.label:
                field.widget.attrs.setdefault(
                    "aria-label", f"{self.label_prefix_for_aria}{field.label}".strip()
                )


SMALL_TEXTAREA = forms.Textarea(attrs={"rows": 3, "cols": 60})


# Initiatives -----------------------------------------------------------------------------------


class InitiativeForm(forms.ModelForm):
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
    """A new row left at position 0 goes last."""

    def save_new(self, form, commit=True):
        if not form.instance.position:
            siblings = self.model.objects.filter(**{self.fk.name: self.instance})
            highest = siblings.aggregate(n=Max("position"))["n"] or 0
            form.instance.position = highest + 1
        return super().save_new(form, commit=commit)


TargetGroupFormSet = inlineformset_factory(
    Initiative,
    TargetGroup,
    formset=PositionedFormSet,
    fields=["position", "name", "description", "follow_up"],
    widgets={"description": SMALL_TEXTAREA, "follow_up": SMALL_TEXTAREA},
    extra=1,
    can_delete=True,
)


class GoalForm(LabelledWidgetsMixin, forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["position", "text", "deadline_weeks"]


GoalFormSet = inlineformset_factory(
    TargetGroup,
    Goal,
    form=GoalForm,
    formset=PositionedFormSet,
    fields=["position", "text", "deadline_weeks"],
    widgets={"text": forms.Textarea(attrs={"rows": 2, "cols": 60})},
    extra=1,
    can_delete=True,
)


# Expiry assessments ----------------------------------------------------------------------------


class AssessmentForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

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


class ExpiryLineForm(LabelledWidgetsMixin, YearAmountsForm):
    amount_model = ExpiryAmount
    amount_parent_field = "line"

    class Meta:
        model = ExpiryEconomyLine
        fields = LINE_FIELDS
        widgets = {"label": forms.TextInput(attrs={"size": 30})}


def economy_formset(years, *, extra=2):
    return modelformset_factory(
        ExpiryEconomyLine,
        form=ExpiryLineForm.with_years(years),
        fields=LINE_FIELDS,
        extra=extra,
        can_delete=True,
    )


# The follow-up note ----------------------------------------------------------------------------


class FollowUpForm(LabelledWidgetsMixin, forms.Form):
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

    def __init__(self, *args, assessment, lines, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = lines
        rounds = access.writable_rounds(user) if user is not None else BudgetRound.objects.all()
        self.fields["target_round"].queryset = rounds.order_by("-year", "kind")
        areas = AppropriationArea.objects.select_related("committee").order_by(
            "committee__code", "number"
        )
        for index, line in enumerate(lines, start=1):
            self.fields[f"area_{line.pk}"] = forms.ChoiceField(
                label=_("Styringsområde, linje %(n)s") % {"n": index},
                choices=[("", "---------"), *SteeringArea.choices],
                required=False,
            )
            self.fields[f"appropriation_{line.pk}"] = forms.ModelChoiceField(
                areas,
                label=_("Bevilling, linje %(n)s") % {"n": index},
                required=False,
                help_text=_("Tom: 35.10 for service, 35.30 for indsats og overførsler."),
            )

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
