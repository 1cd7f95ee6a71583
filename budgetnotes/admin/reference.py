from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from budgetnotes.admin.search import LimitedSearchMixin
from budgetnotes.models import (
    Administration,
    AppropriationArea,
    BudgetRound,
    Committee,
    District,
    PriceIndex,
    User,
)


@admin.register(Administration)
class AdministrationAdmin(LimitedSearchMixin, admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


class AppropriationAreaInline(admin.TabularInline):
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
    list_display = ["name", "slug", "kind", "year_display", "is_open"]
    list_filter = ["kind", "is_open"]
    prepopulated_fields = {"slug": ["kind", "year"]}

    @admin.display(description=_("år"), ordering="year")
    def year_display(self, obj):
        return str(obj.year)


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]


@admin.register(PriceIndex)
class PriceIndexAdmin(admin.ModelAdmin):
    list_display = ["steering_area", "year_display", "index", "is_example"]
    list_filter = ["steering_area", "is_example"]

    @admin.display(description=_("år"), ordering="year")
    def year_display(self, obj):
        return str(obj.year)


@admin.register(User)
class UserAdmin(LimitedSearchMixin, DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "administration", "is_staff"]
    list_filter = ["administration", "groups", "is_staff", "is_superuser"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        (_("Forvaltning"), {"fields": ["administration"]}),
    ]
    add_fieldsets = [
        *DjangoUserAdmin.add_fieldsets,
        (_("Forvaltning"), {"fields": ["administration"]}),
    ]
