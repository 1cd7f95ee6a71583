"""The access log in the admin: read-only, for the reference-data role (Budgetadministrator,
config/roles.py) and superusers. Nobody adds, changes or deletes a row here; `manage.py
cleanup` deletes what is older than ACCESS_LOG_RETENTION."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from operations.models import AccessLog

NO_OBJECT = "-"


class ObjectTypeFilter(admin.SimpleListFilter):
    """The object types in the log, and "Intet objekt" for the rows without one (logins):
    Django's own filter would list the empty type as a link without text."""

    title = _("objekttype")
    parameter_name = "object_type"

    def lookups(self, request, model_admin):
        types = model_admin.get_queryset(request).order_by().values_list("object_type", flat=True)
        named = sorted({kind for kind in types.distinct() if kind})
        return [(kind, kind) for kind in named] + [(NO_OBJECT, _("Intet objekt"))]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        return queryset.filter(object_type="" if value == NO_OBJECT else value)


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    list_display = ["at", "username", "action", "purpose", "object_label", "address"]
    list_filter = ["action", ObjectTypeFilter, ("at", admin.DateFieldListFilter)]
    search_fields = ["username", "object_label", "purpose", "request_id"]
    date_hierarchy = "at"
    list_per_page = 100
    show_full_result_count = False  # a count of a large log costs more than the page
    readonly_fields = [field.name for field in AccessLog._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
