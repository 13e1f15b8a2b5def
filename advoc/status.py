"""`advoc status`: what needs attention on a given day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from advoc.evaluation import Evaluation, Ratification, evaluate, ratification
from advoc.registry import Record, Registry
from advoc.roles import Assignment, all_assignments
from advoc.timeutil import to_date, to_datetime, to_duration

EXPIRY_NOTICE = timedelta(days=30)


@dataclass(frozen=True)
class Status:
    as_of: date
    open_decisions: list[Evaluation]
    awaiting_ratification: list[tuple[Record, Ratification]]
    expiring: list[Assignment]
    unanswered: list[tuple[Record, date]]  # feedback and the day its answer was due

    @property
    def empty(self) -> bool:
        return not (
            self.open_decisions or self.awaiting_ratification or self.expiring or self.unanswered
        )


def status(registry: Registry, as_of: date) -> Status:
    return Status(
        as_of,
        _open_decisions(registry, as_of),
        _awaiting_ratification(registry, as_of),
        expiring_assignments(registry, as_of),
        unanswered_feedback(registry, as_of),
    )


def _open_decisions(registry: Registry, as_of: date) -> list[Evaluation]:
    """Decisions open on the day: status open, or closed only after it."""
    found = []
    for decision in registry.of_kind("decision"):
        opened = to_datetime(decision.data.get("opened"))
        if decision.data.get("status") == "draft" or opened is None:
            continue
        evaluation = evaluate(registry, decision, as_of, as_seen_then=True)
        if opened <= evaluation.as_of and evaluation.is_open:
            found.append(evaluation)
    return sorted(found, key=lambda item: (item.opened or item.as_of, item.decision.id))


def _awaiting_ratification(registry: Registry, as_of: date) -> list[tuple[Record, Ratification]]:
    found = []
    for decision in registry.of_kind("decision"):
        closed = to_datetime(decision.data.get("closed"))
        terms = ratification(registry, decision, as_of)
        if terms and terms.awaiting and closed and closed.date() <= as_of:
            found.append((decision, terms))
    return sorted(found, key=lambda item: item[1].deadline or item[1].as_of)


def expiring_assignments(registry: Registry, as_of: date) -> list[Assignment]:
    """Assignments active on the day that end at most 30 days later."""
    found = [
        assignment
        for assignment in all_assignments(registry)
        if assignment.end is not None
        and assignment.active_on(registry, as_of)
        and assignment.end - as_of <= EXPIRY_NOTICE
    ]
    return sorted(found, key=lambda assignment: (assignment.end, assignment.advocate.id))


def unanswered_feedback(registry: Registry, as_of: date) -> list[tuple[Record, date]]:
    """Open feedback whose answer was due before the day, with the day it was due."""
    allowed = to_duration(registry.manifest.get("feedback_response")) or timedelta(days=30)
    found = []
    for feedback in registry.of_kind("feedback"):
        given = to_date(feedback.data.get("date"))
        if feedback.data.get("status") == "open" and given is not None:
            due = given + timedelta(days=allowed.days)
            if due < as_of:
                found.append((feedback, due))
    return sorted(found, key=lambda item: item[1])
