"""Seams through which a layer above the note domain adds to a note without the note domain
importing it (the layers of docs/architecture.md). The initiatives app registers, when it is
ready, the initiative a funding line pays for; the editor then offers it on every line."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class LineLink:
    """Something each funding line may point to, chosen in the editor."""

    key: str  # the key in a line's data ("initiative"), also the editor's field name
    label: Any  # a (lazy) translated string
    choices: Callable  # note → [(value, text)], the empty choice first
    prefetch: tuple[str, ...]  # what add_to_data reads beside the note
    add_to_data: Callable  # (note, data) → the data with each line's value under `key`
    save: Callable  # save_note's signature: writes the note and the lines' links, all or nothing


_LINKS: dict[str, LineLink] = {}


def register_line_link(link):
    _LINKS[link.key] = link


def line_link():
    """The registered line link, or None (the note domain alone has none)."""
    return next(iter(_LINKS.values()), None)
