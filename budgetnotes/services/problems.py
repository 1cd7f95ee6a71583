"""What goes wrong when data is written: problems with a structured place, and the messages
that more than one place says."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from budgetnotes import shape
from budgetnotes.numbers import INCOME_SIGN

__all__ = ["INCOME_SIGN", "NoteDataError", "Problem"]


@dataclass(frozen=True)
class Problem:
    """One error with its place: the note's code, the kind of row and its number (from 1),
    the year and the field. Rendered in Danish ("BI22, linje 2, 2027: …"); the editor puts it
    at its field by `kind`, `index` and `field`, never by reading the text."""

    message: str
    code: str = ""
    kind: str = ""  # a shape.ROW_KINDS key, or "" for the note itself
    index: int | None = None
    year: int | None = None
    field: str = ""

    @property
    def row(self) -> str:
        if not self.kind or self.index is None:
            return ""
        return shape.ROW_KIND[self.kind].place(self.index)

    @property
    def place(self) -> str:
        parts = [self.code, self.row, str(self.year) if self.year else ""]
        return ", ".join(part for part in parts if part)

    def __str__(self) -> str:
        return f"{self.place}: {self.message}" if self.place else self.message


class NoteDataError(ValidationError):
    """The data cannot be saved; `problems` lists every error with its place, in Danish."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__([str(problem) for problem in self.problems])
