"""A decision held against its process: the one place for that arithmetic.

`evaluate` is used by the checks, by `advoc status`, by `advoc show` and by
`advoc propose close`, so they can never disagree about whether a decision
met its quorum, its threshold or its duration, or when its ratification is due.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from advoc.model.messages import Messages, words_in
from advoc.model.registry import Record, Registry
from advoc.model.timeutil import describe, instant, to_datetime, to_duration
from advoc.model.votes import Counts, as_count, ballots, counts_of
from advoc.model.walk import as_dict


@dataclass(frozen=True)
class Rule:
    """One rule of a process held against a decision, for people to read."""

    name: str  # duration | quorum | threshold | max-duration
    required: str
    actual: str
    met: bool


@dataclass(frozen=True)
class Evaluation:
    decision: Record
    process: Record | None
    counts: Counts
    opened: datetime | None
    closed: datetime | None
    as_of: datetime
    min_duration: timedelta | None
    max_duration: timedelta | None
    quorum: int | None
    threshold: float | None

    @property
    def process_id(self) -> str:
        return self.process.id if self.process else "(none)"

    def written(self, field: str) -> str:
        """A rule as the process file writes it, e.g. `7d`."""
        return str(self.process.data.get(field)) if self.process else "?"

    @property
    def is_open(self) -> bool:
        return self.closed is None

    @property
    def not_yet_opened(self) -> bool:
        return self.closed is None and self.opened is not None and self.opened > self.as_of

    @property
    def open_for(self) -> timedelta | None:
        """How long it was (or, still open, has been) open; None before it opens."""
        end = self.closed if self.closed else self.as_of
        if self.opened is None or self.not_yet_opened:
            return None
        return end - self.opened

    @property
    def quorum_met(self) -> bool:
        return self.quorum is None or self.counts.participants >= self.quorum

    @property
    def threshold_met(self) -> bool:
        if self.threshold is None:
            return True
        ratio = self.counts.ratio
        return ratio is not None and ratio >= self.threshold

    @property
    def long_enough(self) -> bool:
        duration = self.open_for
        return self.min_duration is None or (duration is not None and duration >= self.min_duration)

    @property
    def short_enough(self) -> bool:
        duration = self.open_for
        return self.max_duration is None or (duration is not None and duration <= self.max_duration)

    @property
    def window_end(self) -> datetime | None:
        """When its votes end: opened + the process's maximum duration (None: no maximum)."""
        return window_end(self.opened, self.max_duration)

    @property
    def past_window(self) -> bool:
        """Still open, but its maximum duration has passed: it takes no more votes
        and closes as of the window's end."""
        end = self.window_end
        return self.is_open and end is not None and self.as_of > end

    @property
    def earliest_close(self) -> datetime | None:
        if self.opened is None or self.min_duration is None:
            return None
        return self.opened + self.min_duration

    @property
    def time_left(self) -> timedelta | None:
        """For an open decision: how long until it may close (never negative)."""
        earliest = self.earliest_close
        if earliest is None:
            return None
        return max(earliest - self.as_of, timedelta(0))

    @property
    def outcome(self) -> str:
        """What the process says the status should be if it closed now."""
        if not self.quorum_met:
            return "no-consensus"
        return "adopted" if self.threshold_met else "rejected"

    def to_dict(self, words: Messages | None = None) -> dict[str, Any]:
        """The evaluation as `status` and `show` print it in JSON (the rules in
        `words`' language; English by default)."""
        counts = self.counts
        return {
            "process": self.process.id if self.process else None,
            "open": self.is_open,
            "tally": {
                "support": counts.support,
                "oppose": counts.oppose,
                "neutral": counts.neutral,
                "participants": counts.participants,
            },
            "support_ratio": counts.ratio,
            "rules": [
                {
                    "rule": rule.name,
                    "required": rule.required,
                    "actual": rule.actual,
                    "met": rule.met,
                }
                for rule in self.rules(words)
            ],
            "outcome_by_rules": self.outcome,
        }

    def rules(self, words: Messages | None = None) -> list[Rule]:
        """Each rule of the process: what it requires, what happened, met or not,
        in the words of `words`' language (English by default, as JSON has it)."""
        words = words or words_in("en")
        return self.duration_rules(words) + self.count_rules(words)

    def duration_rules(self, words: Messages) -> list[Rule]:
        """The rules on how long it is open: they depend on its own dates."""

        if self.min_duration is None and self.max_duration is None:
            return []
        open_for = self.open_for
        opened = (
            words.text("advoc-rule-not-open")
            if open_for is None
            else words.text("advoc-rule-open-for", words.duration(open_for))
        )
        rules = []
        if self.min_duration is not None:
            required = words.text("advoc-rule-open-at-least", words.duration(self.min_duration))
            rules.append(Rule("duration", required, opened, self.long_enough))
        if self.max_duration is not None:
            required = words.text("advoc-rule-open-at-most", words.duration(self.max_duration))
            rules.append(Rule("max-duration", required, opened, self.short_enough))
        return rules

    def count_rules(self, words: Messages) -> list[Rule]:
        """The rules on its votes: they depend only on `count_terms`, which the same
        process and tally share (a site writes them once per language for each)."""

        def say(key: str, *parameters: Any) -> str:
            return words.text(f"advoc-rule-{key}", *parameters)

        rules = []
        counts = self.counts
        if self.quorum is not None:
            rules.append(
                Rule(
                    "quorum",
                    say("at-least-participants", self.quorum),
                    say("participants", counts.participants),
                    self.quorum_met,
                )
            )
        if self.threshold is not None:
            tally = (counts.support, counts.oppose, counts.neutral)
            actual = (
                say("no-side", *tally)
                if counts.ratio is None
                else say("support", percent(counts.ratio, self.threshold), *tally)
            )
            rules.append(
                Rule(
                    "threshold",
                    say("at-least-support", percent(self.threshold)),
                    actual,
                    self.threshold_met,
                )
            )
        return rules

    @property
    def count_terms(self) -> tuple[int | None, float | None, Counts]:
        """What `count_rules` depend on: the quorum, the threshold and the tally."""
        return self.quorum, self.threshold, self.counts

    @property
    def met(self) -> bool:
        """Whether every rule of its process was met (whether it is open or not)."""
        return self.long_enough and self.short_enough and self.quorum_met and self.threshold_met

    @property
    def verdict(self) -> str:
        """`open` while the decision runs; else `met` when every rule of its process was
        met, `not-met` when one was not, `no-process` when its process is unknown."""
        if self.process is None:
            return "no-process"
        if self.is_open:
            return "open"
        return "met" if self.met else "not-met"


