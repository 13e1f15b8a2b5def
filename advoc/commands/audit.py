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

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
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
    tree_entries,
)
from advoc.load import yamlio
from advoc.model.findings import Finding
from advoc.model.identity import addresses, is_theirs
from advoc.model.layout import MANIFEST, rule_reference
from advoc.model.votes import normalize_username
from advoc.report.report import Report

TRAILER = "Advoc-Decision"
IMPORT_TRAILER = "Advoc-Import"
DECISIONS = "registry/decisions"
VOTES = "registry/votes"
ADVOCATES = "registry/advocates"
STILL_OPEN = ("draft", "open")
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
    paths = () if require_signed else ("rules", DECISIONS, VOTES)
    signed_votes = _signed_votes(root, prefix, revisions)
    commits = commit_log(root, revisions, paths, signatures=require_signed or signed_votes)
    findings: list[Finding] = []
    rule_commits = 0
    rule_files: set[str] = set()
    with ObjectReader(root) as reader:
        voters = Voters(root, prefix, reader, revisions)
        # What the checks below read, asked of git in three goes rather than one
        # object at a time: the parents' manifests (which commit founds the
        # registry), the votes and decisions of the others, the voters' records.
        checked = [commit for commit in commits if commit.id not in boundary]
        reader.prefetch(f"{p}:{prefix}{MANIFEST}" for commit in checked for p in commit.parents)
        recorded = [c for c in checked if not c.imports and not _founding(c, prefix, reader)]
        reader.prefetch(name for commit in recorded for name in _names_read(commit, prefix))
        reader.prefetch(voters.records_read(recorded, prefix))
        for commit in commits:
            rules = [] if commit.id in boundary else _rules_files(commit, prefix)
            rule_files.update(rules)
            if rules:
                rule_commits += 1
                findings += _rules_findings(commit, rules, prefix, reader)
            if commit.id not in boundary:
                findings += _late_founding(commit, prefix, reader)
                findings += _record_findings(commit, prefix, reader, voters, signed_votes)
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


class Voters:
    """Where each voter's record is: the advocates by normalized username, as the
    registry lists them at the end of the range (read once, when a vote needs it)."""

    def __init__(self, root: Path, prefix: str, reader: ObjectReader, revisions: str) -> None:
        self.root, self.prefix, self.reader = root, prefix, reader
        self.end = revisions.rpartition("..")[2].lstrip(".") or "HEAD"
        self._files: dict[str, str] | None = None

    def record_file(self, user: str) -> str | None:
        """The advocate file (from the top of the repository) of `user`, if any."""
        if self._files is None:
            self._files = {}
            listed = tree_entries(self.root, self.end, f"{self.prefix}{ADVOCATES}")
            paths = [path for _mode, _oid, path in listed]
            self.reader.prefetch(f"{self.end}:{path}" for path in paths)
            for path in paths:
                data = _parsed(self.reader.read(f"{self.end}:{path}"))
                username = data.get("username") if data else None
                if isinstance(username, str):
                    self._files.setdefault(normalize_username(username), path)
        return self._files.get(normalize_username(user))

    def records_read(self, commits: list[LoggedCommit], prefix: str) -> Iterator[str]:
        """The voters' records as they were before each vote of `commits` (what
        `_not_the_voters` reads), once the votes themselves have been read ahead."""
        for commit in commits:
            if not commit.parents:
                continue
            for path in commit.files:
                if _vote_decision(path, prefix) is None:
                    continue
                vote = _parsed(self.reader.read(f"{commit.id}:{path}"))
                user = vote.get("user") if vote else None
                record = self.record_file(user) if isinstance(user, str) else None
                if record is not None:
                    yield f"{commit.parents[0]}:{record}"


def _signed_votes(root: Path, prefix: str, revisions: str) -> bool:
    """Whether the manifest, at the end of the range, requires signed votes."""
    end = revisions.rpartition("..")[2].lstrip(".") or "HEAD"
    with ObjectReader(root) as reader:
        manifest = _parsed(reader.read(f"{end}:{prefix}{MANIFEST}"))
    return bool(manifest and manifest.get("signed_votes") is True)


def _vote_decision(path: str, prefix: str) -> str | None:
    """The decision that `path` (from the top of the repository) is a vote on, or
    None when it is no vote file."""
    relative = path[len(prefix) :] if path.startswith(prefix) else path
    folder, _, name = relative.rpartition("/")
    if folder.startswith(f"{VOTES}/") and name.endswith(".yaml"):
        return folder[len(VOTES) + 1 :]
    return None


def _names_read(commit: LoggedCommit, prefix: str) -> Iterator[str]:
    """The objects that `_late_founding` and `_record_findings` read of a commit
    that does not found the registry."""
    parent = commit.parents[0] if commit.parents else None
    for path in commit.files:
        decision = _vote_decision(path, prefix)
        if decision is not None:
            if parent is not None:
                yield f"{parent}:{prefix}{DECISIONS}/{decision}.yaml"
            yield f"{commit.id}:{path}"
        elif path[len(prefix) :].rpartition("/")[0] == DECISIONS and path.endswith(".yaml"):
            yield f"{commit.id}:{path}"
            yield from (f"{other}:{path}" for other in commit.parents)


