"""Decisions held against their processes: votes, tallies, duration, quorum,
threshold and ratification. The arithmetic lives in `advoc.model.evaluation`."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

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
from advoc.model.requirements import missing
from advoc.model.timeutil import describe, now, to_datetime
from advoc.model.votes import ballots, counted_votes, tally_counts, voter_key, votes


def vote_filed_in_place(record: Record, text: str) -> Iterator[Finding]:
    """A vote file is in its decision's folder and named after its voter."""
    if record.kind != "vote":
        return
    folder, _, name = record.id.partition("/")
    decision, user = record.data.get("decision"), record.data.get("user")
    if isinstance(decision, str) and decision != folder:
        yield located(
            "error",
            "vote-misfiled",
            record,
            ("decision",),
            f"this vote names decision '{decision}' but is filed in the folder of "
            f"'{folder}'; a vote lives in registry/votes/DECISION-ID/: move the file to "
            f"registry/votes/{decision}/ or correct `decision`",
        )
    if isinstance(user, str) and name != voter_key(user):
        yield located(
            "error",
            "vote-misfiled",
            record,
            ("user",),
            f"the vote of '{user}' must be named {voter_key(user)}.yaml, not {name}.yaml, "
            "so that each voter has one file per decision and a changed vote edits it: "
            "rename the file (or correct `user`)",
        )


def one_vote_per_user(registry: Registry, context: Context) -> Iterator[Finding]:
    """No user votes twice on one decision (usernames compared after normalization)."""
    first: dict[tuple[str, str], Record] = {}
    for vote in sorted(registry.of_kind("vote"), key=lambda record: record.id):
        for _, user, _ in votes([vote.data]):
            key = (vote.id.partition("/")[0], user)
            earlier = first.setdefault(key, vote)
            if earlier is not vote:
                yield located(
                    "error",
                    "vote-duplicate",
                    vote,
                    ("user",),
                    f"'{user}' already voted on this decision ({earlier.file}); a user "
                    "votes once per decision: keep their last position and remove the other "
                    "file",
                )


def votes_inside_the_window(registry: Registry, context: Context) -> Iterator[Finding]:
    """No vote dated before the decision opened, after it closed, or after its maximum duration."""
    for record in registry.of_kind("decision"):
        cast = ballots(registry, record.id)
        if cast:
            yield from _votes_outside(record, cast, vote_window_end(registry, record))


def _votes_outside(
    record: Record, cast: list[Record], window_end: datetime | None
) -> Iterator[Finding]:
    opened = to_datetime(record.data.get("opened"))
    closed = to_datetime(record.data.get("closed"))
    if record.data.get("status") in ("open", "draft"):
        closed = None
    for vote in cast:
        when = to_datetime(vote.data.get("date"))
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
            vote,
            ("date",),
            f"this vote ({vote.data['date']}) on decision '{record.id}' is dated {why}",
        )


def tally_agrees_with_votes(registry: Registry, context: Context) -> Iterator[Finding]:
    """A decision's `tally` agrees with its vote files, each user counted once."""
    for record in registry.of_kind("decision"):
        tally = tally_counts(record.data)
        cast = ballots(registry, record.id)
        if tally is None or not cast:
            continue
        counted = counted_votes([vote.data for vote in cast])
        if tally != counted:
            yield located(
                "error",
                "tally-mismatch",
                record,
                ("tally",),
                f"tally says {tally.support} support, {tally.oppose} oppose, {tally.neutral} "
                f"neutral, but its {len(cast)} vote files in registry/votes/{record.id}/ say "
                f"{counted.support} support, {counted.oppose} oppose, {counted.neutral} "
                "neutral; correct the tally, or remove it and keep the votes",
            )


def decisions_say_what_they_decide(registry: Registry, context: Context) -> Iterator[Finding]:
    """A decision names what its type acts on (`advoc.model.requirements`), and a
    ratification ratifies an urgent decision."""
    for record in registry.of_kind("decision"):
        kind = record.data.get("type")
        for item in missing(record.data):
            field = ".".join(item.path)
            yield located(
                "error",
                "decision-incomplete",
                record,
                ("type",),
                f"a {kind} decision says {item.what} in `{field}`, and this one does not: "
                f"add it (advoc propose decision {item.option} ...)",
            )
        ratified = record.data.get("ratifies")
        target = registry.get("decision", ratified) if isinstance(ratified, str) else None
        if kind == "ratification" and target is not None and not _urgent(registry, target):
            yield located(
                "error",
                "decision-incomplete",
                record,
                ("ratifies",),
                f"'{target.id}' was not decided under an urgent process, so there is nothing "
                "to ratify: a ratification confirms an urgent decision after the fact",
            )


def _urgent(registry: Registry, decision: Record) -> bool:
    process = decision.data.get("process")
    found = registry.get("process", process) if isinstance(process, str) else None
    return found is not None and found.data.get("urgent") is True


def closed_not_in_the_future(registry: Registry, context: Context) -> Iterator[Finding]:
    """No decision records a closing time still to come. Judged against the real
    now, not the as-of date: `--as-of` asks what the registry said then."""
    moment = now()
    for record in registry.of_kind("decision"):
        closed = to_datetime(record.data.get("closed"))
        if closed is not None and closed > moment:
            yield located(
                "error",
                "date-future",
                record,
                ("closed",),
                f"closed {record.data['closed']} is still to come (it is now "
                f"{moment:%Y-%m-%d %H:%M} UTC): a decision is recorded as closed once it has "
                "closed; keep it open until then",
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
