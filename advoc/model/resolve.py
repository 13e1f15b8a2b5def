"""A record by its reference, and a record resolved: an advocate with the roles
and decisions behind them, a decision checked rule by rule (`advoc show`,
proposals and exports use it)."""

from __future__ import annotations

import difflib
from datetime import date
from typing import Any

from advoc.errors import UsageError
from advoc.model.evaluation import Evaluation, evaluate, ratification
from advoc.model.kinds import parse_kind
from advoc.model.messages import Messages, words_in
from advoc.model.registry import Record, Registry
from advoc.model.roles import assignments
from advoc.model.text import localize, one_line
from advoc.model.timeutil import day_of, instant
from advoc.model.walk import as_dict, as_list


def find(registry: Registry, reference: str) -> Record:
    """`KIND/ID` to a record, or a usage error that suggests what was meant."""
    kind_text, slash, record_id = reference.partition("/")
    if not slash or not record_id:
        raise UsageError(
            f"'{reference}' is not a record; write it as KIND/ID.",
            hint="For example: advoc show advocate/ada-lovelace",
        )
    kind = parse_kind(kind_text)
    record = registry.get(kind.name, record_id)
    if record is None:
        close = difflib.get_close_matches(record_id, list(registry.records[kind.name]), n=3)
        hint = (
            "Did you mean " + ", ".join(f"{kind.name}/{name}" for name in close) + "?"
            if close
            else f"List them with: ls {kind.folder}"
        )
        raise UsageError(f"There is no {kind.name} '{record_id}'.", hint=hint)
    return record


class Resolver:
    def __init__(
        self, registry: Registry, as_of: date, language: str, words: Messages | None = None
    ) -> None:
        self.registry = registry
        self.as_of = day_of(as_of)  # roles: by the UTC day
        self.moment = instant(as_of)  # decisions: by the instant (a bare date: 00:00 UTC)
        self.language = language
        # advoc's words in `language`; the site passes each language's own, which it
        # lets go of with the language (the one kept for all, `words_in`, only grows)
        self.words = words if words is not None else words_in(language)
        # record's id() -> (the record, kept so the id stays its own; its title)
        self._titles: dict[int, tuple[Record, str | None]] = {}

    def text(self, value: Any) -> str:
        return localize(value, self.language, self.registry.default_language)

    def title(self, record: Record | None) -> str | None:
        """Its title, name or username in the chosen language; worked out once per
        record, since a role or a process is named on thousands of pages."""
        if record is None:
            return None
        known = self._titles.get(id(record))
        if known is None:
            data = record.data
            text = self.text(data.get("title") or data.get("name") or data.get("username"))
            known = self._titles[id(record)] = (record, text or None)
        return known[1]

    def plain(self, value: Any) -> str:
        """A field's value on one line, text maps in the chosen language."""
        return one_line(value, self.language, self.registry.default_language)

    def resolve(self, record: Record) -> dict[str, Any]:
        shown: dict[str, Any] = {
            "record": record.ref,
            "file": record.file,
            "title": self.title(record),
            "data": record.data,
            "fields": {key: self.plain(value) for key, value in record.data.items()},
        }
        if record.kind == "decision":
            shown["evaluation"] = self.decision(record)
        elif record.kind == "advocate":
            shown.update(self.advocate(record))
        return shown

    def decision(self, decision: Record) -> dict[str, Any]:
        return self.described(decision, self.evaluated(decision))

    def evaluation(self, decision: Record) -> Evaluation:
        return evaluate(self.registry, decision, self.moment, as_seen_then=True)

    def evaluated(self, decision: Record) -> Evaluation:
        """The decision's evaluation (a resolver that keeps them returns the kept one)."""
        return self.evaluation(decision)

    def described(self, decision: Record, evaluation: Evaluation) -> dict[str, Any]:
        """The evaluation as plain data, its rules in the reader's language."""
        result = {
            "process_name": self.title(evaluation.process),
            **evaluation.to_dict(self.words),
        }

        terms = ratification(self.registry, decision, self.moment)
        if terms is not None:
            result["ratification"] = {
                "process": terms.process,
                "deadline": f"{terms.deadline:%Y-%m-%d %H:%M} UTC" if terms.deadline else None,
                "ratified_by": terms.ratified_by.id if terms.ratified_by else None,
                "overdue": terms.overdue,
            }
        return result

    def advocate(self, advocate: Record) -> dict[str, Any]:
        roles = []
        for assignment in assignments(advocate):
            granted = self._decision(assignment.data.get("granted_by"))
            ended = self._decision(assignment.data.get("ended_by"))
            roles.append(
                {
                    "role": assignment.role_id,
                    "role_name": self.title(assignment.role(self.registry)),
                    "start": assignment.data.get("start"),
                    "end": assignment.data.get("end"),
                    "active": assignment.active_on(self.registry, self.as_of),
                    "scope": assignment.data.get("scope"),
                    "granted_by": self._decision_summary(
                        granted, assignment.data.get("granted_by")
                    ),
                    "ended_by": self._decision_summary(ended, assignment.data.get("ended_by")),
                }
            )
        campaigns = [
            {
                "id": campaign.id,
                "title": self.title(campaign),
                "status": campaign.data.get("status"),
            }
            for campaign in self._about(advocate)[0]
        ]
        feedback = [
            {
                "id": item.id,
                "date": item.data.get("date"),
                "kind": item.data.get("kind"),
                "status": item.data.get("status"),
                "summary": self.text(item.data.get("summary")),
                "response": self.text(as_dict(item.data.get("response")).get("text")) or None,
            }
            for item in self._about(advocate)[1]
        ]
        return {"roles": roles, "campaigns": campaigns, "feedback": feedback}

    def _about(self, advocate: Record) -> tuple[list[Record], list[Record]]:
        """The campaigns that name the advocate and the feedback about them, in id
        order, from indexes built once per registry (an export resolves every advocate)."""

        def index() -> tuple[dict[str, list[Record]], dict[str, list[Record]]]:
            campaigns: dict[str, list[Record]] = {}
            for campaign in sorted(self.registry.of_kind("campaign"), key=lambda c: c.id):
                for advocate_id in set(map(str, as_list(campaign.data.get("advocates")))):
                    campaigns.setdefault(advocate_id, []).append(campaign)
            feedback: dict[str, list[Record]] = {}
            for item in sorted(self.registry.of_kind("feedback"), key=lambda f: f.id):
                feedback.setdefault(str(item.data.get("about")), []).append(item)
            return campaigns, feedback

        campaigns, feedback = self.registry.memo(("show", "about"), index)
        return campaigns.get(advocate.id, []), feedback.get(advocate.ref, [])

    def _decision(self, value: Any) -> Record | None:
        return self.registry.get("decision", value) if isinstance(value, str) else None

    def _decision_summary(self, decision: Record | None, value: Any) -> dict[str, Any] | None:
        if value is None:
            return None
        if decision is None:
            return {"id": value, "missing": True}
        return {
            "id": decision.id,
            "title": self.title(decision),
            "status": decision.data.get("status"),
            "closed": decision.data.get("closed"),
        }
