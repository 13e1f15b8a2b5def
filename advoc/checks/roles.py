"""Roles given and taken only through their processes, within their terms, and
the advocates who speak in public holding a public-facing role."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from advoc.checks.base import Context, located
from advoc.model.attention import expiring_assignments
from advoc.model.findings import Finding
from advoc.model.registry import Record, Registry
from advoc.model.roles import Assignment, all_assignments, assignments
from advoc.model.timeutil import describe, to_date, to_datetime, to_duration
from advoc.model.walk import as_dict, as_list


def _names(decision: Record, field: str) -> list[object]:
    return as_list(as_dict(decision.data.get("subjects")).get(field))


def _decision_problem(
    decision: Record, types: tuple[str, ...], processes: tuple[str, ...], assignment: Assignment
) -> str | None:
    """Why a decision does not authorise this assignment, or None if it does."""
    data = decision.data
    if data.get("status") != "adopted":
        return f"it is not adopted (status {data.get('status')})"
    if data.get("type") not in types:
        return f"it is a {data.get('type')} decision, not {' or '.join(types)}"
    if data.get("process") not in processes:
        return f"it ran under '{data.get('process')}', not under '{' or '.join(processes)}'"
    if assignment.advocate.id not in _names(decision, "advocates"):
        return f"its subjects do not name the advocate '{assignment.advocate.id}'"
    if assignment.role_id not in _names(decision, "roles"):
        return f"its subjects do not name the role '{assignment.role_id}'"
    return None


def _grant_processes(registry: Registry, role: Record, decision: Record) -> tuple[str, ...]:
    """The role's grant process; a confirmation may also run under a process made for
    confirmations (the format leaves this open; confirming a role holder is how a
    role is renewed)."""
    processes = [str(role.data.get("grant_process"))]
    process = registry.get("process", str(decision.data.get("process")))
    if (
        decision.data.get("type") == "confirmation"
        and process
        and "confirmation" in as_list(process.data.get("applies_to"))
    ):
        processes.append(process.id)
    return tuple(processes)


def roles_granted_by_decision(registry: Registry, context: Context) -> Iterator[Finding]:
    """Each assignment is granted by an adopted decision of the role's grant process."""
    for assignment in all_assignments(registry):
        role, decision = assignment.role(registry), _decision(registry, assignment, "granted_by")
        if role is None or decision is None:
            continue  # reported as ref-missing
        problem = _decision_problem(
            decision,
            ("role-grant", "confirmation"),
            _grant_processes(registry, role, decision),
            assignment,
        )
        where = ("roles", assignment.index, "granted_by")
        if problem:
            yield located(
                "error",
                "role-unbacked",
                assignment.advocate,
                where,
                f"the decision '{decision.id}' cannot grant this role: {problem}",
            )
            continue
        scope = decision.data.get("scope")
        if isinstance(scope, dict) and assignment.data.get("scope") != scope:
            yield located(
                "error",
                "role-unbacked",
                assignment.advocate,
                ("roles", assignment.index, "scope"),
                f"the decision '{decision.id}' granted this role with the scope "
                f"{_scope_text(scope)}, and the assignment says "
                f"{_scope_text(assignment.data.get('scope'))}: a role is held where the "
                "decision granted it; copy the decision's scope",
            )
        closed = to_datetime(decision.data.get("closed"))
        if closed and assignment.start and assignment.start < closed.date():
            yield located(
                "error",
                "role-unbacked",
                assignment.advocate,
                ("roles", assignment.index, "start"),
                f"the role starts on {assignment.start}, before the decision '{decision.id}' "
                f"granting it closed ({closed.date()}); a role starts on or after that day",
            )


def _scope_text(scope: Any) -> str:
    if not isinstance(scope, dict) or not scope:
        return "no scope (everywhere)"
    return "; ".join(f"{key}: {', '.join(map(str, value))}" for key, value in scope.items())


def _decision(registry: Registry, assignment: Assignment, field: str) -> Record | None:
    value = assignment.data.get(field)
    return registry.get("decision", value) if isinstance(value, str) else None


