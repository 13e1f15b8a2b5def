"""The public registry as CSV: one file per kind, plus one row per role assignment.

Columns are fixed and documented in `COLUMNS` (the README lists them). Lists
are joined with `;`; the steps of an entry point, which are sentences, with
line breaks. Files are UTF-8 with a byte-order mark so that spreadsheet
programs read non-Latin names correctly. A text cell that starts with `=`,
`+`, `-`, `@`, a tab or a carriage return gets a leading `'`, so that a
spreadsheet shows it instead of running it as a formula
(`advoc.report.escape.spreadsheet_cell`, shared with `advoc list --format csv`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from typing import Any

from advoc.report.escape import spreadsheet_cell

Row = dict[str, Any]


def _joined(value: Any) -> str:
    if isinstance(value, list):
        return ";".join(_joined(item) for item in value)
    if isinstance(value, dict):
        if "channel" in value and "target" in value:
            return f"{value['channel']}:{value['target']}"
        return ";".join(f"{key}={_joined(item)}" for key, item in value.items())
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _get(path: str) -> Callable[[Row], Any]:
    def get(row: Row) -> Any:
        value: Any = row
        for part in path.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        return value

    return get


def _ids(path: str) -> Callable[[Row], Any]:
    return lambda row: [item["id"] for item in _get(path)(row) or []]


def _plain(*names: str) -> dict[str, Callable[[Row], Any]]:
    return {name: _get(name) for name in names}


COLUMNS: dict[str, dict[str, Callable[[Row], Any]]] = {
    "advocates": {
        **_plain("id", "username", "name", "languages", "countries", "regions"),
        "home_projects": _get("home_projects"),
        "groups": _ids("groups"),
        "topics": _get("topics"),
        "media_contact": lambda row: bool(row.get("media_contact")),
        "contact": _get("contact"),
        "roles_today": lambda row: [r["role"] for r in row["roles"] if r["active"]],
        "campaigns": _ids("campaigns"),
        "notes": _get("notes"),
    },
    "groups": _plain("id", "name", "type", "countries", "regions", "website", "contact"),
    "campaigns": {
        **_plain("id", "title", "status", "start", "end", "countries", "topics", "projects"),
        "law_jurisdiction": _get("law.jurisdiction"),
        "law_name": _get("law.name"),
        "law_identifier": _get("law.identifier"),
        "advocates": _ids("advocates"),
        "decisions": _ids("decisions"),
        "description": _get("description"),
    },
    "decisions": {
        **_plain("id", "title", "type", "process", "process_name", "status", "opened"),
        **_plain("closed", "proposer", "closers", "discussion", "projects", "groups"),
        "campaign": _get("campaign"),
        "subject_advocates": _get("subjects.advocates"),
        "subject_roles": _get("subjects.roles"),
        "subject_rules": _get("subjects.rules"),
        "support": _get("evaluation.tally.support"),
        "oppose": _get("evaluation.tally.oppose"),
        "neutral": _get("evaluation.tally.neutral"),
        "participants": _get("evaluation.tally.participants"),
        "verdict": _get("verdict"),
        "outcome_by_rules": _get("evaluation.outcome_by_rules"),
        **_plain("ratifies", "supersedes", "overturned_by"),
        "action_start": _get("action.start"),
        "action_end": _get("action.end"),
        "outcome": _get("outcome"),
    },
    "feedback": {
        **_plain("id", "about", "author", "date", "kind", "status", "summary"),
        "response_by": _get("response.by"),
        "response_date": _get("response.date"),
        "response_text": _get("response.text"),
    },
    "roles": _plain(
        "id",
        "name",
        "description",
        "public_facing",
        "term",
        "grant_process",
        "removal_process",
        "adopted_by",
    ),
    "processes": {
        **_plain("id", "name", "description", "applies_to", "min_duration", "max_duration"),
        **_plain("quorum", "threshold", "urgent"),
        "ratification_within": _get("ratification.within"),
        "ratification_process": _get("ratification.process"),
        **_plain("eligibility", "venue", "adopted_by"),
    },
    "principles": _plain("id", "title", "text", "adopted_by"),
    "entry_points": {
        **_plain("id", "title", "audience", "purpose"),
        "steps": lambda row: "\n".join(row.get("steps") or []),
        **_plain("contacts", "processes"),
    },
}
ASSIGNMENT_COLUMNS = (
    "advocate",
    "role",
    "role_name",
    "start",
    "end",
    "active_today",
    "scope_countries",
    "scope_projects",
    "scope_groups",
    "scope_topics",
    "granted_by",
    "granted_by_title",
    "ended_by",
)
FILE_NAMES = {section: section.replace("_", "-") + ".csv" for section in COLUMNS}


def build_csv(document: dict[str, Any]) -> dict[str, str]:
    files = {
        FILE_NAMES[section]: table(
            columns.keys(),
            ([get(row) for get in columns.values()] for row in document[section]),
        )
        for section, columns in COLUMNS.items()
    }
    files["role-assignments.csv"] = table(ASSIGNMENT_COLUMNS, _assignments(document))
    return files


def _assignments(document: dict[str, Any]) -> Iterable[list[Any]]:
    for advocate in document["advocates"]:
        for role in advocate["roles"]:
            scope = role.get("scope") or {}
            granted = role.get("granted_by") or {}
            yield [
                advocate["id"],
                role["role"],
                role["role_name"],
                role["start"],
                role["end"],
                role["active"],
                scope.get("countries"),
                scope.get("projects"),
                scope.get("groups"),
                scope.get("topics"),
                granted.get("id"),
                granted.get("title"),
                (role.get("ended_by") or {}).get("id"),
            ]


def table(header: Iterable[str], rows: Iterable[list[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(list(header))
    writer.writerows([_cell(value) for value in row] for row in rows)
    return "\ufeff" + buffer.getvalue()


def _cell(value: Any) -> str:
    return spreadsheet_cell(_joined(value))
