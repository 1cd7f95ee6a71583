from django.apps import AppConfig


class BudgetnotesConfig(AppConfig):
    name = "budgetnotes"
    verbose_name = "Budgetnotater"
