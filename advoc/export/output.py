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
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple, TypeVar

from advoc import parallel
from advoc.errors import RefusedError, UsageError
from advoc.load.sources import READ_NO_LINK, Stat, file_stat, read_all
from advoc.model.public import named
from advoc.model.registry import Registry, no_collector


@dataclass(frozen=True)
class Kept:
    """Said of a page instead of its text: the earlier export's file is kept as it is,
    since nothing the page shows has changed (`advoc.export.reuse`); `stat` is the
    file's as it was found."""

    stat: Stat


Files = dict[str, str]
Pages = Iterable[tuple[str, str | Kept]]  # (relative path, text), produced one by one
# (relative path, UTF-8 as written), past the last guard
Guarded = Iterator[tuple[str, bytes | Kept]]
Job = Callable[[], Guarded]  # builds one guarded part of an export (a language of the site)
T = TypeVar("T")
MARKER = ".advoc-export"
STAGING = ".advoc-staging-"


def guarded(pages: Pages, registry: Registry) -> Guarded:
    """Each page as the UTF-8 bytes to write, once the last guard has found no trace
    of a limited advocate in them. A page that names one stops the export: the
    rest of its part is searched too, so that the refusal lists every page of it
    that would have leaked. (Encoded once, here: the guard reads the bytes that
    are written, 71 million characters a language of a large site.)"""
    remaining = iter(pages)
    for path, text in remaining:
        if isinstance(text, Kept):  # searched when it was written, under the same key
            # (which holds what the guard searches for and lets through: `reuse`)
            yield path, text
            continue
        data = text.encode("utf-8")
        if named(data, registry):
            found = [path]
            # A later page that fails to build must not hide the refusal.
            with contextlib.suppress(Exception):
                found += [
                    later
                    for later, text in remaining
                    if not isinstance(text, Kept) and named(text.encode("utf-8"), registry)
                ]
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
        yield path, data


def texts(job: Job) -> Iterator[tuple[str, bytes]]:
    """A job's files, for an output that keeps nothing of an earlier export."""
    for path, data in job():
        if isinstance(data, Kept):
            raise AssertionError(f"{path} was kept, though nothing of an earlier export is")
        yield path, data


class Written(NamedTuple):
    files: int  # every file of the export
    unchanged: int  # of them, those the earlier export wrote with the same bytes, kept
    removed: list[str]  # the files of the earlier export no longer made
    stats: dict[str, Stat]  # with write(stats=True), every file's as it was left in place
    reused: int  # of the unchanged, those not even made again (`advoc.export.reuse`)


def write(jobs: list[Job], out: Path, stats: bool = False) -> Written:
    """Run the jobs and write their files under `out`: first into a staging folder
    inside it, then, once every job has passed the guard and every path has been
    checked (`_paths_of_ours`), into place. A file the earlier export wrote with
    the same bytes stays as it is (see `_Stage`).

    With two jobs or more, a forked child runs them too, on another core: each
    process takes the next job not yet taken when it is done with one, the first
    job first (`parallel.Turns`).
    With `stats`, the `Written` has every file's `Stat` as it was left in place."""
    created = not out.exists()
    earlier = _claim(out)
    staging = Path(_writing(out, lambda: tempfile.mkdtemp(prefix=STAGING, dir=out)))
    # The loaded registry is millions of objects that live until the end: frozen,
    # the collector stops walking them while pages are built (15-20% of the time
    # on a large registry), and stops writing to their memory after the fork.
    gc.freeze()
    theirs = None
    turns = None
    try:
        stage = _Stage(staging, out, earlier)
        # Both processes take jobs in turn until none is left; this one then checks
        # every path and moves the files. Should the child fail, this one runs
        # again what it did not run itself.
        done: set[int] = set()
        turns = parallel.Turns(len(jobs)) if 1 < len(jobs) <= parallel.Turns.MOST else None
        if turns is not None:
            theirs = parallel.forked(
                lambda: stage.run(jobs, turns),
                again=lambda: stage.run([job for n, job in enumerate(jobs) if n not in done]),
            )
            mine = stage.run(jobs, turns, done)
        else:
            theirs, mine = None, stage.run(jobs)
        other = theirs() if theirs else ([], [], {}, 0)
        written, kept = mine[0] + other[0], mine[1] + other[1]
        found, reused = {**mine[2], **other[2]}, mine[3] + other[3]
        _refuse_a_path_twice(written)
        unchanged = set(kept)
        stale = _paths_of_ours(out, written, earlier, unchanged)
        marker = {"written_by": "advoc export", "files": sorted(written)}
        text = json.dumps(marker, indent=1) + "\n"
        _create(staging / MARKER, text.encode("utf-8"))
        moved = [relative for relative in written if relative not in unchanged]
        _move(staging, out, moved)
        if stats:  # a move changes a file's change time
            found |= {relative: file_stat(os.lstat(out / relative)) for relative in moved}
    except BaseException:
        if theirs is not None:
            theirs.cancel()  # else the child would go on staging into a removed folder
        shutil.rmtree(staging, ignore_errors=True)
        if created and not any(out.iterdir()):
            out.rmdir()
        raise
    finally:
        gc.unfreeze()
        if turns is not None:
            turns.close()
    # Replaced, not written through: a marker that became a symbolic link is
    # swapped for a file, and what it pointed to is left as it was.
    os.replace(staging / MARKER, out / MARKER)
    shutil.rmtree(staging, ignore_errors=True)
    for relative in stale:
        (out / relative).unlink()
    return Written(len(written), len(kept), stale, found if stats else {}, reused)


