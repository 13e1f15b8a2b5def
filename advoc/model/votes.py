"""Votes on a decision, counted: who took which position, and how many.

Apart from `advoc.model.evaluation`, which holds a decision against its process,
because `advoc history` phrases a decision's votes and must load no more than
it needs (the evaluation brings the registry loader with it).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from operator import attrgetter
from typing import TYPE_CHECKING, Any, NamedTuple

from advoc.model.timeutil import to_datetime

if TYPE_CHECKING:
    from collections.abc import Iterator
    from datetime import datetime

    from advoc.model.registry import Record, Registry

POSITIONS = ("support", "oppose", "neutral")


@lru_cache(maxsize=1 << 16)  # the same voters, across 150,000 votes
def normalize_username(name: str) -> str:
    """Two usernames are the same user when equal after this (see the format)."""
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=1 << 16)
def voter_key(user: str) -> str:
    """The file name (without `.yaml`) of `user`'s vote in a decision's folder.

    A readable part (the username in lowercase ASCII letters and digits, at most
    40) and 12 hex digits of the SHA-256 of the normalized username in Unicode
    NFC: one user always gets the same file, so a changed vote edits it, and
    two users never share one, even on a file system that ignores case.
    Kept for each user: one person votes on many decisions (153,000 votes by
    10,000 people in the benchmark registry)."""
    import hashlib  # here: `advoc history` imports this module and needs no hash (7.5 ms)

    name = unicodedata.normalize("NFC", normalize_username(user))
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    readable = _NOT_SLUG.sub("-", ascii_name.lower()).strip("-")[:40].strip("-") or "user"
    return f"{readable}-{hashlib.sha256(name.encode('utf-8')).hexdigest()[:12]}"


def vote_file(decision_id: str, user: str) -> str:
    """Where `user`'s vote on `decision_id` lives, relative to the root."""
    return f"registry/votes/{decision_id}/{voter_key(user)}.yaml"


def ballots(registry: Registry, decision_id: str) -> list[Record]:
    """The vote records filed in the decision's folder, by file name."""

    def index() -> dict[str, list[Record]]:
        by_decision: dict[str, list[Record]] = {}
        for vote in registry.of_kind("vote"):
            by_decision.setdefault(vote.id.partition("/")[0], []).append(vote)
        for votes in by_decision.values():  # sorted apart: 150,000 votes in one sort cost more
            votes.sort(key=attrgetter("id"))
        return by_decision

    return registry.memo(("votes", "by decision"), index).get(decision_id, [])


class Counts(NamedTuple):
    support: int = 0
    oppose: int = 0
    neutral: int = 0

    @property
    def participants(self) -> int:
        return self.support + self.oppose + self.neutral

    @property
    def ratio(self) -> float | None:
        """support / (support + oppose), or None when nobody took a side."""
        sides = self.support + self.oppose
        return self.support / sides if sides else None


def votes(cast: list[Any]) -> Iterator[tuple[int, str, str]]:
    """(index, normalized user, position) of every well-formed vote in `cast`
    (the data of vote files), in order."""
    for index, vote in enumerate(cast):
        if type(vote) is not dict:
            continue
        user, position = vote.get("user"), vote.get("position")
        if type(user) is str and position in POSITIONS:
            yield index, normalize_username(user), position


def counted_votes(cast: list[Any], until: datetime | None = None) -> Counts:
    """Counts by position of the votes `cast`, each user once (their last vote);
    with `until`, only the votes cast by then (undated votes always count)."""
    last: dict[str, str] = {}
    for index, user, position in votes(cast):
        if until is not None:
            when = to_datetime(cast[index].get("date"))
            if when is not None and when > until:
                continue
        last[user] = position

    positions = list(last.values())
    return Counts(*(positions.count(position) for position in POSITIONS))


def tally_counts(decision: dict[str, Any]) -> Counts | None:
    tally = decision.get("tally")
    if not isinstance(tally, dict):
        return None
    return Counts(*(as_count(tally.get(position)) for position in POSITIONS))


def as_count(value: Any) -> int:
    """A count as the format writes it (an integer, not true or false), else 0."""
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def counts_of(decision: dict[str, Any], cast: list[Any], until: datetime | None = None) -> Counts:
    """The votes cast (the data of its vote files) when there are any, else the
    decision's tally, else nobody."""
    if cast:
        return counted_votes(cast, until)
    return tally_counts(decision) or Counts()
