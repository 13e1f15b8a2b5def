"""`advoc private migrate`: move the advocates of limited visibility out of the
public repository, into the private part of the registry (`advoc.load.private`).

One commit on each side. In the public repository, on a new branch built aside
(the checkout is never touched): each advocate's file is removed, an opaque id
(`w-` and random letters, never derived from a name) is added to
`registry/withheld.yaml`, every reference to them is rewritten to it, and every
record whose id was made from their id or name is renamed. In the private
repository: their full records under their opaque ids. Nothing is made unless
both can be; a failure after the private commit undoes it.

What it cannot do is said plainly: the public history still holds every old
version of their files. Rewriting that history is the user's decision.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from advoc.errors import RefusedError, UsageError
from advoc.git import repo as gitrepo
from advoc.load.private import new_id
from advoc.model.kinds import KINDS, PEOPLE, REFERENCES, TOP_FOLDERS
from advoc.model.layout import MANIFEST, WITHHELD
from advoc.model.public import people_names, spellings, wiki_key
from advoc.model.registry import Record
from advoc.model.votes import vote_file
from advoc.model.walk import values_at
from advoc.propose import edits
from advoc.propose.build import Proposal, slugify
from advoc.propose.submit import Base, _refuse_new_errors, base

DEFAULT_BRANCH = "private-migrate"


@dataclass
class Moved:
    old_id: str
    opaque: str
    file: str  # the public file it came from
    needles: set[str]  # what no public file may hold once it is moved


@dataclass
class Migration:
    root: Path
    private_root: Path
    moved: list[Moved] = field(default_factory=list)
    renamed: dict[str, str] = field(default_factory=dict)  # "kind/old id" -> new id
    rewritten: list[str] = field(default_factory=list)  # public files whose references changed
    public_changes: dict[str, bytes | None] = field(default_factory=dict)  # registry-relative
    private_files: dict[str, bytes] = field(default_factory=dict)  # private-relative
    branch: str | None = None
    public_commit: str | None = None
    private_commit: str | None = None
    history: list[str] = field(default_factory=list)  # public commits that still hold them
    old_paths: list[str] = field(default_factory=list)  # repository paths that held them
    elsewhere: list[str] = field(default_factory=list)  # other files that still name them

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": 1,
            "moved": [{"old_id": m.old_id, "opaque_id": m.opaque} for m in self.moved],
            "renamed": self.renamed,
            "rewritten": self.rewritten,
            "public": {
                "root": str(self.root),
                "branch": self.branch,
                "commit": self.public_commit,
                "files": sorted(self.public_changes),
            },
            "private": {
                "root": str(self.private_root),
                "commit": self.private_commit,
                "files": sorted(self.private_files),
            },
            "history": {"commits": self.history, "paths": self.old_paths},
            "elsewhere": self.elsewhere,
            "dry_run": self.public_commit is None,
        }


def migrate(
    root: Path, to: Path, *, as_of: date, branch: str | None = None, dry_run: bool = False
) -> Migration:
    """Plan the move and, unless `dry_run`, make it: see the module's docstring."""
    start = base(root, None)
    migration = plan(start, to.expanduser().resolve())
    if not migration.moved:
        return migration
    _check_private_target(start, migration)
    proposal = Proposal("private-migrate", _summary(migration), "private-migrate",
                        migration.public_changes, [])  # fmt: skip
    _refuse_new_errors(start, proposal, as_of)
    prefix = start.revision.prefix
    migration.old_paths = [prefix + moved.file for moved in migration.moved] + [
        prefix + path for path in _renamed_paths(migration)
    ]
    migration.history = gitrepo.has_history(root, migration.old_paths)
    migration.branch = branch or DEFAULT_BRANCH
    problem = gitrepo.branch_name_problem(root, migration.branch)
    if problem is None and gitrepo.branch_exists(root, migration.branch):
        problem = "a branch of that name exists; advoc never moves an existing branch"
    if problem:
        raise UsageError(
            f"The branch '{migration.branch}' cannot be created: {problem}. Nothing was changed.",
            hint="Name another with --branch NAME.",
        )
    if dry_run:
        return migration
    gitrepo.require_identity(root)
    changes = {prefix + path: content for path, content in migration.public_changes.items()}
    migration.public_commit = gitrepo.build_commit(
        root, start.revision.commit, changes, _public_message(migration)
    )
    undo = _commit_private(migration)
    try:
        created = gitrepo.create_branch(root, migration.branch, migration.public_commit)
    except BaseException:
        undo()
        raise
    if not created:
        undo()
        raise RefusedError(
            f"The branch '{migration.branch}' appeared while advoc worked; nothing was changed.",
            hint="Run the command again, or name another branch with --branch NAME.",
        )
    return migration


