"""No lost updates, for notes and assessments alike: a save claims the next version with one
conditional UPDATE, so of two saves from the same version exactly one wins (on SQLite and
PostgreSQL alike), and the other gets a Conflict saying what it met."""

from typing import Any

from django.db.models import F, Model

from budgetnotes import extensions


class Conflict(Exception):
    """Someone saved the object after the user opened it. `current` is the object as stored
    now; `expected_version` the version the user started from."""

    def __init__(self, current: Any, expected_version: int | None) -> None:
        self.current = current
        self.expected_version = expected_version
        label = getattr(current, "code", None) or getattr(current, "label", str(current))
        super().__init__(
            f"{label} er ændret af en anden i mellemtiden "
            f"(version {expected_version} → {current.version})."
        )

    @property
    def note(self) -> Any:  # the name the note editor reads it by
        return self.current


def claim_version(model: type[Model], pk: Any, expected_version: int | None) -> None:
    """Raise the stored version by one if it still is `expected_version` (None: whatever it
    is); else raise Conflict. Call it inside the transaction that writes the rest, so an error
    after it rolls the claim back too. Once it commits, the layers above hear of the new
    version (extensions.version_written: the documents app makes its PDF)."""
    claimed = model._default_manager.filter(pk=pk)
    if expected_version is not None:
        claimed = claimed.filter(version=expected_version)
    if not claimed.update(version=F("version") + 1):
        raise Conflict(model._default_manager.get(pk=pk), expected_version)
    extensions.version_written(model, pk)
