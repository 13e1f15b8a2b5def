"""The public registry as one resolved document: what every export format renders.

`build` turns the public view of a registry (`advoc.model.public.public_registry`)
into plain data in one language: text fields localized, references resolved
(an advocate's roles with the role's name and the decision behind each, a
decision with its process and how it stands against it). The JSON export is
this document as it is; CSV, HTML and wikitext render it. Its shape is
described by `schemas/export.schema.json`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from advoc import __version__
from advoc.model.registry import Record, Registry
from advoc.model.resolve import Resolver
from advoc.model.timeutil import day_of
from advoc.model.votes import ballots
from advoc.model.walk import as_dict, as_list

EXPORT_VERSION = 1

# Plural names of the document's lists, in the order they appear, by kind.
SECTIONS = {
    "advocate": "advocates",
    "group": "groups",
    "campaign": "campaigns",
    "decision": "decisions",
    "feedback": "feedback",
    "role": "roles",
    "process": "processes",
    "principle": "principles",
    "entry-point": "entry_points",
}
# Top-level text fields of each kind (a string, or a map from language to string).
TEXT_FIELDS = {
    "advocate": ("name", "notes"),
    "group": ("name",),
    "campaign": ("title", "description"),
    "decision": ("title", "outcome"),
    "feedback": ("summary",),
    "role": ("name", "description"),
    "process": ("name", "description", "eligibility", "venue"),
    "principle": ("title", "text"),
    "entry-point": ("title",),
}
RULE_KINDS = ("role", "process", "principle", "entry-point")


class DocumentBuilder:
    """Builds the document of one public registry, in one language, as of one day."""

    def __init__(
        self,
        public: Registry,
        as_of: date,
        language: str,
        resolver: Resolver | None = None,
        votes: bool = True,
    ) -> None:
        self.registry = public
        self.as_of = as_of
        self.language = language
        self.resolver = resolver or Resolver(public, as_of, language)
        self.votes = votes  # each decision's votes, one by one (the site shows the tally)

    def build(self) -> dict[str, Any]:
        document = self.head()
        for kind, section in SECTIONS.items():
            document[section] = self.section(kind)
        return document

    def head(self) -> dict[str, Any]:
        """The document without its lists of records."""
        manifest = self.registry.manifest
        return {
            "advoc_export": EXPORT_VERSION,
            "generator": f"advoc {__version__}",
            "registry": {
                "name": str(manifest.get("name") or ""),
                "default_language": self.registry.default_language,
            },
            "language": self.language,
            "as_of": day_of(self.as_of).isoformat(),  # roles and dates: by the UTC day
        }

    def section(self, kind: str) -> list[dict[str, Any]]:
        """The document's list of the records of `kind`, in id order."""
        records = sorted(self.registry.of_kind(kind), key=lambda record: record.id)
        return [self.record(record) for record in records]

    def record(self, record: Record) -> dict[str, Any]:
        data = self.localized(record)
        extra = getattr(self, "_" + record.kind.replace("-", "_"), None)
        if extra is not None:
            data.update(extra(record, data))
        return data

    def localized(self, record: Record) -> dict[str, Any]:
        """The record's fields with every text value in the chosen language."""
        data = {key: value for key, value in record.data.items() if key != "visibility"}
        for field in TEXT_FIELDS[record.kind]:
            if field in data:
                data[field] = self.resolver.text(data[field])
        if record.kind == "campaign" and isinstance(data.get("law"), dict):
            law = dict(data["law"])
            if "name" in law:
                law["name"] = self.resolver.text(law["name"])
            data["law"] = law
        elif record.kind == "feedback" and isinstance(data.get("response"), dict):
            response = dict(data["response"])
            response["text"] = self.resolver.text(response.get("text"))
            data["response"] = response
        elif record.kind == "entry-point":
            data["steps"] = [self.resolver.text(step) for step in as_list(data.get("steps"))]
        return data

    def _vote(self, vote: dict[str, Any]) -> dict[str, Any]:
        data = {key: value for key, value in vote.items() if key != "decision"}
        data.setdefault("cast", "git")
        if "comment" in data:
            data["comment"] = self.resolver.text(data["comment"])
        return data

    def _advocate(self, advocate: Record, data: dict[str, Any]) -> dict[str, Any]:
        resolved = self.resolver.advocate(advocate)
        for role in resolved["roles"]:
            for field in ("granted_by", "ended_by"):
                if role[field] and role[field].get("missing"):
                    role[field] = {"public": False}  # its id may name a limited advocate
        return {
            "name": data.get("name") or "",
            "groups": [self._named("group", group) for group in as_list(data.get("groups"))],
            "roles": resolved["roles"],
            "campaigns": resolved["campaigns"],
        }

    def _campaign(self, campaign: Record, data: dict[str, Any]) -> dict[str, Any]:
        advocates = []
        for advocate_id in as_list(data.get("advocates")):
            advocate = self.registry.get("advocate", str(advocate_id))
            advocates.append(
                {
                    "id": str(advocate_id),
                    "username": advocate.data.get("username") if advocate else None,
                    "name": self.resolver.text(advocate.data.get("name")) if advocate else "",
                }
            )
        return {
            "advocates": advocates,
            "decisions": [
                self._named("decision", decision) for decision in as_list(data.get("decisions"))
            ],
        }

    def _decision(self, decision: Record, data: dict[str, Any]) -> dict[str, Any]:
        found = self.resolver.evaluated(decision)
        evaluation = self.resolver.described(decision, found)
        return {
            "votes": [self._vote(vote.data) for vote in ballots(self.registry, decision.id)]
            if self.votes
            else [],
            "process_name": evaluation.pop("process_name") or "",
            "evaluation": evaluation,
            "verdict": found.verdict,
        }

    def _role(self, role: Record, data: dict[str, Any]) -> dict[str, Any]:
        return {
            "grant_process_name": self._title("process", data.get("grant_process")),
            "removal_process_name": self._title("process", data.get("removal_process")),
        }

    def _named(self, kind: str, record_id: Any) -> dict[str, Any]:
        record = self.registry.get(kind, str(record_id))
        named: dict[str, Any] = {"id": str(record_id), "title": self.resolver.title(record) or ""}
        if kind == "decision":
            named["status"] = record.data.get("status") if record else None
        return named

    def _title(self, kind: str, record_id: Any) -> str:
        return self.resolver.title(self.registry.get(kind, str(record_id))) or ""


