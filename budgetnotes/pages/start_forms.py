"""The forms that start a note (Nyt notat, Kopiér til …) and change a draft's years and price
level. They collect choices; budgetnotes.services.starting and save_note check and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from budgetnotes import access
from budgetnotes.choices import Category
from budgetnotes.models import Administration, BudgetRound, Committee
from budgetnotes.models.notes import span_error
from budgetnotes.services.reshaping import dropped_digest

CONVERT = "omregn"
KEEP = "behold"
AMOUNT_CHOICES = [
    (CONVERT, _("Omregn beløbene til det nye prisniveau med prisindekset")),
    (KEEP, _("Behold tallene, og skift kun det angivne prisniveau")),
]


def add_problems(form, problems):
    """save_note's problems at the form's fields by their place; the rest above the form."""
    for problem in problems:
        form.add_error(problem.field if problem.field in form.fields else None, problem.message)


def dropped_confirmed(form, dropped):
    """Whether the user confirmed leaving out exactly `dropped` (the list they were shown);
    if not, the form is set to show this list and ask (the box unticked, bound to it)."""
    if not dropped:
        return True
    digest = dropped_digest(dropped)
    cleaned = form.cleaned_data
    if cleaned.get("confirm_dropped") and cleaned.get("confirmed") == digest:
        return True
    form.data = form.data.copy()
    form.data["confirmed"] = digest
    form.data.pop("confirm_dropped", None)
    return False


def _year(label, **kwargs):
    return forms.IntegerField(
        label=label,
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "form-input input-width-xs"}),
        error_messages={
            "required": _("Angiv et år."),
            "invalid": _("Skriv et år med fire cifre, fx 2027."),
            "min_value": _("Året skal være 2000 eller senere."),
            "max_value": _("Året skal være 2100 eller tidligere."),
        },
        **kwargs,
    )


class YearsForm(forms.Form):
    """Years and price level, checked together (the write path checks them again)."""

    first_year = _year(_("Første år"))
    last_year = _year(_("Sidste år"))
    price_level = _year(_("Prisniveau (p/l)"), help_text=_("Fx 2027 for 2027 p/l."))

    def main_fields(self):
        """The fields shown in the form's column (the confirmation sits with its list)."""
        return [field for field in self.visible_fields() if field.name != "confirm_dropped"]

    def confirm_fields(self):
        return [self["confirm_dropped"]] if "confirm_dropped" in self.fields else []

    def clean(self):
        cleaned = super().clean()
        if problem := span_error(cleaned.get("first_year"), cleaned.get("last_year")):
            self.add_error("last_year", problem)
        return cleaned


def _select(**kwargs):
    return forms.Select(attrs={"class": "form-select"}, **kwargs)


class AdministrationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class NewNoteForm(YearsForm):
    administration = AdministrationChoice(
        Administration.objects.none(), label=_("Forvaltning"), widget=_select(), empty_label=None
    )
    committee = forms.ModelChoiceField(
        Committee.objects.all(),
        label=_("Udvalg"),
        help_text=_("Det udvalg, notatet behandles i."),
        widget=_select(),
        empty_label=_("Vælg udvalg"),
        error_messages={"required": _("Vælg det udvalg, notatet behandles i.")},
    )
    code = forms.CharField(
        label=_("Kode"),
        max_length=10,
        help_text=_("Forslaget er forvaltningens næste ledige kode i runden."),
        widget=forms.TextInput(attrs={"class": "form-input input-width-s"}),
        error_messages={"required": _("Angiv notatets kode, fx BI23.")},
    )
    title = forms.CharField(
        label=_("Titel"),
        max_length=300,
        widget=forms.TextInput(attrs={"class": "form-input"}),
        error_messages={"required": _("Giv notatet en titel.")},
    )
    category = forms.ChoiceField(
        label=_("Kategorisering"),
        choices=[("", _("Ikke angivet")), *Category.choices],
        required=False,
        help_text=_("Kan vælges senere i redigeringen."),
        widget=_select(),
    )
    field_order = [
        "administration",
        "committee",
        "code",
        "title",
        "category",
        "first_year",
        "last_year",
        "price_level",
    ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        own = Administration.objects.all()
        if not user.is_superuser:
            own = own.filter(pk=user.administration_id)
        self.fields["administration"].queryset = own


class CopyForm(YearsForm):
    target_round = forms.ModelChoiceField(
        BudgetRound.objects.none(),
        label=_("Kopiér til runde"),
        widget=_select(),
        empty_label=None,
    )
    code = forms.CharField(
        label=_("Kode i den nye runde"),
        max_length=10,
        widget=forms.TextInput(attrs={"class": "form-input input-width-s"}),
        error_messages={"required": _("Angiv kopiens kode.")},
    )
    amounts = forms.ChoiceField(
        label=_("Beløbene, hvis prisniveauet skifter"),
        choices=AMOUNT_CHOICES,
        initial=CONVERT,
        widget=forms.RadioSelect,
    )
    confirm_dropped = forms.BooleanField(
        label=_("Ja, udelad beløbene ovenfor i kopien"), required=False
    )
    confirmed = forms.CharField(required=False, widget=forms.HiddenInput)
    field_order = ["target_round", "code", "first_year", "last_year", "price_level", "amounts"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_round"].queryset = access.writable_rounds(user).order_by("-year")


class NoteYearsForm(YearsForm):
    """A draft's years, price level and the years of its previously allocated funds."""

    allocations_first_year = _year(_("Tidligere afsatte midler fra år"), required=False)
    allocations_last_year = _year(_("Tidligere afsatte midler til år"), required=False)
    conversions_first_year = _year(
        _("Konverteringer fra år"),
        required=False,
        help_text=_("Tomme: konverteringerne følger notatets år."),
    )
    conversions_last_year = _year(_("Konverteringer til år"), required=False)
    conversions_price_level = _year(
        _("Konverteringernes prisniveau"),
        required=False,
        help_text=_("Tom: løbende p/l. Konverteringer omregnes ikke, når notatets p/l skifter."),
    )
    amounts = forms.ChoiceField(
        label=_("Beløbene, hvis prisniveauet skifter"),
        choices=AMOUNT_CHOICES,
        initial=CONVERT,
        widget=forms.RadioSelect,
    )
    confirm_dropped = forms.BooleanField(label=_("Ja, slet beløbene ovenfor"), required=False)
    confirmed = forms.CharField(required=False, widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        for prefix in ("allocations", "conversions"):
            first = cleaned.get(f"{prefix}_first_year")
            last = cleaned.get(f"{prefix}_last_year")
            if self.has_error(f"{prefix}_first_year"):
                continue
            if problem := span_error(first, last, optional=True):
                self.add_error(f"{prefix}_last_year", problem)
        return cleaned
