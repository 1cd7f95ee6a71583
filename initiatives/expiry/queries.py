"""Named reads of expiry assessments."""

from budgetnotes.access import visibility_q

# What an assessment's economy tables read (its lines, their amounts and owners).
ECONOMY = ("economy_lines__amounts", "economy_lines__administration", "economy_lines__committee")


def with_economy(queryset):
    return queryset.select_related(
        "round", "administration", "initiative", "source_note__round", "follow_up_note__round"
    ).prefetch_related(*ECONOMY)


def related_hidden_from(user, assessment):
    """The assessment's related sheets that `user` may not see: a form showing only the
    visible ones must not drop these links when it saves."""
    if assessment.pk is None:
        return []
    return list(assessment.related.exclude(visibility_q(user)))
