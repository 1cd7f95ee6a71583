"""Writing comments: a new comment on a place of a note, a reply, Løst and Genåbn. Each is
refused in Danish (CommentError) unless the user may comment on the note
(access.can_comment), and records its notifications (a reply: the thread's earlier
writers; a mention "@brugernavn": that user) in the same transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from budgetnotes import access, comments, limits, notifications
from budgetnotes.models import BudgetNote, Comment


class CommentError(ValueError):
    """Why a comment was not written, in Danish, for the form's field `field`."""

    def __init__(self, message: str, field: str = "text"):
        super().__init__(message)
        self.field = field


def _check(user: Any, note: BudgetNote, text: str | None = None) -> str:
    if not access.can_comment(user, note):
        raise CommentError(
            "Du kan ikke kommentere dette notat: kun forvaltningens redaktører og godkendere "
            "kan, mens runden er åben.",
            field="",
        )
    if text is None:
        return ""
    text = text.strip()
    if not text:
        raise CommentError("Skriv en kommentar.")
    if len(text) > limits.COMMENT_CHARS:
        raise CommentError(
            f"Kommentaren er for lang: {len(text)} tegn, højst {limits.COMMENT_CHARS}."
        )
    if Comment.objects.filter(note=note).count() >= limits.COMMENTS_PER_NOTE:
        raise CommentError(
            f"Notatet har allerede {limits.COMMENTS_PER_NOTE} kommentarer og svar, det højeste "
            "antal. Markér nogle som løst, eller slet notatets gamle tråde i administrationen."
        )
    return text


def _place(note: BudgetNote, anchor: comments.Anchor | None) -> comments.Anchor:
    """The anchor, if it is a place of this note (a row of it, a year of its years)."""
    if anchor is None:
        raise CommentError("Vælg, hvor i notatet kommentaren hører til.", field="place")
    if not anchor.row_kind:
        return anchor
    place = next((p for p in comments.places(note) if p.anchor.value == anchor.value), None)
    if place is None:
        raise CommentError(
            "Rækken findes ikke længere i notatet. Vælg en anden plads.", field="place"
        )
    if anchor.year is not None and anchor.year not in place.years:
        raise CommentError("Året hører ikke til rækken. Vælg et af notatets år.", field="year")
    return anchor


@transaction.atomic
def add(user: Any, note: BudgetNote, text: str, anchor: comments.Anchor | None) -> Comment:
    text = _check(user, note, text)
    anchor = _place(note, anchor)
    comment = Comment.objects.create(
        note=note,
        author=user,
        text=text,
        section=anchor.section,
        row_kind=anchor.row_kind,
        row_id=anchor.row_id,
        year=anchor.year,
    )
    notifications.record_comment(user, comment)
    return comment


@transaction.atomic
def reply(user: Any, thread: Comment, text: str) -> Comment:
    note = thread.note
    text = _check(user, note, text)
    if thread.parent is not None:  # a reply to a reply goes in its thread
        thread = thread.parent
    answer = Comment.objects.create(note=note, parent=thread, author=user, text=text)
    notifications.record_comment(user, answer)
    return answer


def _thread(comment: Comment) -> Comment:
    if comment.parent_id is not None:
        raise CommentError("Kun en tråd kan markeres som løst eller genåbnes.", field="")
    return comment


@transaction.atomic
def resolve(user: Any, comment: Comment) -> Comment:
    _check(user, comment.note)
    comment = _thread(comment)
    if comment.resolved_at is None:
        comment.resolved_at = timezone.now()
        comment.resolved_by = user
        comment.save(update_fields=["resolved_at", "resolved_by"])
    return comment


@transaction.atomic
def reopen(user: Any, comment: Comment) -> Comment:
    _check(user, comment.note)
    comment = _thread(comment)
    if comment.resolved_at is not None:
        comment.resolved_at = None
        comment.resolved_by = None
        comment.save(update_fields=["resolved_at", "resolved_by"])
    return comment
