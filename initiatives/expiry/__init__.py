"""Expiring money and its assessment, in plain modules (no views):

- worklist.py: which adopted appropriations expire before a round, by origin;
- services.py: the one write path for assessments (create, save), and the worklist's
  pre-filled assessment;
- followup.py: from verdict to the next budget note;
- sums.py: the catalogue's sums per verdict and steering area;
- history.py: an assessment's history as its reader may see it, changes since a version;
- queries.py and years.py: named reads, and years of expiring and proposed money.
"""

from initiatives.expiry.followup import (
    DEFAULT_COMMITTEE,
    FollowUpError,
    create_follow_up_note,
    default_appropriation,
    follow_up_data,
    follow_up_lines,
    next_note_code,
)
from initiatives.expiry.history import changes_since
from initiatives.expiry.queries import related_hidden_from, with_economy
from initiatives.expiry.services import (
    LINE_FIELDS,
    EconomyLine,
    create_from_worklist,
    line_problems,
    next_number,
    save_assessment,
)
from initiatives.expiry.sums import proposed_years, sums_by_steering_area, sums_by_verdict
from initiatives.expiry.worklist import ExpiringItem, expiring_items, group_by_origin
from initiatives.expiry.years import combine, expiry_year, span

__all__ = [
    "DEFAULT_COMMITTEE",
    "LINE_FIELDS",
    "EconomyLine",
    "ExpiringItem",
    "FollowUpError",
    "changes_since",
    "combine",
    "create_follow_up_note",
    "create_from_worklist",
    "default_appropriation",
    "expiring_items",
    "expiry_year",
    "follow_up_data",
    "follow_up_lines",
    "group_by_origin",
    "line_problems",
    "next_note_code",
    "next_number",
    "proposed_years",
    "related_hidden_from",
    "save_assessment",
    "span",
    "sums_by_steering_area",
    "sums_by_verdict",
    "with_economy",
]