def plan(start: Base, private_root: Path) -> Migration:
    """The changes on both sides, computed, made nowhere."""
    registry = start.registry
    migration = Migration(start.root, private_root)
    limited = [
        record
        for record in registry.of_kind("advocate")
        if record.data.get("visibility") == "limited"
    ]
    taken = {record.id for record in registry.all()} | set(registry.withheld)
    for record in limited:
        opaque = new_id(taken)
        taken.add(opaque)
        migration.moved.append(Moved(record.id, opaque, record.file, _needles(record)))
    if not migration.moved:
        return migration
    ids = {("advocate", moved.old_id): moved.opaque for moved in migration.moved}
    users = {
        wiki_key(str(record.data["username"])): moved.opaque
        for record, moved in zip(limited, migration.moved, strict=True)
        if isinstance(record.data.get("username"), str)
    }
    ids.update(_renames(start, limited, migration))
    moving = {record.ref for record in limited}
    for record in registry.all():
        if record.ref in moving:
            continue
        operations = _operations(record, ids, users)
        if not operations:
            continue
        new_id_ = ids.get((record.kind, record.id))
        text = edits.edit(_text(start, record), record.kind, operations).encode("utf-8")
        if record.kind == "vote":  # a vote's file is named after its decision and voter
            voted = {op.path[0]: op.value for op in operations if isinstance(op, edits.Set)}
            decision = str(voted.get("decision", record.data.get("decision")))
            path = vote_file(decision, str(voted.get("user", record.data.get("user"))))
            if path != record.file:
                migration.public_changes[record.file] = None
            migration.public_changes[path] = text
            migration.rewritten.append(path)
        elif new_id_ is None:
            migration.public_changes[record.file] = text
            migration.rewritten.append(record.file)
        else:
            migration.public_changes[record.file] = None
            migration.public_changes[f"{KINDS[record.kind].folder}/{new_id_}.yaml"] = text
    for record, moved in zip(limited, migration.moved, strict=True):
        rewrite: list[edits.Operation] = [edits.Set(("id",), moved.opaque)]
        rewrite += [op for op in _operations(record, ids, {}) if op.path != ("id",)]
        private_text = edits.edit(_text(start, record), "advocate", rewrite)
        migration.public_changes[record.file] = None
        migration.private_files[f"{KINDS['advocate'].folder}/{moved.opaque}.yaml"] = (
            private_text.encode("utf-8")
        )
    migration.public_changes[WITHHELD] = _withheld_file(
        [*registry.withheld, *(moved.opaque for moved in migration.moved)]
    )
    _refuse_remaining_names(start, migration)
    return migration


def _needles(record: Record) -> set[str]:
    found = {record.id}
    for name in people_names(record):
        found |= spellings(name)
        slug = slugify(name)
        if len(slug) >= 3:
            found.add(slug)
    return found


