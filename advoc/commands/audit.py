"""`advoc audit`: every change to the rules was authorised by an adopted decision.

A commit that changes a file under `rules/` must carry an `Advoc-Decision:`
trailer naming a decision that, before the commit (in its parent), exists, is
`adopted`, has type `rule-change` and lists every rule the commit changes in
its `subjects.rules`: a decision added or adopted by the same change, or
adopted only later, does not count. The commit that founds the registry (no
parent, or a parent with neither advoc.yaml nor rules/) needs none. Renames
are not followed: a rule moved is one removed and one added. With
`--require-signed`, every commit must have a signature git verifies (`%G?` = `G`).

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
from advoc.model.layout import MANIFEST, rule_reference
from advoc.report.report import Report

TRAILER = "Advoc-Decision"
DECISIONS = "registry/decisions"
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
    rules: frozenset[str] = frozenset()  # the rules it may change: its subjects.rules


def audit(root: Path, revisions: str | None, require_signed: bool, as_of: date) -> Report:
    prefix = repository_prefix(root, "audit")
    if revisions is None and not has_commits(root):
        raise no_commits_yet()
    revisions = _checked_range(root, revisions or "HEAD")
    shallow = is_shallow(root)
    boundary = shallow_boundary(root) if shallow else set()
    paths = () if require_signed else ("rules", DECISIONS)
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
            if commit.id not in boundary:
                findings += _late_founding(commit, prefix, reader)
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
    if _founding(commit, prefix, reader):
        return []  # the registry's first rules: nothing could have decided them yet
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
    valid = [verdict for verdict in verdicts if verdict.code is None]
    if not valid:
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
    findings = []
    for file in rules:
        rule = rule_reference(file)
        if rule is None or any(rule in verdict.rules for verdict in valid):
            continue  # a file that is no rule record is covered by any valid decision
        names = ", ".join(f"'{verdict.decision}'" for verdict in valid)
        listed = sorted({item for verdict in valid for item in verdict.rules})
        findings.append(
            Finding(
                "error",
                "audit-decision-scope",
                file,
                f"{short} changes {rule} citing decision {names}, which does not list it: "
                f"its subjects.rules names only {', '.join(listed) or 'nothing'}. A "
                "decision authorises only the rules it names. Cite a rule-change decision "
                f"whose subjects.rules lists {rule}, adopted before this change.",
                line=1,
                record=f"decision/{valid[0].decision}",
            )
        )
    return findings


def _late_founding(commit: LoggedCommit, prefix: str, reader: ObjectReader) -> list[Finding]:
    """A decision that becomes the founding one after the registry was founded:
    history made up afterwards, which the founding decision's exemptions (no
    process, no trailer) must not cover."""
    inside = f"{prefix}{DECISIONS}/"
    changed = [path for path in commit.files if path.startswith(inside)]
    if not changed or _founding(commit, prefix, reader):
        return []
    findings = []
    for path in changed:
        if not _says_founding(reader.read(f"{commit.id}:{path}")):
            continue
        if any(_says_founding(reader.read(f"{parent}:{path}")) for parent in commit.parents):
            continue  # it was the founding decision already
        findings.append(
            Finding(
                "error",
                "audit-founding-late",
                path[len(prefix) :],
                f"commit {commit.id[:12]} (\u201c{commit.subject}\u201d) marks this decision "
                "as the registry's founding decision, but the registry was founded before "
                "it: a founding decision is made with the registry (advoc init), never "
                "added later. Remove `founding: true`, and adopt rules by a rule-change "
                "decision of its own.",
                line=1,
            )
        )
    return findings


def _says_founding(content: bytes | None) -> bool:
    if content is None or b"founding" not in content:  # most decisions: no parse
        return False
    try:
        return yamlio.parse_bytes(content).get("founding") is True
    except yamlio.YamlProblem:
        return False


def _founding(commit: LoggedCommit, prefix: str, reader: ObjectReader) -> bool:
    """The commit that founds the registry: it has no parent, or its parent has
    neither a manifest nor rules (the registry was added to an existing project)."""
    return all(
        not reader.exists(f"{parent}:{prefix}{MANIFEST}")
        and not reader.exists(f"{parent}:{prefix}rules")
        for parent in commit.parents
    )


def _verdict(commit: LoggedCommit, name: str, prefix: str, reader: ObjectReader) -> Verdict:
    """Whether decision `name` authorised `commit`'s rules change: as the
    registry stood before the change (in a parent), it existed, was an adopted
    rule-change decision, and lists the rules it may change."""
    decision_id = name.removeprefix("decision/").removeprefix("decisions/")
    where = f"registry/decisions/{decision_id}.yaml"
    before = [reader.read(f"{parent}:{prefix}{where}") for parent in commit.parents]
    found = [content for content in before if content is not None]
    if not found:
        if reader.exists(f"{commit.id}:{prefix}{where}"):
            return Verdict(
                decision_id,
                "audit-decision-same-commit",
                "that decision is added by this same change. A rules change needs a decision "
                "that was adopted before it: merge the decision first, then the change.",
            )
        return Verdict(
            decision_id,
            "audit-decision-missing",
            f"there is no {where} before that commit. Merge the adopted decision before "
            "the change, or correct the id in the trailer.",
        )
    verdicts = [_judged(decision_id, where, content) for content in found]
    for verdict in verdicts:
        if verdict.code is None:
            return verdict
    if verdicts[0].code == "audit-decision-not-adopted":
        after = reader.read(f"{commit.id}:{prefix}{where}")
        if after is not None and _judged(decision_id, where, after).code is None:
            return Verdict(
                decision_id,
                "audit-decision-same-commit",
                "that decision is adopted by this same change. A rules change needs a "
                "decision that was adopted before it: merge the closing of the decision "
                "first, then the change.",
            )
    return verdicts[0]


def _judged(decision_id: str, where: str, content: bytes) -> Verdict:
    try:
        data = yamlio.parse_bytes(content)
    except yamlio.YamlProblem as problem:
        return Verdict(
            decision_id,
            "audit-decision-missing",
            f"{where} cannot be read before that commit (line {problem.line}: {problem.message}).",
        )
    status, kind = data.get("status"), data.get("type")
    if status != "adopted":
        return Verdict(
            decision_id,
            "audit-decision-not-adopted",
            f"before that commit its status is '{status}', not 'adopted'. A rules change "
            "may be merged only after its decision is adopted; a decision adopted later "
            "does not authorise an earlier commit.",
        )
    if kind != "rule-change":
        return Verdict(
            decision_id,
            "audit-decision-type",
            f"it is a decision of type '{kind}', not 'rule-change'. Cite the rule-change "
            "decision that adopted this change.",
        )
    subjects = data.get("subjects")
    listed = subjects.get("rules") if isinstance(subjects, dict) else None
    rules = frozenset(item for item in listed or () if isinstance(item, str))
    return Verdict(decision_id, None, "adopted rule-change", rules)


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
