"""`advoc who`: who speaks for the network, where, on what, and who authorised them.

A speaker is a public advocate with at least one assignment of a
`public_facing` role active on the as-of date. Each such assignment
authorises them within its scope. Filters (`--country`, `--topic`,
`--project`, `--language`) combine with AND, their values with OR, and are
matched per assignment:

- country, topic, project: the assignment's `scope` when it names that
  dimension (the scope narrows the mandate: an advocate from Brazil whose
  spokesperson role is scoped to Portugal speaks for Portugal, not Brazil);
  otherwise the advocate's own `countries`, `topics` or `home_projects`;
- language: the advocate's `languages` (a language matches its variants).

Only the assignments that match are shown, each with the decision that
granted it. Media contacts come first, then by name."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from advoc.commands.listing import language_matches, normal_country, normal_language, normal_slug
from advoc.model.public import people_view
from advoc.model.registry import Record, Registry
from advoc.model.roles import Assignment, assignments
from advoc.model.text import localize
from advoc.model.walk import as_dict, as_list

WHO_FORMAT = 1  # the version of the JSON output

# filter -> (the advocate's own field, the scope's field or None)
DIMENSIONS: dict[str, tuple[str, str | None]] = {
    "country": ("countries", "countries"),
    "topic": ("topics", "topics"),
    "project": ("home_projects", "projects"),
    "language": ("languages", None),
}

_QUERY_FIELDS = {
    "country": "countries",
    "topic": "topics",
    "project": "projects",
    "language": "languages",
}


@dataclass(frozen=True)
class WhoQuery:
    countries: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()

    def values(self) -> dict[str, tuple[str, ...]]:
        return {
            "country": self.countries,
            "topic": self.topics,
            "project": self.projects,
            "language": self.languages,
        }

    def normalized(self) -> WhoQuery:
        return WhoQuery(
            tuple(normal_country(value) for value in self.countries),
            tuple(normal_slug(value, "topic") for value in self.topics),
            tuple(normal_slug(value, "project") for value in self.projects),
            tuple(normal_language(value) for value in self.languages),
        )

    def described(self) -> dict[str, list[str]]:
        return {name: list(values) for name, values in self.values().items() if values}


def who(registry: Registry, query: WhoQuery, as_of: date, language: str) -> dict[str, Any]:
    """The speakers matching `query` on `as_of`, as plain data (the JSON output)."""
    public = people_view(registry)
    query = query.normalized()
    mandates = _mandates(public, registry, as_of)
    found = _found(public, registry, mandates, query, language)
    return {
        "format": WHO_FORMAT,
        "as_of": as_of.isoformat(),
        "language": language,
        "filters": query.described(),
        "advocates": found,
        "unmatched": [] if found else _unmatched(mandates, query),
    }


# Each speaker, with the mandates of theirs that match a query
Held = list[tuple[Record, list[Assignment]]]


def holders_by(
    registry: Registry,
    dimensions: tuple[str, ...],
    as_of: date,
    public: Registry | None = None,
) -> dict[str, dict[str, Held]]:
    """For each dimension (`country`, `topic`, ...) and each of its values that some
    speaker holds, whom `advoc who --<dimension> VALUE` lists, each with the
    mandates that match, in no order (`speaker_order` sorts them as `who` does,
    for a language). The website's "who speaks" page is this. The same in every
    language, so judged once per registry and day: the mandates once
    (`mandates_of`), and each value only against those that hold it. `public`:
    the people who may be listed (the export's public view); default, as `who`
    has it."""
    public = public if public is not None else people_view(registry)
    return registry.memo(
        ("who", "holders", dimensions, as_of, public is registry),
        lambda: _holders_by(registry, dimensions, as_of, public),
    )


def _holders_by(
    registry: Registry, dimensions: tuple[str, ...], as_of: date, public: Registry
) -> dict[str, dict[str, Held]]:
    mandates = mandates_of(registry, public, as_of)
    result: dict[str, dict[str, Held]] = {}
    for dimension in dimensions:
        own, scoped = DIMENSIONS[dimension]
        holding: dict[str, Held] = {}
        for advocate, held in mandates:
            values: set[str] = set()
            for assignment in held:
                scope = as_dict(assignment.data.get("scope"))
                values.update(
                    str(item)
                    for item in (scoped and as_list(scope.get(scoped)))
                    or as_list(advocate.data.get(own))
                )
            for value in values:
                holding.setdefault(value, []).append((advocate, held))
        found: dict[str, Held] = {}
        for value in sorted(holding):
            query = WhoQuery(**{_QUERY_FIELDS[dimension]: (value,)}).normalized()
            matched = _matching(holding[value], query)
            if matched:
                found[value] = matched
        result[dimension] = found
    return result


def _matching(mandates: Held, query: WhoQuery) -> Held:
    """Each advocate of `mandates` with a mandate that matches `query`, with those."""
    found = []
    for advocate, held in mandates:
        matching = [assignment for assignment in held if _matches(advocate, assignment, query)]
        if matching:
            found.append((advocate, matching))
    return found


def speaker_order(advocate: Record, language: str, default: str) -> tuple[bool, str, str]:
    """Where `who` lists a speaker: media contacts first, then by the name shown in
    `language` (`default`: the registry's), then by id."""
    data = advocate.data
    name = localize(data.get("name"), language, default) or str(data.get("username", advocate.id))
    return (data.get("media_contact") is not True, name.casefold(), advocate.id)


def _found(
    public: Registry,
    registry: Registry,
    mandates: Held,
    query: WhoQuery,
    language: str,
) -> list[dict[str, Any]]:
    """The speakers matching `query`, in the order `who` lists them."""
    matched = _matching(mandates, query)
    matched.sort(key=lambda pair: speaker_order(pair[0], language, public.default_language))
    return [
        speaker_of(public, registry, advocate, matching, language) for advocate, matching in matched
    ]


def mandates_of(
    whole: Registry, public: Registry, as_of: date
) -> list[tuple[Record, list[Assignment]]]:
    """`_mandates`, judged once per registry and day: the site asks for each of its
    languages, and judging them before the languages are built in parallel
    spares each its own."""
    return whole.memo(
        ("who", "mandates", as_of, public is whole), lambda: _mandates(public, whole, as_of)
    )


def _mandates(
    public: Registry, whole: Registry, as_of: date
) -> list[tuple[Record, list[Assignment]]]:
    """Each public advocate with their public-facing assignments active on `as_of`
    (judged on the whole registry: a removal the public view leaves out still counts)."""
    result = []
    for advocate in sorted(public.of_kind("advocate"), key=lambda record: record.id):
        held = [
            assignment
            for assignment in assignments(advocate)
            if assignment.public_facing(public) and assignment.active_on(whole, as_of)
        ]
        if held:
            result.append((advocate, held))
    return result


def _matches(advocate: Record, assignment: Assignment, query: WhoQuery) -> bool:
    scope = as_dict(assignment.data.get("scope"))
    for name, wanted in query.values().items():
        if wanted and not _dimension_matches(advocate, scope, name, wanted):
            return False
    return True


def _dimension_matches(
    advocate: Record, scope: dict[str, Any], name: str, wanted: Iterable[str]
) -> bool:
    own, scoped = DIMENSIONS[name]
    held = [
        str(item)
        for item in (scoped and as_list(scope.get(scoped))) or as_list(advocate.data.get(own))
    ]
    if name == "language":
        return any(language_matches(item, wanted) for item in held)
    return bool(set(held) & set(wanted))


def _unmatched(
    mandates: list[tuple[Record, list[Assignment]]], query: WhoQuery
) -> list[dict[str, str]]:
    """The filter values that no speaker matches even alone."""
    missing = []
    for name, values in query.values().items():
        for value in values:
            if not any(
                _dimension_matches(advocate, as_dict(assignment.data.get("scope")), name, [value])
                for advocate, held in mandates
                for assignment in held
            ):
                missing.append({"filter": name, "value": value})
    return missing


def speaker_of(
    public: Registry, full: Registry, advocate: Record, held: list[Assignment], language: str
) -> dict[str, Any]:
    """The speaker as `who` lists them in `language`, with the mandates `held`."""

    def text(value: Any) -> str:
        return localize(value, language, public.default_language)

    data = advocate.data
    return {
        "id": advocate.id,
        "name": text(data.get("name")) or str(data.get("username", advocate.id)),
        "username": data.get("username"),
        "media_contact": data.get("media_contact") is True,
        "languages": as_list(data.get("languages")),
        "countries": as_list(data.get("countries")),
        "topics": as_list(data.get("topics")),
        "home_projects": as_list(data.get("home_projects")),
        "contact": [
            {"channel": item.get("channel"), "target": item.get("target")}
            for item in as_list(data.get("contact"))
            if isinstance(item, dict)
        ],
        "roles": [_mandate(public, full, assignment, text) for assignment in held],
    }


def _mandate(public: Registry, full: Registry, assignment: Assignment, text: Any) -> dict[str, Any]:
    role = assignment.role(public)
    granted_by = assignment.data.get("granted_by")
    decision = public.get("decision", granted_by) if isinstance(granted_by, str) else None
    granted: dict[str, Any] | None = None
    if isinstance(granted_by, str):
        # Left out of the public view when it also names an advocate who is not
        # listed: then its id is withheld too, as `export` does (it often holds
        # that advocate's name).
        withheld = decision is None and full.get("decision", granted_by) is not None
        granted = {
            "id": None if withheld else granted_by,
            "title": text(decision.data.get("title")) if decision else None,
            "status": decision.data.get("status") if decision else None,
            "closed": decision.data.get("closed") if decision else None,
            "withheld": withheld,
        }
    return {
        "role": assignment.role_id,
        "role_name": text(role.data.get("name")) if role else assignment.role_id,
        "start": assignment.data.get("start"),
        "end": assignment.data.get("end"),
        "scope": {
            key: as_list(value) for key, value in as_dict(assignment.data.get("scope")).items()
        },
        "granted_by": granted,
    }