def roles_ended_by_decision(registry: Registry, context: Context) -> Iterator[Finding]:
    """`ended_by` names an adopted role-removal of the role's removal process."""
    for assignment in all_assignments(registry):
        role, decision = assignment.role(registry), _decision(registry, assignment, "ended_by")
        if role is None or decision is None:
            continue
        problem = _decision_problem(
            decision, ("role-removal",), (str(role.data.get("removal_process")),), assignment
        )
        if problem:
            yield located(
                "error",
                "role-ended",
                assignment.advocate,
                ("roles", assignment.index, "ended_by"),
                f"the decision '{decision.id}' cannot end this role: {problem}",
            )


def roles_within_term(registry: Registry, context: Context) -> Iterator[Finding]:
    """An assignment has an end and runs no longer than its role's term, if it has one."""
    for assignment in all_assignments(registry):
        role = assignment.role(registry)
        term = to_duration(role.data.get("term")) if role else None
        if role is None or term is None or assignment.start is None:
            continue
        if assignment.end is None:
            yield located(
                "error",
                "role-term",
                assignment.advocate,
                ("roles", assignment.index),
                f"the role '{role.id}' has a term of {role.data['term']}, so this assignment "
                f"needs an end no later than {assignment.start + term}",
            )
        elif timedelta(days=(assignment.end - assignment.start).days) > term:
            days = (assignment.end - assignment.start).days
            yield located(
                "error",
                "role-term",
                assignment.advocate,
                ("roles", assignment.index, "end"),
                f"the assignment runs {days} days; the role '{role.id}' allows at most "
                f"{role.data['term']} ({describe(term)}): end it by {assignment.start + term}",
            )


def roles_expiring_soon(registry: Registry, context: Context) -> Iterator[Finding]:
    """An active assignment that ends within 30 days of the as-of date."""
    for assignment in expiring_assignments(registry, context.as_of):
        assert assignment.end is not None
        left = (assignment.end - context.as_of).days
        yield located(
            "warning",
            "role-expiring",
            assignment.advocate,
            ("roles", assignment.index, "end"),
            f"the role '{assignment.role_id}' ends on {assignment.end}, in {left} day"
            f"{'' if left == 1 else 's'}; to continue, start a confirmation decision now",
        )


def media_contacts_have_a_mandate(registry: Registry, context: Context) -> Iterator[Finding]:
    """A media contact has a contact and holds a public-facing role (warning when it lapsed)."""
    for advocate in registry.of_kind("advocate"):
        if advocate.data.get("media_contact") is not True:
            continue
        where = ("media_contact",)
        if not as_list(advocate.data.get("contact")):
            yield located(
                "error",
                "media-contact",
                advocate,
                where,
                "a media contact needs at least one public contact channel; add "
                "`contact` or set media_contact: false",
            )
        public = [a for a in assignments(advocate) if a.public_facing(registry)]
        if not public:
            yield located(
                "error",
                "media-contact",
                advocate,
                where,
                "a media contact must hold a public-facing role (such as "
                "spokesperson), granted by a decision; none is assigned",
            )
        elif not any(a.active_on(registry, context.as_of) for a in public):
            yield located(
                "warning",
                "media-contact",
                advocate,
                where,
                f"no public-facing role is active on {context.as_of}: the mandate "
                "to speak to the media has lapsed; renew the role or set "
                "media_contact: false",
            )


def campaign_advocates_have_a_mandate(registry: Registry, context: Context) -> Iterator[Finding]:
    """Every advocate named by a campaign holds an active public-facing role during it."""
    for campaign in registry.of_kind("campaign"):
        first = to_date(campaign.data.get("start"))
        last = to_date(campaign.data.get("end"))
        if first is None:
            continue
        for index, advocate_id in enumerate(as_list(campaign.data.get("advocates"))):
            advocate = (
                registry.get("advocate", advocate_id) if isinstance(advocate_id, str) else None
            )
            if advocate is None:
                continue
            if not any(
                a.public_facing(registry) and a.overlaps(registry, first, last)
                for a in assignments(advocate)
            ):
                period = f"{first} to {last}" if last else f"since {first}"
                yield located(
                    "warning",
                    "campaign-advocate",
                    campaign,
                    ("advocates", index),
                    f"'{advocate_id}' holds no public-facing role during the campaign "
                    f"({period}); only advocates with a mandate should be visible in it",
                )
