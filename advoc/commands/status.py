"""`advoc status`: what needs attention on a given day."""

from __future__ import annotations

from datetime import date, datetime

from advoc.model.attention import expiring_assignments, unanswered_feedback
from advoc.model.evaluation import Evaluation, Ratification, evaluate, ratification
from advoc.model.registry import Record, Registry
from advoc.model.timeutil import day_of, instant, to_datetime
from advoc.report.status import Status


def status(registry: Registry, as_of: date) -> Status:
    """What needs attention as of an instant (a bare date is 00:00 UTC): decisions
    by the instant, roles and feedback by its UTC day."""
    moment, day = instant(as_of), day_of(as_of)
    return Status(
        moment,
        _open_decisions(registry, moment),
        _awaiting_ratification(registry, moment),
        expiring_assignments(registry, day),
        unanswered_feedback(registry, day),
    )


def _open_decisions(registry: Registry, as_of: datetime) -> list[Evaluation]:
    """Decisions open at the instant: opened by then, and status open or closed only after."""
    found = []
    for decision in registry.of_kind("decision"):
        opened = to_datetime(decision.data.get("opened"))
        if decision.data.get("status") == "draft" or opened is None:
            continue
        evaluation = evaluate(registry, decision, as_of, as_seen_then=True)
        if opened <= evaluation.as_of and evaluation.is_open:
            found.append(evaluation)
    return sorted(found, key=lambda item: (item.opened or item.as_of, item.decision.id))


def _awaiting_ratification(
    registry: Registry, as_of: datetime
) -> list[tuple[Record, Ratification]]:
    found = []
    for decision in registry.of_kind("decision"):
        closed = to_datetime(decision.data.get("closed"))
        terms = ratification(registry, decision, as_of)
        if terms and terms.awaiting and closed and closed <= as_of:
            found.append((decision, terms))
    return sorted(found, key=lambda item: item[1].deadline or item[1].as_of)
