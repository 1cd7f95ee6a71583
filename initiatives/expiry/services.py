"""The one write path for an expiry assessment: its fields, its economy lines with their
amounts, its related sheets. The page editor, the admin, the import, the demo loader, the
worklist's *Opret vurdering* and the follow-up note all write through `save_assessment`;
it claims the next version (budgetnotes.services.versions, as notes do) and writes only what
changed, so an unchanged import or demo load writes nothing.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from budgetnotes import totals
from budgetnotes.models import BudgetRound
from budgetnotes.numbers import format_amount, format_millions
from budgetnotes.services import Counter, claim_version, prune, sync_amounts, update
from budgetnotes.services.checking import normal_newlines
from initiatives.expiry.queries import related_hidden_from
from initiatives.models import (
    EconomyKind,
    ExpiryAmount,
    ExpiryAssessment,
    ExpiryEconomyLine,
    ExpiryGroup,
)

# The assessment's own fields that its writers set (the round, the links to notes and the
# status are set by their own steps).
FIELDS = (
    "number",
    "title",
    "administration",
    "initiative",
    "origin",
    "group",
    "content",
    "results",
    "economy_text",
    "original_price_level",
    "verdict",
    "adjusted_content",
    "proposed_economy_text",
    "proposed_price_level",
    "source_note",
)
# Those a file or the demo carries as they are; the others are links, found by their keys.
TEXTS = tuple(
    name for name in FIELDS if name not in ("number", "administration", "initiative", "source_note")
)


# An economy line's own fields, as the sheet's form, a file and the demo carry them.
LINE_FIELDS = ("steering_area", "administration", "committee", "label", "of_which")


@dataclass
class EconomyLine:
    """One economy line as it will be written; `id` of the stored line it updates, if any.
    An `of_which` ("heraf") line is a part of the line above it and is not added again."""

    kind: str
    steering_area: str = ""
    administration: object = None
    label: str = ""
    committee: object = None
    amounts: dict = field(default_factory=dict)
    id: int | None = None
    of_which: bool = False


@dataclass
class LineProblem:
    index: int  # in the lines given
    year: int | None
    message: str


def line_problems(lines):
    """What is wrong with the "heraf" lines among `lines` (EconomyLine, in order): one that
    stands under no line of its kind, and the years their amounts come to more than the line
    they are part of (totals.parts_exceeding)."""
    problems = []
    groups = {}  # kind → [(index, line)], the current line and its parts
    for index, line in enumerate(lines):
        place = _("%(kind)s, linje %(n)s") % {
            "kind": EconomyKind(line.kind).label,
            "n": sum(1 for other in lines[: index + 1] if other.kind == line.kind),
        }
        group = groups.get(line.kind)
        if not line.of_which:
            groups[line.kind] = [(index, place, line)]
        elif group is None:
            message = _("en »heraf«-linje skal stå under den linje, den er en del af.")
            problems.append(LineProblem(index, None, f"{place}: {message}"))
        else:
            group.append((index, place, line))
    for group in groups.values():
        (_first, _place, whole), parts = group[0], group[1:]
        total = totals.Line(
            label=whole.label,
            amounts=whole.amounts,
            parts=tuple(totals.Part(committee="", amounts=line.amounts) for _i, _p, line in parts),
        )
        for year, parts_sum, own in totals.parts_exceeding(total):
            index, place = next((i, p) for i, p, line in reversed(parts) if year in line.amounts)
            message = _("»heraf« er i alt %(parts)s, mere end linjen over (%(own)s).") % {
                "parts": format_amount(parts_sum),
                "own": format_amount(own) if year in whole.amounts else _("intet beløb"),
            }
            problems.append(LineProblem(index, year, f"{place}, {year}: {message}"))
    return problems


def next_number(budget_round):
    """The next free catalogue number in the round."""
    highest = ExpiryAssessment.objects.filter(round=budget_round).aggregate(n=Max("number"))["n"]
    return (highest or 0) + 1


@transaction.atomic
def save_assessment(
    values,
    lines=None,
    *,
    assessment=None,
    budget_round=None,
    related=None,
    user=None,
    expected_version=None,
    reason="",
    lines_by_id=False,
):
    """Create (with `budget_round`) or update `assessment` with `values` (model field →
    value), its economy `lines` (EconomyLine, in order; None keeps them) and its `related`
    sheets (None keeps them; sheets `user` may not see stay linked whatever it says).
    With `lines_by_id` (the staff page's form) a line is matched by its id alone, and one
    without an id is new; otherwise (import, demo, follow-up) by kind and position.
    With `expected_version`, a save that meets a newer version raises versions.Conflict.
    Raises django's ValidationError (messages in Danish) and writes nothing on error."""
    counter = Counter()
    claimed = False  # whether this save has claimed the sheet's next version
    started = timezone.now()
    values = {
        name: normal_newlines(value) if isinstance(value, str) else value
        for name, value in values.items()
    }
    if assessment is None:
        obj = ExpiryAssessment(round=budget_round, **values)
        obj._history_user = user
        obj._change_reason = reason
        obj.full_clean()
        obj.save()
        counter.created += 1
    else:
        claimed = expected_version is not None
        if claimed:
            claim_version(ExpiryAssessment, assessment.pk, expected_version)
        obj = ExpiryAssessment.objects.get(pk=assessment.pk)
        if not claimed and any(getattr(obj, name) != value for name, value in values.items()):
            # The sheet's own fields change: claim the next version first, so the history
            # record of this save carries the version it makes (as an editor's save does).
            claim_version(ExpiryAssessment, obj.pk, None)
            obj.refresh_from_db(fields=["version"])
            claimed = True
        obj._change_reason = reason
        update(counter, obj, values, user=user, validate=True)
    recorded = counter.updated > 0  # the sheet's own record of this save is written
    if lines is not None:
        problems = line_problems(lines)
        if problems:
            raise ValidationError([problem.message for problem in problems])
        _sync_lines(counter, obj, lines, user, lines_by_id)
    if related is not None:
        wanted = {*related, *related_hidden_from(user, obj)} if user else set(related)
        if set(obj.related.all()) != wanted:
            obj.related.set(wanted)
            counter.updated += 1
    changed = counter.created or counter.updated or counter.deleted
    if assessment is not None and changed:
        if not claimed:  # only lines, amounts or links changed
            claim_version(ExpiryAssessment, obj.pk, None)
        if not recorded:
            # Only lines, amounts or links changed: the save still gets one record of the
            # sheet, dated when it began, so Historik groups its lines and amounts under it.
            obj.refresh_from_db()
            obj._history_user = user
            obj._change_reason = reason
            obj._history_date = started
            obj.save()
    obj.refresh_from_db()
    return obj


def _sync_lines(counter, assessment, lines, user, by_id):
    """By id: a line with the id of a stored line of this assessment updates it, one without
    is new (the staff page). Otherwise lines are matched by kind and position (import, demo),
    so an unchanged load writes nothing. Stored lines not matched are deleted."""
    stored = list(assessment.economy_lines.all())
    by_pk = {line.pk: line for line in stored}
    by_place = {(line.kind, line.position): line for line in stored}
    positions = {}
    kept = []
    for line in lines:
        position = positions[line.kind] = positions.get(line.kind, 0) + 1
        values = {
            "kind": line.kind,
            "position": position,
            **{name: getattr(line, name) for name in LINE_FIELDS},
        }
        if by_id:
            obj = by_pk.pop(line.id, None) if line.id is not None else None
        else:
            obj = by_place.pop((line.kind, position), None)
        if obj is None:
            obj = ExpiryEconomyLine(assessment=assessment, **values)
            obj._history_user = user
            obj.full_clean()
            obj.save()
            counter.created += 1
        else:
            update(counter, obj, values, user=user, validate=True)
        sync_amounts(counter, ExpiryAmount, "line", obj, line.amounts, user=user)
        kept.append(obj)
    prune(counter, assessment.economy_lines.all(), kept, user=user)


@transaction.atomic
def create_from_worklist(budget_round, item, user):
    """The assessment of an expiring item (initiatives.expiry.worklist), pre-filled: title,
    origin, initiative, the expiring money per steering area and year, p/l, the next free
    number. An existing one is returned as it is: (assessment, created)."""
    BudgetRound.objects.select_for_update().filter(pk=budget_round.pk).first()
    existing = ExpiryAssessment.objects.filter(round=budget_round, source_note=item.note).first()
    if existing is not None:
        return existing, False
    note, table = item.note, item.table
    values = {
        "administration": note.administration,
        "number": next_number(budget_round),
        "title": note.title,
        "initiative": item.initiative,
        "origin": note.round.name,
        "group": ExpiryGroup.BUDGET_AGREEMENT,
        "source_note": note,
        "content": note.resume or note.content,
        "economy_text": _(
            "%(origin)s (%(code)s): %(total)s i alt i %(first)s–%(last)s, %(pl)s p/l."
        )
        % {
            "origin": note.round.name,
            "code": note.code,
            "total": format_millions(table.grand_total),
            "first": table.years[0] if table.years else note.first_year,
            "last": table.years[-1] if table.years else note.last_year,
            "pl": note.price_level,
        },
        "original_price_level": note.price_level,
        "proposed_price_level": budget_round.first_year,
    }
    lines = []
    for area, area_table in table.by_steering_area().items():
        used = {year for row in area_table.lines for year in row.amounts}
        amounts = {year: amount for year, amount in area_table.year_totals.items() if year in used}
        lines.append(EconomyLine(EconomyKind.ORIGINAL, steering_area=area, amounts=amounts))
    assessment = save_assessment(
        values,
        lines,
        budget_round=budget_round,
        user=user,
        reason=_("Oprettet fra udløbslisten"),
    )
    return assessment, True
