"""What a public output (`list`, `who`) may print, and the guards around it.

`public_view` is the registry with limited advocates left out (`advoc.public`),
refused when an advocate's file cannot be read. `checked` is the last guard on
the text about to be printed; `unreadable_note` says on stderr that files were
left out, without naming them.
"""

from __future__ import annotations

from advoc.errors import RefusedError
from advoc.kinds import KINDS
from advoc.public import named, public_registry
from advoc.registry import Registry


def public_view(registry: Registry) -> Registry:
    """The public registry, or a refusal when an unreadable advocate file might be limited."""
    broken = sorted(ref for ref in registry.unreadable if ref.startswith("advocate/"))
    if broken:
        files = ", ".join(
            f"{KINDS['advocate'].folder}/{ref.partition('/')[2]}.yaml" for ref in broken
        )
        raise RefusedError(
            f"advoc cannot read {files}, so it cannot tell whether that advocate must be "
            "left out of public listings (visibility: limited). Nothing was listed.",
            hint="Run `advoc validate` to see what is wrong with the file, and fix it.",
        )
    return public_registry(registry)


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
    if named(text, registry):
        raise RefusedError(
            "This output would name an advocate whose visibility is limited, so it was "
            "not printed.",
            hint="Run `advoc validate`, and check the records that mention advocates with "
            "`visibility: limited` (their ids and usernames must not appear elsewhere).",
        )
    return text
