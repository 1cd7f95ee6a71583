"""Admin for initiatives and expiry assessments, under the same access rule as the pages.

Amounts per year are edited on the assessment page (/<round>/udloeb/<nr>/rediger/); the admin
shows the economy lines and their totals.
"""

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from budgetnotes import access
from budgetnotes.admin.access import OwnedByNoteMixin
from budgetnotes.admin.inlines import TabularInline
from budgetnotes.admin.search import LimitedSearchMixin
from budgetnotes.admin.versioned import VersionedAdminForm
from budgetnotes.models import Administration
from budgetnotes.numbers import format_amount
from budgetnotes.services import Conflict
from initiatives import expiry
from initiatives.expiry import LINE_FIELDS
from initiatives.expiry.queries import ECONOMY
from initiatives.models import ExpiryAssessment, ExpiryEconomyLine, Goal, Initiative, TargetGroup
from initiatives.views.common import is_editor_of


class TargetGroupInline(admin.StackedInline):
    model = TargetGroup
    extra = 0
    show_change_link = True


class GoalInline(TabularInline):
    model = Goal
    extra = 0


class InitiativeEditorMixin:
    """Every logged-in staff user reads; Redaktør of the administration changes."""

    def initiative_of(self, obj):
        return obj

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or is_editor_of(request.user, self.initiative_of(obj).administration_id)
        )

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj) and super().has_delete_permission(
            request, obj
        )

    def has_add_permission(self, request, *args):
        user = request.user
        return super().has_add_permission(request, *args) and is_editor_of(
            user, user.administration_id
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """Editors create and move things only within their own administration."""
        user = request.user
        if not user.is_superuser:
            if db_field.name == "administration":
                kwargs["queryset"] = Administration.objects.filter(pk=user.administration_id)
            elif db_field.name == "initiative":
                kwargs["queryset"] = Initiative.objects.filter(
                    administration_id=user.administration_id
                )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Initiative)
class InitiativeAdmin(LimitedSearchMixin, InitiativeEditorMixin, admin.ModelAdmin):
    list_display = ["name", "code", "administration", "parent"]
    list_filter = ["administration"]
    search_fields = ["name", "code", "description"]
    inlines = [TargetGroupInline]
    autocomplete_fields = ["parent"]


@admin.register(TargetGroup)
class TargetGroupAdmin(InitiativeEditorMixin, admin.ModelAdmin):
    list_display = ["name", "initiative", "position"]
    inlines = [GoalInline]

    def initiative_of(self, obj):
        return obj.initiative

    def get_readonly_fields(self, request, obj=None):
        return ["initiative"] if obj else []

    def has_module_permission(self, request):
        return False


class EconomyLineInline(TabularInline):
    """The sheet's economy, to read: lines and amounts are edited on the sheet's own page
    (the editor writes them through the one write path, with the sheet)."""

    model = ExpiryEconomyLine
    extra = 0
    fields = ("kind", "position", *LINE_FIELDS, "line_total")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("I alt"))
    def line_total(self, obj):
        return format_amount(obj.as_total_line().total) if obj.pk else ""


class AssessmentAdminForm(VersionedAdminForm):
    stale_message = _(
        "Vurderingen er gemt af en anden, siden du åbnede den (nu version %(v)s). "
        "Åbn den igen for at se ændringerne; intet er gemt."
    )

    class Meta:
        model = ExpiryAssessment
        fields = ["round", *expiry.services.FIELDS, "related"]


