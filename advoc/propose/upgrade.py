"""`advoc migrate`: a format 1 registry turned into format 2, as one proposal.

Format 2 keeps each vote in a file of its own (`registry/votes/DECISION/VOTER.yaml`)
instead of a `participants` list inside the decision's file, so that votes cast
at the same time never touch the same lines. The migration reads the registry
as committed (never the working tree), writes one vote file for each voter of
each decision, removes `participants` from the decisions and sets `advoc: 2`;
`advoc.propose.submit` turns that into one commit on a new branch, to review
and merge like any proposal.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from advoc.errors import RefusedError, UsageError
from advoc.load import sources, yamlio
from advoc.load.loader import FORMAT_VERSION, load
from advoc.load.sources import Source
from advoc.model.layout import KIND_FOLDERS, MANIFEST
from advoc.model.votes import normalize_username, vote_file
from advoc.propose import edits
from advoc.propose.build import Proposal
from advoc.propose.edits import Set, Stamp
from advoc.propose.submit import Base

_COMMENT = (
    "One vote, in its own file, so that votes cast at the same time merge without\n"
    "conflicts. Moved here from the decision's `participants` by advoc migrate."
)


def format_version(root: Path, rev: str | None) -> int | None:
    """The format version the registry's manifest declares at `rev` (HEAD)."""
    at = sources.revision(root, rev or "HEAD", option="--base")
    try:
        version = yamlio.parse_bytes(at.read(MANIFEST)).get("advoc")
    except yamlio.YamlProblem as problem:
        raise UsageError(
            f"{MANIFEST} cannot be read (line {problem.line}: {problem.message}).",
            hint="Fix it, commit, and run `advoc migrate` again.",
        ) from None
    return version if type(version) is int else None


def migration_base(root: Path, rev: str | None) -> tuple[Base, Proposal]:
    """The registry at `rev` as format 2 would hold it, and the proposal that
    makes it so. The base's registry is the migrated one: the migration moves
    data and changes none, so what validate says of it is what it said before,
    and no finding counts as added by the change."""
    at = sources.revision(root, rev or "HEAD", option="--base")
    version = format_version(root, rev)
    if version == FORMAT_VERSION:
        raise RefusedError(
            f"The registry is in format version {FORMAT_VERSION} already: nothing to migrate.",
            hint="Run `advoc validate`.",
        )
    if version != 1:
        raise UsageError(
            f"{MANIFEST} declares format version {version!r}; advoc migrate turns format "
            f"1 into {FORMAT_VERSION}.",
            hint="Set `advoc: 1` if the registry was written for format 1.",
        )
    changes, moved, voters = migration_changes(at)
    registry = load(root, source=sources.Overlay(at, changes))
    proposal = Proposal(
        "migrate",
        f"Move the registry to format version {FORMAT_VERSION}: one file per vote",
        f"migrate-format-{FORMAT_VERSION}",
        changes,
        [],
        body=[
            f"Moves the {voters} votes of {moved} decisions from each decision's "
            "`participants` list into files of their own, registry/votes/DECISION/VOTER.yaml, "
            f"and sets `advoc: {FORMAT_VERSION}` in {MANIFEST}. Votes cast at the same time "
            "then never touch the same lines, so their branches merge without conflicts.",
            "No vote changes: where a list held two votes by one user, the last one (the "
            "one that counted) is kept. Comments inside a `participants` list are not carried "
            "over.",
            "The votes keep their voters, though this commit is not theirs: it is marked as "
            "an import of the registry's own records, which `advoc audit` accepts as such.",
        ],
        imports=f"format {version} registry, moved to format {FORMAT_VERSION} by advoc migrate",
    )
    return Base(root, at, registry), proposal


def migration_changes(at: Source) -> tuple[dict[str, bytes | None], int, int]:
    """What moves a format 1 registry to format 2: path -> new bytes (None: removed);
    and how many decisions and votes moved."""
    changes: dict[str, bytes | None] = {}
    moved = voters = 0
    folder = KIND_FOLDERS["decision"]
    for entry in at.entries("registry"):
        if entry.type != "file" or entry.path.rpartition("/")[0] != folder:
            continue
        if not entry.path.endswith(".yaml"):
            continue
        text, data = _read(at, entry.path)
        if data is None or "participants" not in data:
            continue
        decision_id = entry.path.rpartition("/")[2].removesuffix(".yaml")
        latest = _latest_votes(entry.path, data.get("participants"))
        for user, vote in latest.items():
            path = vote_file(decision_id, user)
            changes[path] = edits.new_file("vote", _vote(decision_id, vote), _COMMENT).encode()
        changes[entry.path] = edits.without(text, "participants").encode("utf-8")
        moved += 1
        voters += len(latest)
    manifest = at.read(MANIFEST).decode("utf-8")
    changes[MANIFEST] = edits.edit(manifest, "manifest", [Set(("advoc",), FORMAT_VERSION)]).encode()
    return changes, moved, voters


def _read(at: Source, path: str) -> tuple[str, dict[str, Any] | None]:
    try:
        text = yamlio.decode(at.read(path))
        return text, yamlio.parse(text)
    except yamlio.YamlProblem:
        return "", None  # unreadable: validate says so after the migration, as before


def _latest_votes(path: str, participants: Any) -> dict[str, dict[str, Any]]:
    """Each voter's last vote (the one that counted), by normalized username."""
    if participants is None:
        return {}
    if not isinstance(participants, list):
        raise RefusedError(
            f"{path}: `participants` is not a list, so advoc cannot tell its votes apart.",
            hint="Make it a list of {user, position, date} entries (or remove it), commit, "
            "and run `advoc migrate` again.",
        )
    latest: dict[str, dict[str, Any]] = {}
    for index, vote in enumerate(participants):
        user = vote.get("user") if isinstance(vote, dict) else None
        if not isinstance(user, str) or not user.strip():
            raise RefusedError(
                f"{path}: participants[{index}] names no user, so advoc cannot give it a "
                "file of its own.",
                hint="Correct or remove that entry, commit, and run `advoc migrate` again.",
            )
        key = normalize_username(user)
        latest.pop(key, None)  # the last vote counts, and keeps its place
        latest[key] = vote
    return latest


def _vote(decision_id: str, vote: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {"decision": decision_id}
    for key, value in vote.items():
        data[key] = Stamp(value) if key == "date" and isinstance(value, str) else value
    return data
