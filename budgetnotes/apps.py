from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class BudgetnotesConfig(AppConfig):
    default = True
    name = "budgetnotes"
    verbose_name = "Budgetnotater"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from budgetnotes.pdf import checks  # noqa: F401 - registers the PDF job folder check
        from budgetnotes.security import IdleSessionMiddleware

        user_logged_in.connect(IdleSessionMiddleware.logged_in, dispatch_uid="idle-session-login")


class BudgetAdminConfig(admin_apps.AdminConfig):
    """Django's admin with our site (budgetnotes.admin_site): "view on site" checks access."""

    default = False
    default_site = "budgetnotes.admin_site.BudgetAdminSite"
