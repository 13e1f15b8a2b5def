"""The private part of a registry: advocates whose safety requires that their
records never enter the public repository.

The public repository names none of them. It lists only their opaque ids, in
`registry/withheld.yaml`:

    advocates:
      - w-k3m9q2xa7p

and its records refer to them by these ids (a decision's subjects, a vote's
user). The full records live in a second repository with restricted access,
named only in local configuration: the environment variable `ADVOC_PRIVATE`, or
`private: PATH` in `.advoc/local.yaml` beside `advoc.yaml` (git-ignored). There
each is `registry/advocates/<opaque id>.yaml`, an advocate record like any other.

`attach` is the one step that adds the private part to a loaded registry, kept
apart from the loader so that the public load never depends on it: without the
private part, a registry is exactly what the public repository holds, with the
withheld ids known.
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path
from typing import Any

from advoc.errors import UsageError
from advoc.load import schemas, sources, yamlio
from advoc.load.locate import locate_all
from advoc.load.sources import Source
from advoc.model.findings import Finding
from advoc.model.layout import (
    KIND_FOLDERS,
    LOCAL_CONFIG,
    PRIVATE_PREFIX,
    PRIVATE_VARIABLE,
    WITHHELD,
)
from advoc.model.public import people_names
from advoc.model.registry import Record, Registry

OPAQUE_ID = re.compile(r"w-[a-z0-9]{8,24}")
ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"  # no l, o, 0, 1: read aloud without doubt


def new_id(taken: set[str] | frozenset[str] = frozenset()) -> str:
    """A fresh opaque id: `w-` and 10 random letters and digits, made from nothing."""
    while True:
        opaque = "w-" + "".join(secrets.choice(ALPHABET) for _ in range(10))
        if opaque not in taken:
            return opaque


ADVOCATES = KIND_FOLDERS["advocate"]


def withheld_ids(source: Source) -> tuple[tuple[str, ...], list[Finding]]:
    """The opaque ids `registry/withheld.yaml` lists (none when there is no such
    file), and findings for what in it is not a list of opaque ids."""
    if not source.has(WITHHELD):
        return (), []
    try:
        data = yamlio.parse_bytes(source.read(WITHHELD))
    except yamlio.YamlProblem as problem:
        return (), [_finding(WITHHELD, problem.message, problem.line, problem.column)]
    listed = data.get("advocates", []) if isinstance(data, dict) else None
    if not isinstance(data, dict) or set(data) - {"advocates"} or not isinstance(listed, list):
        return (), [
            _finding(WITHHELD, "this file holds one key, `advocates`: a list of opaque ids", 1)
        ]
    ids: dict[str, None] = {}  # in order
    findings = []
    for index, value in enumerate(listed):
        if not isinstance(value, str) or not OPAQUE_ID.fullmatch(value):
            findings.append(
                _finding(
                    WITHHELD,
                    f"{str(value)[:40]!r} is not an opaque id: `w-` and 8 to 24 random "
                    "lowercase letters and digits, made by `advoc private migrate` or "
                    "`advoc private new-id`, never from a name",
                    path=("advocates", index),
                )
            )
        elif value in ids:
            findings.append(
                _finding(WITHHELD, f"'{value}' is listed twice", path=("advocates", index))
            )
        if isinstance(value, str):
            ids[value] = None
    return tuple(ids), locate_all(source, findings)


def configured(root: Path) -> Path | None:
    """The private part's folder as local configuration names it, or None:
    $ADVOC_PRIVATE, else `private:` in .advoc/local.yaml beside the manifest."""
    named = os.environ.get(PRIVATE_VARIABLE)
    where = f"${PRIVATE_VARIABLE}"
    if not named:
        config = root / LOCAL_CONFIG
        if not config.is_file():
            return None
        try:
            data = yamlio.parse_bytes(config.read_bytes())
        except (OSError, yamlio.YamlProblem) as problem:
            raise UsageError(
                f"advoc cannot read {config}: {getattr(problem, 'message', problem)}",
                hint="It holds one line, `private: PATH`, naming the private part's folder.",
            ) from None
        named = data.get("private")
        where = str(config)
        if not isinstance(named, str) or not named.strip():
            raise UsageError(
                f"{config} names no private part: it needs `private: PATH`.",
                hint="Give the folder of the private repository, or delete the file.",
            )
    folder = (root / os.path.expanduser(named)).resolve()
    if not folder.is_dir():
        raise UsageError(
            f"{where} names {folder} as the private part of the registry, but that is "
            "not a folder.",
            hint=f"Clone the private repository there, or correct {where}.",
        )
    return folder


def attach(registry: Registry, findings: list[Finding], private_root: Path) -> None:
    """Add the private part at `private_root` to `registry`: its advocates become
    records (their file names start with `private:`), and what is wrong in its
    files joins `findings`, located in the private files."""
    # Imported here: the checks import the model, which this module's callers
    # load only when a private part is configured (measured: 17-30 ms, as loader.py)
    from advoc.checks import run_record_checks

    source = sources.Folder(private_root, reuse=False)
    found: list[Finding] = []
    for entry in source.entries("registry"):
        folder, _, name = entry.path.rpartition("/")
        if folder != ADVOCATES or not name.endswith(".yaml") or entry.type != "file":
            if name not in (".gitkeep", "README.md"):
                found.append(_stray(entry.path))
            continue
        record = _record(source, entry.path, found, run_record_checks)
        if record is not None:
            registry.records["advocate"][record.id] = record
    registry.private_root = private_root
    registry.derived.clear()
    findings.extend(
        finding._replace(file=PRIVATE_PREFIX + finding.file)
        for finding in locate_all(source, found)
    )


def _record(source: Source, relative: str, found: list[Finding], checks: Any) -> Record | None:
    try:
        text = yamlio.decode(source.read(relative))
        data = yamlio.parse(text)
    except yamlio.YamlProblem as problem:
        found.append(Finding("error", problem.code, relative, problem.message, problem.line))
        return None
    record_id = relative.rsplit("/", 1)[1][: -len(".yaml")]
    plain = Record("advocate", record_id, relative, data)
    found.extend(schemas.validate("advocate", data, relative, plain.ref))
    found.extend(checks(plain, text))
    return Record("advocate", record_id, PRIVATE_PREFIX + relative, data)


def _stray(relative: str) -> Finding:
    return Finding(
        "error",
        "withheld-misplaced",
        relative,
        f"the private part holds advocate records only, as {ADVOCATES}/<opaque id>.yaml; "
        "this file is never read",
        line=1,
    )


def _finding(
    file: str,
    message: str,
    line: int | None = None,
    column: int | None = None,
    path: tuple[str | int, ...] = (),
) -> Finding:
    return Finding("error", "withheld-format", file, message, line, column, None, path)


def locate(registry: Any, findings: list[Finding]) -> list[Finding]:
    """`locate_all` for a registry that may hold the private part: each finding is
    located in the file it names, public or private."""
    public = [finding for finding in findings if not finding.file.startswith(PRIVATE_PREFIX)]
    located = locate_all(registry.source, public)
    if registry.private_root is not None:
        private = [
            finding._replace(file=finding.file.removeprefix(PRIVATE_PREFIX))
            for finding in findings
            if finding.file.startswith(PRIVATE_PREFIX)
        ]
        source = sources.Folder(registry.private_root, reuse=False)
        located += [
            finding._replace(file=PRIVATE_PREFIX + finding.file)
            for finding in locate_all(source, private)
        ]
    return sorted(located, key=Finding.sort_key)


def private_names(root: Path) -> list[str]:
    """The usernames and names of the advocates in the configured private part
    (none when there is none), read without judging the files: for `propose`,
    which must not make a public id or title from them."""
    private_root = configured(root)
    if private_root is None:
        return []
    registry = Registry(root, {}, {"advocate": {}})
    attach(registry, [], private_root)
    return [name for record in registry.of_kind("advocate") for name in people_names(record)]