def percent(ratio: float, short_of: float | None = None) -> str:
    """66%, 87.5%, 66.7%. A ratio `short_of` a threshold is rounded down where rounding
    would make it read as high as the threshold (659 of 999 is 65.9%, not 66%)."""
    tenths = round(ratio * 1000)
    if short_of is not None and ratio < short_of and tenths >= round(short_of * 1000):
        tenths = math.floor(ratio * 1000)
    return f"{tenths // 10}%" if tenths % 10 == 0 else f"{tenths / 10:.1f}%"


def evaluate(
    registry: Registry, decision: Record, as_of: date, as_seen_then: bool = False
) -> Evaluation:
    """The decision against its process, as of an instant (a bare date is 00:00
    UTC). Checks judge the record as written; with `as_seen_then` (status, show)
    a decision that closed after the as-of instant is seen as it stood then:
    still open, counting the votes cast by then. Only the votes cast inside the
    window (by opened + max_duration) count."""
    process = _process_of(registry, decision)
    min_duration, max_duration, quorum, threshold = _rules_of(registry, process)
    moment = instant(as_of)
    opened = to_datetime(decision.data.get("opened"))
    closed = to_datetime(decision.data.get("closed"))
    until = None
    if as_seen_then and (closed is None or closed > moment):
        closed, until = None, moment
    end = window_end(opened, max_duration)
    if end is not None and (until is None or end < until):
        until = end
    return Evaluation(
        decision=decision,
        process=process,
        counts=counts_of(decision.data, cast_on(registry, decision.id), until),
        opened=opened,
        closed=closed,
        as_of=moment,
        min_duration=min_duration,
        max_duration=max_duration,
        quorum=quorum,
        threshold=threshold,
    )


def cast_on(registry: Registry, decision_id: str) -> list[Any]:
    """The data of every vote filed on the decision."""
    return [vote.data for vote in ballots(registry, decision_id)]


def window_end(opened: datetime | None, max_duration: timedelta | None) -> datetime | None:
    return opened + max_duration if opened is not None and max_duration is not None else None


