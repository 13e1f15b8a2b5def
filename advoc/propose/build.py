"""Proposals as data: what each `advoc propose` command changes, in which file.

Nothing here runs git or prints. Each function takes the registry as it is at
the proposal's base revision and returns a `Proposal`: the new bytes of every
file it changes, the records it touches, and the words of its commit message.
`advoc.propose.submit` validates it, builds the commit aside and creates the branch.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from advoc.errors import RefusedError, UsageError
from advoc.git.repo import Identity
from advoc.load.loader import Loaded
from advoc.load.private import new_id, private_names
from advoc.model.evaluation import evaluate, vote_window_end
from advoc.model.kinds import KINDS, RULE_KINDS
from advoc.model.layout import VOTES, rule_reference
from advoc.model.public import hidden, spellings
from advoc.model.registry import Record
from advoc.model.requirements import missing
from advoc.model.resolve import find
from advoc.model.roles import assignments
from advoc.model.timeutil import to_datetime, to_duration
from advoc.model.votes import vote_file
from advoc.model.walk import as_dict
from advoc.propose import edits
from advoc.propose.edits import Append, Operation, Set, Stamp


@dataclass
class Proposal:
    command: str  # the subcommand, for the Advoc-Proposal trailer
    summary: str  # the commit's first line
    slug: str  # for the default branch name
    changes: dict[str, bytes | None]  # registry-relative path -> new bytes (None: removed)
    records: list[str]  # kind/id of every record changed
    decision: str | None = None  # the decision that authorises the change
    body: list[str] = field(default_factory=list)  # sentences for the commit body
    from_worktree: bool = False  # the user's own bytes: stored as `git add` would
    identity: Identity | None = None  # who the commit names, when not the user
    imports: str | None = None  # the source of historical records it brings in (Advoc-Import)


@dataclass(frozen=True)
class Scope:
    """The part of the registry a proposal reads, and the only part its change can
    alter the findings of. A vote, for example, is judged with its decision, the
    decision's other votes and the rules: no check of any other record reads it.
    Validating that part before and after the change finds the errors the change
    adds, without reading the rest (a registry of 183,000 files takes 2 s to read).
    """

    paths: tuple[str, ...]  # files and folders, relative to the registry root
    # Files that must be there; when one is not, the whole registry is read, so
    # that the message can suggest what was meant.
    needs: tuple[str, ...] = ()


def stamp(moment: datetime) -> Stamp:
    return Stamp(moment.strftime("%Y-%m-%dT%H:%M:%SZ"))


def day(moment: date) -> Stamp:
    return Stamp(moment.isoformat())


def slugify(text: str, limit: int = 64) -> str:
    """Lowercase ASCII letters and digits joined by single hyphens: accents are
    removed, every other character becomes a hyphen."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0] if "-" in slug[:limit] else slug[:limit]
    return slug.strip("-")


def _path(kind: str, record_id: str) -> str:
    return f"{KINDS[kind].folder}/{record_id}.yaml"


def _free_id(registry: Loaded, kind: str, wanted: str) -> str:
    """`wanted`, or `wanted-2`, `wanted-3`... whichever no record of `kind` has."""
    candidate, number = wanted, 1
    while registry.get(kind, candidate) is not None or candidate in registry.unreadable:
        number += 1
        suffix = f"-{number}"
        candidate = wanted[: 64 - len(suffix)].rstrip("-") + suffix
    return candidate


def _check_id(record_id: str, what: str) -> str:
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", record_id) or len(record_id) > 64:
        raise UsageError(
            f"'{record_id}' cannot be the id of {what}: ids are 1-64 lowercase letters, "
            "digits and single hyphens.",
            hint="Pass a different --id, such as 'ada-lovelace'.",
        )
    return record_id


def _text_of(registry: Loaded, record: Record) -> str:
    return registry.source.read(record.file).decode("utf-8")


def _edited(registry: Loaded, record: Record, operations: list[Operation]) -> bytes:
    return edits.edit(_text_of(registry, record), record.kind, operations).encode("utf-8")


