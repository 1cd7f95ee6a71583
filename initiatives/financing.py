"""Which initiative each funding line pays for (initiatives.models.Financing).

The note domain writes notes without knowing initiatives; the interchange file, the demo data
and the follow-up note name a line's initiative in the line's data ("initiative": name).
`save_note_with_initiatives` writes such data: the note through save_note, the lines'
initiatives beside it, all or nothing, and an initiative is looked up only within the note's
own administration, so another's (same-named or not) is never picked.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from budgetnotes.extensions import LineLink
from budgetnotes.models import Administration, BudgetNote
from budgetnotes.services import NoteDataError, normalize, note_to_data, save_note
from budgetnotes.services.checking import Checker
from initiatives.models import Financing, Initiative

LINES = "funding_lines"


def line_initiatives(note):
    """The initiative's name for each of the note's funding lines, in order (None: none)."""
    names = []
    for line in note.funding_lines.all():
        financing = getattr(line, "financing", None)
        names.append(financing.initiative.name if financing else None)
    return names


def with_initiatives(note, data):
    """The note's data (services.note_to_data) with each line's initiative, placed before its
    amounts as the interchange file has it."""
    lines = []
    for line, name in zip(data[LINES], line_initiatives(note), strict=True):
        amounts = line.get("amounts")
        line = {key: value for key, value in line.items() if key != "amounts"}
        line["initiative"] = name
        if amounts is not None:
            line["amounts"] = amounts
        lines.append(line)
    return {**data, LINES: lines}


def without_initiatives(data):
    """`data` without the lines' initiatives, and the names, one per line."""
    lines = data.get(LINES) if isinstance(data, dict) else None
    if not isinstance(lines, list):
        return data, []
    names = [line.get("initiative") if isinstance(line, dict) else None for line in lines]
    bare = [
        {key: value for key, value in line.items() if key != "initiative"}
        if isinstance(line, dict)
        else line
        for line in lines
    ]
    return {**data, LINES: bare}, names


def _resolve(data, names, note=None):
    """The initiatives named, each looked up in the note's administration (the data's, or
    the stored note's where the data does not say, as the editor's)."""
    code = data.get("code") if isinstance(data.get("code"), str) else ""
    if not code and note is not None:
        code = note.code
    check = Checker(code.strip().upper() or "(uden kode)")
    if "administration" in data or note is None:
        administration = Administration.objects.filter(code=data.get("administration")).first()
    else:
        administration = note.administration
    initiatives = []
    for index, name in enumerate(names, start=1):
        found = None
        if name and administration:
            found = check.lookup(
                Initiative, LINES, index, "initiative", name=name, administration=administration
            )
        initiatives.append(found)
    return initiatives, check.problems


@transaction.atomic
def save_note_with_initiatives(data, **kwargs):
    """save_note(data, **kwargs), then each line's initiative; NoteDataError with every
    problem of both, nothing written. Data equal to what `note` holds (lines' initiatives
    included) writes nothing at all: no version, no history (an unchanged import or demo
    load)."""
    bare, names = without_initiatives(data)
    if kwargs.get("note") is not None and _unchanged(kwargs["note"], bare, names):
        return kwargs["note"]
    initiatives, problems = _resolve(bare, names, kwargs.get("note"))
    try:
        note = save_note(bare, **kwargs)
    except NoteDataError as error:
        raise NoteDataError([*error.problems, *problems]) from None
    if problems:
        raise NoteDataError(problems)
    link(note, initiatives, kwargs.get("user"))
    return note


def _unchanged(note, bare, names):
    stored = (
        BudgetNote.objects.with_everything()
        .prefetch_related("funding_lines__financing__initiative")
        .get(pk=note.pk)
    )
    try:
        wanted = normalize(bare)
    except (AttributeError, TypeError, ValueError):  # not data a note could hold: let the
        return False  # write path say what is wrong
    return note_to_data(stored) == wanted and line_initiatives(stored) == names


def link(note, initiatives, user=None):
    """Make each of the note's lines (in order) finance the given initiative (None: none);
    writes only what changes."""
    for line, initiative in zip(
        note.funding_lines.order_by("position", "id"), initiatives, strict=True
    ):
        financing = Financing.objects.filter(line=line).first()
        if initiative is None:
            if financing:
                financing._history_user = user
                financing.delete()
        elif financing is None:
            financing = Financing(line=line, initiative=initiative)
            financing._history_user = user
            financing.save()
        elif financing.initiative_id != initiative.pk:
            financing.initiative = initiative
            financing._history_user = user
            financing.save()


def initiative_choices(note):
    """The initiatives a line of `note` may pay for: its administration's, by name."""
    names = Initiative.objects.filter(administration=note.administration_id).order_by("name")
    return [("", _("Ingen")), *((name, name) for name in names.values_list("name", flat=True))]


# The editor's choice of each line's initiative (budgetnotes.extensions).
EDITOR_LINK = LineLink(
    key="initiative",
    label=_("Finansierer indsatsen"),  # an initiative, not the steering area Indsats
    choices=initiative_choices,
    prefetch=("funding_lines__financing__initiative",),
    add_to_data=with_initiatives,
    save=save_note_with_initiatives,
)