def vote_window_end(registry: Registry, decision: Record) -> datetime | None:
    """When votes on the decision end (opened + its process's max_duration), if ever."""
    max_duration = _rules_of(registry, _process_of(registry, decision))[1]
    return window_end(to_datetime(decision.data.get("opened")), max_duration)


ProcessRules = tuple[timedelta | None, timedelta | None, int | None, float | None]


def _rules_of(registry: Registry, process: Record | None) -> ProcessRules:
    """(min_duration, max_duration, quorum, threshold) of a process, read once."""
    if process is None:
        return None, None, None, None

    def read() -> ProcessRules:
        rules = process.data
        return (
            to_duration(rules.get("min_duration")),
            to_duration(rules.get("max_duration")),
            as_count(rules["quorum"]) if "quorum" in rules else None,
            _threshold(rules.get("threshold")),
        )

    return registry.memo(("process-rules", process.id), read)


def _process_of(registry: Registry, decision: Record) -> Record | None:
    name = decision.data.get("process")
    return registry.get("process", name) if isinstance(name, str) else None


def _threshold(value: Any) -> float | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value <= 1:
        return float(value)
    return None


@dataclass(frozen=True)
class Ratification:
    """Where an adopted decision under an urgent process stands."""

    process: str | None  # the process that must ratify
    within: timedelta | None
    deadline: datetime | None
    ratified_by: Record | None  # a decision that ratifies it properly
    failed: list[tuple[Record, str, str]]  # (decision, field, why) that try and fail
    as_of: datetime

    @property
    def awaiting(self) -> bool:
        return self.ratified_by is None

    @property
    def overdue(self) -> bool:
        return self.awaiting and self.deadline is not None and self.as_of > self.deadline


def ratification(registry: Registry, decision: Record, as_of: date) -> Ratification | None:
    """None unless the decision is adopted under an urgent process."""
    process = _process_of(registry, decision)
    if decision.data.get("status") != "adopted" or not process:
        return None
    if process.data.get("urgent") is not True:
        return None
    terms = as_dict(process.data.get("ratification"))
    wanted = terms.get("process") if isinstance(terms.get("process"), str) else None
    within = to_duration(terms.get("within"))
    closed = to_datetime(decision.data.get("closed"))
    deadline = closed + within if closed and within else None
    moment = instant(as_of)
    ratified_by = None
    failed = []
    for candidate in _ratifiers(registry).get(decision.id, []):
        problem = _ratification_problem(candidate, wanted, closed, deadline)
        candidate_closed = to_datetime(candidate.data.get("closed"))
        if problem:
            failed.append((candidate, *problem))
        elif candidate_closed is not None and candidate_closed <= moment:
            ratified_by = ratified_by or candidate
    return Ratification(wanted, within, deadline, ratified_by, failed, moment)


def _ratifiers(registry: Registry) -> dict[str, list[Record]]:
    """Decisions by the id they ratify, in id order (built once per registry)."""

    def build() -> dict[str, list[Record]]:
        index: dict[str, list[Record]] = {}
        for candidate in sorted(registry.of_kind("decision"), key=lambda record: record.id):
            target = candidate.data.get("ratifies")
            if isinstance(target, str):
                index.setdefault(target, []).append(candidate)
        return index

    return registry.memo("ratifiers", build)


def evaluations(registry: Registry, as_of: date) -> list[Evaluation]:
    """Every decision with a known process, evaluated once per registry and day."""
    return registry.memo(
        ("evaluations", as_of),
        lambda: [
            evaluation
            for decision in registry.of_kind("decision")
            if (evaluation := evaluate(registry, decision, as_of)).process is not None
        ],
    )


def _ratification_problem(
    candidate: Record, wanted: str | None, closed: datetime | None, deadline: datetime | None
) -> tuple[str, str] | None:
    data = candidate.data
    if wanted and data.get("process") != wanted:
        return "process", f"it runs under '{data.get('process')}', not under '{wanted}'"
    if data.get("status") in ("open", "draft"):
        return None  # still running: not a failure yet
    if data.get("status") != "adopted":
        return "status", f"it was not adopted (status {data.get('status')})"

    candidate_closed = to_datetime(data.get("closed"))
    if candidate_closed and closed and candidate_closed < closed:
        return "closed", "it closed before the decision it ratifies"
    if candidate_closed and deadline and candidate_closed > deadline:
        late = describe(candidate_closed - deadline)
        return "closed", f"it closed {late} after the deadline ({deadline:%Y-%m-%d %H:%M} UTC)"
    return None
