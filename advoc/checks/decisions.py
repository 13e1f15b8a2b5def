"""Decisions held against their processes: votes, tallies, duration, quorum,
threshold and ratification. The arithmetic lives in `advoc.model.evaluation`."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from advoc.checks.base import Context, located
from advoc.model.evaluation import (
    Evaluation,
    evaluations,
    percent,
    ratification,
    vote_window_end,
)
from advoc.model.findings import Finding
from advoc.model.registry import Record, Registry
from advoc.model.timeutil import describe, to_datetime
from advoc.model.votes import counted_votes, tally_counts, votes


def one_vote_per_user(record: Record, text: str) -> Iterator[Finding]:
    """No user votes twice on one decision (usernames compared after normalization)."""
    if record.kind != "decision":
        return
    first: dict[str, int] = {}
    for index, user, _ in votes(record.data):
        if user in first:
            yield located(
                "error",
                "vote-duplicate",
                record,
                ("participants", index, "user"),
                f"'{user}' already voted (participants[{first[user]}]); a user votes once "
                "per decision: keep their last position and remove the other entry",
            )
        else:
            first[user] = index


def votes_inside_the_window(registry: Registry, context: Context) -> Iterator[Finding]:
    """No vote dated before the decision opened, after it closed, or after its maximum duration."""
    for record in registry.of_kind("decision"):
        yield from _votes_outside(record, vote_window_end(registry, record))


def _votes_outside(record: Record, window_end: datetime | None) -> Iterator[Finding]:
    opened = to_datetime(record.data.get("opened"))
    closed = to_datetime(record.data.get("closed"))
    if record.data.get("status") in ("open", "draft"):
        closed = None
    for index, vote in enumerate(_participants(record)):
        when = to_datetime(vote.get("date")) if isinstance(vote, dict) else None
        if when is None:
            continue
        if opened and when < opened:
            why = (
                f"before the decision opened ({record.data['opened']}); correct the date or "
                "remove the vote"
            )
        elif closed and when > closed:
            why = f"after the decision closed ({record.data['closed']}); late votes do not count"
            why += ", remove it"
        elif window_end and when > window_end:
            why = (
                f"after its votes ended at {window_end:%Y-%m-%dT%H:%M:%SZ} (the maximum "
                f"duration of the process '{record.data.get('process')}'); late votes do not "
                "count, remove it"
            )
        else:
            continue
        yield located(
            "error",
            "vote-window",
            record,
            ("participants", index, "date"),
            f"this vote ({vote['date']}) is dated {why}",
        )


def _participants(record: Record) -> list[Any]:
    participants = record.data.get("participants")
    return participants if isinstance(participants, list) else []


def tally_agrees_with_votes(record: Record, text: str) -> Iterator[Finding]:
    """`tally` agrees with the votes in `participants`, each user counted once."""
    if record.kind != "decision" or not isinstance(record.data.get("participants"), list):
        return
    tally = tally_counts(record.data)
    if tally is None:
        return
    counted = counted_votes(record.data)
    if tally != counted:
        yield located(
            "error",
            "tally-mismatch",
            record,
            ("tally",),
            f"tally says {tally.support} support, {tally.oppose} oppose, {tally.neutral} "
            f"neutral, but participants lists {counted.support} support, {counted.oppose} "
            f"oppose, {counted.neutral} neutral; correct the tally, or remove it and keep "
            "the list",
        )


def _decisions(registry: Registry, context: Context) -> list[Evaluation]:
    return evaluations(registry, context.as_of)


def type_fits_process(registry: Registry, context: Context) -> Iterator[Finding]:
    """A decision's type is one its process applies to."""
    for evaluation in _decisions(registry, context):
        decision, process = evaluation.decision, evaluation.process
        applies_to = process.data.get("applies_to") if process else []
        kind = decision.data.get("type")
        if isinstance(kind, str) and isinstance(applies_to, list) and kind not in applies_to:
            yield located(
                "error",
                "process-type",
                decision,
                ("type",),
                f"a {kind} decision cannot be taken under the process "
                f"'{evaluation.process_id}', which applies to "
                f"{', '.join(map(str, applies_to))}; choose a process for {kind} decisions",
            )


def _adopted(registry: Registry, context: Context) -> Iterator[Evaluation]:
    """Adopted decisions held to their process; not the founding decision, which
    adopted the first rules when the registry was made, before any process was."""
    for evaluation in _decisions(registry, context):
        data = evaluation.decision.data
        if data.get("status") == "adopted" and data.get("founding") is not True:
            yield evaluation


def adopts_rules(data: dict[str, object]) -> bool:
    """Whether a decision's data is that of an adopted rule-change: the only
    kind of decision that adopts or changes rules."""
    return data.get("type") == "rule-change" and data.get("status") == "adopted"


