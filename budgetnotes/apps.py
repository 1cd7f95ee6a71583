from django.apps import AppConfig


class BudgetnotesConfig(AppConfig):
    name = "budgetnotes"
    verbose_name = "Budgetnotater"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from budgetnotes.security import IdleSessionMiddleware

        user_logged_in.connect(IdleSessionMiddleware.logged_in, dispatch_uid="idle-session-login")
