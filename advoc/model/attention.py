"""What needs someone's attention on a day: roles about to expire, feedback
waiting past its response time. `advoc status` lists them; the checks warn."""

from __future__ import annotations

from datetime import date, timedelta

from advoc.model.registry import Record, Registry
from advoc.model.roles import Assignment, all_assignments
from advoc.model.timeutil import to_date, to_duration

EXPIRY_NOTICE = timedelta(days=30)


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


def response_due(registry: Registry, feedback: Record) -> date | None:
    """The day an answer to `feedback` is due (the manifest's `feedback_response`
    after it was given, 30 days unless it says otherwise)."""
    allowed = to_duration(registry.manifest.get("feedback_response")) or timedelta(days=30)
    given = to_date(feedback.data.get("date"))
    return None if given is None else given + timedelta(days=allowed.days)


def answer_timing(registry: Registry, feedback: Record, as_of: date) -> str:
    """`in-time` or `late` for answered feedback (by the answer's date), `waiting`
    or `overdue` for feedback still open, `unknown` without dates."""
    due = response_due(registry, feedback)
    response = feedback.data.get("response")
    answered = to_date(response.get("date")) if isinstance(response, dict) else None
    if due is None:
        return "unknown"
    if answered is not None:
        return "in-time" if answered <= due else "late"
    if feedback.data.get("status") != "open":
        return "unknown"
    return "overdue" if due < as_of else "waiting"


def unanswered_feedback(registry: Registry, as_of: date) -> list[tuple[Record, date]]:
    """Open feedback whose answer was due before the day, with the day it was due."""
    found = []
    for feedback in registry.of_kind("feedback"):
        due = response_due(registry, feedback)
        if feedback.data.get("status") == "open" and due is not None and due < as_of:
            found.append((feedback, due))
    return sorted(found, key=lambda item: item[1])
