"""Votes on a wiki discussion page, and who cast each, from the page's history.

The page format (as Meta-Wiki's requests for comment use it): sections headed
Support, Oppose and Neutral (any level, `== Support ==`), and in them one list
item a vote, `# Reason. ~~~~` (lines starting `#:` or `##` are replies, not
votes). A vote struck through (`<s>...</s>` or `<del>...</del>`) is withdrawn.

A vote's author is the user of the revision that added its line, never the
signature in it (anyone can type another's signature). When one account has
several votes, its latest counts: a later vote replaces an earlier one, and a
vote it struck is withdrawn."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

POSITIONS = {"support": "support", "oppose": "oppose", "neutral": "neutral"}
_HEADING = re.compile(r"^(={2,6})\s*([^=]+?)\s*\1\s*$")
_ITEM = re.compile(r"^#(?![#:*])\s*(.*\S)\s*$")
_STRUCK = re.compile(r"^\s*<(s|del)>.*</\1>\s*(\S.*)?$", re.IGNORECASE | re.DOTALL)
_SIGNED = re.compile(r"\[\[\s*(?:User|user)\s*:\s*([^|\]/#]+)", re.IGNORECASE)


@dataclass(frozen=True)
class Line:
    position: str  # support, oppose or neutral
    text: str  # the list item, without its `#`

    @property
    def struck(self) -> bool:
        return bool(_STRUCK.match(self.text))

    @property
    def signed_as(self) -> str | None:
        """The user the signature names, if any (never trusted, only reported)."""
        found = _SIGNED.findall(self.text)
        return found[-1].strip() if found else None


def vote_lines(text: str) -> list[Line]:
    """The votes on a page as it stands: each list item in a vote section."""
    lines: list[Line] = []
    position: str | None = None
    for raw in text.splitlines():
        heading = _HEADING.match(raw)
        if heading:
            position = POSITIONS.get(heading.group(2).strip().casefold())
            continue
        item = _ITEM.match(raw)
        if item and position is not None:
            lines.append(Line(position, item.group(1)))
    return lines


@dataclass(frozen=True)
class Cast:
    """A vote line as the page history shows it: who added it, in which revision."""

    line: Line
    user: str  # "" when the revision's user is hidden: the author is unknown
    revision: int
    timestamp: str


def attribute(revisions: Iterable[tuple[int, str, str, str]]) -> list[Cast]:
    """Each vote line on the latest revision, with the revision that added it:
    `revisions` are (id, user, timestamp, text), oldest first. A line added, removed
    and added again is the later revision's."""
    current: dict[Line, Cast] = {}
    for revision, user, timestamp, text in revisions:
        seen = vote_lines(text)
        kept = {line: current[line] for line in seen if line in current}
        for line in seen:
            if line not in kept:
                kept[line] = Cast(line, user, revision, timestamp)
        current = kept
    return sorted(current.values(), key=lambda cast: cast.revision)


def latest_by_account(casts: list[Cast]) -> tuple[dict[str, Cast], list[Cast]]:
    """Each account's latest vote (struck: withdrawn, still returned), and the
    votes whose author is unknown."""
    latest: dict[str, Cast] = {}
    unknown = []
    for cast in sorted(casts, key=lambda item: item.revision):
        if not cast.user:
            unknown.append(cast)
        else:
            latest[cast.user] = cast
    return latest, unknown
