"""The note editor's forms: the text and the rows (one row set per kind in budgetnotes.shape),
each validated field by field (Danish messages at the field), then turned into the data dict
that services.save_note takes. Every row carries the id of the stored row it shows, so a row
keeps what hangs on it (its initiative, its history) wherever it moves."""

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from budgetnotes import limits
from budgetnotes.choices import Category, IncomeExpense, SteeringArea
from budgetnotes.extensions import line_link
from budgetnotes.forms import AmountField, year_field_name
from budgetnotes.models import AppropriationArea, Committee, District
from budgetnotes.models.economy import NOT_THE_COMMITTEES
from budgetnotes.models.notes import BudgetNote
from budgetnotes.services import INCOME_SIGN, NoteDataError, Problem
from budgetnotes.shape import (
    EDITABLE_FIELDS,
    EFFECT_CELLS,
    EFFECT_LAYOUTS,
    ROW_KIND,
    ROW_KINDS,
    SECTION_NAMES,
    SECTIONS,
    RowKind,
    effect_columns,
)

SNAPSHOT_SALT = "budgetnotes.editor.snapshot"
# A snapshot older than a working day is not shown (the session would have ended anyway).
SNAPSHOT_MAX_AGE = 12 * 60 * 60


def sign_snapshot(note, data):
    """The note's data as the editor was opened, signed and bound to the note and version.

    It is only ever used to show what changed meanwhile when a save meets a newer version;
    nothing is saved from it (what the form does not show comes from the stored note)."""
    payload = {"note": note.pk, "version": note.version, "data": data}
    return signing.dumps(payload, salt=SNAPSHOT_SALT, compress=True)


def read_snapshot(value, note, version):
    """The data `sign_snapshot` signed for this note at this version, or None (forged,
    expired, for another note or another version)."""
    try:
        payload = signing.loads(value or "", salt=SNAPSHOT_SALT, max_age=SNAPSHOT_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict):
        return None
    if payload.get("note") != note.pk or payload.get("version") != version:
        return None
    data = payload.get("data")
    return data if isinstance(data, dict) else None


def _text(label, rows=4, required=False, **kwargs):
    return forms.CharField(
        label=label,
        required=required,
        strip=False,
        widget=forms.Textarea(attrs={"rows": rows, "class": "form-input"}),
        **kwargs,
    )


def _line(label, max_length=300, required=True):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=forms.TextInput(attrs={"class": "form-input"}),
    )


