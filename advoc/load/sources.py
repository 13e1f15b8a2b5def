"""Where a registry's bytes come from: a folder on disk, or a git revision.

A source lists the entries under `registry/` and `rules/` and reads one file's
bytes (theirs, the manifest's, or a CODEOWNERS file's). The loader sees nothing
else, so a registry read from git objects (`--rev`) or as a proposal would leave
it (`Overlay`) is checked exactly like the working tree, without checking
anything out.
"""

from __future__ import annotations

import errno
import hashlib
import marshal
import os
import stat
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import Any, Literal, NamedTuple, Protocol, TypeVar

from advoc import parallel
from advoc.errors import UsageError
from advoc.load import yamlio
from advoc.model.kinds import TOP_FOLDERS
from advoc.model.layout import CODEOWNERS_PLACES, MANIFEST

T = TypeVar("T")
EntryType = Literal["file", "link", "other"]
KEPT = frozenset((MANIFEST, *CODEOWNERS_PLACES))  # files outside the top folders


class Entry(NamedTuple):  # a tuple: 183,000 of them are made in a large registry's scan
    path: str  # relative to the registry root, "/"-separated
    type: EntryType
    is_dir_link: bool = False  # a link that points at a folder (on disk only)


class Source(Protocol):
    @property
    def root(self) -> Path: ...

    def label(self) -> str:
        """How to name this registry in messages: its folder, or folder@revision."""
        ...

    def entries(self, top: str) -> Iterator[Entry]:
        """Every file and link under `top` (a top folder), folders recursed in name order."""
        ...

    def read(self, relative: str) -> bytes:
        """The bytes of a regular file of at most 1 MiB; `YamlProblem` otherwise."""
        ...

    def has(self, relative: str) -> bool: ...

    def oids(
        self, paths: list[str], meanwhile: Callable[[], object] | None = None
    ) -> list[str | None]:
        """Each file's git blob id (when it comes from git unchanged, or hashed on
        disk with `reuse`; else None), in the order of `paths`. A large folder is
        hashed in two processes; `meanwhile` is other work for this one, done only
        then."""
        ...

    def prefetch(self, paths: list[str]) -> None:
        """A hint: these files will be read soon (a git source reads them in one go)."""
        ...

    def still(self, paths: list[str], oids: list[str | None]) -> list[bool]:
        """Whether each file is still as it was when `oids` gave it the blob id in
        `oids`, so that bytes read from it since are the bytes of that id."""
        ...

    def settle(self) -> None:
        """Keep what was learned while loading (the hashes of files on disk)."""
        ...

    def forget(self) -> None:
        """Let go of what was kept in memory to load faster (the hashes of files on
        disk, bytes read ahead), once settled; it is read again if asked for."""
        ...


_name = attrgetter("name")


def by_folder(source: Source, top: str, place: Callable[[list[Entry]], T]) -> list[T]:
    """What `place` gives for the entries under `top` (a top folder): for a folder on
    disk, folder by folder (`Folder.by_folder`: what a folder unchanged since gave
    is reused); else for all of them at once."""
    if isinstance(source, Folder):
        return source.by_folder(top, place)
    return [place(list(source.entries(top)))]


# A file's size, modification and change times (ns) and inode: an edit, a copy over
# it or a replacement changes at least one, and no one can set the change time.
Stat = tuple[int, int, int, int]


def file_stat(info: os.stat_result) -> Stat:
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def _too_large(size: int) -> yamlio.YamlProblem:
    return yamlio.YamlProblem("file-unsafe", f"the file is larger than 1 MiB ({size} bytes)")


LINK = "a symbolic link; registry files must be regular files, not links"


