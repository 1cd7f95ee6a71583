from budgetnotes.admin import notes, reference  # noqa: F401  (registers the admin classes)
