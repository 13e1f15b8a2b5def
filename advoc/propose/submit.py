"""Turn a `Proposal` into a branch: validate, build the commit aside, publish.

The order is what makes it safe: the registry as it would be after the change
(or the part of it that the proposal's `Scope` names, before and after) is
validated first (a proposal that adds errors is refused and creates
nothing); the commit is built from git objects with a temporary index; the
branch is created only if it does not exist yet; only then is it pushed. The
user's checkout (HEAD, index, working tree) is never read for writing.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from advoc.commands.validate import check
from advoc.errors import RefusedError, UsageError
from advoc.git import repo as gitrepo
from advoc.load import cache, yamlio
from advoc.load.loader import Loaded, load, with_changes
from advoc.load.locate import locate_all
from advoc.load.sources import Revision, revision
from advoc.model.changes import describe_changes
from advoc.model.findings import Finding
from advoc.model.registry import Registry
from advoc.propose.build import Proposal, Scope, message

MAX_NAME_TRIES = 50


@dataclass
class Base:
    """The revision a proposal starts from, and the registry as it is there
    (the whole registry, or the part that `scope` names)."""

    root: Path
    revision: Revision
    registry: Loaded
    scope: Scope | None = None


def base(root: Path, rev: str | None, scope: Scope | None = None) -> Base:
    """The registry at `rev` (default: the current commit, also on a detached HEAD);
    with `scope`, only that part of it, unless a file it needs is missing."""
    if rev is None and not gitrepo.has_commits(root):
        gitrepo.top_level(root)  # outside git: says so
        raise UsageError(
            "This repository has no commits yet, so there is nothing to base a proposal on.",
            hint="Commit the registry first (advoc init does this for a new registry).",
        )
    if scope is not None:
        part = revision(root, rev or "HEAD", option="--base", scope=scope.paths)
        if all(part.has(path) for path in scope.needs):
            # A few files: parsed afresh they cost less than reading back what
            # loading every file gave (0.98 s for 183,000 files).
            return Base(root, part, load(root, source=part, reuse_blobs=False), scope)
    at = revision(root, rev or "HEAD", option="--base")
    return Base(root, at, load(root, source=at))


@dataclass
class Outcome:
    proposal: Proposal
    base: str
    branch: str | None = None
    commit: str | None = None
    diff: str = ""
    pushed: bool | None = None
    remote: str | None = None
    push_output: str = ""
    warnings: list[Finding] = field(default_factory=list)
    described: list[str] = field(default_factory=list)  # the change, from the registry diff

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": 1,
            "command": self.proposal.command,
            "summary": self.proposal.summary,
            "base": self.base,
            "branch": self.branch,
            "commit": self.commit,
            "files": sorted(self.proposal.changes),
            "records": list(dict.fromkeys(self.proposal.records)),
            "decision": self.proposal.decision,
            "dry_run": self.commit is None,
            "diff": self.diff,
            "changes": self.described,
            "pushed": self.pushed,
            "remote": self.remote,
            "push_output": self.push_output,
        }


class ProposalRefused(RefusedError):
    def __init__(self, findings: list[Finding]) -> None:
        lines = [f"  {f.file}:{f.line or 1}: {f.severity} [{f.code}] {f.message}" for f in findings]
        super().__init__(
            f"The proposal was refused: it would add {len(findings)} "
            f"error{'s' if len(findings) != 1 else ''} to the registry. Nothing was created.\n"
            + "\n".join(lines),
            hint="Fix the values named above and run the command again.",
        )
        self.findings = findings


@dataclass(frozen=True)
class Request:
    """How a proposal is submitted: the options every `advoc propose` takes."""

    root: Path
    base: str | None  # the revision to start from; None: the current commit
    as_of: date
    branch: str | None = None
    dry_run: bool = False
    remote: str | None = None  # where to push the branch; None: not pushed
    merge_request: bool = False


def propose(
    request: Request, build: Callable[[Base], Proposal], scope: Scope | None = None
) -> Outcome:
    """`advoc propose` as one call: the registry at the base (or the part of it
    that `scope` names), the proposal that `build` makes from it, validated and
    written as a commit on a new branch (pushed when asked), without touching
    the checkout."""
    start = base(request.root, request.base, scope)
    return submit_request(request, start, build(start))


def submit_request(request: Request, start: Base, proposal: Proposal) -> Outcome:
    """`submit` with the options of `request`."""
    return submit(
        start,
        proposal,
        as_of=request.as_of,
        branch=request.branch,
        dry_run=request.dry_run,
        remote=request.remote,
        merge_request=request.merge_request,
    )


def submit(
    start: Base,
    proposal: Proposal,
    *,
    as_of: date,
    branch: str | None = None,
    dry_run: bool = False,
    remote: str | None = None,
    merge_request: bool = False,
) -> Outcome:
    root = start.root
    outcome = Outcome(proposal, start.revision.commit, diff=_diff(start, proposal))
    if branch is not None:
        problem = gitrepo.branch_name_problem(root, branch)
        if problem:
            raise UsageError(
                f"--branch '{branch}' cannot be used: {problem}.",
                hint="For example: --branch propose/grant-ada",
            )
    if not dry_run and proposal.identity is None:
        gitrepo.require_identity(root)
    outcome.warnings, outcome.described = _refuse_new_errors(start, proposal, as_of)
    if dry_run:
        outcome.branch = branch or _default_branch(proposal)
        return outcome
    prefix = start.revision.prefix
    changes = {prefix + path: content for path, content in proposal.changes.items()}
    as_added = (
        {prefix + path: path for path in proposal.changes} if proposal.from_worktree else None
    )
    outcome.commit = gitrepo.build_commit(
        root,
        start.revision.commit,
        changes,
        message(proposal, outcome.described),
        as_added,
        identity=proposal.identity,
    )
    outcome.branch = _publish(root, proposal, branch, outcome.commit)
    if remote is not None:
        options = []
        if merge_request:
            options = ["merge_request.create", f"merge_request.title={proposal.summary}"]
        outcome.remote = remote
        outcome.pushed, outcome.push_output = gitrepo.push(root, remote, outcome.branch, options)
    return outcome


def _refuse_new_errors(
    start: Base, proposal: Proposal, as_of: date
) -> tuple[list[Finding], list[str]]:
    """Validate the registry as the proposal would leave it; refuse if it adds errors.
    Returns the warnings it adds (shown, not refused) and the change in words."""
    after = with_changes(start.registry, dict(proposal.changes))
    described = _describe(start.registry, after, set(proposal.changes))
    before = _base_findings(start, as_of)
    added = [f for f in check(after, as_of) if _key(f) not in before]
    added = locate_all(after.source, added)
    errors = [f for f in added if f.severity == "error"]
    if errors:
        raise ProposalRefused(errors)
    return added, described


def _describe(before: Registry, after: Registry, files: set[str]) -> list[str]:
    def touched(registry: Registry) -> dict[str, Any]:
        return {record.ref: record for record in registry.all() if record.file in files}

    return describe_changes(touched(before), touched(after), after.default_language)


def _base_findings(start: Base, as_of: date) -> set[tuple[str, str, str, str]]:
    """The findings of the base revision, kept by commit and day: a commit's
    content never changes, so a second proposal on it skips this work."""

    if start.scope is not None:  # a part of the registry: checked in milliseconds
        return {_key(f) for f in check(start.registry, as_of)}
    wanted = f"{cache.code_key()} {start.revision.commit} {start.revision.prefix} {as_of}"
    stored = cache.load(start.root, wanted, slot=".base")
    if stored is not None and isinstance(stored.get("findings"), list):
        return {tuple(item) for item in stored["findings"]}
    keys = {_key(f) for f in check(start.registry, as_of)}
    cache.store(start.root, wanted, {"findings": sorted(keys)}, slot=".base")
    return keys


def _key(finding: Finding) -> tuple[str, str, str, str]:
    return (finding.severity, finding.code, finding.file, finding.message)


def _default_branch(proposal: Proposal) -> str:
    return f"propose/{proposal.slug}"


def _publish(root: Path, proposal: Proposal, branch: str | None, commit: str) -> str:
    if branch is not None:
        if not gitrepo.create_branch(root, branch, commit):
            raise RefusedError(
                f"A branch named '{branch}' already exists; advoc never moves an existing "
                "branch. Nothing was created.",
                hint="Choose another --branch, or leave it out to get a free name.",
            )
        return branch
    wanted = _default_branch(proposal)
    problem = gitrepo.branch_name_problem(root, wanted)
    if problem is not None and not gitrepo.branch_exists(root, wanted):
        raise RefusedError(
            f"advoc cannot create the branch {wanted}: {problem}. Nothing was created.",
            hint="Name the branch with --branch NAME.",
        )
    for number in range(1, MAX_NAME_TRIES + 1):
        candidate = wanted if number == 1 else f"{wanted}-{number}"
        if gitrepo.branch_name_problem(root, candidate) is None and gitrepo.create_branch(
            root, candidate, commit
        ):
            return candidate
    raise RefusedError(
        f"Branches {wanted} to {wanted}-{MAX_NAME_TRIES} all exist already.",
        hint="Name one with --branch, or delete old proposal branches (git branch -d ...).",
    )


def _diff(start: Base, proposal: Proposal) -> str:
    """The change as a unified diff, for --dry-run and for people."""
    lines: list[str] = []
    for path, content in sorted(proposal.changes.items()):
        old = _old_text(start, path)
        new = content.decode("utf-8", "replace") if content is not None else ""
        lines.extend(
            difflib.unified_diff(
                old.splitlines(keepends=True),
                new.splitlines(keepends=True),
                f"a/{path}" if old else "/dev/null",
                f"b/{path}" if content is not None else "/dev/null",
            )
        )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def _old_text(start: Base, path: str) -> str:
    if not start.revision.has(path):
        return ""
    try:
        return start.revision.read(path).decode("utf-8", "replace")
    except yamlio.YamlProblem:  # an unreadable old file (a link, too large) diffs as empty
        return ""
