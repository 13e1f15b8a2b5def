"""`advoc guide`: the entry points and processes as instructions a newcomer can follow.

Everything is generated from the rules files, so the guide cannot disagree
with them. The registry's text is localized; the connecting sentences are
advoc's own, from its message files (`advoc.model.messages`) in the same
language where advoc has it, else in English.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from advoc.model.evaluation import percent
from advoc.model.messages import Messages
from advoc.model.registry import Record, Registry
from advoc.model.text import localize
from advoc.model.timeutil import to_duration
from advoc.model.walk import as_list
from advoc.report.escape import for_terminal

TOPICS = {
    "join": ("join", "contact"),
    "initiate": ("initiate",),
    "feedback": ("feedback",),
}


class Guide:
    def __init__(self, registry: Registry, language: str) -> None:
        self.registry = registry
        self.language = language
        self.words = Messages(language)

    def say(self, key: str, *parameters: Any) -> str:
        return self.words.text(f"advoc-guide-{key}", *parameters)

    def duration(self, delta: timedelta) -> str:
        return self.words.duration(delta)

    def text(self, value: Any) -> str:
        return localize(value, self.language, self.registry.default_language)

    def name(self, record: Record | None, fallback: str = "") -> str:
        if record is None:
            return fallback
        return self.text(record.data.get("name") or record.data.get("title")) or record.id

    @for_terminal
    def render(self, topic: str | None) -> str:
        sections = []
        if topic in (None, "join"):
            sections.append(self.principles())
        for name, purposes in TOPICS.items():
            if topic in (None, name):
                sections += [self.entry_point(point) for point in self._entry_points(purposes)]
        if topic in (None, "decisions"):
            sections.append(self.decisions())
        return "\n\n".join(section for section in sections if section) + "\n"

    def principles(self) -> str:
        """The rules of engagement: what everyone who takes part agrees to."""
        principles = sorted(self.registry.of_kind("principle"), key=lambda record: record.id)
        if not principles:
            return ""
        lines = [f"## {self.say('principles')}", ""]
        for principle in principles:
            lines += [f"### {self.name(principle)}", self.text(principle.data.get("text")), ""]
        return "\n".join(lines).rstrip()

    def _entry_points(self, purposes: tuple[str, ...]) -> list[Record]:
        points = [
            point
            for point in self.registry.of_kind("entry-point")
            if point.data.get("purpose") in purposes
        ]
        return sorted(points, key=lambda point: (purposes.index(point.data["purpose"]), point.id))

    def entry_point(self, point: Record) -> str:
        data = point.data
        audience = str(data.get("audience"))
        key = f"advoc-guide-audience-{audience}"
        if self.words.has(key):
            audience = self.words.text(key)
        lines = [f"## {self.text(data.get('title'))}", self.say("for-audience", audience), ""]
        steps = as_list(data.get("steps"))
        lines += [f"{number}. {self.text(step)}" for number, step in enumerate(steps, 1)]
        contacts = [c for c in data.get("contacts") or [] if isinstance(c, dict)]
        if contacts:
            lines += ["", self.say("where-to-ask")]
            lines += [
                f"- {contact.get('target')} ({contact.get('channel')})" for contact in contacts
            ]
        for process_id in data.get("processes") or []:
            process = self.registry.get("process", str(process_id))
            if process:
                lines += [
                    "",
                    self.say("leads-to", self.name(process), self.process_rules(process)),
                ]
        return "\n".join(lines)

    def decisions(self) -> str:
        lines = [f"## {self.say('decisions')}", ""]
        for role in sorted(self.registry.of_kind("role"), key=lambda role: role.id):
            lines += [self.role(role), ""]
        for process in sorted(self.registry.of_kind("process"), key=lambda process: process.id):
            lines += [self.process(process), ""]
        return "\n".join(lines).rstrip()

    def role(self, role: Record) -> str:
        data = role.data
        grant = self.registry.get("process", str(data.get("grant_process")))
        removal = self.registry.get("process", str(data.get("removal_process")))
        name = self.name(role)
        lines = [f"### {self.say('become', name)}"]
        if data.get("description"):
            lines.append(self.text(data["description"]))
        lines.append(
            self.say(
                "grant",
                self.name(grant, str(data.get("grant_process"))),
                self.process_rules(grant) if grant else "",
            ).rstrip()
        )
        term = to_duration(data.get("term"))
        if term:
            lines.append(self.say("term", self.duration(term)))
        if removal:
            lines.append(self.say("removal", self.name(removal), self.process_rules(removal)))
        return "\n".join(lines)

    def process(self, process: Record) -> str:
        data = process.data
        lines = [f"### {self.name(process)}"]
        if data.get("description"):
            lines.append(self.text(data["description"]))
        kinds = ", ".join(str(kind) for kind in data.get("applies_to") or [])
        lines.append(self.say("used-for", kinds))
        lines.append(self.process_rules(process))
        if data.get("eligibility"):
            lines.append(self.say("who-may", self.text(data["eligibility"])))
        checked = eligibility_sentences(data.get("eligibility_rules"), self.words)
        if checked:
            lines.append(self.say("wiki-counts", "; ".join(checked)))
        if data.get("venue"):
            lines.append(self.say("where", self.text(data["venue"])))
        terms = data.get("ratification")
        if data.get("urgent") is True and isinstance(terms, dict):
            ratifying = self.registry.get("process", str(terms.get("process")))
            within = to_duration(terms.get("within"))
            ratifier = self.name(ratifying, str(terms.get("process")))
            lines.append(
                self.say("urgent-within", ratifier, self.duration(within))
                if within
                else self.say("urgent", ratifier)
            )
        return "\n".join(lines)

    def process_rules(self, process: Record) -> str:
        """`The discussion stays open at least 7 days; at least 15 people must take part; ...`"""
        data = process.data
        rules = []
        least, most = to_duration(data.get("min_duration")), to_duration(data.get("max_duration"))
        if least and most:
            rules.append(self.say("open-between", self.duration(least), self.duration(most)))
        elif least:
            rules.append(self.say("open-least", self.duration(least)))
        elif most:
            rules.append(self.say("open-most", self.duration(most)))
        quorum = data.get("quorum")
        if isinstance(quorum, int) and quorum > 0:
            rules.append(self.say("quorum", quorum))
        threshold = data.get("threshold")
        if isinstance(threshold, (int, float)) and not isinstance(threshold, bool):
            rules.append(self.say("threshold", percent(float(threshold))))
        if not rules:
            return self.say("no-rules")
        text = self.say("rules-sentence", "; ".join(rules))
        return text[0].upper() + text[1:]


def eligibility_sentences(rules: Any, words: Messages | None = None) -> list[str]:
    """A process's `eligibility_rules`, as `advoc wiki votes` checks them, in words."""
    if not isinstance(rules, dict):
        return []
    words = words or Messages("en")
    said = []
    if isinstance(rules.get("min_edits"), int):
        said.append(words.text("advoc-guide-min-edits", rules["min_edits"]))
    if rules.get("registered_before_open") is True:
        said.append(words.text("advoc-guide-registered-before"))
    if isinstance(rules.get("min_account_age"), str):
        said.append(words.text("advoc-guide-account-age", rules["min_account_age"]))
    if rules.get("not_blocked") is True:
        said.append(words.text("advoc-guide-not-blocked"))
    return said
