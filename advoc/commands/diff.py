"""`advoc diff`: what changed between two revisions, in registry terms.

Both sides are loaded as registries (a revision straight from git objects, or
the working tree with uncommitted edits), compared record by record with
`advoc.model.changes`, and validated, so that a reviewer also sees which problems
the change adds or fixes. Findings are compared by (code, file, message):
a line shifting is not a new problem."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from advoc.commands.validate import check
from advoc.errors import UsageError
from advoc.git.repo import (
    commit_if_any,
    commit_of,
    has_commits,
    is_shallow,
    merge_base,
    no_commits_yet,
    repository_prefix,
)
from advoc.load.loader import Loaded, load
from advoc.load.locate import locate_all
from advoc.model.changes import RecordChange, compare
from advoc.model.findings import Finding
from advoc.model.registry import Registry
from advoc.report.diff import RegistryDiff, Side

DEFAULT_BRANCHES = ("refs/remotes/origin/HEAD", "main", "master", "origin/main", "origin/master")


def registry_diff(root: Path, base: str | None, head: str | None, as_of: date) -> RegistryDiff:
    repository_prefix(root, "diff")
    head_side = Side(head, commit_of(root, head, option="HEAD") if head else None)
    if base is None:
        base_side = _merge_base(root, head_side)
    else:
        base_side = Side(base, commit_of(root, base, option="BASE"))
    before = load(root, rev=base_side.commit)
    after = load(root, rev=head_side.commit) if head_side.commit else load(root)
    changes = [
        _unreadable(change, before, after)
        for change in compare(before, after, after.default_language)
    ]
    old_findings, new_findings = _findings(before, as_of), _findings(after, as_of)
    added = [finding for key, finding in new_findings.items() if key not in old_findings]
    removed = [finding for key, finding in old_findings.items() if key not in new_findings]
    return RegistryDiff(base_side, head_side, changes, added, removed, is_shallow(root))


def _unreadable(change: RecordChange, before: Registry, after: Registry) -> RecordChange:
    """A file that cannot be parsed on one side is broken, not added or removed."""
    if change.action == "removed" and change.ref in after.unreadable:
        sentence = f"{change.ref}: the file can no longer be read; see the problems below."
    elif change.action == "added" and change.ref in before.unreadable:
        sentence = f"{change.ref}: the file can be read again."
    else:
        return change
    return RecordChange(change.kind, change.id, change.file, "changed", [], [sentence])


def _merge_base(root: Path, head: Side) -> Side:
    """Where HEAD (or the named head) left the default branch."""
    tip = head.commit or "HEAD"
    for branch in DEFAULT_BRANCHES:
        found = commit_if_any(root, branch)
        if found is None:
            continue
        commit = merge_base(root, found, tip)
        if commit is not None:
            return Side(f"merge-base({branch.removeprefix('refs/remotes/')})", commit)
    if not has_commits(root):
        raise no_commits_yet()
    raise UsageError(
        "advoc diff compares with where this branch left the default branch, but found "
        "no default branch (origin/HEAD, main or master) sharing history with it.",
        hint="Name the revision to compare with: advoc diff BASE (for example advoc diff "
        "HEAD~1, or advoc diff origin/develop). In a shallow clone, fetch the default "
        "branch first (git fetch origin main, or fetch-depth: 0 in actions/checkout).",
    )


def _findings(registry: Loaded, as_of: date) -> dict[tuple[str, str, str], Finding]:
    located = locate_all(registry.source, check(registry, as_of))
    return {(finding.code, finding.file, finding.message): finding for finding in located}