@dataclass
class Folder:
    """The registry as it is on disk (the working tree).

    With `reuse`, every file's bytes are hashed as git hashes a blob, so what
    loading the same bytes gave before can be reused (see
    `cache.loaded_blobs`). The hash is of the bytes read here, never taken
    from git's index: an index can call a changed file unchanged
    (assume-unchanged, skip-worktree, core.ignoreStat, filters).
    """

    root: Path
    reuse: bool = False
    folders: bool = True  # with `reuse`, what each folder held too (`by_folder`)
    _hashes: dict[str, Any] | None = field(default=None, repr=False)
    _stored_ns: int = 0
    _learned: int = 0  # files hashed afresh since the hashes were read
    # learned by a child that read the hashes kept when this process did not (`oids`),
    # and how many it then had
    _apart: dict[str, Any] = field(default_factory=dict, repr=False)
    _kept_count: int = 0
    _read_ids: dict[str, str] = field(default_factory=dict, repr=False)  # see `still`
    _pending: dict[str, bytes] = field(default_factory=dict, repr=False)  # hashed, not loaded
    # what each folder held and gave (`by_folder`): kept, and as found this time
    _folders: dict[str, Any] | None = field(default=None, repr=False)
    _folders_stored_ns: int = 0
    _listed: dict[str, Any] = field(default_factory=dict, repr=False)
    _listed_fresh: int = 0  # entries of folders listed afresh this time
    _listed_now: int = 0  # when the folders began to be listed, in ns

    def __post_init__(self) -> None:
        self._top = os.fspath(self.root)

    def label(self) -> str:
        return str(self.root)

    def has(self, relative: str) -> bool:
        return os.path.lexists(self.root / relative)

    def oids(
        self, paths: list[str], meanwhile: Callable[[], object] | None = None
    ) -> list[str | None]:
        if not self.reuse:
            return [None] * len(paths)
        if len(paths) < parallel.PARALLEL_FROM or not parallel.can_fork():
            return self._oids(paths, self._before(), {})
        # The stat calls are most of it (183,000 files: 1 s): a forked child hashes
        # a share, and sends back what it learned and the bytes it read to learn it.
        # With other work to do here (`meanwhile`: reading back what loading gave
        # and making records of it, 1.1 s), the child takes every file, and reads
        # the hashes kept itself (0.25 s); this process reads them only if it
        # needs them (`_kept`).
        split = 0 if meanwhile is not None else len(paths) // 2
        if split:
            self._before()  # read before the fork, for both
        theirs = parallel.forked(
            lambda: self._oids_apart(paths[split:]),
            dumps=marshal.dumps,
            loads=marshal.loads,
        )
        found = self._oids(paths[:split], self._before(), {}) if split else []
        if meanwhile is not None:
            meanwhile()
        their_oids, learned, pending, kept, stored_ns = theirs()
        if self._hashes is None:  # only the child read them
            self._apart.update(learned)
            self._kept_count, self._stored_ns = kept, stored_ns
        else:
            self._hashes.update(learned)
        self._learned += len(learned)
        self._pending.update(pending)
        return found + their_oids

    def _before(self) -> int:
        """Hashes kept are trusted for files changed before this instant (ns)."""
        from advoc.load import cache  # as in `oid` (7.5 ms)

        return self._kept()[1] - cache.RACY_NS

    def _kept(self) -> tuple[dict[str, Any], int]:
        """The hashes kept, with those learned since, and when they were stored (ns)."""
        if self._hashes is None:
            from advoc.load import cache  # as in `oid` (7.5 ms)

            self._hashes, self._stored_ns = cache.file_hashes(self.root)
            self._hashes.update(self._apart)
            self._apart = {}
        return self._hashes, self._stored_ns

    def _oids_apart(
        self, paths: list[str]
    ) -> tuple[list[str | None], dict[str, tuple[Any, str]], dict[str, bytes], int, int]:
        learned: dict[str, tuple[Any, str]] = {}
        found = self._oids(paths, self._before(), learned)
        kept, stored_ns = self._kept()
        pending = {path: self._pending[path] for path in learned}
        return found, learned, pending, len(kept), stored_ns

    def _oids(
        self, paths: list[str], before: int, learned: dict[str, tuple[Any, str]]
    ) -> list[str | None]:
        """The blob id of each file, from the hashes kept (with the same size, times
        and inode, and changed before `before`, in ns) or from its bytes, which are
        then kept for loading; each hashed afresh is added to `learned`."""
        hashes = self._kept()[0]
        top = self._top + os.sep  # a string path: joining a Path costs more than the lstat
        lstat = os.lstat
        found: list[str | None] = []
        for relative in paths:
            try:
                info = lstat(top + relative)
            except OSError:
                found.append(None)
                continue
            known = hashes.get(relative)
            now = file_stat(info)
            if (
                known is not None and info.st_ctime_ns < before and known[0] == now
            ):  # a kept entry of another shape is not trusted: the file is hashed again
                found.append(str(known[1]))
                continue
            try:
                content = self.read(relative)
            except yamlio.YamlProblem:
                found.append(None)  # refused unread: loading reports it
                continue
            self._pending[relative] = content  # read once: loading it takes these bytes
            oid = blob_id(content)
            hashes[relative] = learned[relative] = (now, oid)
            self._learned += 1
            found.append(oid)
        return found

    def settle(self) -> None:
        if self._learned:
            from advoc.load import cache  # as in `oid` (7.5 ms)

            kept = self._kept_count if self._hashes is None else len(self._hashes)
            if cache.worth_storing(self._learned, kept):
                cache.store_file_hashes(self.root, self._kept()[0], time.time_ns())
                self._learned = 0
        if self._listed_fresh:
            from advoc.load import cache  # as in `oid` (7.5 ms)

            listed = sum(kept[2] for kept in self._listed.values())
            if cache.worth_storing(self._listed_fresh, listed - self._listed_fresh):
                cache.store_folders(self.root, self._listed, self._listed_now)
            self._listed_fresh = 0

    def forget(self) -> None:
        self.settle()
        self._hashes = None  # `oid` reads them from the cache again
        self._apart = {}
        self._read_ids = {}
        self._pending = {}
        self._folders = None
        self._listed = {}

    def by_folder(self, top: str, place: Callable[[list[Entry]], T]) -> list[T]:
        """What `place` gives for the entries (files and links) of each folder under
        `top` (a top folder): see `by_folder`. With `reuse` and `folders`, what it
        gave for a folder whose size, times and inode are those kept
        (`cache.kept_folders`) is reused, without listing the folder: `place` must
        depend on nothing but the entries and advoc's code, and give builtins only
        (`marshal`)."""
        path = os.path.join(self._top, top)
        try:
            info = os.lstat(path)
        except OSError:
            return []
        if not (self.reuse and self.folders) or not stat.S_ISDIR(info.st_mode):  # a link: one
            return [place(list(self.entries(top)))]
        from advoc.load import cache  # as in `oid` (7.5 ms)

        if self._folders is None:
            self._folders, self._folders_stored_ns = cache.kept_folders(self.root)
            self._listed_now = time.time_ns()  # before any folder is listed
        placed: list[T] = []
        before = self._folders_stored_ns - cache.RACY_NS  # as for a file's hash
        self._place_folder(top, info, place, before, placed)
        return placed

    def _place_folder(
        self,
        relative: str,
        info: os.stat_result,
        place: Callable[[list[Entry]], T],
        before: int,
        placed: list[T],
    ) -> None:
        assert self._folders is not None
        now = file_stat(info)
        kept = self._folders.get(relative)
        if kept is not None and info.st_ctime_ns < before and kept[0] == now:
            _, subfolders, _, result = kept
            self._listed[relative] = kept
        else:
            with os.scandir(os.path.join(self._top, relative)) as scanned:
                children = sorted(scanned, key=_name)
            subfolders, entries = [], []
            steady = True  # only files and folders: a link's target can change unseen
            for entry in children:
                if entry.is_dir(follow_symlinks=False):
                    subfolders.append(entry.name)
                    continue
                child = f"{relative}/{entry.name}"
                if entry.is_symlink():
                    entries.append(Entry(child, "link", is_dir_link=entry.is_dir()))
                    steady = False
                elif entry.is_file(follow_symlinks=False):
                    entries.append(Entry(child, "file"))
                else:
                    entries.append(Entry(child, "other"))
                    steady = False
            result = place(entries)
            if steady:
                self._listed[relative] = (now, subfolders, len(entries) + 1, result)
                self._listed_fresh += len(entries) + 1
        placed.append(result)
        for name in subfolders:
            child = f"{relative}/{name}"
            try:
                child_info = os.lstat(os.path.join(self._top, child))
            except OSError:  # removed since its folder was listed
                continue
            if stat.S_ISDIR(child_info.st_mode):
                self._place_folder(child, child_info, place, before, placed)

    def prefetch(self, paths: list[str]) -> None:
        """Keep the bytes hashed for these files only: the others were reused."""
        self._pending = {path: self._pending[path] for path in paths if path in self._pending}

    def still(self, paths: list[str], oids: list[str | None]) -> list[bool]:
        """A file whose hash was kept is read only if what loading it gave was not
        (after an upgrade of advoc, say): edited in between, its new bytes would be
        loaded under the id of its old ones. Its size, times and inode as now, the
        same as when its id was taken, say it was not (any write moves its change
        time, which no one can set). When only the child read the hashes kept, the
        bytes read here say it: they are the bytes of that id or not."""
        top = self._top + os.sep
        found = []
        for relative, oid in zip(paths, oids, strict=True):
            known = self._apart.get(relative)  # hashed afresh by the child
            if known is None and self._hashes is not None:
                known = self._hashes.get(relative)
            if known is None:  # the hashes kept, read by the child only
                read = self._read_ids.get(relative)
                if read is not None:  # the bytes this process read
                    found.append(read == oid)
                    continue
                known = self._kept()[0].get(relative)  # read by a child too: the stat
            try:
                info = os.lstat(top + relative)
            except OSError:
                found.append(False)
                continue
            found.append(known is not None and known[0] == file_stat(info))
        return found

    def entries(self, top: str) -> Iterator[Entry]:
        path = self.root / top
        if path.is_symlink():
            yield Entry(top, "link", is_dir_link=path.is_dir())
        elif path.is_dir():
            found: list[Entry] = []
            self._walk(top, found)
            yield from found

    def _walk(self, relative: str, found: list[Entry]) -> None:
        """Add what the folder `relative` holds to `found`, folders recursed in name
        order (a list, not nested generators: 183,000 files in 20,000 folders)."""
        with os.scandir(os.path.join(self._top, relative)) as scanned:
            children = sorted(scanned, key=_name)
        for entry in children:
            child = f"{relative}/{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                self._walk(child, found)
            elif entry.is_symlink():
                found.append(Entry(child, "link", is_dir_link=entry.is_dir()))
            elif entry.is_file(follow_symlinks=False):
                found.append(Entry(child, "file"))
            else:
                found.append(Entry(child, "other"))

    def read(self, relative: str) -> bytes:
        pending = self._pending.pop(relative, None)
        if pending is not None:
            return pending
        path = os.path.join(self._top, relative)
        if not _NO_FOLLOW:  # no O_NOFOLLOW here: tell a link before opening
            try:
                if stat.S_ISLNK(os.lstat(path).st_mode):
                    raise yamlio.YamlProblem("file-unsafe", LINK)
            except OSError as exc:
                raise yamlio.YamlProblem("file-unsafe", f"cannot be read: {exc.strerror}") from None
        try:
            descriptor = os.open(path, READ_NO_LINK)
        except OSError as exc:
            if _NO_FOLLOW and exc.errno in (errno.ELOOP, errno.EMLINK):  # EMLINK: FreeBSD
                raise yamlio.YamlProblem("file-unsafe", LINK) from None
            raise yamlio.YamlProblem("file-unsafe", f"cannot be read: {exc.strerror}") from None
        try:
            info = os.fstat(descriptor)
            if not stat.S_ISREG(info.st_mode):
                raise yamlio.YamlProblem("file-unsafe", "not a regular file")
            if info.st_size > yamlio.MAX_BYTES:
                raise _too_large(info.st_size)
            content = read_all(descriptor)
            if self.reuse and self._hashes is None:  # for `still`
                self._read_ids[relative] = blob_id(content)
            return content
        except OSError as exc:  # an I/O error while reading
            raise yamlio.YamlProblem("file-unsafe", f"cannot be read: {exc.strerror}") from None
        finally:
            os.close(descriptor)