def _adding(
    kind: str, record_id: str, data: dict[str, Any], summary: str, comment: str, body: str
) -> Proposal:
    """A proposal that adds one record, as a new file that starts with `comment`."""
    new_file = edits.new_file(kind, data, comment).encode("utf-8")
    return Proposal(
        kind, summary, f"{kind}-{record_id}", {_path(kind, record_id): new_file},
        [f"{kind}/{record_id}"], body=[body],
    )  # fmt: skip


# advocate ------------------------------------------------------------------


def new_advocate(
    registry: Loaded,
    *,
    username: str,
    languages: list[str],
    record_id: str | None = None,
    name: str | None = None,
    countries: list[str] | None = None,
    topics: list[str] | None = None,
    projects: list[str] | None = None,
    groups: list[str] | None = None,
) -> Proposal:
    if record_id is None:
        record_id = slugify(username)
        if not record_id:
            raise UsageError(
                f"advoc cannot make an id from the username '{username}' (ids use "
                "the letters a-z).",
                hint="Choose one with --id, for example a transliteration of the name.",
            )
    _check_id(record_id, "an advocate")
    if registry.get("advocate", record_id) is not None:
        raise RefusedError(
            f"There is already an advocate '{record_id}' "
            f"({registry.records['advocate'][record_id].file}).",
            hint="Change that file with `advoc propose edit`, or choose another --id.",
        )
    data: dict[str, Any] = {"id": record_id, "username": username, "languages": languages}
    for key, value in (
        ("name", name),
        ("countries", countries),
        ("topics", topics),
        ("home_projects", projects),
        ("groups", groups),
    ):
        if value:
            data[key] = value
    return _adding(
        "advocate",
        record_id,
        data,
        f"Add advocate {username}",
        f"Advocate: {username}",
        f"Adds {username} as an advocate ({', '.join(languages)}).",
    )


# decision ------------------------------------------------------------------


def new_decision(
    registry: Loaded,
    *,
    decision_type: str,
    process: str,
    title: str,
    proposer: str,
    at: datetime,
    record_id: str | None = None,
    advocates: list[str] | None = None,
    roles: list[str] | None = None,
    discussion: str | None = None,
    rules: list[str] | None = None,
    ratifies: str | None = None,
    scope: dict[str, list[str]] | None = None,
    wikis: list[str] | None = None,
    action_start: str | None = None,
    action_end: str | None = None,
) -> Proposal:
    found = find(registry, f"process/{process}")
    applies = found.data.get("applies_to")
    if isinstance(applies, list) and decision_type not in applies:
        raise RefusedError(
            f"Process '{process}' does not decide decisions of type '{decision_type}'.",
            hint=f"It applies to: {', '.join(map(str, applies))}.",
        )
    for advocate in advocates or []:
        if advocate not in registry.withheld:
            find(registry, f"advocate/{advocate}")
    for role in roles or []:
        find(registry, f"role/{role}")
    rules = _rules_changed(registry, decision_type, rules or [])
    _names_nobody_withheld(registry, title, record_id)
    if record_id is None and _withheld_subject(registry, advocates or []):
        # Neither their id nor their name, nor anything else that could lead to them
        record_id = _free_id(registry, "decision", f"{at.year}-{decision_type}-{new_id()[2:]}")
    elif record_id is None:
        record_id = _free_id(registry, "decision", slugify(f"{at.year} {title}") or str(at.year))
    elif registry.get("decision", _check_id(record_id, "a decision")) is not None:
        raise RefusedError(
            f"There is already a decision '{record_id}'.",
            hint="Choose another --id, or leave it out to get a free one.",
        )
    data: dict[str, Any] = {
        "id": record_id,
        "title": title,
        "type": decision_type,
        "process": process,
        "status": "open",
        "opened": stamp(at),
        "proposer": proposer,
    }
    if discussion:
        data["discussion"] = discussion
    if wikis:
        data["projects"] = wikis
    subjects: dict[str, Any] = {}
    if advocates:
        subjects["advocates"] = advocates
    if roles:
        subjects["roles"] = roles
    if rules:
        subjects["rules"] = rules
    if subjects:
        data["subjects"] = subjects
    if scope:
        data["scope"] = scope
    if ratifies:
        target = find(registry, f"decision/{ratifies}")
        process_of = registry.get("process", str(target.data.get("process")))
        if process_of is None or process_of.data.get("urgent") is not True:
            raise RefusedError(
                f"Decision {ratifies} was not taken under an urgent process, so there is "
                "nothing to ratify.",
                hint="A ratification confirms an urgent decision after the fact: "
                "--ratifies names one.",
            )
        data["ratifies"] = ratifies
    if action_start or action_end:
        data["action"] = {
            key: Stamp(value)
            for key, value in (("start", action_start), ("end", action_end))
            if value
        }
    lacking = missing(data)
    if lacking:
        needed = "; ".join(f"{item.what} ({item.option})" for item in lacking)
        raise RefusedError(
            f"A {decision_type} decision says what it decides, and this one lacks: {needed}.",
            hint="Add " + " and ".join(f"{item.option} VALUE" for item in lacking) + ".",
        )
    return _adding(
        "decision",
        record_id,
        data,
        f"Open decision {record_id}",
        f"Decision: {title}",
        f"{proposer} opens decision '{title}' ({decision_type}) under process {process}.",
    )


