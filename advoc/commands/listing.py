"""`advoc list KIND`: the records of one kind, filtered and sorted, from the public registry.

`list_records` returns a `Listing` (plain data: columns and rows); the
renderers in `advoc.report.listing` turn it into a table, JSON, YAML or CSV.

Filters combine with AND; the values of one filter combine with OR
(`--country BR --country PT` is "BR or PT"). Each filter applies to the kinds
that have its field (`FILTERS`); asking for it on another kind is a usage
error. A list field matches when it holds any of the values; a language
matches its variants too (`zh` matches `zh-hant`)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from advoc.errors import UsageError
from advoc.load import schemas
from advoc.model.kinds import KINDS
from advoc.model.public import people_view
from advoc.model.registry import Record, Registry
from advoc.model.roles import assignments
from advoc.model.text import LANGUAGE, localize
from advoc.model.walk import as_list
from advoc.report.listing import FILTERS, Listing, Query, Value

COUNTRY = re.compile(r"[A-Z]{2}")
SLUG = re.compile(r"[a-z0-9]+([-_][a-z0-9]+)*")


class Columns:
    """How one record becomes a row: the column names and their values."""

    def __init__(self, public: Registry, whole: Registry, language: str, on: date) -> None:
        self.registry = public
        self.whole = whole  # for the dates of decisions the public view leaves out
        self.language = language
        self.on = on

    def text(self, value: Any) -> str | None:
        return localize(value, self.language, self.registry.default_language) or None

    def row(self, record: Record) -> dict[str, Value]:
        data = record.data
        row: dict[str, Value] = {}
        for column in COLUMNS[record.kind]:
            if column in TEXT_COLUMNS:
                row[column] = self.text(data.get(column))
            elif column == "roles":
                row[column] = self.roles_held(record)
            elif column == "cast":
                row[column] = _scalar(data.get(column) or "git")  # git unless it says so
            elif column in FLAG_COLUMNS:
                row[column] = data.get(column) is True
            elif column in LIST_COLUMNS:
                row[column] = [
                    str(item) for item in as_list(data.get(column)) if isinstance(item, (str, int))
                ]
            else:
                row[column] = _scalar(data.get(column))
        row["id"] = record.id
        if record.kind == "advocate" and not row.get("name"):
            row["name"] = _scalar(data.get("username"))
        return row

    def roles_held(self, advocate: Record) -> list[str]:
        held = {
            assignment.role_id
            for assignment in assignments(advocate)
            if assignment.role_id and assignment.active_on(self.whole, self.on)
        }
        return sorted(role for role in held if role)


def _scalar(value: Any) -> str | int | float | bool | None:
    if isinstance(value, (str, int, float, bool)):
        return value
    return None


COLUMNS: dict[str, tuple[str, ...]] = {
    "advocate": (
        "id",
        "name",
        "username",
        "languages",
        "countries",
        "topics",
        "groups",
        "home_projects",
        "media_contact",
        "roles",
    ),
    "group": ("id", "name", "type", "countries", "regions", "website"),
    "campaign": (
        "id",
        "title",
        "status",
        "start",
        "end",
        "countries",
        "topics",
        "projects",
        "advocates",
    ),
    "decision": (
        "id",
        "title",
        "type",
        "process",
        "status",
        "opened",
        "closed",
        "projects",
        "groups",
    ),
    "feedback": ("id", "about", "kind", "status", "date", "summary"),
    "vote": ("id", "decision", "user", "position", "date", "cast"),
    "role": ("id", "name", "public_facing", "term", "grant_process", "removal_process"),
    "process": (
        "id",
        "name",
        "applies_to",
        "min_duration",
        "max_duration",
        "quorum",
        "threshold",
        "urgent",
    ),
    "principle": ("id", "title", "adopted_by"),
    "entry-point": ("id", "title", "audience", "purpose"),
}
TEXT_COLUMNS = frozenset(("name", "title", "summary"))


FLAG_COLUMNS = frozenset(("media_contact", "public_facing", "urgent"))  # absent means false
LIST_COLUMNS = frozenset(
    (
        "languages",
        "countries",
        "topics",
        "groups",
        "home_projects",
        "regions",
        "projects",
        "advocates",
        "applies_to",
    )
)


def check_query(registry: Registry, query: Query) -> Query:
    """The query with its values normalized, or a usage error saying what is wrong."""
    for name in query.used():
        kinds = FILTERS[name]
        if query.kind not in kinds:
            raise UsageError(
                f"--{name} does not apply to {KINDS[query.kind].plural}: they have no "
                f"{name.replace('-', ' ')}.",
                hint=f"--{name} applies to: {', '.join(KINDS[kind].plural for kind in kinds)}.",
            )
    values = {
        name: tuple(_normal(registry, query.kind, name, value) for value in found)
        for name, found in query.values.items()
        if found
    }
    sort = query.sort.strip().replace("-", "_")  # --sort media-contact, as the option is named
    if sort not in COLUMNS[query.kind]:
        raise UsageError(
            f"{KINDS[query.kind].plural} cannot be sorted by '{query.sort}'.",
            hint=f"Sort by one of: {', '.join(COLUMNS[query.kind])}.",
        )
    return Query(query.kind, values, query.active_on, query.media_contact, sort)


def normal_country(value: str) -> str:
    country = value.strip().upper()
    if not COUNTRY.fullmatch(country):
        raise UsageError(
            f"'{value}' is not a country code.",
            hint="Use a two-letter ISO 3166-1 code such as DE, BR or NO, or EU.",
        )
    return country


def normal_language(value: str) -> str:
    language = value.strip().lower()
    if not LANGUAGE.fullmatch(language):
        raise UsageError(
            f"'{value}' is not a language code.",
            hint="Use a language code as the wikis do, such as en, de, zh-hans or sr-el.",
        )
    return language


def normal_slug(value: str, what: str) -> str:
    slug = value.strip().lower()
    if not SLUG.fullmatch(slug):
        raise UsageError(
            f"'{value}' is not a {what}.",
            hint=f"A {what} is written in lowercase letters, digits and hyphens, "
            "such as copyright or enwiki.",
        )
    return slug


def _normal(registry: Registry, kind: str, name: str, value: str) -> str:
    if name == "country":
        return normal_country(value)
    if name == "language":
        return normal_language(value)
    if name in ("topic", "project"):
        return normal_slug(value, name)
    if name in ("role", "group"):
        return _existing(registry, name, value.strip())
    enum = _allowed(kind, FILTERS[name][kind])
    if enum and value.strip() not in enum:
        raise UsageError(
            f"'{value}' is not a {name} of {KINDS[kind].plural}.",
            hint=f"Use one of: {', '.join(enum)}.",
        )
    return value.strip()


def _allowed(kind: str, field_name: str) -> list[str]:
    found = schemas.bundled(kind).get("properties", {}).get(field_name, {}).get("enum")
    return [str(item) for item in found] if isinstance(found, list) else []


def _existing(registry: Registry, kind: str, record_id: str) -> str:
    if registry.get(kind, record_id) is not None:
        return record_id
    known = sorted(registry.records.get(kind, {}))
    close = difflib.get_close_matches(record_id, known, n=3)
    hint = (
        f"Did you mean {', '.join(close)}?"
        if close
        else f"The {KINDS[kind].plural} are: {', '.join(known) or 'none'}."
    )
    raise UsageError(f"There is no {kind} '{record_id}'.", hint=hint)


def language_matches(code: str, wanted: Iterable[str]) -> bool:
    return any(code == language or code.startswith(language + "-") for language in wanted)


def _matches(registry: Registry, record: Record, query: Query, as_of: date) -> bool:
    data = record.data
    for name, values in query.values.items():
        if name in ("role", "active-on"):
            continue
        field_name = FILTERS[name][record.kind]
        held = data.get(field_name)
        items = [str(item) for item in held] if isinstance(held, list) else [str(held)]
        if name == "language":
            if not any(language_matches(item, values) for item in items):
                return False
        elif not set(items) & set(values):
            return False
    if query.media_contact and data.get("media_contact") is not True:
        return False
    if query.values.get("role") or query.active_on is not None:
        return _holds(registry, record, query.values.get("role", ()), query.active_on or as_of)
    return True


def _holds(registry: Registry, advocate: Record, roles: tuple[str, ...], day: date) -> bool:
    return any(
        (not roles or assignment.role_id in roles) and assignment.active_on(registry, day)
        for assignment in assignments(advocate)
    )


def list_records(registry: Registry, query: Query, as_of: date, language: str) -> Listing:
    """The public records of one kind that match `query`, as rows sorted by `query.sort`
    (with the private part of the registry loaded: every record)."""
    public = people_view(registry)
    query = check_query(public, query)
    # Whether a role is held is judged on the whole registry: a removal decision
    # that the public view leaves out (it also names a hidden advocate) still ends it.
    columns = Columns(public, registry, language, query.active_on or as_of)
    rows = [
        columns.row(record)
        for record in public.of_kind(query.kind)
        if _matches(registry, record, query, as_of)
    ]
    rows.sort(key=lambda row: _sort_key(row, query.sort))
    return Listing(query.kind, as_of, language, query, list(COLUMNS[query.kind]), rows)


def _sort_key(row: Mapping[str, Value], column: str) -> tuple[Any, ...]:
    value = row.get(column)
    if value is None or value == []:
        return (1, "", row["id"])  # missing values last
    if isinstance(value, bool):
        return (0, (not value,), row["id"])  # true first
    if isinstance(value, (int, float)):
        return (0, (value,), row["id"])
    text = ", ".join(value) if isinstance(value, list) else value
    return (0, (text.casefold(), text), row["id"])
