"""Which registry a command works on: --registry, $ADVOC_REGISTRY, or the
nearest folder upward that holds the manifest.

Only `os` and `advoc.errors` are imported here, so that `advoc history` can
find its registry and start git before Python has loaded the rest of advoc."""

from __future__ import annotations

import os

from advoc.errors import UsageError
from advoc.model.layout import MANIFEST

TYPE_CHECKING = False  # as typing's, which alone takes 10 ms to import
if TYPE_CHECKING:
    from pathlib import Path


def named_root() -> str | None:
    return os.environ.get("ADVOC_REGISTRY") or None


def locate(start: str, named: str | None) -> tuple[str, bool]:
    """The registry's root, and whether it holds the manifest: the folder `named`
    (by --registry or $ADVOC_REGISTRY) if given, else the nearest folder upward
    from `start` that holds the manifest (or `start` itself when none does)."""
    if named:
        root = os.path.realpath(os.path.expanduser(named))
        return root, os.path.isfile(os.path.join(root, MANIFEST))
    here = folder = os.path.realpath(start)
    while True:
        if os.path.isfile(os.path.join(folder, MANIFEST)):
            return folder, True
        parent = os.path.dirname(folder)
        if parent == folder:
            return here, False
        folder = parent


def find_root(explicit: str | None = None) -> Path:
    """The registry named by --registry / ADVOC_REGISTRY, or the nearest folder
    upward from the current one that holds the manifest; a usage error if there
    is none."""
    from pathlib import Path

    return Path(root_folder(explicit))


def root_folder(explicit: str | None = None) -> str:
    """`find_root` as a str, for `advoc history`, which loads no pathlib."""
    named = explicit or named_root()
    try:
        root, found = locate(os.getcwd(), named)
    except FileNotFoundError:
        if not named or not os.path.isabs(os.path.expanduser(named)):
            raise UsageError(
                "The current folder no longer exists (it was deleted or moved).",
                hint="Change to the registry's folder (cd) and run the command again.",
            ) from None
        root, found = locate("/", named)  # the current folder is not needed
    if found:
        return root
    if named:
        raise UsageError(
            f"{root} is not an advoc registry: it has no {MANIFEST}.",
            hint="Name the folder that holds advoc.yaml, or create one with `advoc init`.",
        )
    raise UsageError(
        f"No advoc registry here: neither {root} nor any folder above it holds {MANIFEST}.",
        hint="Run the command inside a registry, pass --registry PATH, "
        "or create a registry with `advoc init`.",
    )
