from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from budgetnotes import access, limits, shape, totals, workflow
from budgetnotes.admin.access import EditableParentInlineMixin, OwnedByNoteMixin
from budgetnotes.admin.inlines import TabularInline
from budgetnotes.admin.search import LimitedSearchMixin
from budgetnotes.admin.writing import WritesThroughSaveNote
from budgetnotes.choices import Role
from budgetnotes.forms import AllocationForm, ConversionForm, FundingLineForm, year_field_name
from budgetnotes.models import (
    AllocationAmount,
    BudgetNote,
    Conversion,
    ConversionAmount,
    EffectRow,
    ExtraSection,
    FundingAmount,
    FundingLine,
    PreviousAllocation,
    Scenario,
)
from budgetnotes.numbers import format_amount


class LimitedRowsMixin:
    """At most limits.ROW_LIMITS[row_key] rows of the table, refused on the form past it."""

    row_key = ""

    def get_formset(self, request, obj=None, **kwargs):
        limit = limits.ROW_LIMITS[self.row_key]
        kwargs.update(max_num=limit, validate_max=True, absolute_max=limit + 50)
        return super().get_formset(request, obj, **kwargs)


class YearColumnsInline(LimitedRowsMixin, EditableParentInlineMixin, TabularInline):
    """Rows with their amounts per year in one row: one column per year of the note."""

    extra = 0
    base_fields = ()
    readonly_fields = ["row_total"]

    def years_for(self, note):
        return note.years if note else ()

    def get_fields(self, request, obj=None):
        years = [year_field_name(year) for year in self.years_for(obj)]
        return [*self.base_fields, *years, "row_total"]

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["form"] = self.form.with_years(self.years_for(obj))
        return super().get_formset(request, obj, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("amounts")

    @admin.display(description=_("I alt"))
    def row_total(self, obj):
        return format_amount(obj.as_total_line().total) if obj.pk else ""


class FundingLineInline(YearColumnsInline):
    model = FundingLine
    row_key = "funding_lines"
    form = FundingLineForm
    base_fields = (
        "position",
        "scenario",
        "activity",
        "steering_area",
        "committee",
        "appropriation_area",
        "income_expense",
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("committee", "appropriation_area__committee", "scenario")
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "scenario":
            note_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Scenario.objects.filter(note_id=note_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class AllocationInline(YearColumnsInline):
    model = PreviousAllocation
    row_key = "allocations"
    form = AllocationForm
    base_fields = ("position", "source")
    verbose_name_plural = _("Tidligere afsatte midler (1.000 kr., løbende p/l)")

    def years_for(self, note):
        return (note.allocation_years or note.years) if note else ()


class ConversionInline(YearColumnsInline):
    model = Conversion
    row_key = "conversions"
    form = ConversionForm
    base_fields = ("position", "text", "steering_area")

    def years_for(self, note):
        return note.conversion_years if note else ()


class ScenarioInline(LimitedRowsMixin, EditableParentInlineMixin, TabularInline):
    model = Scenario
    row_key = "scenarios"
    extra = 0


class EffectRowInline(LimitedRowsMixin, EditableParentInlineMixin, TabularInline):
    model = EffectRow
    row_key = "effect_rows"
    extra = 0


class ExtraSectionInline(LimitedRowsMixin, EditableParentInlineMixin, admin.StackedInline):
    model = ExtraSection
    row_key = "extra_sections"
    extra = 0


def workflow_action(name):
    transition = workflow.TRANSITIONS[name]

    def action(modeladmin, request, queryset):
        done = 0
        for note in queryset:
            try:
                workflow.apply(request.user, note, name)
                done += 1
            except (PermissionDenied, ValidationError) as error:
                message = error.messages[0] if isinstance(error, ValidationError) else str(error)
                modeladmin.message_user(request, f"{note.code}: {message}", messages.ERROR)
        if done:
            modeladmin.message_user(
                request, _("%(action)s: %(n)s notat(er).") % {"action": transition.label, "n": done}
            )

    action.__name__ = f"workflow_{name}"
    action.short_description = transition.label
    action.allowed_permissions = ("workflow",)
    return action


@admin.register(BudgetNote)
class BudgetNoteAdmin(
    WritesThroughSaveNote, LimitedSearchMixin, OwnedByNoteMixin, admin.ModelAdmin
):
    note_path = ""
    list_display = [
        "code",
        "title",
        "round",
        "administration",
        "committee",
        "category",
        "status",
        "grand_total",
    ]
    list_display_links = ["code", "title"]
    list_filter = ["round", "administration", "committee", "category", "status"]
    search_fields = ["code", "title"]
    readonly_fields = ["status", "economy_overview", "decision_check", "version"]
    # Steps that need a reason are taken on the note's page, where one is written.
    actions = [
        workflow_action(name)
        for name, transition in workflow.TRANSITIONS.items()
        if not transition.reason_required
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "expected_version",
                    ("round", "code"),
                    "title",
                    ("administration", "committee"),
                    ("category", "status"),
                    ("price_level", "first_year", "last_year", "is_permanent"),
                ]
            },
        ),
        (_("Beregnede totaler"), {"fields": ["economy_overview", "decision_check"]}),
        (
            _("Tekst"),
            {"fields": [*shape.SECTION_NAMES, "effect_layout", "effect_headings", "effect_title"]},
        ),
        (
            _("Øvrige tekniske oplysninger"),
            {
                "fields": [
                    ("allocations_first_year", "allocations_last_year"),
                    ("conversions_first_year", "conversions_last_year", "conversions_price_level"),
                    "citywide",
                    "districts",
                    "address",
                    "districts_not_relevant",
                ]
            },
        ),
    ]

    def get_inlines(self, request, obj):
        """Amount columns follow the note's years, so rows are added once the note exists."""
        if obj is None:
            return []
        return [
            ScenarioInline,
            FundingLineInline,
            AllocationInline,
            ConversionInline,
            EffectRowInline,
            ExtraSectionInline,
        ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_economy()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        user = request.user
        if db_field.name == "administration" and not user.is_superuser:
            kwargs["queryset"] = db_field.related_model.objects.filter(pk=user.administration_id)
            kwargs["initial"] = user.administration_id
        elif db_field.name == "round":
            kwargs["queryset"] = access.writable_rounds(user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        """Districts as checkboxes, as in the editor (filter_horizontal's widget puts an
        aria-label on a span without a role, which screen readers need not read)."""
        if db_field.name == "districts":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_workflow_permission(self, request):
        """Workflow actions are offered to editors (submit) and approvers (the rest)."""
        return access.has_role(request.user, Role.EDITOR) or access.has_role(
            request.user, Role.APPROVER
        )

    @admin.display(description=_("I alt (1.000 kr.)"))
    def grand_total(self, obj):
        return format_amount(obj.economy_table().grand_total)

    @admin.display(description=_("Økonomi"))
    def economy_overview(self, obj):
        if obj is None or obj.pk is None:
            return _("Totalerne beregnes, når notatet er gemt og har linjer.")
        table = obj.economy_table()
        return render_to_string(
            "admin/budgetnotes/economy_overview.html",
            {
                "note": obj,
                "caption": f"1.000 kr., {obj.price_level} p/l",
                "table": table,
                "areas": table.by_steering_area(),
                "allocations": obj.allocations_table(),
                "conversions": obj.conversions_table(),
            },
        )

    @admin.display(description=_("Kontrol af beslutningstekst"))
    def decision_check(self, obj):
        if obj is None or obj.pk is None:
            return "-"
        problems = totals.decision_discrepancies(obj.decision, obj.economy_table())
        return " ".join(problems) if problems else _("Beslutningsteksten stemmer med linjerne.")


class AmountInline(TabularInline):
    extra = 0
    fields = ["year", "amount"]


class FundingAmountInline(AmountInline):
    model = FundingAmount


class AllocationAmountInline(AmountInline):
    model = AllocationAmount


class ConversionAmountInline(AmountInline):
    model = ConversionAmount


class RowWithAmountsAdmin(LimitedSearchMixin, OwnedByNoteMixin, admin.ModelAdmin):
    """A single row with its amounts, to look up and read. Rows are written with their note,
    through the one write path: on the note's admin screen or in the note editor, to which
    this screen links."""

    list_select_related = ["note__round"]

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return ["where_to_edit", *super().get_readonly_fields(request, obj)]

    def get_fields(self, request, obj=None):
        fields = [name for name in super().get_fields(request, obj) if name != "where_to_edit"]
        return ["where_to_edit", *fields]  # first: where the row is changed

    @admin.display(description=_("Rediger"))
    def where_to_edit(self, obj):
        if obj is None or obj.pk is None:
            return ""
        editor = reverse("note-edit", args=[obj.note.round.slug, obj.note.code])
        note_admin = reverse("admin:budgetnotes_budgetnote_change", args=[obj.note_id])
        return format_html(
            'Rækken ændres med sit notat: i <a href="{}">notatets editor</a> eller på '
            '<a href="{}">notatets side i administrationen</a>.',
            editor,
            note_admin,
        )

    @admin.display(description=_("I alt (1.000 kr.)"))
    def row_total(self, obj):
        return format_amount(obj.as_total_line().total)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("amounts")


@admin.register(FundingLine)
class FundingLineAdmin(RowWithAmountsAdmin):
    list_display = [
        "activity",
        "note",
        "steering_area",
        "committee",
        "appropriation_area",
        "row_total",
    ]
    list_filter = ["note__round", "steering_area", "committee"]
    search_fields = ["activity", "note__code"]
    inlines = [FundingAmountInline]
    list_select_related = ["note__round", "committee", "appropriation_area__committee"]


@admin.register(PreviousAllocation)
class PreviousAllocationAdmin(RowWithAmountsAdmin):
    list_display = ["source", "note", "row_total"]
    search_fields = ["source", "note__code"]
    inlines = [AllocationAmountInline]


@admin.register(Conversion)
class ConversionAdmin(RowWithAmountsAdmin):
    list_display = ["text", "note", "row_total"]
    search_fields = ["text", "note__code"]
    inlines = [ConversionAmountInline]
