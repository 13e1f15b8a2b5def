"""Votes on a decision, counted: who took which position, and how many.

Apart from `advoc.model.evaluation`, which holds a decision against its process,
because `advoc history` phrases a decision's votes and must load no more than
it needs (the evaluation brings the registry loader with it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from advoc.model.timeutil import to_datetime

if TYPE_CHECKING:
    from collections.abc import Iterator
    from datetime import datetime

POSITIONS = ("support", "oppose", "neutral")


def normalize_username(name: str) -> str:
    """Two usernames are the same user when equal after this (see the format)."""
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


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


def votes(decision: dict[str, Any]) -> Iterator[tuple[int, str, str]]:
    """(index, normalized user, position) of every well-formed vote, in file order."""
    for index, vote in enumerate(_participants(decision)):
        if type(vote) is not dict:
            continue
        user, position = vote.get("user"), vote.get("position")
        if type(user) is str and position in POSITIONS:
            yield index, normalize_username(user), position


def counted_votes(decision: dict[str, Any], until: datetime | None = None) -> Counts:
    """Counts by position of `participants`, each user once (their last vote);
    with `until`, only the votes cast by then (undated votes always count)."""
    last: dict[str, str] = {}
    participants = _participants(decision)
    for index, user, position in votes(decision):
        if until is not None:
            cast = to_datetime(participants[index].get("date"))
            if cast is not None and cast > until:
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


def counts_of(decision: dict[str, Any], until: datetime | None = None) -> Counts:
    """The participants list when there is one, else the tally, else nobody."""
    if isinstance(decision.get("participants"), list):
        return counted_votes(decision, until)
    return tally_counts(decision) or Counts()


def _participants(decision: dict[str, Any]) -> list[Any]:
    # as `checks.walk.as_list`, whose package would bring dataclasses to history
    participants = decision.get("participants")
    return participants if isinstance(participants, list) else []
