"""Limits that no real note comes near, so that no note and no file can take the server down.

The largest note in the seeds has a dozen funding lines and 1,242 words in all; a note at every
limit below still saves in a few seconds and prints within the PDF bounds. They are checked
where data comes in: `budgetnotes.services.save_note` (every write of a note: editor, import,
demo), the import (the file's size before it is read; the schema, schema.json, says the same
as these numbers and is checked before any note is resolved) and the editor's forms, so the
message stands at the field. docs/operations.md, "Limits", lists them.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.deconstruct import deconstructible

# Rows of one note.
FUNDING_LINES = 300
TABLE_ROWS = 100  # previously allocated funds, conversions, effect rows (each)
SCENARIOS = 20  # numbered 1–20
LINE_PARTS = 20  # committees sharing one funding line
EXTRA_SECTIONS = 10  # text sections beyond the standard ones
DISTRICTS = 50
# Characters of one text field.
SECTION_CHARS = 20_000  # a text section: about 3,000 words, six printed pages
CELL_CHARS = 2_000  # a cell of the effect table, the address
COMMENT_CHARS = 4_000  # a comment or a reply
COMMENTS_PER_NOTE = 500  # comments and replies on one note
# What one upload in the browser may hold (the command line has no file limit).
UPLOAD_BYTES = 5 * 1024 * 1024
UPLOAD_NOTES = 200
UPLOAD_FUNDING_LINES = 2_000  # about 15 seconds of writing
# What one interchange file may hold (the schema says the same; the command line too).
NOTES_PER_FILE = 5_000
ASSESSMENTS_PER_FILE = 1_000
REFERENCE_ROWS = 1_000  # administrations, committees, appropriations, initiatives (each)
# Errors listed for one file (the rest are counted, not made).
PROBLEMS_SHOWN = 100
# Years with amounts in one row, and years of a note.
YEARS = 10
# Words of a search.
SEARCH_WORDS = 10
SEARCH_WORD_CHARS = 100

ROW_LIMITS = {
    "funding_lines": FUNDING_LINES,
    "allocations": TABLE_ROWS,
    "conversions": TABLE_ROWS,
    "effect_rows": TABLE_ROWS,
    "scenarios": SCENARIOS,
    "extra_sections": EXTRA_SECTIONS,
}


def search_words(text: str) -> tuple[list[str], str]:
    """The first SEARCH_WORDS words of a search, each cut at SEARCH_WORD_CHARS, and the
    message to show if anything was left out (a search of hundreds of words made SQLite refuse
    and PostgreSQL work for seconds; one word of 60,000 characters made SQLite refuse)."""
    words = text.split()
    used = [word[:SEARCH_WORD_CHARS] for word in words[:SEARCH_WORDS]]
    if used == words:
        return used, ""
    if len(words) > SEARCH_WORDS:
        return used, f"Der søges kun på de første {SEARCH_WORDS} ord: {' '.join(used)}."
    return used, f"Der søges kun på de første {SEARCH_WORD_CHARS} tegn af hvert ord."


def danish_count(number: int) -> str:
    return f"{number:,}".replace(",", ".")


@deconstructible
class MaxChars(MaxLengthValidator):
    """The text limits on the models and the editor's fields, said with Danish thousands."""

    def __call__(self, value):
        if len(value) > self.limit_value:
            raise ValidationError(
                "Højst %(limit)s tegn (der er %(count)s).",
                code="max_length",
                params={"limit": danish_count(self.limit_value), "count": danish_count(len(value))},
            )


def section_text():
    return MaxChars(SECTION_CHARS)


def cell_text():
    return MaxChars(CELL_CHARS)


def check_room(row, key):
    """A new row (a funding line, allocation, …) for a note that already holds its table's
    limit is refused: for the admin's row screens, which add rows one by one."""
    if row.pk is None and row.note_id:
        limit = ROW_LIMITS[key]
        if type(row).objects.filter(note_id=row.note_id).count() >= limit:
            raise ValidationError(
                f"Notatet har allerede {danish_count(limit)} rækker i denne tabel, det højeste tilladte."
            )