def one_founding_decision(registry: Registry, context: Context) -> Iterator[Finding]:
    """At most one decision founds the registry, and it is an adopted rule-change."""
    founding = [d for d in registry.of_kind("decision") if d.data.get("founding") is True]
    for decision in founding[1:]:
        yield located(
            "error",
            "founding-decision",
            decision,
            ("founding",),
            f"a registry has one founding decision, and '{founding[0].id}' is it; "
            "remove `founding: true` here",
        )
    for decision in founding[:1]:
        data = decision.data
        if not adopts_rules(data):
            yield located(
                "error",
                "founding-decision",
                decision,
                ("founding",),
                "the founding decision adopts the first rules: it must have type "
                f"rule-change and status adopted, not {data.get('type')} and "
                f"{data.get('status')}",
            )


def open_long_enough(registry: Registry, context: Context) -> Iterator[Finding]:
    """An adopted decision stayed open at least the process's minimum and at most its maximum."""
    for evaluation in _adopted(registry, context):
        duration = evaluation.open_for
        if duration is None or evaluation.closed is None:
            continue
        name = evaluation.process_id
        if not evaluation.long_enough:
            yield located(
                "error",
                "process-duration",
                evaluation.decision,
                ("closed",),
                f"open {describe(duration)}; the process '{name}' requires at least "
                f"{evaluation.written('min_duration')} before a decision is adopted",
            )
        elif not evaluation.short_enough:
            yield located(
                "error",
                "process-duration",
                evaluation.decision,
                ("closed",),
                f"open {describe(duration)}; the process '{name}' allows at most "
                f"{evaluation.written('max_duration')}",
            )


def quorum_met(registry: Registry, context: Context) -> Iterator[Finding]:
    """An adopted decision had at least the process's quorum of participants."""
    for evaluation in _adopted(registry, context):
        if not evaluation.quorum_met:
            yield located(
                "error",
                "process-quorum",
                evaluation.decision,
                ("status",),
                f"adopted with {evaluation.counts.participants} participants; the process "
                f"'{evaluation.process_id}' requires at least {evaluation.quorum}, so the "
                "status should be no-consensus",
            )


def threshold_met(registry: Registry, context: Context) -> Iterator[Finding]:
    """An adopted decision's support ratio reached the process's threshold."""
    for evaluation in _adopted(registry, context):
        if not evaluation.threshold_met:
            counts = evaluation.counts
            ratio = (
                "no one took a side"
                if counts.ratio is None
                else (
                    f"{percent(counts.ratio, evaluation.threshold)} support ({counts.support} of "
                    f"{counts.support + counts.oppose} who took a side)"
                )
            )
            yield located(
                "error",
                "process-threshold",
                evaluation.decision,
                ("status",),
                f"adopted with {ratio}; the process '{evaluation.process_id}' requires at "
                f"least {percent(evaluation.threshold or 0)}, so the status should be rejected",
            )


def outcome_fits_votes(registry: Registry, context: Context) -> Iterator[Finding]:
    """A rejected or no-consensus decision did not meet both quorum and threshold."""
    for evaluation in _decisions(registry, context):
        status = evaluation.decision.data.get("status")
        if (
            status in ("rejected", "no-consensus")
            and evaluation.threshold is not None  # without one, a majority against is a fine no
            and evaluation.quorum_met
            and evaluation.threshold_met
        ):
            yield located(
                "warning",
                "process-outcome",
                evaluation.decision,
                ("status",),
                f"recorded as {status}, but its votes meet the process "
                f"'{evaluation.process_id}' ({evaluation.counts.participants} participants, "
                f"{_ratio(evaluation)}); check the status",
            )


def _ratio(evaluation: Evaluation) -> str:
    ratio = evaluation.counts.ratio
    return "no one took a side" if ratio is None else f"{percent(ratio)} support"


def urgent_decisions_ratified(registry: Registry, context: Context) -> Iterator[Finding]:
    """An adopted urgent decision is ratified in time, under the process its own names."""
    for decision in registry.of_kind("decision"):
        status = ratification(registry, decision, context.as_of)
        if status is None or not status.awaiting:
            continue
        for candidate, field, why in status.failed:
            yield located(
                "error",
                "ratification-missing",
                candidate,
                (field,),
                f"this decision ratifies '{decision.id}', but {why}; the urgent decision "
                f"needs an adopted decision under '{status.process}' within "
                f"{describe(status.within) if status.within else 'its deadline'}",
            )
        if status.failed:
            continue
        deadline = f"{status.deadline:%Y-%m-%d %H:%M} UTC" if status.deadline else "unknown"
        when = "has passed" if status.overdue else "is still ahead"
        yield located(
            "warning",
            "ratification-missing",
            decision,
            ("status",),
            f"this urgent decision has not been ratified yet; the deadline ({deadline}) "
            f"{when}: the community must confirm it with a decision under "
            f"'{status.process}' whose `ratifies` names '{decision.id}'",
        )
