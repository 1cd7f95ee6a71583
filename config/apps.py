from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate


class ConfigConfig(AppConfig):
    """The wiring: settings, URLs, the guards at the door, the roles, the demo, backups."""

    default = True
    name = "config"
    verbose_name = "Opsætning"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from config.roles import sync_roles
        from config.security import IdleSessionMiddleware

        user_logged_in.connect(IdleSessionMiddleware.logged_in, dispatch_uid="idle-session-login")
        post_migrate.connect(sync_roles, sender=self, dispatch_uid="sync-roles")


class BudgetAdminConfig(admin_apps.AdminConfig):
    """Django's admin with our site (config.admin_site): "view on site" checks access."""

    default = False
    default_site = "config.admin_site.BudgetAdminSite"
