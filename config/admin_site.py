"""The admin site, with Django's "view on site" jump checked against the access rule, and
the registry's own login and logout (single sign-on).

Django's own route (/admin/r/<content type>/<id>/) redirects any staff user to any object's
page, so its address (round and code of another administration's draft) leaked. Here it
answers only for objects the object's own admin screen would show the user.

Outside the budgetnotes.admin package on purpose: importing that package registers the admin
classes, which must find this site already made.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.http import Http404
from django.urls import path, reverse


class BudgetAdminSite(admin.AdminSite):
    site_header = "Budgetnotatregister – administration"
    site_title = "Budgetnotatregister"
    index_title = "Administration"

    def get_urls(self):
        urls = super().get_urls()
        checked = path(
            "r/<int:content_type_id>/<path:object_id>/",
            self.admin_view(self.view_on_site),
            name="view_on_site",
        )
        return [checked if getattr(url, "name", None) == "view_on_site" else url for url in urls]

    def login(self, request, extra_context=None):
        """The registry's own login page (config.sso_views.LoginView): single sign-on and the
        DJANGO_LOCAL_LOGIN switch hold for the admin too."""
        target = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        return redirect_to_login(target)

    def logout(self, request, extra_context=None):
        """Django's admin logout, ending a single sign-on login at the provider too."""
        from config.sso_views import end_at_provider, provider_logout

        provider_url = provider_logout(request)  # before the session is emptied
        return end_at_provider(request, super().logout(request, extra_context), provider_url)

    def view_on_site(self, request, content_type_id, object_id):
        try:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
        except ContentType.DoesNotExist:
            raise Http404("Ukendt indholdstype.") from None
        model_admin = self._registry.get(model)
        if model_admin is None:
            raise Http404("Siden findes ikke.")
        obj = model_admin.get_object(request, unquote(object_id))
        if obj is None or not model_admin.has_view_or_change_permission(request, obj):
            raise Http404("Siden findes ikke, eller du kan ikke se den.")
        return shortcut(request, content_type_id, object_id)
