"""`advoc wiki votes DECISION`: the votes of a decision's wiki page, as one proposal.

Each vote's author is the user of the revision that added it (`model.wikivotes`);
the process's `eligibility_rules` are checked with the wiki's own account data;
each valid vote becomes its voter's file (`cast: wiki`, with the revision as
`proof`), and what is not counted is listed with the reason. A re-run proposes
only what changed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from advoc.errors import RefusedError, UsageError
from advoc.load import yamlio
from advoc.load.loader import Loaded
from advoc.model.evaluation import vote_window_end
from advoc.model.findings import Finding
from advoc.model.layout import VOTES
from advoc.model.resolve import find
from advoc.model.timeutil import to_datetime, to_duration
from advoc.model.votes import normalize_username, vote_file
from advoc.model.wikivotes import Cast, attribute, latest_by_account
from advoc.propose import edits
from advoc.propose.build import Proposal
from advoc.propose.edits import Stamp
from advoc.wiki.client import Account, Wiki, accounts, history

_COMMENT = (
    "A vote cast on the decision's wiki page: the revision in `proof` added it, and\n"
    "its author is the voter (advoc wiki votes)."
)


@dataclass
class Tally:
    counted: list[Cast] = field(default_factory=list)
    left_out: list[tuple[Cast, str]] = field(default_factory=list)  # and why


def wiki_page(registry: Loaded, decision_id: str) -> tuple[str, str]:
    """The decision's page and the wiki's API URL."""
    decision = find(registry, f"decision/{decision_id}")
    wiki = registry.manifest.get("wiki")
    api = wiki.get("api") if isinstance(wiki, dict) else None
    page = decision.data.get("wiki_page")
    if not isinstance(api, str):
        raise UsageError(
            "advoc.yaml names no wiki.",
            hint="Add `wiki: {api: https://meta.wikimedia.org/w/api.php, prefix: ...}`.",
        )
    if not isinstance(page, str):
        raise RefusedError(
            f"Decision {decision_id} names no wiki page to read votes from.",
            hint="Add `wiki_page: TITLE` (the discussion page on the manifest's wiki) to it.",
        )
    return page, api


def judge(registry: Loaded, decision_id: str, wiki: Wiki, page: str) -> Tally:
    """Which votes on the page count, and why the others do not."""
    decision = find(registry, f"decision/{decision_id}")
    revisions = history(wiki, page)
    if not revisions:
        raise RefusedError(f"The page {page} does not exist on {wiki.api_url}.")
    casts = attribute((r.id, r.user, r.timestamp, r.text) for r in revisions)
    latest, unknown = latest_by_account(casts)
    hidden = "its author cannot be told: the wiki hides the revision's user"
    tally = Tally(left_out=[(cast, hidden) for cast in unknown])
    found = accounts(wiki, sorted(latest))
    rules = _rules(registry, decision)
    opened = to_datetime(decision.data.get("opened"))
    ends = _window_end(registry, decision)
    for user, cast in sorted(latest.items(), key=lambda item: item[1].revision):
        why = _not_counted(cast, found.get(user), rules, opened, ends)
        if why:
            tally.left_out.append((cast, why))
        else:
            tally.counted.append(cast)
    return tally


def _rules(registry: Loaded, decision: Any) -> dict[str, Any]:
    process = registry.get("process", str(decision.data.get("process")))
    rules = process.data.get("eligibility_rules") if process else None
    return rules if isinstance(rules, dict) else {}


def _window_end(registry: Loaded, decision: Any) -> datetime | None:
    closed = to_datetime(decision.data.get("closed"))
    end = vote_window_end(registry, decision)
    ends = [moment for moment in (closed, end) if moment is not None]
    return min(ends) if ends else None


def _not_counted(
    cast: Cast,
    account: Account | None,
    rules: dict[str, Any],
    opened: datetime | None,
    ends: datetime | None,
) -> str | None:
    """Why a vote does not count, or None when it does."""
    if cast.line.struck:
        return "withdrawn: struck through"
    when = to_datetime(cast.timestamp)
    if opened is not None and when is not None and when < opened:
        return f"cast {cast.timestamp}, before the decision opened"
    if ends is not None and when is not None and when > ends:
        return f"cast {cast.timestamp}, after the votes ended ({ends:%Y-%m-%d %H:%M} UTC)"
    if account is None or not account.exists:
        return "the wiki knows no such account"
    minimum = rules.get("min_edits")
    if isinstance(minimum, int) and account.edits < minimum:
        return f"{account.edits} edits, fewer than the {minimum} the process requires"
    registered = to_datetime(account.registered) if account.registered else None
    young = registered is None or (opened is not None and registered >= opened)
    if rules.get("registered_before_open") is True and opened is not None and young:
        since = account.registered or "at an unknown time"
        return f"the account was registered {since}, not before the decision opened"
    age = to_duration(rules.get("min_account_age"))
    if age is not None and opened is not None and (registered is None or registered > opened - age):
        return f"the account was younger than {rules['min_account_age']} when it opened"
    if rules.get("not_blocked") is True and account.blocked:
        return "the account is blocked"
    return None


def proposal(registry: Loaded, decision_id: str, tally: Tally, api: str, page: str) -> Proposal:
    """The counted votes as files; votes withdrawn or no longer counted, removed."""
    changes: dict[str, bytes | None] = {}
    wanted: dict[str, bytes] = {}
    for cast in tally.counted:
        data = {
            "decision": decision_id,
            "user": cast.user,
            "position": cast.line.position,
            "date": Stamp(cast.timestamp),
            "cast": "wiki",
            "proof": {"wiki": api, "page": page, "revision": cast.revision},
        }
        wanted[vote_file(decision_id, cast.user)] = edits.new_file("vote", data, _COMMENT).encode()
    for path, content in wanted.items():
        existing = registry.get("vote", path.removeprefix(f"{VOTES}/").removesuffix(".yaml"))
        if existing is None or existing.data != _plain(content):
            changes[path] = content
    for vote in registry.of_kind("vote"):
        ours = vote.id.partition("/")[0] == decision_id and vote.data.get("cast") == "wiki"
        if ours and vote.file not in wanted:
            changes[vote.file] = None  # withdrawn, or no longer counted on the page
    if not changes:
        raise RefusedError(
            f"The votes on {page} are all in the registry already: nothing to propose.",
            hint="Run again when the page has new votes.",
        )
    body = [f"The votes cast on {page} ({api}), each proved by the revision that added it."]
    body += [f"Not counted: {cast.user or '(hidden)'} (revision {cast.revision}): {why}."
             for cast, why in tally.left_out]  # fmt: skip
    return Proposal(
        "wiki-votes",
        f"Votes on {decision_id} from its wiki page",
        f"wiki-votes-{decision_id}",
        changes,
        [f"decision/{decision_id}"],
        body=body,
        # Records brought in from the wiki, proved there: an import (advoc audit), also
        # when the page is read after the decision closed.
        imports=f"{page} on {api}",
    )


def _plain(content: bytes) -> dict[str, Any]:
    data: dict[str, Any] = yamlio.parse_bytes(content)
    return data


def verify(registry: Loaded, decision_id: str, wiki: Wiki, page: str) -> list[Finding]:
    """Each recorded wiki vote of the decision that the page's history does not
    support: its revision missing from the page, by another account, adding no such
    vote, or a vote the process does not count (withdrawn, replaced, ineligible)."""
    revisions = {revision.id: revision for revision in history(wiki, page)}
    tally = judge(registry, decision_id, wiki, page)
    counted = {cast.user: cast for cast in tally.counted}
    left_out = {cast.user: why for cast, why in tally.left_out}
    findings = []
    for vote in sorted(registry.of_kind("vote"), key=lambda record: record.id):
        if vote.id.partition("/")[0] != decision_id or vote.data.get("cast") != "wiki":
            continue
        proof = vote.data.get("proof")
        if not isinstance(proof, dict) or (proof.get("wiki"), proof.get("page")) != (
            wiki.api_url,
            page,
        ):
            continue  # proved on another page: checked with that page
        user = str(vote.data.get("user"))
        number = proof.get("revision")
        revision = revisions.get(number) if isinstance(number, int) else None
        cast = counted.get(user)
        if revision is None:
            why = f"revision {number} is not in the history of {page}"
        elif normalize_username(revision.user) != normalize_username(user):
            why = f"revision {number} was made by {revision.user or '(hidden)'}, not by {user}"
        elif user in left_out:
            why = f"the page does not count it: {left_out[user]}"
        elif cast is None or cast.revision != number:
            later = f" (their vote is now revision {cast.revision})" if cast else ""
            why = f"revision {number} is not the vote of {user} the page counts{later}"
        elif cast.line.position != vote.data.get("position"):
            why = f"the page says {cast.line.position}, the file {vote.data.get('position')}"
        else:
            continue
        findings.append(
            Finding("error", "wiki-vote-unsupported", vote.file, f"{user}'s vote: {why}", line=1)
        )
    return findings
