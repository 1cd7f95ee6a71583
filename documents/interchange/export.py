"""Export: a round's notes and assessments as the interchange file's data. Deterministic:
exporting, importing into an empty database and exporting again gives the identical file."""

import json

from django.db.models import Q

from budgetnotes import access
from budgetnotes import comments as comment_places
from budgetnotes.models import Administration, AppropriationArea, BudgetNote, Comment, Committee
from budgetnotes.services import note_to_data
from documents.interchange.reading import FORMAT
from initiatives.expiry.queries import ECONOMY
from initiatives.financing import with_initiatives
from initiatives.models import ExpiryAssessment, Initiative


def _initiative_data(initiative):
    return {
        "name": initiative.name,
        "code": initiative.code,
        "administration": initiative.administration.code,
        "parent": initiative.parent.name if initiative.parent_id else None,
    }


def assessment_to_data(assessment):
    def amounts(line):
        return {str(a.year): a.amount for a in sorted(line.amounts.all(), key=lambda a: a.year)}

    return {
        "number": assessment.number,
        "title": assessment.title,
        "administration": assessment.administration.code,
        "initiative": assessment.initiative.name if assessment.initiative_id else None,
        "origin": assessment.origin,
        "group": assessment.group,
        "status": assessment.status,
        "source_note": _note_ref(assessment.source_note),
        "follow_up_note": _note_ref(assessment.follow_up_note),
        "content": assessment.content,
        "results": assessment.results,
        "economy_text": assessment.economy_text,
        "original_price_level": assessment.original_price_level,
        "verdict": assessment.verdict,
        "adjusted_content": assessment.adjusted_content,
        "proposed_economy_text": assessment.proposed_economy_text,
        "proposed_price_level": assessment.proposed_price_level,
        "related": sorted(other.number for other in assessment.related.all()),
        "economy_lines": [
            {
                "kind": line.kind,
                "label": line.label,
                "steering_area": line.steering_area,
                "administration": line.administration.code if line.administration_id else None,
                "committee": line.committee.code if line.committee_id else None,
                "of_which": line.of_which,
                "amounts": amounts(line),
            }
            for line in assessment.economy_lines.all()
        ],
    }


def _note_ref(note):
    return {"round": note.round.slug, "code": note.code} if note else None


def comments_data(notes):
    """The comments of `notes` (already those the reader may read), thread by thread; a row
    is named by its kind and its place (1, 2, …) in the note, as the file names rows."""
    positions = {
        (key, row.pk): number
        for note in notes
        for key in comment_places.ROW_KINDS
        for number, row in enumerate(getattr(note, key).all(), start=1)
    }
    codes = {note.pk: note.code for note in notes}
    rows = Comment.objects.filter(note__in=notes).select_related("author", "resolved_by")
    threads, replies = [], {}
    for comment in rows.order_by("created_at", "pk"):
        if comment.parent_id:
            replies.setdefault(comment.parent_id, []).append(comment)
        else:
            threads.append(comment)

    def one(comment, with_place=True):
        item = {"note": codes[comment.note_id]}
        if with_place and comment.section:
            item["section"] = comment.section
        if with_place and comment.row_kind:
            item["row"] = {
                "kind": comment.row_kind,
                "position": positions.get((comment.row_kind, comment.row_id)),
            }
        if with_place and comment.year:
            item["year"] = comment.year
        item |= {
            "author": comment.author.username if comment.author else None,
            "created_at": comment.created_at.isoformat(),
            "text": comment.text,
        }
        if with_place:
            item["resolved_at"] = comment.resolved_at.isoformat() if comment.resolved_at else None
            item["resolved_by"] = comment.resolved_by.username if comment.resolved_by else None
            item["replies"] = [one(reply, False) for reply in replies.get(comment.pk, [])]
        return item

    threads.sort(key=lambda comment: (codes[comment.note_id], comment.created_at, comment.pk))
    return [one(comment) for comment in threads]


def export_round(budget_round, user=None, with_comments=False):
    """The round's notes and assessments as plain data: everything (the command), or with
    `user` only what that user may read; `with_comments` adds the notes' comments (off by
    default: they are review talk, not the notes)."""
    notes = BudgetNote.objects.filter(round=budget_round)
    visible = access.visibility_q(user) if user is not None else Q()
    notes = notes.filter(visible)
    notes = list(
        notes.with_everything()
        .prefetch_related("funding_lines__financing__initiative")
        .order_by("code")
    )
    assessments = list(
        ExpiryAssessment.objects.filter(visible, round=budget_round)
        .select_related(
            "administration", "initiative", "source_note__round", "follow_up_note__round"
        )
        .prefetch_related(
            "related",
            *ECONOMY,
        )
        .order_by("number")
    )
    note_data = [with_initiatives(note, note_to_data(note)) for note in notes]
    assessment_data = [assessment_to_data(assessment) for assessment in assessments]

    lines = [line for note in note_data for line in note["funding_lines"]]
    parts = [part for line in lines for part in line.get("parts", [])]
    committees = {row["committee"] for row in [*lines, *parts]}
    committees |= {note["committee"] for note in note_data}
    committees |= {
        line["committee"]
        for item in assessment_data
        for line in item["economy_lines"]
        if line.get("committee")
    }
    areas = {(row["committee"], row["appropriation"]) for row in [*lines, *parts]}
    administrations = {note["administration"] for note in note_data}
    administrations |= {item["administration"] for item in assessment_data}
    administrations |= {
        line["administration"]
        for item in assessment_data
        for line in item["economy_lines"]
        if line["administration"]
    }
    # Initiatives are named within their administration: a line's is its note's.
    named = {
        (note["administration"], line["initiative"])
        for note in note_data
        for line in note["funding_lines"]
        if line["initiative"]
    } | {
        (item["administration"], item["initiative"])
        for item in assessment_data
        if item["initiative"]
    }
    wanted = Q(pk__in=[])
    for administration, name in named:
        wanted |= Q(administration__code=administration, name=name)
    initiatives = list(Initiative.objects.filter(wanted).select_related("administration", "parent"))
    parents = [i.parent for i in initiatives if i.parent_id and i.parent not in initiatives]
    initiatives = sorted({*initiatives, *parents}, key=lambda i: (i.parent_id is not None, i.name))
    administrations |= {initiative.administration.code for initiative in initiatives}

    exported = {
        "format": FORMAT,
        "round": {
            "slug": budget_round.slug,
            "kind": budget_round.kind,
            "year": budget_round.year,
            "is_open": budget_round.is_open,
        },
        "reference": {
            "administrations": [
                {"code": a.code, "name": a.name}
                for a in Administration.objects.filter(code__in=administrations).order_by("code")
            ],
            "committees": [
                {"code": c.code, "name": c.name}
                for c in Committee.objects.filter(code__in=committees).order_by("code")
            ],
            "appropriation_areas": [
                {"committee": a.committee.code, "number": a.number, "name": a.name}
                for a in AppropriationArea.objects.select_related("committee")
                if (a.committee.code, a.number) in areas
            ],
            "initiatives": [_initiative_data(initiative) for initiative in initiatives],
        },
        "notes": note_data,
        "expiry_assessments": assessment_data,
    }
    if with_comments:
        exported["comments"] = comments_data(notes)
    return exported


def dumps(data):
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
