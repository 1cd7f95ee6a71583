"""The write path of the note domain (docs/architecture.md, "Writes").

- notes.py: `save_note`, the one write path for a note and its rows; `note_to_data`, its
  inverse; `normalize`.
- checking.py: checking a note's data before anything is written.
- rows.py: writing rows and their amounts, only what changed.
- problems.py: problems with a structured place; shared messages.
- versions.py: the version claim and the Conflict both notes and assessments use.
"""

from budgetnotes.services.notes import check_note, normalize, note_to_data, save_note
from budgetnotes.services.problems import INCOME_SIGN, NoteDataError, Problem
from budgetnotes.services.rows import Counter, prune, sync_amounts, update, upsert, year_amounts
from budgetnotes.services.versions import Conflict, claim_version

__all__ = [
    "INCOME_SIGN",
    "Conflict",
    "Counter",
    "NoteDataError",
    "Problem",
    "check_note",
    "claim_version",
    "normalize",
    "note_to_data",
    "prune",
    "save_note",
    "sync_amounts",
    "update",
    "upsert",
    "year_amounts",
]
