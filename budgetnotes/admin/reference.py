from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import models
from django.utils.translation import gettext_lazy as _

from budgetnotes.admin.inlines import TabularInline
from budgetnotes.admin.search import LimitedSearchMixin
from budgetnotes.models import (
    Administration,
    AppropriationArea,
    BudgetRound,
    Committee,
    District,
    PriceIndex,
    PriceIndexSet,
    User,
)
from budgetnotes.models.prices import index_text
from budgetnotes.prices_import import IndexFileError, read_indices, save_set


@admin.register(Administration)
class AdministrationAdmin(LimitedSearchMixin, admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


class AppropriationAreaInline(TabularInline):
    model = AppropriationArea
    extra = 0


@admin.register(Committee)
class CommitteeAdmin(LimitedSearchMixin, admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]
    inlines = [AppropriationAreaInline]


@admin.register(AppropriationArea)
class AppropriationAreaAdmin(admin.ModelAdmin):
    list_display = ["__str__", "name"]
    list_filter = ["committee"]
    list_select_related = ["committee"]


@admin.register(BudgetRound)
class BudgetRoundAdmin(admin.ModelAdmin):
    list_display = ["round_name", "slug", "kind", "year_display", "is_open"]
    list_filter = ["kind", "is_open"]
    prepopulated_fields = {"slug": ["kind", "year"]}

    @admin.display(description=_("navn"), ordering="year")
    def round_name(self, obj):
        return obj.name

    @admin.display(description=_("år"), ordering="year")
    def year_display(self, obj):
        return str(obj.year)


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]


@admin.register(PriceIndex)
class PriceIndexAdmin(admin.ModelAdmin):
    list_display = ["set", "steering_area", "year_display", "index_shown"]
    list_filter = ["set", "steering_area"]
    # Index figures with a decimal comma (101,7), never a point that reads as thousands.
    formfield_overrides = {models.DecimalField: {"localize": True}}

    @admin.display(description=_("indekstal"), ordering="index")
    def index_shown(self, obj):
        return index_text(obj.index)

    @admin.display(description=_("år"), ordering="year")
    def year_display(self, obj):
        return str(obj.year)


class PriceIndexInline(TabularInline):
    model = PriceIndex
    extra = 0
    formfield_overrides = {models.DecimalField: {"localize": True}}


class PriceIndexSetForm(forms.ModelForm):
    """A new set with its figures from a file, or an existing set's facts."""

    file = forms.FileField(
        label=_("Fil med indekstal (CSV eller .xlsx)"),
        required=False,
        help_text=_(
            "Én række pr. år og styringsområde: år; styringsområde; indeks, fx "
            "»2027;service;120,8«. En første række med overskrifter springes over."
        ),
    )

    class Meta:
        model = PriceIndexSet
        fields = ["name", "published", "is_example", "source"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            if self.instance.pk is None:
                raise forms.ValidationError(_("Vælg filen med det offentliggjorte sæts tal."))
            return None
        if upload.size > 1024 * 1024:
            raise forms.ValidationError(_("Filen må højst fylde 1 MB."))
        try:
            self.rows = read_indices(upload.read(), upload.name)
        except IndexFileError as error:
            raise forms.ValidationError(error.problems) from None
        return upload


@admin.register(PriceIndexSet)
class PriceIndexSetAdmin(admin.ModelAdmin):
    """Sets of price indices; the newest published is the one conversions use. A new set
    is read from the published figures as a file."""

    form = PriceIndexSetForm
    list_display = ["name", "published", "is_example", "index_count"]
    inlines = [PriceIndexInline]

    @admin.display(description=_("indekstal"))
    def index_count(self, obj):
        return obj.indices.count()

    def get_inlines(self, request, obj):
        return [PriceIndexInline] if obj is not None else []

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        saved = save_set(
            name=obj.name,
            published=obj.published,
            is_example=obj.is_example,
            source=obj.source,
            rows=form.rows,
        )
        obj.pk = saved.pk


@admin.register(User)
class UserAdmin(LimitedSearchMixin, DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "administration", "is_staff"]
    list_filter = ["administration", "groups", "is_staff", "is_superuser"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        (_("Forvaltning"), {"fields": ["administration"]}),
        (_("Kommunens login"), {"fields": ["sso_subject"]}),
    ]
    readonly_fields = ["sso_subject"]
    add_fieldsets = [
        *DjangoUserAdmin.add_fieldsets,
        (_("Forvaltning"), {"fields": ["administration"]}),
    ]
