from django.apps import AppConfig


class BudgetnotesConfig(AppConfig):
    name = "budgetnotes"
    verbose_name = "Budgetnotater"

    def ready(self):
        from budgetnotes.pdf import checks  # noqa: F401 - registers the PDF job folder check
