from django.apps import AppConfig


class BudgetnotesConfig(AppConfig):
    """The note domain: budget notes, their rows and totals, rounds, organisation, access."""

    name = "budgetnotes"
    verbose_name = "Budgetnotater"