# A registry folder is read file by file, tens of thousands of them: with a
# descriptor, not a file object, and opened so that it cannot be a link (the
# open fails) or block (a FIFO opens at once, then is refused as not a file).
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
READ_NO_LINK = (
    os.O_RDONLY
    | _NO_FOLLOW
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def read_all(descriptor: int, size: int = yamlio.MAX_BYTES) -> bytes:
    """The file's bytes, at most one more than `size` (the caller checked the
    size; a file that grew since reads as longer)."""
    chunks = []
    wanted = size + 1
    while wanted > 0:
        chunk = os.read(descriptor, wanted)
        if not chunk:
            break
        chunks.append(chunk)
        wanted -= len(chunk)
    return b"".join(chunks)


def blob_id(content: bytes) -> str:
    """The id git gives these bytes as a blob (SHA-1 object format)."""
    return hashlib.sha1(b"blob %d\0" % len(content) + content, usedforsecurity=False).hexdigest()


@dataclass(frozen=True)
class Blob:
    mode: str
    oid: str


@dataclass
class Revision:
    """The registry as it was at a git revision, read from git objects.

    The listing comes from one `git ls-tree`; the sizes and bytes of the blobs
    that are read (files reused by blob id are not) from one `git cat-file`
    each, on first use.
    """

    root: Path  # the registry folder in the working tree (where git runs)
    rev: str
    commit: str
    prefix: str  # the registry folder relative to the repository's top, "" or "a/b/"
    blobs: dict[str, Blob]  # relative to the registry root
    _contents: dict[str, bytes | int] | None = field(default=None, repr=False)  # int: too large

    def label(self) -> str:
        return f"{self.root}@{self.rev}"

    def has(self, relative: str) -> bool:
        return relative in self.blobs

    def oid(self, relative: str) -> str | None:
        """The file's git blob id, when it is a file in the revision; else None."""
        blob = self.blobs.get(relative)
        return blob.oid if blob is not None and blob.mode.startswith("100") else None

    def oids(
        self, paths: list[str], meanwhile: Callable[[], object] | None = None
    ) -> list[str | None]:
        return [self.oid(path) for path in paths]

    def entries(self, top: str) -> Iterator[Entry]:
        top_blob = self.blobs.get(top)
        if top_blob is not None and top_blob.mode == "120000":  # a link where the folder belongs
            yield Entry(top, "link")
        inside = f"{top}/"
        # git lists a tree's paths in order, so one top folder's are contiguous.
        for path, blob in self.blobs.items():
            if path.startswith(inside):
                yield Entry(path, "file" if blob.mode[:3] == "100" else _entry_type(blob.mode))

    def read(self, relative: str) -> bytes:
        blob = self.blobs.get(relative)
        if blob is None:
            raise yamlio.YamlProblem("file-unsafe", f"cannot be read: not in {self.rev}")
        if blob.mode == "120000":
            raise yamlio.YamlProblem("file-unsafe", LINK)
        if not blob.mode.startswith("100"):
            raise yamlio.YamlProblem("file-unsafe", "not a regular file")
        if self._contents is None or relative not in self._contents:
            self.prefetch([relative])
        assert self._contents is not None
        content = self._contents.get(relative)
        if content is None:
            raise yamlio.YamlProblem("file-unsafe", f"cannot be read: git has no object {blob.oid}")
        if isinstance(content, int):
            raise _too_large(content)
        return content

    def settle(self) -> None:
        pass

    def forget(self) -> None:
        self._contents = None  # `read` fetches a blob again

    def still(self, paths: list[str], oids: list[str | None]) -> list[bool]:
        return [True] * len(paths)  # a blob is the bytes of its id

    def prefetch(self, paths: list[str]) -> None:
        """Read the blobs of `paths` from git in one go, ahead of `read`."""
        wanted = {path: self.blobs[path] for path in paths if path in self.blobs}
        contents = self._contents if self._contents is not None else {}
        contents.update(_cat_blobs(self.root, wanted))
        self._contents = contents


def _entry_type(mode: str) -> EntryType:
    if mode == "120000":
        return "link"
    return "file" if mode.startswith("100") else "other"


def revision(
    root: Path, rev: str, option: str = "--rev", scope: tuple[str, ...] | None = None
) -> Revision:
    """The registry under `root` as it was at `rev`; a usage error if `rev` is no commit.
    With `scope` (paths relative to the registry root), only that part of it is
    listed and read, with the manifest and the CODEOWNERS files."""
    # Imported here, not at the top: a registry read from disk needs no git, and
    # importing it costs 9-12 ms (python -X importtime) of a 0.16 s `advoc status`.
    from advoc.git.repo import commit_of, top_level, tree_entries

    top = top_level(root)
    commit = commit_of(root, rev, option=option)
    prefix = root.resolve().relative_to(top).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    blobs: dict[str, Blob] = {}
    paths = None if scope is None else sorted({*KEPT, *scope})
    for mode, oid, path in tree_entries(root, commit, prefix, paths):
        if not path.startswith(prefix):
            continue
        relative = path[len(prefix) :]
        if relative not in KEPT and not relative.startswith(TOP_FOLDERS):
            continue
        blobs[relative] = Blob(mode, oid)
    if MANIFEST not in blobs:
        raise UsageError(
            f"{rev} holds no registry at {prefix or 'the top of the repository'}: "
            f"there is no {MANIFEST} there.",
            hint="Name a revision made after the registry was created (see `git log`).",
        )
    return Revision(root, rev, commit, prefix, blobs)


def _cat_blobs(root: Path, blobs: Mapping[str, Blob]) -> dict[str, bytes | int]:
    """The bytes of every regular blob of at most 1 MiB (the size of a larger
    one), from `git cat-file`: sizes first, so a large blob is never read."""
    from advoc.git.repo import cat_file_batch, cat_file_objects  # as `revision` (9-12 ms)

    regular = [(path, blob.oid) for path, blob in blobs.items() if blob.mode.startswith("100")]
    sizes: dict[str, int] = {}
    for (path, _), line in zip(
        regular,
        cat_file_batch(root, "--batch-check", [o for _, o in regular]).splitlines(),
        strict=True,
    ):
        header = line.split()
        if header and header[-1] != b"missing":  # a partial clone may lack a blob
            sizes[path] = int(header[-1])
    contents: dict[str, bytes | int] = {
        path: size for path, size in sizes.items() if size > yamlio.MAX_BYTES
    }
    small = [(path, oid) for path, oid in regular if path in sizes and path not in contents]
    answers = cat_file_objects(root, [oid for _, oid in small])
    for (path, _), (_, content) in zip(small, answers, strict=True):
        if content is not None:
            contents[path] = content
    return contents


@dataclass
class Overlay:
    """Another source with some files replaced, added (bytes) or removed (None)."""

    base: Source
    changes: dict[str, bytes | None]

    @property
    def root(self) -> Path:
        return self.base.root

    def label(self) -> str:
        return self.base.label()

    def has(self, relative: str) -> bool:
        if relative in self.changes:
            return self.changes[relative] is not None
        return self.base.has(relative)

    def oids(
        self, paths: list[str], meanwhile: Callable[[], object] | None = None
    ) -> list[str | None]:
        found = iter(
            self.base.oids([path for path in paths if path not in self.changes], meanwhile)
        )
        return [None if path in self.changes else next(found) for path in paths]

    def prefetch(self, paths: list[str]) -> None:
        self.base.prefetch([path for path in paths if path not in self.changes])

    def still(self, paths: list[str], oids: list[str | None]) -> list[bool]:
        unchanged = [(path, oid) for path, oid in zip(paths, oids, strict=True)]
        unchanged = [(path, oid) for path, oid in unchanged if path not in self.changes]
        found = iter(self.base.still([p for p, _ in unchanged], [o for _, o in unchanged]))
        return [True if path in self.changes else next(found) for path in paths]

    def settle(self) -> None:
        self.base.settle()

    def forget(self) -> None:
        self.base.forget()

    def entries(self, top: str) -> Iterator[Entry]:
        inside = f"{top}/"
        listed = {entry.path: entry for entry in self.base.entries(top)}
        for path, content in self.changes.items():
            if content is None:
                listed.pop(path, None)
            elif path.startswith(inside):
                listed[path] = Entry(path, "file")
        for path in sorted(listed):
            yield listed[path]

    def read(self, relative: str) -> bytes:
        if relative in self.changes:
            content = self.changes[relative]
            if content is None:
                raise yamlio.YamlProblem("file-unsafe", "cannot be read: removed")
            return content
        return self.base.read(relative)