def _withheld_subject(registry: Loaded, advocates: list[str]) -> bool:
    hidden_ids = hidden(registry).ids
    return any(advocate in hidden_ids for advocate in advocates)


def _names_nobody_withheld(registry: Loaded, title: str, record_id: str | None) -> None:
    """Refuse a decision whose title or id names an advocate of limited
    visibility: both are public, and an id stays in every reference to it."""
    secret = hidden(registry)
    names = [*secret.usernames, *private_names(registry.root)]
    needles = {spelling for name in names for spelling in spellings(name)}
    needles |= {slugify(name) for name in names if len(slugify(name)) >= 3}
    needles |= {advocate_id for advocate_id in secret.ids if advocate_id not in registry.withheld}
    for what, text in (("title", title), ("id", record_id or "")):
        if any(needle in text for needle in needles):
            raise RefusedError(
                f"The decision's {what} names an advocate whose visibility is limited, and "
                "it would be public. Nothing was created.",
                hint="Name them by their opaque id in --advocate only, and give a title that "
                "names nobody, such as 'Grant the advocate role'.",
            )


def urgent_decisions(registry: Loaded) -> list[str]:
    """The decisions taken under an urgent process: what a ratification may ratify."""
    urgent = {p.id for p in registry.of_kind("process") if p.data.get("urgent") is True}
    return sorted(d.id for d in registry.of_kind("decision") if d.data.get("process") in urgent)


def rule_choices(registry: Loaded) -> list[str]:
    """Every rule of the registry as `kind/id`: what `--rule` may name (besides a
    rule the decision creates)."""
    return [record.ref for record in registry.all() if record.kind in RULE_KINDS]


def _rules_changed(registry: Loaded, decision_type: str, rules: list[str]) -> list[str]:
    """`--rule` values: only for a rule-change decision, which needs at least one;
    each `kind/id` of a rule kind (an id not in the registry yet is a new rule)."""
    if rules and decision_type != "rule-change":
        raise UsageError(
            f"--rule is for rule-change decisions; this one is of type '{decision_type}'.",
            hint="Leave out --rule, or use --type rule-change.",
        )
    if decision_type == "rule-change" and not rules:
        existing = ", ".join(rule_choices(registry)) or "none yet"
        raise UsageError(
            "A rule-change decision names the rules it changes: add --rule KIND/ID for "
            "each (a decision authorises only the rules it names).",
            hint=f"The rules now: {existing}. A new rule is named the same way, e.g. "
            "--rule principle/new-principle.",
        )
    kinds = ", ".join(RULE_KINDS)
    for rule in rules:
        kind, slash, rule_id = rule.partition("/")
        if (
            not slash
            or kind not in RULE_KINDS
            or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule_id)
        ):
            raise UsageError(
                f"--rule '{rule}' is not a rule written as KIND/ID.",
                hint=f"KIND is one of {kinds}; for example --rule process/role-grant.",
            )
    return list(dict.fromkeys(rules))


