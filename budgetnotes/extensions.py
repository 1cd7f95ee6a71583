"""Seams through which a layer above the note domain adds to a note without the note domain
importing it (the layers of docs/architecture.md). The initiatives app registers, when it is
ready, the initiative a funding line pays for; the editor then offers it on every line."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
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


@dataclass(frozen=True)
class VersionHooks:
    """What a layer above does when a note or sheet gets a new version (the documents app
    makes its PDF). Both are called with the object's model and primary key."""

    written: Callable  # (model, pk), once the transaction that wrote the version commits
    sent: Callable  # (obj), inside the transaction that sends obj (Fremsendt), after its save


_VERSION_HOOKS: list[VersionHooks] = []


def register_version_hooks(hooks: VersionHooks) -> None:
    if hooks not in _VERSION_HOOKS:
        _VERSION_HOOKS.append(hooks)


def version_written(model: Any, pk: Any) -> None:
    """Call inside the transaction that writes a new version of the object."""
    from django.db import transaction

    for hooks in _VERSION_HOOKS:
        transaction.on_commit(partial(hooks.written, model, pk))


def object_sent(obj: Any) -> None:
    """Call inside the transaction that sends `obj`, once it is saved."""
    for hooks in _VERSION_HOOKS:
        hooks.sent(obj)