def _writing(out: Path, action: Callable[[], T]) -> T:
    """`action`, with the reason the system gave when it cannot write into `out`
    (a read-only disk, no permission, a file where a folder should be)."""
    try:
        return action()
    except OSError as error:
        raise UsageError(
            f"advoc cannot write into {out}: {error.strerror or error}. Nothing was written.",
            hint="Name a folder you may write into with --out.",
        ) from None


class _Tree:
    """What `out` holds, without following a symbolic link inside it: each folder on
    the way to a path is looked at once, and a path itself only when asked (a site
    has tens of thousands of pages, and those an export keeps are known already to
    be regular files)."""

    def __init__(self, out: Path) -> None:
        self.top = os.fspath(out)
        self._folders: dict[str, bool] = {"": True}

    def folder(self, folder: str) -> bool:
        """Whether the folder at `folder` ("/"-separated) is there; False when it is not
        yet (the export creates it). Raises `Unsafe` with the path when it or a
        folder on the way is a symbolic link or a file."""
        there = self._folders.get(folder)
        if there is None:
            there = self.folder(folder.rpartition("/")[0]) and self._is_folder(folder)
            self._folders[folder] = there
        return there

    def _is_folder(self, folder: str) -> bool:
        try:
            info = os.lstat(f"{self.top}/{folder}")
        except FileNotFoundError:
            return False
        if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
            raise _Unsafe(folder, stat.S_ISLNK(info.st_mode))
        return True

    def entry(self, relative: str) -> os.stat_result | None:
        """What is at `relative` (not followed, if a link), None when nothing is.
        Raises `Unsafe` as `folder` does."""
        if not self.folder(relative.rpartition("/")[0]):
            return None
        try:
            return os.lstat(f"{self.top}/{relative}")
        except FileNotFoundError:
            return None


class _Unsafe(Exception):
    def __init__(self, relative: str, link: bool) -> None:
        super().__init__(relative)
        self.relative = relative
        self.link = link


def _paths_of_ours(
    out: Path, written: list[str], earlier: set[str], unchanged: set[str]
) -> list[str]:
    """The one rule of where advoc writes and deletes, checked before anything
    moves: every file it writes is new, or a regular file its earlier export
    wrote (listed in the marker); no folder on the way to a file it writes or
    deletes is a symbolic link (never followed) or a file. `unchanged`: the
    written files found as the earlier export left them (`_Stage`), regular
    files of its. Returns the files of the earlier export to delete: those no
    longer written that are still regular files; a stale path that became
    anything else is not advoc's any more and stays."""
    tree = _Tree(out)
    theirs = []
    try:
        for relative in written:
            if relative in unchanged:  # only the way to it is left to look at
                tree.folder(relative.rpartition("/")[0])
                continue
            entry = tree.entry(relative)
            if entry is None:
                continue
            if stat.S_ISLNK(entry.st_mode):
                raise _Unsafe(relative, True)
            if relative not in earlier or not stat.S_ISREG(entry.st_mode):
                theirs.append(relative)
        if theirs:
            shown = ", ".join(str(out / relative) for relative in theirs[:5]) + (
                f" and {len(theirs) - 5} more" if len(theirs) > 5 else ""
            )
            raise UsageError(
                f"advoc would overwrite {shown}, which it did not write (not listed in "
                f"{out / MARKER}); advoc never overwrites or deletes files it did not "
                "create. Nothing was written.",
                hint="Move your file away, or name another folder with --out.",
            )
        stale = []
        for relative in sorted(earlier - set(written)):
            try:
                entry = tree.entry(relative)
            except _Unsafe as unsafe:
                if unsafe.link:
                    raise
                continue  # a file where its folder was: nothing of advoc's to delete
            if entry is not None and stat.S_ISREG(entry.st_mode):
                stale.append(relative)
        return stale
    except _Unsafe as unsafe:
        what = "a symbolic link" if unsafe.link else "a file where advoc needs a folder"
        raise UsageError(
            f"{out / unsafe.relative} is {what}; advoc never writes or deletes through a "
            "symbolic link, nor replaces what it did not write. Nothing was written.",
            hint="Move it away, or name another folder with --out.",
        ) from None
    except OSError as error:
        raise UsageError(
            f"advoc cannot read {out}: {error.strerror or error}. Nothing was written.",
            hint="Name a folder you may read and write with --out.",
        ) from None


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