@admin.register(ExpiryAssessment)
class ExpiryAssessmentAdmin(LimitedSearchMixin, OwnedByNoteMixin, admin.ModelAdmin):
    note_path = ""
    list_display = ["number", "title", "round", "group", "verdict", "status", "proposed_total"]
    list_display_links = ["number", "title"]
    list_filter = ["round", "group", "verdict", "status", "administration"]
    search_fields = ["title", "origin", "content"]
    # The linked notes are shown by the access rule (a note the user may not read: nothing),
    # never as raw fields, and never changed here.
    exclude = ["source_note", "follow_up_note"]
    readonly_fields = ["status", "version", "source_note_shown", "follow_up_note_shown"]
    inlines = [EconomyLineInline]
    form = AssessmentAdminForm

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("round", "administration")
            .prefetch_related(*ECONOMY)
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        user = request.user
        if db_field.name == "administration" and not user.is_superuser:
            kwargs["queryset"] = Administration.objects.filter(pk=user.administration_id)
        elif db_field.name == "initiative" and not user.is_superuser:
            kwargs["queryset"] = Initiative.objects.filter(administration_id=user.administration_id)
        elif db_field.name == "round":
            kwargs["queryset"] = access.writable_rounds(user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "related":
            # Checkboxes, as on the sheet's page (filter_horizontal's widget puts an aria-label
            # on a span without a role, which screen readers need not read).
            kwargs["widget"] = forms.CheckboxSelectMultiple
            # Sheets of the same round that the user may read (as the staff page's form):
            # a link is mutual, so linking across rounds would change a closed round's sheet.
            sheet = request.resolver_match.kwargs.get("object_id")
            same_round = ExpiryAssessment.objects.filter(pk=sheet).values("round")
            rounds = same_round if sheet else access.writable_rounds(request.user)
            kwargs["queryset"] = (
                ExpiryAssessment.objects.filter(access.visibility_q(request.user))
                .filter(round__in=rounds)
                .exclude(pk=sheet)
                .select_related("round")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_exclude(self, request, obj=None):
        """Shown read-only, Django would list every linked sheet, hidden drafts too: then the
        links are shown by related_shown instead."""
        exclude = list(super().get_exclude(request, obj) or ())
        if obj is not None and not self.has_change_permission(request, obj):
            exclude.append("related")
        return exclude

    def get_readonly_fields(self, request, obj=None):
        """A sheet stays in its round (its number is the round's): shown, not offered."""
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields.append("round")
        if obj is not None and not self.has_change_permission(request, obj):
            fields.append("related_shown")
        return fields

    def get_object(self, request, object_id, from_field=None):
        """The sheet, with its linked notes as this user may see them (for the fields below)."""
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            obj.notes_shown = {
                name: f"{note.code} {note.title}"
                for name in ("source_note", "follow_up_note")
                if (note := getattr(obj, name)) is not None and access.can_view(request.user, note)
            }
            visible = obj.related.filter(access.visibility_q(request.user)).order_by("number")
            obj.related_visible = ", ".join(str(sheet) for sheet in visible) or "–"
        return obj

    @admin.display(description=_("relaterede vurderinger"))
    def related_shown(self, obj):
        return getattr(obj, "related_visible", "–")

    @admin.display(description=_("udløbende notat"))
    def source_note_shown(self, obj):
        return getattr(obj, "notes_shown", {}).get("source_note", "–")

    @admin.display(description=_("opfølgende budgetnotat"))
    def follow_up_note_shown(self, obj):
        return getattr(obj, "notes_shown", {}).get("follow_up_note", "–")

    @admin.display(description=_("Foreslået i alt"))
    def proposed_total(self, obj):
        return format_amount(obj.proposed_table.grand_total)

    def save_model(self, request, obj, form, change):
        """Through the one write path for assessments, against the form's version."""
        values = {
            name: form.cleaned_data[name]
            for name in (*expiry.services.FIELDS, "status")
            if name in form.cleaned_data
        }
        related = form.cleaned_data.get("related")
        saved = expiry.save_assessment(
            values,
            assessment=obj if change else None,
            budget_round=form.cleaned_data.get("round", obj.round if change else None),
            related=list(related) if related is not None else None,
            user=request.user,
            expected_version=form.cleaned_data.get("expected_version") if change else None,
        )
        obj.pk = saved.pk
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        # The related sheets are written by save_model, the lines on the sheet's page; the
        # admin's change message reads these.
        for formset in formsets:
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except Conflict as error:
            messages.error(request, f"{error} Intet er gemt.")
        return HttpResponseRedirect(request.path)
