"""Starting a note: a blank one (Nyt notat) or a copy of another into a round (Kopiér til …).

Both build the note's data and write it through save_note, as a draft; a copy keeps the
source's text, lines (with shared lines' parts), effect rows, extra sections and previously
allocated funds, and names its source. Which initiative a line finances (initiatives, a layer
above) is not copied.
"""

import re
from collections import Counter
from decimal import Decimal
from typing import Any

from budgetnotes.choices import Status
from budgetnotes.models import Administration, BudgetNote, BudgetRound, Committee
from budgetnotes.services.notes import note_to_data, save_note
from budgetnotes.services.reshaping import Dropped, reshape

CODE = re.compile(r"^([A-ZÆØÅ]+)([0-9]+)$")
YEARS_AHEAD = 3  # a new note covers its round's year and the three after it


def code_prefix(administration: Administration) -> str:
    """The letters the administration's notes are coded with (BI for BIF's BI22), else the
    first two letters of its own code."""
    letters = Counter(
        match.group(1)
        for code in BudgetNote.objects.filter(administration=administration).values_list(
            "code", flat=True
        )
        if (match := CODE.match(code))
    )
    return letters.most_common(1)[0][0] if letters else administration.code[:2]


def suggested_code(budget_round: BudgetRound, administration: Administration) -> str:
    """The next free code of the administration's letters in the round: BI23 after BI22."""
    prefix = code_prefix(administration)
    numbers = [
        int(match.group(2))
        for code in BudgetNote.objects.filter(round=budget_round).values_list("code", flat=True)
        if (match := CODE.match(code)) and match.group(1) == prefix
    ]
    return f"{prefix}{max(numbers, default=0) + 1:02d}"


def usual_committee(administration: Administration) -> Committee | None:
    """The committee the administration's notes most often go to."""
    ids = Counter(
        BudgetNote.objects.filter(administration=administration).values_list("committee", flat=True)
    )
    return Committee.objects.filter(pk=ids.most_common(1)[0][0]).first() if ids else None


def start_note(
    *,
    budget_round: BudgetRound,
    administration: Administration,
    committee: Committee,
    code: str,
    title: str,
    category: str = "",
    first_year: int,
    last_year: int,
    price_level: int,
    user: Any,
) -> BudgetNote:
    """A new, empty draft. Raises NoteDataError (with places) and writes nothing on error."""
    data = {
        "round": budget_round.slug,
        "code": code,
        "administration": administration.code,
        "committee": committee.code,
        "title": title,
        "category": category,
        "first_year": first_year,
        "last_year": last_year,
        "price_level": price_level,
    }
    return save_note(data, user=user)


def copy_plan(
    note: BudgetNote,
    *,
    budget_round: BudgetRound,
    code: str,
    first_year: int,
    last_year: int,
    price_level: int,
    convert: bool,
    indices: dict[tuple[str, int], Decimal] | None = None,
) -> tuple[dict[str, Any], list[Dropped]]:
    """The copy's data and the amounts its years leave out (note read with_everything)."""
    data = note_to_data(note)
    data.update(round=budget_round.slug, code=code, status=Status.DRAFT)
    return reshape(
        data,
        first_year=first_year,
        last_year=last_year,
        price_level=price_level,
        convert=convert,
        indices=indices,
    )


def save_copy(note: BudgetNote, data: dict[str, Any], user: Any) -> BudgetNote:
    """Write the copy's data (from copy_plan) as a new draft that names `note` as its source."""
    return save_note(data, user=user, copied_from=note)
