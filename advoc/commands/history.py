"""`advoc history KIND/ID`: the audit trail of one record, read from git.

One `git log --follow --raw` lists the commits that changed the record's file
(across renames) with the blob ids of each version; one `git cat-file
--batch` process reads those versions; `changes` says what differs between
each version and the one before it.
"""

from __future__ import annotations

import os
from collections.abc import Generator, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from advoc.errors import UsageError
from advoc.git.repo import (
    Commit,
    FileVersion,
    file_history,
    repository_facts,
    require_git,
    shallow_boundary,
)
from advoc.git.start import FileLog
from advoc.load import yamlio
from advoc.model.changes import FieldChange, compare_record, show_value
from advoc.model.kinds import Kind, parse_kind
from advoc.model.layout import KIND_FOLDERS, record_id, split_reference, told_with
from advoc.report.escape import visible

if TYPE_CHECKING:
    from advoc.git.repo import StrPath

VOTES_FOLDER = KIND_FOLDERS["vote"]
VOTE_KIND = Kind("vote", VOTES_FOLDER)
Action = Literal["added", "changed", "renamed", "removed"]
_ACTIONS: dict[str, Action] = {"A": "added", "D": "removed", "R": "renamed", "C": "added"}


class Change(NamedTuple):
    """One commit's change to the record."""

    commit: Commit
    action: Action
    file: str  # relative to the registry root
    old_file: str | None  # before a rename
    fields: Sequence[FieldChange] = ()
    sentences: Sequence[str] = ()
    problem: str | None = None  # why a version could not be read, if one could not

    def to_dict(self) -> dict[str, Any]:
        return {
            "commit": self.commit.id,
            "author": self.commit.author,
            "email": self.commit.email,
            "date": self.commit.date,
            "subject": self.commit.subject,
            "change": self.action,
            "file": self.file,
            "old_file": self.old_file,
            "fields": [change.to_dict() for change in self.fields],
            "sentences": self.sentences,
            "problem": self.problem,
        }


class History(NamedTuple):
    record: str  # kind/id
    file: str  # where the record lives (or lived), relative to the registry root
    exists: bool  # the file is in the working tree now
    shallow: bool  # the clone is shallow, so the oldest changes may be missing
    changes: list[Change]  # newest first

    def to_dict(self) -> dict[str, Any]:
        return {
            "record": self.record,
            "file": self.file,
            "exists": self.exists,
            "shallow": self.shallow,
            "changes": [change.to_dict() for change in self.changes],
        }


def record_history(root: StrPath, reference: str, started: FileLog | None = None) -> History:
    """The history of the record `reference` (KIND/ID) of the registry at `root`.

    `started` is the git of a file's history, if the command started it early;
    it is used if it is this record's (and stopped if not).
    """
    head, changes = open_history(root, reference, started)
    return head._replace(changes=list(changes))


def open_history(
    root: StrPath, reference: str, started: FileLog | None = None
) -> tuple[History, Changes]:
    """`record_history` as it comes: the history without its changes, and its
    changes, newest first, each as soon as git reports it (so that output can
    begin while git walks on). By the time this returns, git has given the
    newest change or ended, so that its errors (and an unknown record) come
    before any output; git is stopped once the changes are read, or closed."""
    try:
        kind, record_id = _parse_reference(reference)
        relative = f"{kind.folder}/{record_id}.yaml"
        if started is not None and (started.root, started.path) != (os.fspath(root), relative):
            started.stop()
            started = None
        if started is None:
            require_git()
            started = FileLog(os.fspath(root), relative, told_with(relative))
        prefix, shallow = repository_facts(root, "history", started.facts)
        exists = os.path.isfile(os.path.join(root, relative))
        head = History(f"{kind.name}/{record_id}", relative, exists, shallow, [])
        changes = Changes(_changes(root, kind, head, prefix, started))
        if changes.first is None and not exists:
            raise _unknown(root, kind, record_id)
        return head, changes
    except BaseException:
        if started is not None:
            started.stop()
        raise


def _changes(
    root: StrPath, kind: Kind, head: History, prefix: str, started: FileLog
) -> Generator[Change, None, None]:
    reader = yamlio.VersionReader()
    versions = file_history(root, head.file, lambda data: _parse(reader, data), started.log)
    try:
        last = None
        for version, old, new in versions:
            if last is not None:
                yield last
            last = _change(version, old, new, prefix, kind)
            if not head.shallow:
                yield last
                last = None
        if last is not None:  # the oldest change: where a shallow clone may cut history
            if last.commit.id in shallow_boundary(root):
                last = last._replace(problem=_CUT_SHORT)
            yield last
    finally:
        started.stop()  # at once, if the changes are closed before git has ended
        versions.close()


class Changes:
    """The changes `_changes` gives, its first read ahead. Reading it starts
    the generator, so that closing this stops git even if no change was read
    (a generator closed before it starts never runs its `finally`)."""

    def __init__(self, changes: Generator[Change, None, None]) -> None:
        self._changes = changes
        self.first = next(changes, None)

    def __iter__(self) -> Iterator[Change]:
        if self.first is not None:
            yield self.first
        yield from self._changes

    def close(self) -> None:
        self._changes.close()


_CUT_SHORT = (
    "this clone is shallow and its history stops at this commit, so "
    "the record may be older than this and have earlier changes"
)


