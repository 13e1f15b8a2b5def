"""`advoc guide`: the entry points and processes as instructions a newcomer can follow.

Everything is generated from the rules files, so the guide cannot disagree
with them. The registry's text is localized; the connecting sentences are
advoc's own and in English.
"""

from __future__ import annotations

from typing import Any

from advoc.model.evaluation import percent
from advoc.model.registry import Record, Registry
from advoc.model.text import localize
from advoc.model.timeutil import describe, to_duration
from advoc.model.walk import as_list
from advoc.report.escape import for_terminal

TOPICS = {
    "join": ("join", "contact"),
    "initiate": ("initiate",),
    "feedback": ("feedback",),
}
_AUDIENCE = {
    "newcomer": "newcomers",
    "community-member": "community members",
    "affiliate": "affiliates",
    "advocate": "advocates",
    "media": "journalists and the media",
}


class Guide:
    def __init__(self, registry: Registry, language: str) -> None:
        self.registry = registry
        self.language = language

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
        lines = ["## The rules of engagement", ""]
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
        audience = _AUDIENCE.get(str(data.get("audience")), str(data.get("audience")))
        lines = [f"## {self.text(data.get('title'))}", f"(for {audience})", ""]
        steps = as_list(data.get("steps"))
        lines += [f"{number}. {self.text(step)}" for number, step in enumerate(steps, 1)]
        contacts = [c for c in data.get("contacts") or [] if isinstance(c, dict)]
        if contacts:
            lines += ["", "Where to ask:"]
            lines += [
                f"- {contact.get('target')} ({contact.get('channel')})" for contact in contacts
            ]
        for process_id in data.get("processes") or []:
            process = self.registry.get("process", str(process_id))
            if process:
                lines += [
                    "",
                    f"This leads to the process '{self.name(process)}': "
                    + self.process_rules(process),
                ]
        return "\n".join(lines)

    def decisions(self) -> str:
        lines = ["## How decisions are taken", ""]
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
        lines = [f"### To become {_article(name)} {name}"]
        if data.get("description"):
            lines.append(self.text(data["description"]))
        lines.append(
            f"Someone proposes a role-grant decision naming you and this role, under "
            f"'{self.name(grant, str(data.get('grant_process')))}'. "
            + (self.process_rules(grant) if grant else "")
        )
        term = to_duration(data.get("term"))
        if term:
            lines.append(
                f"The role is held for at most {describe(term)}; to continue, the "
                "community confirms you again before it ends."
            )
        if removal:
            lines.append(
                f"The role can be taken away by a role-removal decision under "
                f"'{self.name(removal)}': " + self.process_rules(removal)
            )
        return "\n".join(lines)

    def process(self, process: Record) -> str:
        data = process.data
        lines = [f"### {self.name(process)}"]
        if data.get("description"):
            lines.append(self.text(data["description"]))
        kinds = ", ".join(str(kind) for kind in data.get("applies_to") or [])
        lines.append(f"Used for: {kinds} decisions.")
        lines.append(self.process_rules(process))
        if data.get("eligibility"):
            lines.append(f"Who may take part: {self.text(data['eligibility'])}")
        checked = eligibility_sentences(data.get("eligibility_rules"))
        if checked:
            lines.append("On the wiki, a vote counts when its account " + "; ".join(checked) + ".")
        if data.get("venue"):
            lines.append(f"Where: {self.text(data['venue'])}")
        terms = data.get("ratification")
        if data.get("urgent") is True and isinstance(terms, dict):
            ratifying = self.registry.get("process", str(terms.get("process")))
            within = to_duration(terms.get("within"))
            ratifier = self.name(ratifying, str(terms.get("process")))
            lines.append(
                "This is an urgent process: every decision taken under it must be ratified "
                f"afterwards by a decision under '{ratifier}'"
                + (f", closed within {describe(within)} of the urgent one." if within else ".")
            )
        return "\n".join(lines)

    def process_rules(self, process: Record) -> str:
        """`The discussion stays open at least 7 days; at least 15 people must take part; ...`"""
        data = process.data
        rules = []
        least, most = to_duration(data.get("min_duration")), to_duration(data.get("max_duration"))
        if least and most:
            rules.append(
                f"the discussion stays open at least {describe(least)} and at most "
                f"{describe(most)}; votes after that do not count, and the votes cast by then "
                "decide"
            )
        elif least:
            rules.append(f"the discussion stays open at least {describe(least)}")
        elif most:
            rules.append(
                f"the discussion stays open at most {describe(most)}; votes after that do not "
                "count, and the votes cast by then decide"
            )
        quorum = data.get("quorum")
        if isinstance(quorum, int) and quorum > 0:
            rules.append(
                f"at least {quorum} {'person' if quorum == 1 else 'people'} must take part"
            )
        threshold = data.get("threshold")
        if isinstance(threshold, (int, float)) and not isinstance(threshold, bool):
            rules.append(
                f"at least {percent(float(threshold))} of those who take a side must support"
            )
        if not rules:
            return "The process sets no duration, quorum or threshold."
        text = "; ".join(rules)
        return text[0].upper() + text[1:] + "."


def _article(name: str) -> str:
    return "an" if name[:1].lower() in "aeiou" else "a"


def eligibility_sentences(rules: Any) -> list[str]:
    """A process's `eligibility_rules`, as `advoc wiki votes` checks them, in words."""
    if not isinstance(rules, dict):
        return []
    said = []
    if isinstance(rules.get("min_edits"), int):
        said.append(f"has made at least {rules['min_edits']} edits on the wiki")
    if rules.get("registered_before_open") is True:
        said.append("was registered before the decision opened")
    if isinstance(rules.get("min_account_age"), str):
        said.append(f"was at least {rules['min_account_age']} old when the decision opened")
    if rules.get("not_blocked") is True:
        said.append("is not blocked")
    return said
