"""Checking an export before it leaves, and writing it into a folder advoc owns.

advoc writes into a folder only when it is new, empty, or holds the marker
file of an earlier export. The marker lists the files that export wrote, so
a new export removes the pages it no longer produces (an advocate who became
limited must not stay published) and never touches any other file.
"""

from __future__ import annotations

import json
from pathlib import Path

from advoc import parallel
from advoc.errors import RefusedError, UsageError
from advoc.public import leaks
from advoc.registry import Registry

Files = dict[str, str]
MARKER = ".advoc-export"
BATCH = 4_000_000  # characters searched at once: few calls, bounded memory


def leaking(files: Files, registry: Registry) -> list[str]:
    """The paths of the files that contain an id or username of a limited advocate."""
    paths = sorted(files)
    if not paths:
        return []
    half = len(paths) // 2
    if sum(len(files[path]) for path in paths) < 2 * BATCH:
        return _leaking(paths, files, registry)
    theirs = parallel.forked(lambda: _leaking(paths[half:], files, registry))
    return _leaking(paths[:half], files, registry) + theirs()


def _leaking(paths: list[str], files: Files, registry: Registry) -> list[str]:
    found: list[str] = []
    batch: list[str] = []
    size = 0
    for path in [*paths, None]:
        if path is not None:
            batch.append(path)
            size += len(files[path])
        if batch and (path is None or size >= BATCH):
            # NUL never occurs in an export, so no match spans two files.
            if leaks("\x00".join(files[name] for name in batch), registry):
                found += [name for name in batch if leaks(files[name], registry)]
            batch, size = [], 0
    return found


def guard(files: Files, registry: Registry) -> None:
    found = leaking(files, registry)
    if found:
        shown = ", ".join(found[:5]) + (f" and {len(found) - 5} more" if len(found) > 5 else "")
        raise RefusedError(
            "The export would contain the id or username of an advocate with limited "
            f"visibility, in {shown}. Nothing was written.",
            hint="This is a bug in advoc, not in your registry: please report it with the "
            "command you ran (without the output).",
        )


def write(files: Files, out: Path) -> list[str]:
    """Write the files under `out`; return the files of the earlier export removed."""
    earlier = _claim(out)
    for relative, text in files.items():
        path = out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as file:
            file.write(text)
    removed = []
    for relative in sorted(earlier - set(files)):
        stale = out / relative
        if stale.is_file() and not stale.is_symlink():
            stale.unlink()
            removed.append(relative)
    marker = {"written_by": "advoc export", "files": sorted(files)}
    (out / MARKER).write_text(json.dumps(marker, indent=1) + "\n", encoding="utf-8")
    return removed


def _claim(out: Path) -> set[str]:
    """The files an earlier export wrote into `out`; refuses a folder advoc does not own."""
    if out.exists() and not out.is_dir():
        raise UsageError(
            f"{out} is a file, not a folder; advoc export writes a folder of files.",
            hint="Name a new or empty folder with --out.",
        )
    if not out.exists():
        out.mkdir(parents=True)
        return set()
    entries = sorted(entry.name for entry in out.iterdir())
    if not entries:
        return set()
    if MARKER not in entries:
        example = ", ".join(entries[:3]) + (", ..." if len(entries) > 3 else "")
        raise UsageError(
            f"{out} already holds files that advoc did not write ({example}); advoc never "
            "overwrites or deletes files it did not create. Nothing was written.",
            hint=f"Name a new or empty folder with --out. A folder advoc exported into has a "
            f"{MARKER} file and can be exported into again.",
        )
    try:
        listed = json.loads((out / MARKER).read_text(encoding="utf-8")).get("files", [])
    except (OSError, ValueError, AttributeError):
        listed = []
    return {
        name
        for name in listed
        if isinstance(name, str) and not name.startswith("/") and ".." not in name.split("/")
    }