def _renames(
    start: Base, limited: list[Record], migration: Migration
) -> dict[tuple[str, str], str]:
    """Records whose id was made from a moved advocate's id or name (a grant's id
    made from its title): renamed, the made-from part replaced by the opaque id."""
    tokens = []
    for record, moved in zip(limited, migration.moved, strict=True):
        tokens.append((record.id, moved.opaque))
        for name in people_names(record):
            slug = slugify(name)
            if len(slug) >= 3:
                tokens.append((slug, moved.opaque))
    tokens.sort(key=lambda pair: len(pair[0]), reverse=True)
    renames: dict[tuple[str, str], str] = {}
    moving = {record.ref for record in limited}
    for record in start.registry.all():
        if record.ref in moving or record.kind == "vote":
            continue  # a vote's file follows its decision and voter: see `plan`
        new = f"-{record.id}-"
        for token, opaque in tokens:
            new = new.replace(f"-{token}-", f"-{opaque}-")
        new = new.strip("-")
        if new != record.id:
            if start.registry.get(record.kind, new) is not None:
                raise RefusedError(
                    f"{record.kind}/{record.id} would be renamed to {new}, which exists.",
                    hint="Rename one of them first.",
                )
            renames[(record.kind, record.id)] = new
            migration.renamed[record.ref] = new
    return renames


def _operations(
    record: Record, ids: dict[tuple[str, str], str], users: dict[str, str]
) -> list[edits.Operation]:
    """The edits that make `record` refer to moved advocates by their opaque ids,
    and to renamed records by their new ids."""
    operations: list[edits.Operation] = []
    if (record.kind, record.id) in ids:
        operations.append(edits.Set(("id",), ids[(record.kind, record.id)]))
    for reference in REFERENCES[record.kind]:
        for path, value in values_at(record.data, reference.path):
            if not isinstance(value, str):
                continue
            if reference.qualified:
                kind, _, target = value.partition("/")
                if (kind, target) in ids:
                    operations.append(edits.Set(path, f"{kind}/{ids[(kind, target)]}"))
            elif (reference.targets[0], value) in ids:
                operations.append(edits.Set(path, ids[(reference.targets[0], value)]))
    for naming in PEOPLE.get(record.kind, ()):
        if naming.by != "username":
            continue
        for path, value in values_at(record.data, naming.path):
            if isinstance(value, str) and wiki_key(value) in users:
                operations.append(edits.Set(path, users[wiki_key(value)]))
    if record.kind == "decision":  # a subject advocate is an id, not a reference field
        for path, value in values_at(record.data, ("subjects", "advocates", "*")):
            known = isinstance(value, str) and ("advocate", value) in ids
            if known and not any(op.path == path for op in operations):
                operations.append(edits.Set(path, ids[("advocate", value)]))
    return operations


def _text(start: Base, record: Record) -> str:
    return start.revision.read(record.file).decode("utf-8")


