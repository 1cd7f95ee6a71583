"""Admin mixins that apply budgetnotes.access, the one access rule, to admin screens."""

from operator import attrgetter

from budgetnotes import access


class OwnedByNoteMixin:
    """For a model whose rows belong to a note (or are notes, with note_path = "")."""

    note_path = "note"

    def note_of(self, obj):
        return attrgetter(self.note_path.replace("__", "."))(obj) if self.note_path else obj

    def get_queryset(self, request):
        prefix = f"{self.note_path}__" if self.note_path else ""
        return super().get_queryset(request).filter(access.visibility_q(request.user, prefix))

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and (
            obj is None or access.can_view(request.user, self.note_of(obj))
        )

    def has_add_permission(self, request, *args):
        return super().has_add_permission(request, *args) and access.can_create(request.user)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or access.can_edit(request.user, self.note_of(obj))
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or access.can_edit(request.user, self.note_of(obj))
        )


class EditableParentInlineMixin:
    """Inline rows may change only while the user may change the parent."""

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and (
            obj is None or access.can_edit(request.user, obj)
        )

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or access.can_edit(request.user, obj)
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or access.can_edit(request.user, obj)
        )
