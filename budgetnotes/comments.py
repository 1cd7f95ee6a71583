"""Comments on a note, the read side: where a comment may sit (its anchor) and how that is
named, the threads of a note as its readers see them, and the open counts.

The one access rule: a comment is read by exactly those who may read its note
(access.can_view / visibility_q); it is written by the note's administration's editors and
approvers while the round takes changes (access.can_comment). The write side is
budgetnotes.services.comments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.text import Truncator

from budgetnotes import access, shape
from budgetnotes.models import BudgetNote, Comment

if TYPE_CHECKING:
    from django.db.models import QuerySet

WHOLE_NOTE = "Notatet som helhed"
REMOVED_ROW = "en række, der er slettet"
# "@redaktor" names a user by user name in a comment's text.
MENTION = re.compile(r"(?<![\w.@])@([\w.+-]+)")

# The kinds of row a comment may sit on, in the order the note prints them.
ROW_KINDS = ("funding_lines", "allocations", "conversions", "effect_rows", "extra_sections")


@dataclass(frozen=True)
class Anchor:
    """Where a comment sits: the whole note, a text section, or a row (and maybe a year)."""

    section: str = ""
    row_kind: str = ""
    row_id: int | None = None
    year: int | None = None

    @property
    def value(self) -> str:
        """The anchor as the form's choice names it (without the year)."""
        if self.section:
            return f"section:{self.section}"
        if self.row_kind:
            return f"row:{self.row_kind}:{self.row_id}"
        return ""

    @classmethod
    def of(cls, comment: Comment) -> Anchor:
        return cls(comment.section, comment.row_kind, comment.row_id, comment.year)


def parse(value: str, year: Any = None) -> Anchor | None:
    """The anchor a form's choice names, or None when it names nothing of a note."""
    year_value = int(year) if str(year or "").isdigit() else None
    if not value:
        return Anchor()
    kind, _sep, rest = value.partition(":")
    if kind == "section" and rest in shape.SECTION_NAMES:
        return Anchor(section=rest)
    if kind == "row":
        row_kind, _sep, row_id = rest.partition(":")
        if row_kind in ROW_KINDS and row_id.isdigit():
            return Anchor(row_kind=row_kind, row_id=int(row_id), year=year_value)
    return None


@dataclass
class Place:
    anchor: Anchor
    label: str
    years: tuple[int, ...] = ()


def places(note: BudgetNote) -> list[Place]:
    """Every place of `note` a comment may sit, in print order, with its Danish name."""
    found = [Place(Anchor(), WHOLE_NOTE)]
    found += [
        Place(Anchor(section=section.name), f"Afsnittet »{section.heading}«")
        for section in shape.SECTIONS
    ]
    years = tuple(note.years) if getattr(note, "years", None) else ()
    for key in ROW_KINDS:
        kind = shape.ROW_KIND[key]
        for number, row in enumerate(getattr(note, key).all(), start=1):
            name = Truncator(str(getattr(row, kind.label_field, "") or "").strip()).chars(60)
            label = f"{kind.history_label} {number}" + (f": {name}" if name else "")
            found.append(
                Place(
                    Anchor(row_kind=key, row_id=row.pk),
                    label,
                    years if kind.amount_model_name else (),
                )
            )
    return found


def place_label(anchor: Anchor, labels: dict[str, str]) -> str:
    """The Danish name of where a comment sits; `labels` is {anchor value: label}."""
    label = labels.get(anchor.value, REMOVED_ROW.capitalize() if anchor.row_kind else WHOLE_NOTE)
    return f"{label}, {anchor.year}" if anchor.year else label


@dataclass
class Thread:
    comment: Comment
    place: str
    replies: list[Comment] = field(default_factory=list)


def threads(note: BudgetNote, user: Any) -> list[Thread]:
    """The note's threads as `user` reads them (none if they may not read the note): open
    ones first, each with its replies in order."""
    if not access.can_view(user, note):
        return []
    labels = {place.anchor.value: place.label for place in places(note)}
    comments = list(note.comments.select_related("author", "resolved_by").order_by("created_at"))
    by_thread: dict[int, Thread] = {}
    for comment in comments:
        if comment.parent_id is None:
            by_thread[comment.pk] = Thread(comment, place_label(Anchor.of(comment), labels))
    for comment in comments:
        if comment.parent_id in by_thread:
            by_thread[comment.parent_id].replies.append(comment)
    return sorted(by_thread.values(), key=lambda thread: not thread.comment.is_open)


def open_q(prefix: str = "") -> Q:
    """Open comments, from a note (`prefix` "comments__")."""
    return Q(**{f"{prefix}parent__isnull": True, f"{prefix}resolved_at__isnull": True})


def open_count(note: BudgetNote) -> int:
    return Comment.objects.filter(open_q(), note=note).count()


def with_open_counts(notes: QuerySet[BudgetNote]) -> QuerySet[BudgetNote]:
    """`notes` each with `open_comments`: its number of open comments (a subquery on the
    open-comments index, so the round page's query stays one)."""
    counted = (
        Comment.objects.filter(open_q(), note=OuterRef("pk"))
        .order_by()
        .values("note")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return notes.annotate(open_comments=Coalesce(Subquery(counted[:1]), 0))


def readable(user: Any) -> QuerySet[Comment]:
    """Every comment `user` may read: those of the notes they may read."""
    return Comment.objects.filter(access.visibility_q(user, "note__"))


def mentioned_names(text: str) -> list[str]:
    return list(dict.fromkeys(MENTION.findall(text)))
