"""`advoc status` written out: text and JSON."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from advoc.model.evaluation import Evaluation, Ratification
from advoc.model.registry import Record, Registry
from advoc.model.roles import Assignment
from advoc.model.text import localize
from advoc.model.timeutil import describe, midnight
from advoc.report.escape import for_terminal
from advoc.report.output import json_text


@dataclass(frozen=True)
class Status:
    as_of: datetime  # an instant in UTC
    open_decisions: list[Evaluation]
    awaiting_ratification: list[tuple[Record, Ratification]]
    expiring: list[Assignment]
    unanswered: list[tuple[Record, date]]  # feedback and the day its answer was due

    @property
    def day(self) -> date:
        return self.as_of.date()

    @property
    def as_of_text(self) -> str:
        """The day as YYYY-MM-DD when it is 00:00 UTC, else the instant."""
        if self.as_of == midnight(self.day):
            return self.day.isoformat()
        return self.as_of.strftime("%Y-%m-%dT%H:%M:%SZ")

    @property
    def empty(self) -> bool:
        return not (
            self.open_decisions or self.awaiting_ratification or self.expiring or self.unanswered
        )


def _title(registry: Registry, record: Any, language: str) -> str:
    return (
        localize(
            record.data.get("title") or record.data.get("name"), language, registry.default_language
        )
        or record.id
    )


def _when(moment: datetime | None) -> str:
    return f"{moment:%Y-%m-%d %H:%M} UTC" if moment else "unknown"


def _in(delta: timedelta) -> str:
    return "now" if delta <= timedelta(0) else f"in {describe(delta)}"


def _decision_lines(registry: Registry, item: Evaluation, language: str) -> list[str]:
    decision = item.decision
    lines = [f"  {decision.id}: {_title(registry, decision, language)}"]
    lines.append(f"    process {item.process_id}, opened {_when(item.opened)}")
    if item.past_window:
        lines.append(
            f"    votes ended {_when(item.window_end)} (open at most "
            f"{item.written('max_duration')}); may close now, as of then"
        )
    elif item.earliest_close is not None:
        left = item.time_left or timedelta(0)
        lines.append(f"    may close {_in(left)} (from {_when(item.earliest_close)})")
    else:
        lines.append("    may close now (its process sets no minimum duration)")
    for rule in item.rules():
        if rule.name == "max-duration":
            continue
        mark = "met" if rule.met else "not yet met"
        lines.append(f"    {rule.name}: {rule.actual}; needs {rule.required} ({mark})")
    return lines


@for_terminal
def to_text(registry: Registry, report: Status, language: str) -> str:
    name = localize(registry.manifest.get("name"), language, registry.default_language)
    lines = [f"{name}: what needs attention as of {report.as_of_text}", ""]
    lines.append(f"Open decisions ({len(report.open_decisions)})")
    for item in report.open_decisions:
        lines += _decision_lines(registry, item, language)
    lines += ["", f"Urgent decisions awaiting ratification ({len(report.awaiting_ratification)})"]
    for decision, terms in report.awaiting_ratification:
        state = "overdue since" if terms.overdue else "due by"
        lines.append(f"  {decision.id}: {_title(registry, decision, language)}")
        lines.append(
            f"    {state} {_when(terms.deadline)}, by an adopted decision under "
            f"'{terms.process}' that ratifies it"
        )
    lines += ["", f"Roles expiring within 30 days ({len(report.expiring)})"]
    for assignment in report.expiring:
        assert assignment.end is not None
        left = (assignment.end - report.day).days
        lines.append(
            f"  {assignment.advocate.id}: {assignment.role_id} ends {assignment.end} "
            f"(in {left} day{'' if left == 1 else 's'})"
        )
    lines += ["", f"Feedback past its response time ({len(report.unanswered)})"]
    for feedback, due in report.unanswered:
        lines.append(
            f"  {feedback.id} about {feedback.data.get('about')}: "
            f"{localize(feedback.data.get('summary'), language, registry.default_language)}"
        )
        lines.append(f"    open since {feedback.data.get('date')}; an answer was due by {due}")
    total = (
        len(report.open_decisions)
        + len(report.awaiting_ratification)
        + len(report.expiring)
        + len(report.unanswered)
    )
    lines += [
        "",
        "Nothing needs attention."
        if report.empty
        else f"{total} item{'' if total == 1 else 's'} need{'s' if total == 1 else ''} attention.",
    ]
    return "\n".join(lines) + "\n"


def _evaluation_json(item: Evaluation) -> dict[str, Any]:
    hours_left = item.time_left.total_seconds() / 3600 if item.time_left is not None else None
    return {
        "id": item.decision.id,
        "opened": item.decision.data.get("opened"),
        "earliest_close": _when(item.earliest_close) if item.earliest_close else None,
        "time_left_hours": round(hours_left, 2) if hours_left is not None else None,
        **item.to_dict(),
    }


def to_json(registry: Registry, report: Status, language: str) -> dict[str, Any]:
    return {
        "registry": str(registry.root),
        "as_of": report.as_of_text,
        "open_decisions": [_evaluation_json(item) for item in report.open_decisions],
        "awaiting_ratification": [
            {
                "id": decision.id,
                "process": terms.process,
                "deadline": _when(terms.deadline) if terms.deadline else None,
                "overdue": terms.overdue,
            }
            for decision, terms in report.awaiting_ratification
        ],
        "roles_expiring": [
            {
                "advocate": assignment.advocate.id,
                "role": assignment.role_id,
                "end": str(assignment.end),
            }
            for assignment in report.expiring
        ],
        "feedback_unanswered": [
            {
                "id": feedback.id,
                "about": feedback.data.get("about"),
                "date": feedback.data.get("date"),
                "due": str(due),
            }
            for feedback, due in report.unanswered
        ],
    }


# `advoc status --format`
FORMATS: dict[str, Callable[[Registry, Status, str], str]] = {
    "text": to_text,
    "json": lambda registry, report, language: json_text(to_json(registry, report, language)),
}
