"""The access log in the admin: read-only, for the reference-data role (Budgetadministrator,
config/roles.py) and superusers. Nobody adds, changes or deletes a row here; `manage.py
cleanup` deletes what is older than ACCESS_LOG_RETENTION."""

from django.contrib import admin

from operations.models import AccessLog


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    list_display = ["at", "username", "action", "purpose", "object_label", "address"]
    list_filter = ["action", "object_type", ("at", admin.DateFieldListFilter)]
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
