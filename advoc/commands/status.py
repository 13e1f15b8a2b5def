"""`advoc status`: what needs attention on a given day."""

from __future__ import annotations

from datetime import date

from advoc.model.attention import expiring_assignments, unanswered_feedback
from advoc.model.evaluation import Evaluation, Ratification, evaluate, ratification
from advoc.model.registry import Record, Registry
from advoc.model.timeutil import to_datetime
from advoc.report.status import Status


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