def build(public: Registry, as_of: date, language: str) -> dict[str, Any]:
    return DocumentBuilder(public, as_of, language).build()


def languages_of(public: Registry) -> list[str]:
    """The languages the site is published in: the default language first, then
    the manifest's `languages` and every language the rules (roles, processes,
    principles, entry points) are translated into. Other text, such as a group's
    name in its own language or a decision's title in the language of its wiki,
    is shown where it matches a published language but does not make one: a site
    in Marathi whose only Marathi is one decision title would be an English site."""
    found: set[str] = {str(code) for code in as_list(public.manifest.get("languages"))}
    for kind in RULE_KINDS:
        fields = TEXT_FIELDS[kind]
        for record in public.of_kind(kind):
            for field in fields:
                found.update(_languages(record.data.get(field)))
            if kind == "entry-point":
                for step in as_list(record.data.get("steps")):
                    found.update(_languages(step))
    default = public.default_language
    return [default, *sorted(found - {default})]


def _languages(value: Any) -> list[str]:
    return [str(key) for key in as_dict(value)] if isinstance(value, dict) else []


def decisions_by_year(public: Registry) -> dict[str, list[Record]]:
    """The decisions of each year (`year_of`), by id, worked out once for the site's
    keys and every language of it."""

    def by_year() -> dict[str, list[Record]]:
        found: dict[str, list[Record]] = {}
        for record in sorted(public.of_kind("decision"), key=lambda record: record.id):
            found.setdefault(year_of(record.data), []).append(record)
        return found

    return public.memo(("site", "decisions by year"), by_year)


def year_of(decision: dict[str, Any]) -> str:
    """The year a decision opened (its data, or its document entry): the site's and
    the wiki's pages of decisions are by year."""
    opened = str(decision.get("opened") or "")
    return opened[:4] if opened[:4].isdigit() else "undated"
