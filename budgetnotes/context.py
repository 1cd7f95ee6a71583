"""Template context for every page: the user's work queues with their counts, for the
navigation (budgetnotes.queues). Lazy: the query runs only where a page shows them (the
site header), never for a partial or a download."""

from django.utils.functional import SimpleLazyObject

from budgetnotes import queues
from budgetnotes.pages.lookup import load_roles


def work_queues(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"work_queues": SimpleLazyObject(lambda: queues.counts(load_roles(user)))}
