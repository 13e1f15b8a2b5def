"""A cache of whole `advoc validate` reports, keyed by content, never by time stamps.

The key digests everything a report depends on: the name, type and bytes of
every entry under `registry/` and `rules/` (stray files and links included),
the manifest, the CODEOWNERS files that `codeowners-stale` compares, advoc's
version, its schemas and the as-of day. Checks are deterministic in these, so
a report found under the same key is the report a fresh run would give: the
cache cannot hide a finding. Reading and hashing every file still happens (a
fraction of a second for 30,000 files); parsing, schema checks and
cross-record checks are skipped when nothing changed.

Reports are kept in the user's cache folder ($XDG_CACHE_HOME/advoc), one file
per registry; a cache that cannot be read or written is simply not used.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import stat
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from advoc import __version__
from advoc.load.resources import shipped
from advoc.model.kinds import TOP_FOLDERS
from advoc.model.layout import CODEOWNERS_PLACES
from advoc.model.registry import no_collector

FORMAT = 1  # of the cache file itself


def key(root: Path, as_of: date) -> str:
    digest = hashlib.blake2b(digest_size=20)
    for part in (f"advoc {__version__}", f"cache {FORMAT}", as_of.isoformat()):
        digest.update(part.encode() + b"\0")
    for schema in sorted(shipped("schemas").glob("*.json")):
        digest.update(schema.name.encode() + b"\0" + schema.read_bytes() + b"\0")
    _add_entry(digest, root, "advoc.yaml")
    for place in CODEOWNERS_PLACES:  # a generated one is compared with the registry
        _add_entry(digest, root, place)
    for top in TOP_FOLDERS:
        _add_tree(digest, root, top)
    return digest.hexdigest()


def _add_tree(digest: Any, root: Path, relative: str) -> None:
    try:
        entries = sorted(os.scandir(root / relative), key=lambda entry: entry.name)
    except OSError:
        digest.update(f"{relative}\0absent\0".encode())
        return
    for entry in entries:
        child = f"{relative}/{entry.name}"
        if entry.is_dir(follow_symlinks=False):
            digest.update(f"{child}\0dir\0".encode())
            _add_tree(digest, root, child)
        else:
            _add_entry(digest, root, child)


def _add_entry(digest: Any, root: Path, relative: str) -> None:
    path = root / relative
    try:
        info = os.lstat(path)
        if stat.S_ISREG(info.st_mode):
            content = path.read_bytes() if info.st_size <= 1024 * 1024 else b""
            digest.update(f"{relative}\0file\0{info.st_size}\0".encode() + content + b"\0")
        else:
            digest.update(f"{relative}\0other {stat.S_IFMT(info.st_mode)}\0".encode())
    except OSError as error:
        digest.update(f"{relative}\0unreadable {error.errno}\0".encode())


def cache_file(root: Path, suffix: str = ".json") -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    name = hashlib.blake2b(str(root.resolve()).encode(), digest_size=12).hexdigest()
    return Path(base) / "advoc" / f"{name}{suffix}"


def load(root: Path, wanted: str, slot: str = "") -> dict[str, Any] | None:
    try:
        stored = json.loads(cache_file(root, f"{slot}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(stored, dict) or stored.get("key") != wanted:
        return None
    report = stored.get("report")
    return report if isinstance(report, dict) else None


def store(root: Path, wanted: str, report: dict[str, Any], slot: str = "") -> None:
    write_file(
        cache_file(root, f"{slot}.json"), json.dumps({"key": wanted, "report": report}).encode()
    )


def write_file(target: Path, content: bytes) -> None:
    """Replace `target` whole (never a half-written cache), or give up quietly."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        temporary.write_bytes(content)
        os.replace(temporary, target)
    except OSError:
        pass


# Loaded files by git blob id ---------------------------------------------------
#
# A file read from git has a content hash for free: its blob id; a file on
# disk is hashed the same way, from the bytes read. What loading it gives (its
# data and the findings of the checks of a single record) depends on nothing
# else but its path, advoc's version and the schemas, so it is kept under
# (path, blob id) and reused by later commands that read the same bytes.
# Cross-record checks always run afresh.


@cache  # the schemas are read once a process
def code_key() -> str:
    """advoc's version, this cache's format and the schemas: what loading depends on."""
    digest = hashlib.blake2b(digest_size=20)
    for part in (f"advoc {__version__}", f"cache {FORMAT}"):
        digest.update(part.encode() + b"\0")
    for schema in sorted(shipped("schemas").glob("*.json")):
        digest.update(schema.name.encode() + b"\0" + schema.read_bytes() + b"\0")
    return digest.hexdigest()


