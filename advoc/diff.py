"""`advoc diff`: what changed between two revisions, in registry terms.

Both sides are loaded as registries (a revision straight from git objects, or
the working tree with uncommitted edits), compared record by record with
`advoc.changes`, and validated, so that a reviewer also sees which problems
the change adds or fixes. Findings are compared by (code, file, message):
a line shifting is not a new problem.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from advoc.changes import RecordChange, compare
from advoc.errors import UsageError
from advoc.findings import Finding, count
from advoc.gitrepo import (
    commit_of,
    git,
    has_commits,
    is_shallow,
    no_commits_yet,
    repository_prefix,
)
from advoc.kinds import KINDS
from advoc.registry import Registry, load

DEFAULT_BRANCHES = ("refs/remotes/origin/HEAD", "main", "master", "origin/main", "origin/master")


@dataclass(frozen=True)
class Side:
    rev: str | None  # None: the working tree
    commit: str | None

    @property
    def label(self) -> str:
        if self.rev is None:
            return "the working tree"
        short = (self.commit or "")[:12]
        return self.rev if self.rev == short else f"{self.rev} ({short})"

    def to_dict(self) -> dict[str, Any]:
        return {"rev": self.rev, "commit": self.commit, "working_tree": self.rev is None}


@dataclass(frozen=True)
class RegistryDiff:
    base: Side
    head: Side
    changes: list[RecordChange]
    findings_added: list[Finding]
    findings_removed: list[Finding]
    shallow: bool

    def to_dict(self) -> dict[str, Any]:
        from advoc.reporters import finding_dict

        actions = [change.action for change in self.changes]
        return {
            "base": self.base.to_dict(),
            "head": self.head.to_dict(),
            "summary": {
                "added": actions.count("added"),
                "removed": actions.count("removed"),
                "changed": actions.count("changed"),
                "findings_added": len(self.findings_added),
                "findings_removed": len(self.findings_removed),
            },
            "changes": [change.to_dict() for change in self.changes],
            "findings": {
                "added": [finding_dict(finding) for finding in self.findings_added],
                "removed": [finding_dict(finding) for finding in self.findings_removed],
            },
            "shallow": self.shallow,
        }


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
        found = git(root, "rev-parse", "--verify", "--quiet", f"{branch}^{{commit}}", check=False)
        if found.returncode != 0:
            continue
        merge_base = git(root, "merge-base", found.stdout.strip(), tip, check=False)
        if merge_base.returncode == 0:
            name = branch.removeprefix("refs/remotes/")
            commit = merge_base.stdout.strip()
            return Side(f"merge-base({name})", commit)
    if not has_commits(root):
        raise no_commits_yet()
    raise UsageError(
        "advoc diff compares with where this branch left the default branch, but found "
        "no default branch (origin/HEAD, main or master) sharing history with it.",
        hint="Name the revision to compare with: advoc diff BASE (for example advoc diff "
        "HEAD~1, or advoc diff origin/develop). In a shallow clone, fetch the default "
        "branch first (git fetch origin main, or fetch-depth: 0 in actions/checkout).",
    )


def _findings(registry: Registry, as_of: date) -> dict[tuple[str, str, str], Finding]:
    from advoc.validate import check, locate_all

    located = locate_all(registry, check(registry, as_of))
    return {(finding.code, finding.file, finding.message): finding for finding in located}


# rendering


def _heading(kind: str) -> str:
    return KINDS[kind].plural.replace("-", " ").capitalize() if kind in KINDS else kind


def _grouped(diff: RegistryDiff) -> list[tuple[str, list[str]]]:
    groups: dict[str, list[str]] = {}
    for change in diff.changes:
        sentences = change.sentences or [f"{change.ref}: layout or comments changed."]
        groups.setdefault(change.kind, []).extend(sentences)
    return [(_heading(kind), sentences) for kind, sentences in groups.items()]


def _overview(diff: RegistryDiff) -> str:
    actions = [change.action for change in diff.changes]
    if not actions:
        records = "No record changed"
    else:
        parts = [
            f"{actions.count(action)} {action}"
            for action in ("added", "removed", "changed")
            if actions.count(action)
        ]
        records = f"{len(actions)} record{'s' if len(actions) != 1 else ''}: " + ", ".join(parts)
    return f"{records}. {_findings_overview(diff)}"


def _findings_overview(diff: RegistryDiff) -> str:
    errors, warnings = count(diff.findings_added)
    fixed = len(diff.findings_removed)
    if not diff.findings_added and not fixed:
        return "No problem added or fixed."
    return (
        f"Problems added: {errors} error{'s' if errors != 1 else ''}, "
        f"{warnings} warning{'s' if warnings != 1 else ''}; fixed: {fixed}."
    )


def render_text(diff: RegistryDiff) -> str:
    lines = [f"Changes from {diff.base.label} to {diff.head.label}", _overview(diff)]
    for heading, sentences in _grouped(diff):
        lines += ["", f"{heading}:", *(f"  - {sentence}" for sentence in sentences)]
    for title, findings in (
        ("Problems this change adds", diff.findings_added),
        ("Problems this change fixes", diff.findings_removed),
    ):
        if findings:
            lines += ["", f"{title}:", *(f"  - {_finding_text(item)}" for item in findings)]
    return "\n".join(lines) + "\n"


def _finding_text(finding: Finding) -> str:
    return (
        f"{finding.file}:{finding.line or 1}: {finding.severity} [{finding.code}] {finding.message}"
    )


def render_markdown(diff: RegistryDiff) -> str:
    """For a pull request comment: headings, bullet lists, findings folded away."""
    lines = [
        f"## Registry changes: {_md(diff.base.label)} → {_md(diff.head.label)}",
        "",
        _md(_overview(diff)),
    ]
    for heading, sentences in _grouped(diff):
        lines += ["", f"### {heading}", "", *(f"- {_md(sentence)}" for sentence in sentences)]
    if diff.findings_added or diff.findings_removed:
        lines += ["", "<details>", f"<summary>{_md(_findings_overview(diff))}</summary>"]
        for title, findings in (("Added", diff.findings_added), ("Fixed", diff.findings_removed)):
            if findings:
                lines += ["", f"**{title}**", ""]
                lines += [f"- {_md_finding(finding)}" for finding in findings]
        lines += ["", "</details>"]
    return "\n".join(lines) + "\n"


def _md_finding(finding: Finding) -> str:
    return (
        f"{finding.severity} `{finding.code}` in `{finding.file}` line {finding.line or 1}: "
        f"{_md(finding.message)}"
    )


_MARKDOWN_SPECIAL = str.maketrans({char: f"\\{char}" for char in "\\`*_[]<>|#"} | {"&": "&amp;"})


def _md(text: str) -> str:
    """Registry text as literal markdown: no formatting, links or HTML from the data."""
    return text.translate(_MARKDOWN_SPECIAL)
