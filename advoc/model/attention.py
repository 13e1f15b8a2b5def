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