# vote ----------------------------------------------------------------------


def vote(
    registry: Loaded,
    decision_id: str,
    *,
    user: str,
    position: str,
    at: datetime,
    comment: str | None = None,
) -> Proposal:
    decision = find(registry, f"decision/{decision_id}")
    _must_be_open(decision, "vote on")
    _must_take_votes(registry, decision, at)
    item: dict[str, Any] = {
        "decision": decision_id,
        "user": user,
        "position": position,
        "date": stamp(at),
    }
    if comment:
        item["comment"] = comment
    file = vote_file(decision_id, user)
    existing = registry.get("vote", file.removeprefix(f"{VOTES}/").removesuffix(".yaml"))
    # The voter's own small file, written whole: a changed vote replaces it.
    content = edits.new_file("vote", item, _VOTE_COMMENT).encode("utf-8")
    if existing is not None:
        was = existing.data.get("position")
        summary = f"Change vote on {decision_id} to {position}"
        body = f"{user} changes their vote on decision {decision_id} from {was} to {position}."
    else:
        summary = f"Vote {position} on {decision_id}"
        body = f"{user} votes {position} on decision {decision_id}."
    return Proposal(
        "vote",
        summary,
        f"vote-{decision_id}-{slugify(user) or 'voter'}",
        {file: content},
        [f"decision/{decision_id}"],
        body=[body],
    )


def vote_scope(decision_id: str) -> Scope:
    """What a vote on `decision_id` is judged with: the decision, its votes and the
    rules (its process). The checks that read a vote (its file, one vote per user,
    the tally, the window, quorum, threshold and outcome) read nothing else, and no
    other record's check reads a vote."""
    decision = f"{KINDS['decision'].folder}/{decision_id}.yaml"
    return Scope(("rules", decision, f"{VOTES}/{decision_id}"), needs=(decision,))


_VOTE_COMMENT = (
    "One vote, in its own file, so that votes cast at the same time merge without\n"
    "conflicts. The commit that adds it must be the voter's (advoc audit checks it)."
)


def _must_be_open(decision: Record, doing: str) -> None:
    status = decision.data.get("status")
    if status != "open":
        raise RefusedError(
            f"Decision {decision.id} is {status}, not open, so advoc will not {doing} it.",
            hint="Only open decisions take votes and can be closed.",
        )


def _must_take_votes(registry: Loaded, decision: Record, at: datetime) -> None:
    """A vote is cast inside the window: from `opened` to opened + max_duration."""
    opened = to_datetime(decision.data.get("opened"))
    if opened is not None and at < opened:
        raise RefusedError(
            f"Decision {decision.id} opens only at {opened:%Y-%m-%d %H:%M} UTC, so it takes "
            "no votes yet.",
            hint="Vote once it has opened.",
        )
    end = vote_window_end(registry, decision)
    if end is not None and at > end:
        raise RefusedError(
            f"The votes on decision {decision.id} ended at {end:%Y-%m-%d %H:%M} UTC (its "
            f"process {decision.data.get('process')} keeps a decision open at most that "
            "long), so advoc will not add a vote now.",
            hint=f"Close it with `advoc propose close {decision.id}`: the votes cast in time "
            "decide it.",
        )


# close ---------------------------------------------------------------------


def closing_time(registry: Loaded, decision: Record, at: datetime) -> datetime:
    """When a decision closed at `at` is recorded as closed: `at`, or the end of its
    window (opened + max_duration) when that has passed: it closed itself then."""
    end = vote_window_end(registry, decision)
    return end if end is not None and end < at else at


