"""`advoc status` written out: text, Markdown (a notice for a mailing list) and
JSON. Text and Markdown say the same, in the reader's language (`--lang`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from advoc.model.evaluation import Evaluation, Ratification
from advoc.model.messages import Messages
from advoc.model.registry import Record, Registry
from advoc.model.roles import Assignment
from advoc.model.text import localize
from advoc.model.timeutil import midnight
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


@dataclass(frozen=True)
class Item:
    """One thing that needs attention: its first line, then its details."""

    head: str
    details: list[str]
    code: str = ""  # the id the head starts with, shown as code in Markdown


@dataclass(frozen=True)
class Section:
    heading: str
    items: list[Item]


def digest(registry: Registry, report: Status, language: str) -> tuple[str, list[Section], str]:
    """What `status` says, in the reader's language (advoc's message files): the
    first line, the sections, and the last line. Every format writes this."""
    words = Messages(language)

    def say(key: str, *parameters: Any) -> str:
        return words.text(f"advoc-status-{key}", *parameters)

    def when(moment: datetime | None) -> str:
        return f"{moment:%Y-%m-%d %H:%M} UTC" if moment else say("unknown")

    def item(record: Record, details: list[str], text: str | None = None) -> Item:
        title = text if text is not None else _title(registry, record, language)
        return Item(f"{record.id}: {title}", details, record.id)

    opened = []
    for evaluation in report.open_decisions:
        details = [say("process-opened", evaluation.process_id, when(evaluation.opened))]
        if evaluation.past_window:
            details.append(
                say(
                    "votes-ended",
                    when(evaluation.window_end),
                    evaluation.written("max_duration"),
                )
            )
        elif evaluation.earliest_close is not None:
            left = evaluation.time_left or timedelta(0)
            details.append(
                say("may-close-from", when(evaluation.earliest_close))
                if left <= timedelta(0)
                else say("may-close-in", words.duration(left), when(evaluation.earliest_close))
            )
        else:
            details.append(say("may-close-now"))
        for rule in evaluation.rules(words):
            if rule.name != "max-duration":
                mark = say("met" if rule.met else "not-yet-met")
                name = words.text(f"advoc-rule-{rule.name}")
                details.append(say("rule", name, rule.actual, rule.required, mark))
        opened.append(item(evaluation.decision, details))
    awaiting = [
        item(
            decision,
            [
                say(
                    "overdue-since" if terms.overdue else "due-by",
                    when(terms.deadline),
                    terms.process,
                )
            ],
        )
        for decision, terms in report.awaiting_ratification
    ]
    expiring = []
    for assignment in report.expiring:
        assert assignment.end is not None
        days = (assignment.end - report.day).days
        text = say(
            "role-ends", assignment.advocate.id, assignment.role_id, str(assignment.end), days
        )
        expiring.append(Item(text, [], assignment.advocate.id))
    unanswered = []
    for feedback, due in report.unanswered:
        summary = localize(feedback.data.get("summary"), language, registry.default_language)
        head = say("feedback-item", feedback.id, feedback.data.get("about"), summary)
        since = say("feedback-since", str(feedback.data.get("date")), str(due))
        unanswered.append(Item(head, [since], feedback.id))
    sections = [
        Section(say("open", len(opened)), opened),
        Section(say("ratification", len(awaiting)), awaiting),
        Section(say("expiring", len(expiring)), expiring),
        Section(say("feedback", len(unanswered)), unanswered),
    ]
    total = sum(len(section.items) for section in sections)
    name = localize(registry.manifest.get("name"), language, registry.default_language)
    return (
        say("heading", name, report.as_of_text),
        sections,
        say("nothing") if report.empty else say("total", total),
    )


@for_terminal
def to_text(registry: Registry, report: Status, language: str) -> str:
    first, sections, last = digest(registry, report, language)
    lines = [first, ""]
    for number, section in enumerate(sections):
        if number:
            lines.append("")
        lines.append(section.heading)
        for entry in section.items:
            lines.append(f"  {entry.head}")
            lines += [f"    {detail}" for detail in entry.details]
    lines += ["", last]
    return "\n".join(lines) + "\n"


_MARKDOWN = re.compile(r"([\\`*_\[\]<>&|~#])")


def markdown_text(text: Any) -> str:
    """Registry text made inert in Markdown: a backslash before every character
    that can start markup inside a line (emphasis, code, links, images, HTML,
    entities, tables, strikethrough; `#` too, which would end a heading whose
    last words are registry text, as a language may order them), and line
    breaks as spaces. Each line starts with advoc's own `#` or `-`, so
    line-start markup cannot arise; `(` and `)` make no link without `[` `]`,
    and stay as they are, as in advoc's own "(3)"."""
    return _MARKDOWN.sub(r"\\\1", re.sub(r"\s+", " ", str(text)))


@for_terminal
def to_markdown(registry: Registry, report: Status, language: str) -> str:
    """The same as the text, as a notice for a mailing list: a heading per section,
    an item per bullet, ids as code."""
    first, sections, last = digest(registry, report, language)
    lines = [f"# {markdown_text(first)}", ""]
    for section in sections:
        lines += [f"## {markdown_text(section.heading)}", ""]
        for entry in section.items:
            head = entry.head
            if entry.code and head.startswith(entry.code):
                head = f"`{entry.code}`" + markdown_text(head[len(entry.code) :])
            else:
                head = markdown_text(head)
            lines.append(f"- {head}")
            lines += [f"  - {markdown_text(detail)}" for detail in entry.details]
        if section.items:
            lines.append("")
    lines.append(markdown_text(last))
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
    "markdown": to_markdown,
    "json": lambda registry, report, language: json_text(to_json(registry, report, language)),
}