def _parse_reference(reference: str) -> tuple[Kind, str]:
    split = split_reference(reference)
    if split is None:
        raise UsageError(
            f"'{reference}' is not a record; write it as KIND/ID.",
            hint="For example: advoc history advocate/ada-lovelace",
        )
    return parse_kind(split[0]), split[1]


def _unknown(root: StrPath, kind: Kind, record_id: str) -> UsageError:
    import difflib

    try:
        names = [
            name[:-5]
            for name in os.listdir(os.path.join(root, kind.folder))
            if name.endswith(".yaml")
        ]
    except OSError:
        names = []
    close = difflib.get_close_matches(record_id, names, n=3)
    hint = (
        "Did you mean " + ", ".join(f"{kind.name}/{name}" for name in close) + "?"
        if close
        else f"List them with: ls {kind.folder}"
    )
    return UsageError(
        f"There is no {kind.name} '{record_id}', and git has no history of "
        f"{kind.folder}/{record_id}.yaml.",
        hint=hint,
    )


Parsed = tuple[dict[str, Any] | None, str | None]  # the data, or why it cannot be read


def _change(
    version: FileVersion,
    old_version: Parsed | None,
    new_version: Parsed | None,
    prefix: str,
    kind: Kind,
) -> Change:
    file = _registry_path(version.path, prefix)
    old_file = _registry_path(version.old_path, prefix) if version.old_path else None
    action = _ACTIONS.get(version.status, "changed")
    old, old_problem = old_version or (None, None)
    new, new_problem = new_version or (None, None)
    problem = new_problem or old_problem
    if problem:
        return Change(version.commit, action, file, old_file, problem=problem)
    if kind.name == "decision" and f"/{VOTES_FOLDER}/" in f"/{file}":
        kind = VOTE_KIND  # one of the decision's votes, in a file of its own
    old_record = _record(kind, old_file or file, old)
    new_record = _record(kind, file, new)
    described = compare_record(old_record, new_record)
    if described is None:
        return Change(version.commit, action, file, old_file)
    return Change(version.commit, action, file, old_file, described.fields, described.sentences)


def _registry_path(path: str, prefix: str) -> str:
    return path[len(prefix) :] if prefix and path.startswith(prefix) else path


def _parse(reader: yamlio.VersionReader, data: bytes | None) -> Parsed:
    """The data of one version, or why it cannot be read."""
    if data is None:
        return None, "this version is not in this clone (it is shallow)"
    try:
        return reader.parse_bytes(data), None
    except yamlio.YamlProblem as problem:
        return None, f"this version could not be read (line {problem.line}): {problem.message}"


class _Version(NamedTuple):
    """One version of the record, for `compare_record` (no loader needed)."""

    kind: str
    id: str
    file: str
    data: dict[str, Any]


def _record(kind: Kind, file: str, data: dict[str, Any] | None) -> _Version | None:
    if data is None:
        return None
    return _Version(kind.name, record_id(file, kind.name), file, data)


def render(history: History) -> str:
    """The history as text for people, newest change first."""
    return "".join(render_pieces(history, history.changes))


def render_pieces(head: History, changes: Iterable[Change]) -> Iterator[str]:
    """`render` of the history `head` with these changes, a piece at a time."""
    exists = "" if head.exists else ", which no longer exists"
    yield visible(f"History of {head.record} ({head.file}){exists}\n")
    empty = True
    for change in changes:
        empty = False
        commit = change.commit
        lines = [
            "",
            f"{commit.date}  {commit.id[:12]}  {commit.author} <{commit.email}>",
            f"  {commit.subject}",
            f"  {_headline(change)}",
        ]
        if change.problem:
            lines.append(f"    {change.problem}")
        lines.extend(f"    {_field_line(item)}" for item in change.fields)
        lines.extend(f"  = {sentence}" for sentence in change.sentences)
        yield visible("\n".join(lines) + "\n")
    if empty:
        yield "  git has no commit of this file yet: it exists only in the working tree.\n"


def json_pieces(head: History, changes: Iterable[Change]) -> Iterator[str]:
    """`json.dumps(history.to_dict(), indent=2, ensure_ascii=False)` of the
    history `head` with these changes, a change at a time. Each change is
    dumped alone and indented to its place (JSON strings hold no line breaks)."""
    import json

    whole = json.dumps(head._replace(changes=[]).to_dict(), indent=2, ensure_ascii=False)
    opening, _, closing = whole.rpartition("[]")
    yield opening + "["
    separator = "\n    "
    for change in changes:
        text = json.dumps(change.to_dict(), indent=2, ensure_ascii=False)
        yield separator + text.replace("\n", "\n    ")
        separator = ",\n    "
    yield ("]" if separator == "\n    " else "\n  ]") + closing + "\n"


def _headline(change: Change) -> str:
    if change.action == "renamed":
        return f"renamed from {change.old_file} to {change.file}"
    if change.action == "added":
        return f"added as {change.file}"
    if change.action == "removed":
        return f"removed ({change.file})"
    return "changed:" if change.fields else "changed (layout or comments only)"


def _field_line(change: FieldChange) -> str:
    if change.action == "added":
        return f"{change.path}: set to {show_value(change.new)}"
    if change.action == "removed":
        return f"{change.path}: removed (was {show_value(change.old)})"
    return f"{change.path}: {show_value(change.old)} → {show_value(change.new)}"