def _record_findings(
    commit: LoggedCommit,
    prefix: str,
    reader: ObjectReader,
    voters: Voters,
    signed_votes: bool = False,
) -> list[Finding]:
    """A commit's votes and decisions: each vote cast through git added by its voter;
    no vote added, changed or removed once its decision closed, and no decision
    arriving closed, unless the commit is an import of historical records."""
    if _founding(commit, prefix, reader) or commit.imports:
        return []  # the registry's beginning, or records brought in from elsewhere
    parent = commit.parents[0] if commit.parents else None
    short = f"commit {commit.id[:12]} (\u201c{commit.subject}\u201d)"
    findings = []
    for path in commit.files:
        relative = path[len(prefix) :] if path.startswith(prefix) else path
        folder, _, name = relative.rpartition("/")
        decision = _vote_decision(path, prefix)
        if decision is not None:
            before = _parsed(reader.read(f"{parent}:{prefix}{DECISIONS}/{decision}.yaml"))
            after = _parsed(reader.read(f"{commit.id}:{path}"))
            if before is not None and before.get("status") not in STILL_OPEN:
                findings.append(_late_vote(short, relative, decision, before, after))
            if after is not None and after.get("cast", "git") == "git":
                problem = _not_the_voters(commit, after, parent, voters)
                if problem is None and signed_votes and commit.signature != "G":
                    signature = _SIGNATURE_PROBLEMS.get(commit.signature, "is not verified")
                    problem = (
                        f"adds a vote by '{after.get('user')}' and {signature}: this registry "
                        "requires votes cast through git to be signed (signed_votes in "
                        f"{MANIFEST}). {_SIGNING_HINT}"
                    )
                if problem:
                    findings.append(
                        Finding(
                            "error", "audit-vote-author", relative, f"{short} {problem}", line=1
                        )
                    )
        elif folder == DECISIONS and name.endswith(".yaml"):
            after = _parsed(reader.read(f"{commit.id}:{path}"))
            existed = parent is not None and reader.exists(f"{parent}:{path}")
            if after is not None and not existed and after.get("status") not in STILL_OPEN:
                findings.append(
                    Finding(
                        "error",
                        "audit-decision-closed",
                        relative,
                        f"{short} adds this decision already {after.get('status')}: a decision "
                        "is opened, voted on and closed in the registry, each step a reviewed "
                        "change. Open it (status: open) and let the votes come; or, for a "
                        "historical decision taken elsewhere, mark the commit as an import "
                        f"with a trailer naming the source ({IMPORT_TRAILER}: URL) and say so "
                        "in the decision's `imported` field.",
                        line=1,
                    )
                )
    return findings


def _late_vote(
    short: str, relative: str, decision: str, before: dict[str, Any], after: dict[str, Any] | None
) -> Finding:
    done = "removes" if after is None else "adds or changes"
    return Finding(
        "error",
        "audit-vote-after-close",
        relative,
        f"{short} {done} this vote on decision '{decision}', which was already "
        f"{before.get('status')} (closed {before.get('closed', 'earlier')}): the votes of a "
        "closed decision are its record and never change. Undo the change; a historical "
        f"correction is an import, marked by a trailer naming the source ({IMPORT_TRAILER}: URL).",
        line=1,
    )


def _not_the_voters(
    commit: LoggedCommit, vote: dict[str, Any], parent: str | None, voters: Voters
) -> str | None:
    """Why the commit does not prove the vote is its voter's, or None when it does:
    its author's address is one the voter's record listed before the commit."""
    user = vote.get("user")
    if not isinstance(user, str):
        return None  # validate reports the vote itself
    by = f"is by {commit.author} <{commit.email}>"
    record = voters.record_file(user)
    if record is None:
        return (
            f"adds a vote cast through git by '{user}', who has no advocate record to list "
            f"the addresses of their commits, and it {by}. A vote cast through git is "
            "proved by its commit's author; vote on the decision's wiki page instead (cast: "
            "wiki), or be added to the registry with `accounts` first."
        )
    advocate = _parsed(voters.reader.read(f"{parent}:{record}")) if parent else None
    if advocate is None:
        return (
            f"adds a vote by '{user}', whose record {record} did not exist before this "
            f"commit, and it {by}: the record and its addresses come first, then the vote."
        )
    if is_theirs(commit.email, advocate):
        return None
    listed = ", ".join(addresses(advocate)) or "none"
    return (
        f"adds a vote by '{user}' but {by}, which is not one of their addresses "
        f"(their record lists {listed} in accounts.git, and accounts.github/gitlab give "
        "the hosts' no-reply addresses). Only the voter may cast their vote: they "
        "commit it themselves (advoc propose vote), or list this address in their record first."
    )


def _parsed(content: bytes | None) -> dict[str, Any] | None:
    return None if content is None else _parsed_bytes(content)


@lru_cache(maxsize=4096)
def _parsed_bytes(content: bytes) -> dict[str, Any] | None:
    """Kept by content: a voter's record is read before each of their votes, and
    is mostly the same bytes each time. Read only: the same dict is given again."""
    try:
        data = yamlio.parse_bytes(content)
    except yamlio.YamlProblem:
        return None
    return data if isinstance(data, dict) else None


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