class NoteTextForm(forms.Form):
    title = _line(_("Titel"))
    category = forms.ChoiceField(
        label=_("Kategorisering"),
        choices=[("", _("Ikke angivet")), *Category.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    effect_layout = forms.ChoiceField(
        label=_("Effekttabellens kolonner"),
        choices=[(layout.key, layout.label) for layout in EFFECT_LAYOUTS],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    effect_headings = forms.CharField(
        label=_("Egne kolonneoverskrifter (1-4, adskilt af |)"),
        required=False,
        max_length=400,
        widget=forms.TextInput(attrs={"class": "form-input"}),
    )
    effect_title = forms.CharField(
        label=_("Effekttabellens titel ved egne kolonner"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-input"}),
    )
    is_permanent = forms.BooleanField(
        label=_("Udgifterne er varige (fortsætter på sidste års niveau)"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-checkbox"}),
    )
    citywide = forms.BooleanField(
        label=_("Bydækkende"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-checkbox"}),
    )
    districts = forms.MultipleChoiceField(
        label=_("Bydele"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
    )
    address = _text(_("Adresse"), rows=2, validators=[limits.cell_text()])
    districts_not_relevant = forms.BooleanField(
        label=_("Bydele er ikke relevante for notatet (udskrives som »Ikke relevant«)"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-checkbox"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in SECTION_NAMES:
            label = BudgetNote._meta.get_field(name).verbose_name
            self.fields[name] = _text(
                str(label).capitalize(), rows=6, validators=[limits.section_text()]
            )
        self.fields["districts"].choices = [(d.code, d.name) for d in District.objects.all()]

    @property
    def section_fields(self):
        return [self[name] for name in SECTION_NAMES]

    @classmethod
    def initial_from(cls, data):
        return {name: data.get(name) for name in cls.base_fields if name in EDITABLE_FIELDS} | {
            name: data.get(name) for name in SECTION_NAMES
        }


def _select(label, choices, required=True):
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=required,
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class RowForm(forms.Form):
    """A row with one AmountField per year; subclasses get their years from `for_years`."""

    years = ()
    kind: RowKind  # set by each subclass
    # The stored row this form shows (empty for a new row). Not trusted beyond that: the
    # write path only matches it against this note's own rows of the same kind.
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)

    @property
    def row_name(self):
        return self.kind.row_label

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            self.label_cell(field)

    def label_cell(self, field):
        """Every cell is labelled for screen readers (and tests): "2027, linje 1". The empty
        form's __row__ becomes the row's number when editor.js adds it."""
        index = (self.prefix or "").rsplit("-", 1)[-1]
        row = f"{self.row_name} {int(index) + 1 if index.isdigit() else '__row__'}"
        if not field.widget.is_hidden:
            field.widget.attrs["aria-label"] = f"{field.label}, {row}"

    @classmethod
    def for_years(cls, years):
        attrs = {"years": tuple(years), "__module__": cls.__module__}
        for year in years:
            attrs[year_field_name(year)] = AmountField(
                label=str(year),
                required=False,
                widget=forms.TextInput(
                    attrs={
                        "class": "form-input amount",
                        "inputmode": "numeric",
                        "autocomplete": "off",
                    }
                ),
            )
        return type(cls.__name__, (cls,), attrs)

    @property
    def first_field(self):
        """The first field the user sees in the row (where a row's own error links to)."""
        return next((name for name, f in self.fields.items() if not f.widget.is_hidden), None)

    @property
    def year_fields(self):
        return [self[year_field_name(year)] for year in self.years]

    def amounts(self):
        result = {}
        for year in self.years:
            value = self.cleaned_data.get(year_field_name(year))
            if value is not None:
                result[str(year)] = value
        return result

    @classmethod
    def initial_from(cls, row):
        initial = {key: value for key, value in row.items() if key != "amounts"}
        for year, amount in row.get("amounts", {}).items():
            initial[year_field_name(int(year))] = amount
        return initial

    def to_data(self):
        data = {"id": self.cleaned_data.get("id")}
        data.update({name: self.cleaned_data.get(name, "") for name in self.kind.fields})
        if self.kind.amount_model_name:
            data["amounts"] = self.amounts()
        return data


class AppropriationChoices:
    """The committees and appropriation areas offered, read once for all of an editor's rows
    (not two queries per row)."""

    def __init__(self):
        self.committees = [(c.code, c.code) for c in Committee.objects.all()]
        areas = AppropriationArea.objects.select_related("committee")
        self.appropriations = [("", _("Ikke kendt endnu"))] + [
            (str(area), str(area)) for area in areas
        ]


class AppropriationMixin:
    """A row with a committee and, optionally, an appropriation area of that committee,
    chosen as "BIU 35.10" and written as its number (None: not known yet)."""

    def __init__(self, *args, appropriation_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = appropriation_choices or AppropriationChoices()
        self.fields["committee"].choices = choices.committees
        self.fields["appropriation"].choices = choices.appropriations

    def clean(self):
        cleaned = super().clean()
        committee, appropriation = cleaned.get("committee"), cleaned.get("appropriation")
        if committee and appropriation and appropriation.split(" ", 1)[0] != committee:
            self.add_error("appropriation", NOT_THE_COMMITTEES)
        return cleaned

    @classmethod
    def initial_from(cls, row):
        initial = super().initial_from(row)
        if row.get("appropriation"):
            initial["appropriation"] = f"{row['committee']} {row['appropriation']}"
        return initial

    def appropriation_number(self):
        chosen = self.cleaned_data.get("appropriation")
        return chosen.split(" ", 1)[1] if chosen else None


class FundingLineForm(AppropriationMixin, RowForm):
    kind = ROW_KIND["funding_lines"]

    # A wrapping field (the activity is often long); one line of text all the same.
    activity = forms.CharField(
        label=_("Aktivitet"),
        max_length=300,
        widget=forms.Textarea(attrs={"class": "form-input", "rows": 2}),
    )
    technical_text = _line(_("Tekst i bilag"), required=False)
    steering_area = _select(_("Styringsområde"), SteeringArea.choices)
    committee = _select(_("Udvalg"), [])
    appropriation = _select(_("Bevilling"), [], required=False)
    income_expense = _select(_("I/U"), IncomeExpense.choices)
    scenario = forms.IntegerField(
        label=_("Scenarie"),
        required=False,
        min_value=1,
        max_value=limits.SCENARIOS,
        widget=forms.NumberInput(attrs={"class": "form-input scenario-input"}),
    )

    def __init__(self, *args, line_link=None, link_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.line_link = line_link
        if line_link is not None:
            field = self.fields[line_link.key] = _select(
                line_link.label, link_choices, required=False
            )
            self.label_cell(field)

    @property
    def link_fields(self):
        """The line's link (its initiative), where one is registered."""
        return [self[self.line_link.key]] if self.line_link else []

    def clean_activity(self):
        return " ".join(self.cleaned_data["activity"].split())

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("income_expense") == IncomeExpense.INCOME:
            for year in self.years:
                value = cleaned.get(year_field_name(year))
                if value is not None and value > 0:
                    self.add_error(year_field_name(year), INCOME_SIGN)
        return cleaned

    def to_data(self):
        data = {**super().to_data(), "appropriation": self.appropriation_number()}
        if self.line_link:
            data[self.line_link.key] = self.cleaned_data.get(self.line_link.key) or None
        return data


class PartForm(AppropriationMixin, RowForm):
    """A committee's part of a shared funding line; `line` is the line form's index."""

    kind = ROW_KIND["funding_lines"]
    row_name = "udvalgsdel"

    line = forms.TypedChoiceField(
        label=_("Linje"),
        coerce=int,
        choices=[],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    committee = _select(_("Udvalg"), [])
    appropriation = _select(_("Bevilling"), [], required=False)

    def __init__(self, *args, line_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].choices = [("", _("Vælg linje")), *line_choices]

    def to_data(self):
        return {
            "committee": self.cleaned_data.get("committee"),
            "appropriation": self.appropriation_number(),
            "amounts": self.amounts(),
        }


class AllocationForm(RowForm):
    kind = ROW_KIND["allocations"]

    source = _line(_("Kilde"), max_length=200)


class ConversionForm(RowForm):
    kind = ROW_KIND["conversions"]

    text = _line(_("Bevilling der konverteres"))
    steering_area = _select(
        _("Styringsområde"), [("", _("Ikke angivet")), *SteeringArea.choices], required=False
    )


class EffectRowForm(RowForm):
    kind = ROW_KIND["effect_rows"]

    target_group = _text(_("Målgruppe"), rows=2, validators=[limits.cell_text()])
    measure = _text(_("Indsats"), rows=2, validators=[limits.cell_text()])
    goal = _text(_("Målsætning"), rows=2, validators=[limits.cell_text()])
    follow_up = _text(
        _("Opfølgning på og/eller evaluering af indsatsen"),
        rows=2,
        validators=[limits.cell_text()],
    )

    @classmethod
    def initial_from(cls, row):
        return dict(row)


class ExtraSectionForm(RowForm):
    kind = ROW_KIND["extra_sections"]

    heading = _line(_("Overskrift"), max_length=200)
    text = _text(_("Tekst"), rows=6, validators=[limits.section_text()])
    after = _select(_("Placeres efter"), [(s.name, s.heading) for s in SECTIONS])

    @classmethod
    def initial_from(cls, row):
        return dict(row)


class ScenarioForm(RowForm):
    kind = ROW_KIND["scenarios"]

    number = forms.IntegerField(
        label=_("Nummer"),
        min_value=1,
        max_value=limits.SCENARIOS,
        widget=forms.NumberInput(attrs={"class": "form-input"}),
    )
    name = _line(_("Navn"), required=False)

    @classmethod
    def initial_from(cls, row):
        return dict(row)

    def to_data(self):
        return {
            "number": self.cleaned_data.get("number"),
            "name": self.cleaned_data.get("name", ""),
        }


# The form of each kind of row; the editor's row sets follow shape.ROW_KINDS.
ROW_FORMS = {
    "funding_lines": FundingLineForm,
    "allocations": AllocationForm,
    "conversions": ConversionForm,
    "effect_rows": EffectRowForm,
    "scenarios": ScenarioForm,
    "extra_sections": ExtraSectionForm,
}
PROBLEM_FIELDS = {"appropriation_area": "appropriation", "number": "number"}


class NoteEditor:
    """All the editor's forms for one note, bound or not, and the data they make. The row
    sets are keyed by their form prefix (shape.RowKind.prefix)."""

    def __init__(self, note, base_data, post=None):
        self.note = note
        self.base_data = base_data
        self.text = NoteTextForm(post, initial=NoteTextForm.initial_from(base_data))
        choices = AppropriationChoices()
        link = line_link()
        line_kwargs = {"appropriation_choices": choices}
        if link is not None:
            line_kwargs |= {"line_link": link, "link_choices": link.choices(note)}
        self.formsets = {}
        for kind in ROW_KINDS:
            form_class = ROW_FORMS[kind.key]
            if kind.years:
                form_class = form_class.for_years(getattr(note, kind.years))
            factory = forms.formset_factory(
                form_class,
                extra=0,
                can_delete=True,
                max_num=kind.limit,
                validate_max=True,
                absolute_max=kind.limit + 50,  # room for removed rows; more are never built
            )
            initial = [form_class.initial_from(row) for row in base_data.get(kind.key, [])]
            self.formsets[kind.prefix] = factory(
                post,
                initial=initial,
                prefix=kind.prefix,
                error_messages={"too_many_forms": _("Højst %(num)d rækker i denne tabel.")},
                form_kwargs=line_kwargs if issubclass(form_class, FundingLineForm) else {},
            )
        self.parts = self._parts_formset(note, base_data, post, choices)
        self._label_effect_cells(base_data)
        self.page_errors = []
        self._row_forms = {}

    def _label_effect_cells(self, data):
        """The effect rows' cells are named by the note's columns; a cell the columns do not
        use says it is not printed (its text is kept)."""
        _title, headings = effect_columns(
            data.get("effect_layout") or "", data.get("effect_headings") or "", ""
        )
        formset = self.formsets[ROW_KIND["effect_rows"].prefix]
        for form in [*formset.forms, formset.empty_form]:
            for index, name in enumerate(EFFECT_CELLS):
                field = form.fields[name]
                label = (
                    headings[index]
                    if index < len(headings)
                    else _("Kolonne %(n)s (udskrives ikke med disse kolonner)") % {"n": index + 1}
                )
                aria = str(field.widget.attrs.get("aria-label", ""))
                field.widget.attrs["aria-label"] = aria.replace(str(field.label), str(label), 1)
                field.label = label

    @staticmethod
    def _parts_formset(note, base_data, post, choices):
        """The parts of the shared lines, one flat table; each names its line."""
        lines = base_data.get("funding_lines", [])
        line_choices = [
            (index, f"{index + 1}. {row['activity']}") for index, row in enumerate(lines)
        ]
        form_class = PartForm.for_years(note.years)
        factory = forms.formset_factory(
            form_class,
            extra=0,
            can_delete=True,
            max_num=limits.FUNDING_LINES,
            validate_max=True,
            absolute_max=limits.FUNDING_LINES + 50,
        )
        initial = [
            {"line": index, **form_class.initial_from(part)}
            for index, row in enumerate(lines)
            for part in row.get("parts", [])
        ]
        return factory(
            post,
            initial=initial,
            prefix="parts",
            form_kwargs={"line_choices": line_choices, "appropriation_choices": choices},
        )

    def __getattr__(self, name):
        formsets = self.__dict__.get("formsets", {})
        if name in formsets:
            return formsets[name]
        raise AttributeError(name)

    def kept_forms(self, prefix):
        """The filled-in, not removed forms of a row set (or of the parts), in order."""
        formset = self.parts if prefix == "parts" else self.formsets[prefix]
        result = []
        for form in formset.forms:
            if formset.can_delete and formset._should_delete_form(form):
                continue
            if not form.has_changed() and form.empty_permitted:
                continue
            result.append(form)
        return result

    def is_valid(self):
        valid = self.text.is_valid()
        for row_set in [*self.formsets.values(), self.parts]:
            valid = row_set.is_valid() and valid
        return valid

    @classmethod
    def editable_keys(cls):
        """The keys of the note's data this editor may change; save_note takes every other
        field from the stored note."""
        return (*EDITABLE_FIELDS, *(kind.key for kind in ROW_KINDS))

    def to_data(self):
        data = dict(self.text.cleaned_data)
        for name in SECTION_NAMES:
            data[name] = data.get(name) or ""
        for kind in ROW_KINDS:
            kept = self.kept_forms(kind.prefix)
            self._row_forms[kind.key] = kept
            data[kind.key] = [form.to_data() for form in kept]
        self._attach_parts(data["funding_lines"])
        return data

    def _attach_parts(self, lines):
        """Each part to its line (by the line form it names); a part of a removed line is
        refused at the part."""
        line_forms = self.formsets[ROW_KIND["funding_lines"].prefix].forms
        position = {
            line_forms.index(form): index
            for index, form in enumerate(self._row_forms["funding_lines"])
        }
        for form in self.kept_forms("parts"):
            index = position.get(form.cleaned_data.get("line"))
            if index is None:
                form.add_error("line", _("Linjen er fjernet; fjern også dens udvalgsdel."))
                raise NoteDataError(
                    [Problem(str(_("En udvalgsdel hører til en linje, der er fjernet.")))]
                )
            lines[index].setdefault("parts", []).append(form.to_data())

    def add_problems(self, problems, unless_marked=False):
        """Put save_note's problems at their fields; what has no field goes on top. With
        `unless_marked`, a problem at a field that already has an error is left out."""
        for problem in problems:
            if not self._place(problem, unless_marked) and str(problem) not in self.page_errors:
                self.page_errors.append(str(problem))

    def _place(self, problem, unless_marked=False):
        if not problem.kind or problem.index is None:
            if problem.field in self.text.fields:
                if not (unless_marked and self.text.has_error(problem.field)):
                    self.text.add_error(problem.field, problem.message)
                return True
            return False
        forms_ = self._row_forms.get(problem.kind, [])
        if not 1 <= problem.index <= len(forms_):
            return False
        form = forms_[problem.index - 1]
        field = PROBLEM_FIELDS.get(problem.field, problem.field)
        if problem.year and year_field_name(problem.year) in form.fields:
            field = year_field_name(problem.year)
        shown = field in form.fields and not form.fields[field].widget.is_hidden
        if unless_marked and (form.has_error(field) if shown else bool(form.errors)):
            return True
        form.add_error(field if shown else None, problem.message)  # else under the row
        return True
