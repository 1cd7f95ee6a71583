"""Admin search within the limits of budgetnotes.limits: the first words only, and said so."""

from django.contrib import messages

from budgetnotes import limits


class LimitedSearchMixin:
    def get_search_results(self, request, queryset, search_term):
        words, notice = limits.search_words(search_term)
        match = getattr(request, "resolver_match", None)
        if notice and not (match and match.url_name == "autocomplete"):  # a page, not JSON
            messages.info(request, notice)
        return super().get_search_results(request, queryset, " ".join(words))
