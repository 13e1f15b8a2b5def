"""Checking an export before it leaves, and writing it into a folder advoc owns.

advoc writes into a folder only when it is new, empty, or holds the marker
file of an earlier export. The marker lists the files that export wrote, so
a new export removes the pages it no longer produces (an advocate who became
limited must not stay published) and never touches any other file.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from advoc import parallel
from advoc.errors import RefusedError, UsageError
from advoc.model.public import named
from advoc.model.registry import Registry

Files = dict[str, str]
Pages = Iterable[tuple[str, str]]  # (relative path, text), produced one by one
Job = Callable[[], Pages]  # builds one guarded part of an export (a language of the site)
MARKER = ".advoc-export"
STAGING = ".advoc-staging-"


def guarded(pages: Pages, registry: Registry) -> Iterator[tuple[str, str]]:
    """Each page, once the last guard has found no trace of a limited advocate in
    it. A page that names one stops the export: the rest of its part is searched
    too, so that the refusal lists every page of it that would have leaked."""
    remaining = iter(pages)
    for path, text in remaining:
        if named(text, registry):
            found = [path]
            # A later page that fails to build must not hide the refusal.
            with contextlib.suppress(Exception):
                found += [later for later, text in remaining if named(text, registry)]
            found.sort()
            shown = ", ".join(found[:5]) + (f" and {len(found) - 5} more" if len(found) > 5 else "")
            raise RefusedError(
                "The export would contain the id or username of an advocate with limited "
                f"visibility, in {shown}. Nothing was written.",
                hint="If a public advocate's name, or other public text, is the same as the "
                "username or id of an advocate with limited visibility, change one of them. "
                "Otherwise this is a bug in advoc: please report it with the command you ran "
                "(without the output).",
            )
        yield path, text


def write(jobs: list[Job], out: Path) -> tuple[int, list[str]]:
    """Run the jobs and write their files under `out`: first into a staging folder
    inside it, then, once every job has passed the guard, into place. Returns how
    many files were written and the files of the earlier export that were removed.

    With two jobs or more, a forked child runs every other one, on another core."""
    created = not out.exists()
    earlier = _claim(out)
    staging = Path(tempfile.mkdtemp(prefix=STAGING, dir=out))
    # The loaded registry is millions of objects that live until the end: frozen,
    # the collector stops walking them while pages are built (15-20% of the time
    # on a large registry), and stops writing to their memory after the fork.
    gc.freeze()
    theirs = None
    try:
        theirs = parallel.forked(lambda: _stage(jobs[1::2], staging)) if len(jobs) > 1 else None
        written = _stage(jobs[::2] if theirs else jobs, staging) + (theirs() if theirs else [])
        _refuse_a_path_twice(written)
        _move(staging, out, written)
    except BaseException:
        if theirs is not None:
            theirs.cancel()  # else the child would go on staging into a removed folder
        shutil.rmtree(staging, ignore_errors=True)
        if created and not any(out.iterdir()):
            out.rmdir()
        raise
    finally:
        gc.unfreeze()
    shutil.rmtree(staging, ignore_errors=True)
    removed = []
    for relative in sorted(earlier - set(written)):
        stale = out / relative
        if stale.is_file() and not stale.is_symlink():
            stale.unlink()
            removed.append(relative)
    marker = {"written_by": "advoc export", "files": sorted(written)}
    (out / MARKER).write_text(json.dumps(marker, indent=1) + "\n", encoding="utf-8")
    return len(written), removed


def _refuse_a_path_twice(written: list[str]) -> None:
    seen: set[str] = set()
    for relative in written:
        if relative in seen:
            raise RefusedError(
                f"Two pages of the export would both be written to {relative}. "
                "Nothing was written.",
                hint="A record whose id is also the name of one of the site's own pages "
                "(an advocate 'index' or 'by-region', say) would replace that page: give "
                "the record another id.",
            )
        seen.add(relative)


def _stage(jobs: list[Job], staging: Path) -> list[str]:
    written = []
    folders: set[Path] = set()
    for job in jobs:
        for relative, text in job():
            path = staging / relative
            if path.parent not in folders:
                path.parent.mkdir(parents=True, exist_ok=True)
                folders.add(path.parent)
            _create(path, text.encode("utf-8"))
            written.append(relative)
    return written


# A file of the staging folder, in binary mode on every system so that no
# newline is translated. It may exist: when the forked child fails, this
# process builds the child's part again over what the child had staged.
_STAGED_FILE = (
    os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
)


def _create(path: Path, data: bytes) -> None:
    """Write a staged file with one open and one write: a site has tens of thousands
    of pages, and a file object would ask the system about each file three more
    times (whether it is a terminal, where its end is) before writing it."""
    descriptor = os.open(path, _STAGED_FILE, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view) :]
    finally:
        os.close(descriptor)


def _move(staging: Path, out: Path, written: list[str]) -> None:
    """Move the staged files into `out`: a whole folder at once where `out` has
    none of that name yet (a first export), else file by file."""
    moved: set[str] = set()
    for entry in sorted(staging.iterdir()):
        if entry.is_dir() and not (out / entry.name).exists():
            os.replace(entry, out / entry.name)
            moved.add(entry.name)
    folders: set[Path] = set()
    for relative in written:
        if relative.split("/", 1)[0] in moved:
            continue
        target = out / relative
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        os.replace(staging / relative, target)


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
    entries = sorted(e.name for e in out.iterdir() if not e.name.startswith(STAGING))
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