def close(registry: Loaded, decision_id: str, *, closer: str, at: datetime) -> Proposal:
    decision = find(registry, f"decision/{decision_id}")
    _must_be_open(decision, "close")
    at = closing_time(registry, decision, at)
    closed_data = {**decision.data, "closed": stamp(at)}
    verdict = evaluate(registry, Record("decision", decision.id, decision.file, closed_data), at)
    if verdict.process is None:
        raise RefusedError(
            f"Decision {decision_id} names no process that exists, so it cannot be judged.",
            hint="Fix its `process` first.",
        )
    if verdict.opened is not None and verdict.opened > at:
        raise RefusedError(
            f"Decision {decision_id} opens only at {verdict.opened:%Y-%m-%d %H:%M} UTC, so it "
            "cannot close before then.",
            hint="Run `advoc status` once it has opened.",
        )
    if not verdict.long_enough and verdict.earliest_close is not None:
        raise RefusedError(
            f"Decision {decision_id} may close no earlier than "
            f"{verdict.earliest_close:%Y-%m-%d %H:%M} UTC: process {verdict.process.id} "
            f"keeps it open at least {verdict.written('min_duration')}.",
            hint="Run `advoc status` to see the time left, and close it then.",
        )
    outcome = verdict.outcome
    operations: list[Operation] = [Set(("status",), outcome), Set(("closed",), stamp(at))]
    closers = decision.data.get("closers")
    if not (isinstance(closers, list) and closer in closers):
        operations.append(Append(("closers",), closer))
    changes: dict[str, bytes | None] = {decision.file: _edited(registry, decision, operations)}

    records = [f"decision/{decision_id}"]
    counts = verdict.counts
    body = [
        f"Closes decision {decision_id} as {outcome} under process {verdict.process.id}: "
        f"{counts.support} support, {counts.oppose} oppose, {counts.neutral} neutral "
        f"({counts.participants} participants)."
    ]
    body.extend(
        f"- {rule.required}: {rule.actual} ({'met' if rule.met else 'not met'})"
        for rule in verdict.rules()
    )
    if verdict.max_duration is not None and verdict.open_for == verdict.max_duration:
        body.append(
            f"Its maximum duration ({verdict.written('max_duration')}) had passed: it is "
            f"recorded as closed when that ended, {at:%Y-%m-%d %H:%M} UTC, and decided by "
            "the votes cast by then."
        )
    if outcome == "adopted":
        # The role written or ended is told in the commit body from the registry diff.
        for file, content, ref in _role_changes(registry, decision, at.date()):
            changes[file] = content
            records.append(ref)

    return Proposal(
        "close",
        f"Close {decision_id}: {outcome}",
        f"close-{decision_id}",
        changes,
        records,
        decision=decision_id if outcome == "adopted" else None,
        body=body,
    )


def _role_changes(
    registry: Loaded, decision: Record, closing: date
) -> list[tuple[str, bytes, str]]:
    """For an adopted grant, confirmation or removal: each advocate's new file, as
    (file, bytes, kind/id). The commit body tells the change from the registry diff."""
    kind = decision.data.get("type")
    if kind not in ("role-grant", "confirmation", "role-removal"):
        return []
    subjects = as_dict(decision.data.get("subjects"))

    advocates = [a for a in subjects.get("advocates") or [] if isinstance(a, str)]
    roles = [r for r in subjects.get("roles") or [] if isinstance(r, str)]
    if not advocates or not roles:
        raise RefusedError(
            f"Decision {decision.id} is a {kind} but its subjects name no "
            f"{'advocate' if not advocates else 'role'}, so advoc cannot tell whose role changes.",
            hint="Add `subjects: {advocates: [...], roles: [...]}` to the decision first.",
        )
    result = []
    for advocate_id in advocates:
        advocate = find(registry, f"advocate/{advocate_id}")
        operations: list[Operation] = []
        for role_id in roles:
            role = find(registry, f"role/{role_id}")
            if kind == "role-removal":
                for assignment in assignments(advocate):
                    if assignment.role_id == role_id and assignment.active_on(registry, closing):
                        operations.append(Set(("roles", assignment.index, "ended_by"), decision.id))
                        if assignment.end is None or assignment.end > closing:
                            operations.append(Set(("roles", assignment.index, "end"), day(closing)))
                continue
            item: dict[str, Any] = {"role": role_id, "start": day(closing)}
            term = to_duration(role.data.get("term"))
            if term is not None:
                item["end"] = day(closing + timedelta(days=term.days))
            scope = decision.data.get("scope")
            if isinstance(scope, dict) and scope:
                item["scope"] = scope  # the role is held where the decision granted it
            item["granted_by"] = decision.id
            operations.append(Append(("roles",), item))
        if operations:
            edited = _edited(registry, advocate, operations)
            result.append((advocate.file, edited, f"advocate/{advocate.id}"))
    return result