@dataclass
class _Stage:
    """Runs jobs into the staging folder. A page that the earlier export wrote
    with the same bytes is not staged but kept where it is: an export of a
    registry that changed a little rewrites only the pages that changed, so the
    others keep their files (and times, for whatever deploys the folder), and
    the file system is spared creating and deleting tens of thousands of files
    (on ext4, files created just after as many were deleted cost 10-25 s of
    system time for the 78,515 pages of the 10,000-advocate site)."""

    staging: Path
    out: Path
    earlier: set[str]

    def run(
        self, jobs: list[Job], turns: Iterable[int] | None = None, done: set[int] | None = None
    ) -> tuple[list[str], list[str], dict[str, Stat], int]:
        """The paths of every page the jobs made, of those kept as they were, the
        kept files' `Stat`, and how many of the kept were not made at all. With
        `turns`, only the jobs of the numbers taken from it (each added to `done`)."""
        written: list[str] = []
        kept: list[str] = []
        stats: dict[str, Stat] = {}
        reused = 0
        folders: set[Path] = set()
        for number in turns if turns is not None else range(len(jobs)):
            job = jobs[number]
            if done is not None:
                done.add(number)
            # A language's pages leave a few cycles behind (36,000 objects of a large
            # site's): the collector, walking the young objects again and again while
            # the pages are made, costs more (6%) than collecting them once after.
            with no_collector():
                for relative, data in job():
                    written.append(relative)
                    if isinstance(data, Kept):
                        if relative not in self.earlier:  # `reuse` keeps only those listed
                            raise AssertionError(
                                f"kept {relative}, which the earlier export did not write"
                            )
                        kept.append(relative)
                        stats[relative] = data.stat
                        reused += 1
                        continue
                    found = _holds(self.out / relative, data) if relative in self.earlier else None
                    if found is not None:
                        kept.append(relative)
                        stats[relative] = found
                        continue
                    path = self.staging / relative
                    if path.parent not in folders:
                        path.parent.mkdir(parents=True, exist_ok=True)
                        folders.add(path.parent)
                    _create(path, data)
            gc.collect()
        return written, kept, stats, reused


def _holds(path: Path, data: bytes) -> Stat | None:
    """The file's `Stat` when `path` is a regular file (not a link) holding exactly
    `data`, else None. A folder on the way that is a link is
    refused later, with every path written (`_paths_of_ours`), before anything
    moves."""
    try:
        descriptor = os.open(path, READ_NO_LINK)
    except OSError:
        return None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or info.st_size != len(data):
            return None
        same = read_all(descriptor, len(data)) == data  # a file that grew reads longer
        return file_stat(info) if same else None
    except OSError:
        return None
    finally:
        os.close(descriptor)


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
        if entry.is_dir() and not os.path.lexists(out / entry.name):
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
    """The files an earlier export wrote into `out`; refuses a folder advoc does not own.
    `out` itself may be a symbolic link to a folder: the user named it."""
    if out.is_symlink() and not out.exists():
        raise UsageError(
            f"{out} is a symbolic link to {os.readlink(out)}, which does not exist.",
            hint="Create the folder it points to, or name a new or empty folder with --out.",
        )
    if out.exists() and not out.is_dir():
        raise UsageError(
            f"{out} is a file, not a folder; advoc export writes a folder of files.",
            hint="Name a new or empty folder with --out.",
        )
    if not out.exists():
        _writing(out, lambda: out.mkdir(parents=True))
        return set()
    entries = sorted(
        e.name for e in _writing(out, lambda: list(out.iterdir())) if not e.name.startswith(STAGING)
    )
    if not entries:
        return set()
    marker = out / MARKER
    if MARKER not in entries or marker.is_symlink() or not marker.is_file():
        example = ", ".join(entries[:3]) + (", ..." if len(entries) > 3 else "")
        raise UsageError(
            f"{out} already holds files that advoc did not write ({example}); advoc never "
            "overwrites or deletes files it did not create. Nothing was written.",
            hint=f"Name a new or empty folder with --out. A folder advoc exported into has a "
            f"{MARKER} file and can be exported into again.",
        )
    return listed_files(out)


_LISTED: dict[tuple[str, Stat], frozenset[str]] = {}  # see `listed_files`


def listed_files(out: Path) -> set[str]:
    """The files the marker in `out` says an earlier export wrote (none without one).
    Read once for the site's keys and once to write: kept meanwhile with the
    marker's size, times and inode (78,000 paths on a large site)."""
    try:
        marker = os.lstat(out / MARKER)
    except OSError:
        return set()
    seen = (os.fspath(out), file_stat(marker))
    if seen not in _LISTED:
        try:
            listed = json.loads((out / MARKER).read_text(encoding="utf-8")).get("files", [])
        except (OSError, ValueError, AttributeError):
            listed = []
        _LISTED.clear()
        _LISTED[seen] = frozenset(
            name
            for name in listed
            if isinstance(name, str)
            and not name.startswith("/")
            and (".." not in name or ".." not in name.split("/"))
        )
    return set(_LISTED[seen])