def worth_storing(learned: int, kept: int) -> bool:
    """Whether to write a cache again for `learned` new entries beside `kept` ones.
    Writing it whole costs time in proportion to all it holds (0.28 s for the
    blobs of 183,000 files, 0.13 s for their hashes), for every command after
    an edit of one file; an entry not written is only worked out again next
    time (a file parsed or hashed again: a few milliseconds for a few files).
    So a cache is written again once a five-hundredth of it is new."""
    return learned > 0 and learned * 500 >= kept


_BLOBS: dict[Path, dict[str, tuple[str, Any]]] = {}


def loaded_blobs(root: Path) -> dict[str, tuple[str, Any]]:
    """{path: (blob id, what loading gave)} kept for the registry in `root`."""
    if root not in _BLOBS:
        entries: dict[str, tuple[str, Any]] = {}
        try:
            with no_collector():  # millions of new objects: collecting only costs time
                stored = marshal.loads(cache_file(root, ".blobs").read_bytes())
            if isinstance(stored, dict) and stored.get("key") == code_key():
                entries = stored["entries"]
        except (OSError, ValueError, EOFError, TypeError, KeyError):
            pass
        _BLOBS[root] = entries
    return _BLOBS[root]


def shared(value: Any, seen: dict[str, str] | None = None) -> Any:
    """`value` (plain data) with every string equal to one met before made that very
    string. `marshal` writes a string met again as a reference and reads it back
    once: the voters, decisions and positions that recur among the 150,000 votes
    of a large registry then take a fifth less room, and a third less time to
    read back (0.55 s -> 0.35 s)."""
    if seen is None:
        seen = {}
    kind = type(value)
    if kind is str:
        return seen.setdefault(value, value)
    if kind is dict:
        return {shared(key, seen): shared(item, seen) for key, item in value.items()}
    if kind is list:
        return [shared(item, seen) for item in value]
    if kind is tuple:
        return tuple(shared(item, seen) for item in value)
    return value


def store_blobs(root: Path, entries: dict[str, tuple[str, Any]]) -> None:
    _BLOBS[root] = entries
    write_file(cache_file(root, ".blobs"), marshal.dumps({"key": code_key(), "entries": entries}))


# Content hashes of files on disk ------------------------------------------------
#
# Hashing 30,000 files costs more than the rest of a listing. As git does for
# its index, a file's hash is kept with its size, modification and change
# times and inode; it is reused only when all four are the same and the file's
# change time is older than the moment the hashes were stored (a file changed
# in that same moment is hashed again). The change time cannot be set by hand:
# any write to a file moves it.

RACY_NS = 2_000_000_000  # a file changed this close to the store is hashed again

Stat = tuple[int, int, int, int]


def file_hashes(root: Path) -> tuple[dict[str, tuple[Stat, str]], int]:
    """({path: (stat, content hash)}, when they were stored, in ns)."""
    try:
        stored = marshal.loads(cache_file(root, ".hashes").read_bytes())
        if isinstance(stored, dict) and stored.get("format") == FORMAT:
            return stored["hashes"], int(stored["stored"])
    except (OSError, ValueError, EOFError, TypeError, KeyError):
        pass
    return {}, 0


def store_file_hashes(root: Path, hashes: dict[str, tuple[Stat, str]], stored_ns: int) -> None:
    write_file(
        cache_file(root, ".hashes"),
        marshal.dumps({"format": FORMAT, "stored": stored_ns, "hashes": hashes}),
    )


# What each folder held ---------------------------------------------------------
#
# Listing the 11,700 folders of a large registry and placing each of its
# 183,000 files (`loader.scan`) costs more than statting them. A folder's
# modification and change times move whenever an entry is added to it, removed
# or renamed (what git's untracked cache relies on), so what a folder held is
# kept with its size, times and inode and what the loader made of its entries,
# and is trusted, as a file's hash is, only when all four are the same and the
# folder changed before the moment it was stored (`RACY_NS`).


def kept_folders(root: Path) -> tuple[dict[str, Any], int]:
    """({folder: (stat, subfolders, how many entries, what they gave)}, when stored, in
    ns), kept by the same advoc with the same schemas; ({}, 0) if none."""
    try:
        with no_collector():
            stored = marshal.loads(cache_file(root, ".folders").read_bytes())
        if isinstance(stored, dict) and stored.get("key") == code_key():
            return stored["folders"], int(stored["stored"])
    except (OSError, ValueError, EOFError, TypeError, KeyError):
        pass
    return {}, 0


def store_folders(root: Path, folders: dict[str, Any], stored_ns: int) -> None:
    write_file(
        cache_file(root, ".folders"),
        marshal.dumps({"key": code_key(), "stored": stored_ns, "folders": folders}),
    )
