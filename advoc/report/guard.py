"""The last guard of a public output (`list`, `who`): the text about to be
printed may not name an advocate of limited visibility, and unreadable files
are noted without being named."""

from __future__ import annotations

from advoc.errors import RefusedError
from advoc.model.public import named, utf8
from advoc.model.registry import Registry


def unreadable_note(registry: Registry) -> str | None:
    """A note for stderr when files could not be read, so are not listed. It
    gives a count, not names: a file's name may be what must stay hidden."""
    count = len(registry.unreadable)
    if not count:
        return None
    files = (
        "1 file of the registry could not be read and is"
        if count == 1
        else (f"{count} files of the registry could not be read and are")
    )
    return f"advoc: note: {files} left out; run `advoc validate` to see why."


def checked(text: str, registry: Registry) -> str:
    """`text`, unless it names an advocate of limited visibility (`public.named`,
    the same guard as `export`'s): the last guard."""
    if named(utf8(text), registry):
        raise RefusedError(
            "This output would name an advocate whose visibility is limited, so it was "
            "not printed.",
            hint="Run `advoc validate`, and check the records that mention advocates with "
            "`visibility: limited` (their ids and usernames must not appear elsewhere).",
        )
    return text