# feedback ------------------------------------------------------------------


def feedback(
    registry: Loaded,
    about: str,
    *,
    kind: str,
    summary: str,
    author: str,
    at: datetime,
    record_id: str | None = None,
    anonymous: bool = False,
) -> Proposal:
    """New feedback. `anonymous`: the file says `author: anonymous` and the
    commit names the registry's identity for anonymous submissions (see
    `anonymous_identity`), so neither names the person who runs advoc."""
    identity = anonymous_identity(registry, at) if anonymous else None
    if anonymous:
        author = "anonymous"
    target = find(registry, about)
    if target.kind not in ("advocate", "decision"):
        raise UsageError(
            f"Feedback is about an advocate or a decision, not a {target.kind}.",
            hint="For example: advoc propose feedback advocate/ada-lovelace ...",
        )
    wanted = record_id or f"{at.date().isoformat()}-{target.id}"
    if record_id is not None and registry.get("feedback", _check_id(record_id, "feedback")):
        raise RefusedError(
            f"There is already feedback '{record_id}'.",
            hint="Choose another --id, or leave it out to get a free one.",
        )
    new_id = record_id or _free_id(registry, "feedback", slugify(wanted))
    data = {
        "id": new_id,
        "about": target.ref,
        "author": author,
        "date": day(at.date()),
        "kind": kind,
        "summary": summary,
        "status": "open",
    }
    proposal = _adding(
        "feedback",
        new_id,
        data,
        f"Feedback ({kind}) about {target.ref}",
        f"Feedback about {target.ref}",
        f"{author} gives feedback ({kind}) about {target.ref}: {summary}",
    )
    proposal.identity = identity
    return proposal


ANONYMOUS_EXAMPLE = """\
  anonymous:
    name: Anonymous contributor
    email: anonymous@users.noreply.example.org"""


def anonymous_identity(registry: Loaded, at: datetime) -> Identity:
    """The identity the manifest names for anonymous submissions, dated the
    start of `at`'s day in UTC (the hour would narrow down who it was)."""
    given = registry.manifest.get("anonymous")
    if not isinstance(given, dict) or not given.get("name") or not given.get("email"):
        raise RefusedError(
            "This registry does not take anonymous feedback yet: its manifest "
            "(advoc.yaml) names no identity for anonymous submissions, so the commit "
            "would name you. Nothing was created.",
            hint="A maintainer can add to advoc.yaml:\n"
            + ANONYMOUS_EXAMPLE
            + "\nUntil then, give the feedback under your own name, or ask someone "
            "you trust to file it.",
        )
    midnight = f"{at.date().isoformat()}T00:00:00+0000"
    return Identity(str(given["name"]), str(given["email"]), midnight)


def respond(
    registry: Loaded,
    feedback_id: str,
    *,
    by: str,
    text: str,
    status: str,
    at: datetime,
) -> Proposal:
    record = find(registry, f"feedback/{feedback_id}")
    if isinstance(record.data.get("response"), dict):
        raise RefusedError(
            f"Feedback {feedback_id} already has a response.",
            hint="To change it, edit the file and run `advoc propose edit`.",
        )
    response = {"by": by, "date": day(at.date()), "text": text}
    operations: list[Operation] = [Set(("response",), response), Set(("status",), status)]
    return Proposal(
        "respond",
        f"Respond to feedback {feedback_id}",
        f"respond-{feedback_id}",
        {record.file: _edited(registry, record, operations)},
        [f"feedback/{feedback_id}"],
        body=[f"{by} responds to feedback {feedback_id}; its status becomes {status}."],
    )


# edit ----------------------------------------------------------------------