def _withheld_file(ids: list[str]) -> bytes:
    lines = [
        "# Advocates whose safety requires that their records stay out of this public",
        "# repository. Their records are in the private part of the registry; public",
        "# records refer to them only by these opaque ids, made at random, never from a",
        '# name. See docs/registry-format.md, "The private part".',
        "advocates:",
        *(f"  - {opaque}" for opaque in dict.fromkeys(ids)),
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _refuse_remaining_names(start: Base, migration: Migration) -> None:
    """Refuse when a file of the registry (what advoc reads and publishes: the
    manifest, registry/, rules/) would still hold a moved advocate's id, name or
    username, in a title, a note or a comment: advoc cannot rewrite free text.
    Other files of the repository that hold one are listed in `migration.elsewhere`."""
    prefix = start.revision.prefix
    changes = {prefix + path: data for path, data in migration.public_changes.items()}
    tree = dict(gitrepo.files_at(start.root, start.revision.commit))
    found: list[str] = []
    for path in sorted(tree.keys() | changes.keys()):
        content = changes.get(path, tree.get(path))
        if content is None:
            continue
        text = content.decode("utf-8", "replace")
        for moved in migration.moved:
            at = min((text.find(n) for n in moved.needles if n in text), default=-1)
            if at < 0:
                continue
            place = f"  {path}:{text.count(chr(10), 0, at) + 1}: names advocate {moved.old_id}"
            relative = path[len(prefix) :] if path.startswith(prefix) else None
            if relative is not None and relative.startswith((*TOP_FOLDERS, MANIFEST)):
                found.append(place)
            else:
                migration.elsewhere.append(place)
    if found:
        raise RefusedError(
            "advoc cannot move the advocates of limited visibility yet: these files of the "
            "registry would still name them (a title, a note, a comment), and advoc does not "
            "rewrite free text. Nothing was changed.\n" + "\n".join(found),
            hint="Edit those places so that they name nobody (commit the edit), then run "
            "the command again.",
        )


def _renamed_paths(migration: Migration) -> list[str]:
    paths = []
    for ref in migration.renamed:
        kind, _, old = ref.partition("/")
        paths.append(f"{KINDS[kind].folder}/{old}.yaml")
    return paths


def _summary(migration: Migration) -> str:
    count = len(migration.moved)
    return (
        f"Move {count} advocate{'s' if count != 1 else ''} of limited visibility to the "
        "private part of the registry"
    )


def _public_message(migration: Migration) -> str:
    """Names nobody: the message stays in the public history."""
    return (
        f"{_summary(migration)}\n\n"
        "Their records are replaced by opaque ids in registry/withheld.yaml, and every\n"
        "reference to them rewritten; records whose id was made from their id or name\n"
        "are renamed. The full records are in the private part of the registry.\n\n"
        "Advoc-Proposal: private-migrate\n"
    )


def _check_private_target(start: Base, migration: Migration) -> None:
    """The private part's folder must be new, empty, or the top of a git
    repository that lacks the files; never inside the public repository."""
    target = migration.private_root
    top = gitrepo.top_level(start.root)
    if target == top or target.is_relative_to(top):
        raise UsageError(
            f"{target} is inside the public repository ({top}); the private part must be "
            "a repository of its own, outside it. Nothing was changed.",
            hint="Give a folder outside it, such as ../registry-private.",
        )
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target} is a file, not a folder. Nothing was changed.")
    if target.is_dir() and any(target.iterdir()):
        if not (target / ".git").exists():
            raise UsageError(
                f"{target} is a folder that is neither empty nor a git repository. "
                "Nothing was changed.",
                hint="Give a new or empty folder, or the private repository's folder.",
            )
        for path in migration.private_files:
            if (target / path).exists():
                raise UsageError(f"{target / path} exists already. Nothing was changed.")


def _commit_private(migration: Migration) -> Any:
    """Write and commit the private files; returns how to undo it."""
    target = migration.private_root
    message = (
        f"{_summary(migration)}\n\nThe full records, under their opaque ids.\n\n"
        "Advoc-Proposal: private-migrate\n"
    )
    paths = sorted(migration.private_files)
    fresh = not target.exists() or not any(target.iterdir())
    created_folder = not target.exists()
    checkout = None if fresh else gitrepo.checkout_state(target)
    if checkout is not None:
        if checkout.branch is None or checkout.operation is not None:
            raise UsageError(
                f"The private repository {target} is not on a branch, or has "
                f"{checkout.operation or 'a detached HEAD'} in progress. Nothing was changed.",
                hint="Check out its branch (git switch main) and run the command again.",
            )
        if gitrepo.tracked(checkout, paths):
            raise UsageError(f"{target} already holds one of {', '.join(paths)}.")
    written: list[Path] = []

    def undo() -> None:
        if fresh:
            if created_folder:
                shutil.rmtree(target, ignore_errors=True)
            else:
                for child in target.iterdir():
                    shutil.rmtree(child) if child.is_dir() else child.unlink()
            return
        assert checkout is not None
        if migration.private_commit:
            gitrepo.undo_new_files_commit(checkout, paths, migration.private_commit)
        for path in written:
            path.unlink(missing_ok=True)

    try:
        for path, content in migration.private_files.items():
            destination = target / path
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(content)
            written.append(destination)
        if fresh:
            gitrepo.init_and_commit(target, tuple(paths), message)
            migration.private_commit = gitrepo.commit_of(target, "HEAD")
        else:
            assert checkout is not None
            migration.private_commit = gitrepo.commit_new_files(
                checkout, paths, message, "advoc private migrate"
            )
    except BaseException:
        undo()
        raise
    return undo
