"""`advoc audit`: every change to the rules was authorised by an adopted decision.

A commit that changes a file under `rules/` must carry an `Advoc-Decision:`
trailer naming a decision that, in that commit's own tree, exists, is
`adopted` and has type `rule-change`: a decision adopted only later does not
count. With `--require-signed`, every commit must have a signature git
verifies (`%G?` = `G`).

Merge commits: a merge is checked only for what its own conflict resolution
wrote (the files it changes against every parent, `git log --cc`); what it
brings in is checked in the merged commits themselves, which are part of the
range.

One `git log` lists the commits; one `git cat-file --batch` reads the
decisions they name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from advoc.git.repo import (
    SHALLOW_HINT,
    LoggedCommit,
    ObjectReader,
    commit_log,
    commit_of,
    count_commits,
    has_commits,
    is_shallow,
    no_commits_yet,
    repository_prefix,
    shallow_boundary,
)
from advoc.load import yamlio
from advoc.model.findings import Finding
from advoc.model.layout import MANIFEST
from advoc.report.report import Report

TRAILER = "Advoc-Decision"
_SIGNATURE_PROBLEMS = {
    "N": "has no signature",
    "B": "has a bad signature (the commit was changed after it was signed)",
    "U": "has a good signature from a key git does not trust",
    "X": "has a good signature that has expired",
    "Y": "has a good signature made by a key that has expired",
    "R": "has a good signature made by a key that was revoked",
    "E": "has a signature git cannot check here",
}
_SIGNING_HINT = (
    "Sign commits with `git commit -S` (or `git config commit.gpgSign true`) using a GPG "
    "or SSH key. To verify signatures here, git needs the signers' keys: import their GPG "
    "public keys (`gpg --import`), or for SSH signatures list them in a file named by "
    "`git config gpg.ssh.allowedSignersFile`."
)


@dataclass(frozen=True)
class Verdict:
    """Why one named decision does or does not authorise a rules change."""

    decision: str
    code: str | None  # None when it authorises the change
    reason: str


def audit(root: Path, revisions: str | None, require_signed: bool, as_of: date) -> Report:
    prefix = repository_prefix(root, "audit")
    if revisions is None and not has_commits(root):
        raise no_commits_yet()
    revisions = _checked_range(root, revisions or "HEAD")
    shallow = is_shallow(root)
    boundary = shallow_boundary(root) if shallow else set()
    paths = () if require_signed else ("rules",)
    commits = commit_log(root, revisions, paths, signatures=require_signed)
    findings: list[Finding] = []
    rule_commits = 0
    rule_files: set[str] = set()
    with ObjectReader(root) as reader:
        for commit in commits:
            rules = [] if commit.id in boundary else _rules_files(commit, prefix)
            rule_files.update(rules)
            if rules:
                rule_commits += 1
                findings += _rules_findings(commit, rules, prefix, reader)
            if require_signed and commit.signature != "G":
                findings.append(_unsigned(commit, prefix))
    total = len(commits) if require_signed else _count(root, revisions)
    scope = (
        f"{_plural(total, 'commit')} of {revisions} "
        f"({_plural(rule_commits, 'commit')} changing rules/)"
    )
    extra: dict[str, Any] = {
        "range": revisions,
        "commits": total,
        "rule_commits": rule_commits,
        "require_signed": require_signed,
        "shallow": shallow,
        "unchecked": sorted(boundary & {commit.id for commit in commits}),
    }
    findings.sort(key=Finding.sort_key)
    # summary.files counts the rules files the range changed; audit reads no records
    return Report(
        root, as_of, len(rule_files), 0, findings, command="audit", scope=scope, extra=extra
    )


def shallow_warning() -> str:
    return (
        "the audit covers only the commits this clone holds, and not what the oldest "
        f"of them changed (git shows it as adding every file). {SHALLOW_HINT}"
    )


def _checked_range(root: Path, revisions: str) -> str:
    """The range as given, after checking that each end names a commit."""
    separator = "..." if "..." in revisions else ".." if ".." in revisions else None
    ends = revisions.split(separator) if separator else [revisions]
    for end in ends:
        if end:
            commit_of(root, end, option="RANGE")
    return revisions


def _count(root: Path, revisions: str) -> int:
    return count_commits(root, revisions)


def _plural(amount: int, noun: str) -> str:
    return f"{amount} {noun}{'' if amount == 1 else 's'}"


def _rules_files(commit: LoggedCommit, prefix: str) -> list[str]:
    inside = f"{prefix}rules/"
    return [path[len(prefix) :] for path in commit.files if path.startswith(inside)]


def _rules_findings(
    commit: LoggedCommit, rules: list[str], prefix: str, reader: ObjectReader
) -> list[Finding]:
    short = f"commit {commit.id[:12]} (\u201c{commit.subject}\u201d)"
    if not commit.decisions:
        message = (
            f"{short} changes this rules file without an {TRAILER}: trailer. Rules change "
            "only by an adopted rule-change decision: name it in the commit message's last "
            f"paragraph as `{TRAILER}: <decision id>` (for the last commit: git commit "
            f'--amend --trailer "{TRAILER}: <id>"; for older ones: git rebase -i) before '
            "it is merged."
        )
        return [Finding("error", "audit-no-decision", file, message, line=1) for file in rules]
    verdicts = [_verdict(commit, name, prefix, reader) for name in commit.decisions]
    if any(verdict.code is None for verdict in verdicts):
        return []
    return [
        Finding(
            "error",
            verdict.code or "audit-decision-missing",
            file,
            f"{short} changes this rules file citing decision '{verdict.decision}', "
            f"but {verdict.reason}",
            line=1,
            record=f"decision/{verdict.decision}",
        )
        for verdict in verdicts
        for file in rules
    ]


def _verdict(commit: LoggedCommit, name: str, prefix: str, reader: ObjectReader) -> Verdict:
    decision_id = name.removeprefix("decision/").removeprefix("decisions/")
    where = f"registry/decisions/{decision_id}.yaml"
    content = reader.read(f"{commit.id}:{prefix}{where}")
    if content is None:
        return Verdict(
            decision_id,
            "audit-decision-missing",
            f"there is no {where} in that commit. Add the decision (adopted) before or "
            "with the change, or correct the id in the trailer.",
        )
    try:
        data = yamlio.parse_bytes(content)
    except yamlio.YamlProblem as problem:
        return Verdict(
            decision_id,
            "audit-decision-missing",
            f"{where} cannot be read in that commit (line {problem.line}: {problem.message}).",
        )
    status, kind = data.get("status"), data.get("type")
    if status != "adopted":
        return Verdict(
            decision_id,
            "audit-decision-not-adopted",
            f"in that commit its status is '{status}', not 'adopted'. A rules change may "
            "be merged only after its decision is adopted; a decision adopted later does "
            "not authorise an earlier commit.",
        )
    if kind != "rule-change":
        return Verdict(
            decision_id,
            "audit-decision-type",
            f"it is a decision of type '{kind}', not 'rule-change'. Cite the rule-change "
            "decision that adopted this change.",
        )
    return Verdict(decision_id, None, "adopted rule-change")


def _unsigned(commit: LoggedCommit, prefix: str) -> Finding:
    problem = _SIGNATURE_PROBLEMS.get(commit.signature, "has no signature git can verify")
    inside = [path[len(prefix) :] for path in commit.files if path.startswith(prefix)]
    return Finding(
        "error",
        "audit-unsigned",
        inside[0] if inside else MANIFEST,
        f"commit {commit.id[:12]} (\u201c{commit.subject}\u201d) {problem}, and "
        f"--require-signed wants every commit verified. {_SIGNING_HINT}",
        line=1,
    )