def from_edits(
    registry: Loaded,
    changes: dict[str, bytes | None],
    message: str | None,
    decision: str | None,
) -> Proposal:
    """The user's own edits (already read from their working tree) as a proposal."""
    if not changes:
        raise RefusedError(
            "There are no edits under registry/ or rules/ to propose.",
            hint="Edit or add record files first; `git status` shows what changed.",
        )
    if decision is not None:
        find(registry, f"decision/{decision}")
    rules = sorted(path for path in changes if path.startswith("rules/"))
    if rules and decision is None:
        raise RefusedError(
            f"These edits change the rules of engagement ({', '.join(rules)}); rules change "
            "only by an adopted rule-change decision, which the proposal must name.",
            hint="Add --decision ID (the adopted rule-change decision); `advoc audit` checks it.",
        )
    if rules and decision is not None:
        _authorises(registry, decision, rules)
    records = []
    for path in sorted(changes):
        folder, _, name = path.rpartition("/")
        kind = next((k.name for k in KINDS.values() if k.folder == folder), None)
        if kind and name.endswith(".yaml"):
            records.append(f"{kind}/{name[: -len('.yaml')]}")
    verbs = {True: "changes", False: "removes"}
    body = [f"{verbs[changes[path] is not None].capitalize()} {path}." for path in sorted(changes)]
    summary = message or (
        f"Edit {records[0]}" if len(records) == 1 else f"Edit {len(changes)} registry files"
    )
    return Proposal(
        "edit",
        summary.splitlines()[0],
        slugify(summary)[:40] or "edit",
        changes,
        records,
        decision=decision,
        body=body,
        from_worktree=True,
    )


def _authorises(registry: Loaded, decision_id: str, rules: list[str]) -> None:
    """Refuse, before anything is made, edits to rules that the decision named
    does not authorise: it must be an adopted rule-change decision whose
    `subjects.rules` lists every rule changed (what `advoc audit` checks)."""
    record = find(registry, f"decision/{decision_id}")
    data = record.data
    if data.get("type") != "rule-change" or data.get("status") != "adopted":
        raise RefusedError(
            f"Decision {decision_id} is a {data.get('type')} decision with status "
            f"{data.get('status')}; rules change only by an adopted rule-change decision. "
            "Nothing was created.",
            hint="Name an adopted rule-change decision with --decision, or wait until it "
            "is adopted (merged) before proposing the change.",
        )
    subjects = data.get("subjects")
    listed = subjects.get("rules") if isinstance(subjects, dict) else None
    allowed = {item for item in listed or () if isinstance(item, str)}
    outside = [
        (path, rule)
        for path in rules
        if (rule := rule_reference(path)) is not None and rule not in allowed
    ]
    if outside:
        named = ", ".join(f"{rule} ({path})" for path, rule in outside)
        raise RefusedError(
            f"Decision {decision_id} does not authorise these edits: {named}. It lists "
            f"only {', '.join(sorted(allowed)) or 'no rules'} in subjects.rules, and a "
            "decision authorises only the rules it names. Nothing was created.",
            hint="Leave those files out of this proposal, or open a rule-change decision "
            "that lists them (advoc propose decision --type rule-change --rule KIND/ID) and "
            "propose the edits once it is adopted.",
        )


def message(proposal: Proposal, described: list[str] | None = None) -> str:
    """The commit message: summary; what the proposal does and, written from the
    registry diff, every change it makes; trailers git can parse."""
    lines = [proposal.summary, ""]
    lines.extend(proposal.body)
    if described:
        lines.extend(["", "Changes to the registry:"])
        lines.extend(f"- {sentence}" for sentence in described)
    lines.append("")
    lines.append(f"Advoc-Proposal: {proposal.command}")
    lines.extend(f"Advoc-Record: {record}" for record in dict.fromkeys(proposal.records))
    if proposal.decision:
        lines.append(f"Advoc-Decision: {proposal.decision}")
    if proposal.imports:
        lines.append(f"Advoc-Import: {proposal.imports}")
    return "\n".join(lines) + "\n"
