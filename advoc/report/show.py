"""`advoc show` written out as text."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from advoc.model.walk import as_dict
from advoc.report.escape import for_terminal
from advoc.report.output import json_text


@for_terminal
def render(shown: dict[str, Any]) -> str:
    data = shown["data"]
    lines = [f"{shown['record']}: {shown['title'] or ''}".rstrip(": "), f"  file {shown['file']}"]
    if "evaluation" in shown:
        lines += _render_decision(data, shown)
    elif "roles" in shown:
        lines += _render_advocate(data, shown)
    else:
        lines += [""] + [f"{key}: {value}" for key, value in shown["fields"].items() if key != "id"]
    return "\n".join(lines) + "\n"


def _render_decision(data: dict[str, Any], shown: dict[str, Any]) -> list[str]:
    evaluation = shown["evaluation"]
    lines = [
        "",
        f"type {data.get('type')}, status {data.get('status')}",
        f"opened {data.get('opened')}"
        + (f", closed {data['closed']}" if data.get("closed") else ""),
    ]
    if data.get("discussion"):
        lines.append(f"discussion {data['discussion']}")
    if data.get("imported"):
        lines.append(
            f"imported from {data['imported']}: taken elsewhere and recorded here afterwards"
        )
    subjects = as_dict(data.get("subjects"))
    for field in ("advocates", "roles", "rules"):
        if subjects.get(field):
            lines.append(f"acts on {field}: {', '.join(map(str, subjects[field]))}")
    lines += [
        "",
        f"Process: {evaluation['process_name'] or evaluation['process']}"
        + (" (still open)" if evaluation["open"] else ""),
    ]
    for rule in evaluation["rules"]:
        mark = "met" if rule["met"] else "NOT met"
        lines.append(f"  {rule['rule']:<13} needs {rule['required']}; {rule['actual']}: {mark}")
    if not evaluation["rules"]:
        lines.append("  the process sets no duration, quorum or threshold")
    outcome = evaluation["outcome_by_rules"]
    lines.append(f"  by these rules the outcome is: {outcome}")
    terms = evaluation.get("ratification")
    if terms:
        state = (
            f"ratified by {terms['ratified_by']}"
            if terms["ratified_by"]
            else "OVERDUE: not ratified"
            if terms["overdue"]
            else "awaiting ratification"
        )
        lines += [
            "",
            f"Ratification: {state}; by a decision under '{terms['process']}' "
            f"closed by {terms['deadline']}",
        ]
    if data.get("ratifies"):
        lines += ["", f"Ratifies: {data['ratifies']}"]
    if data.get("outcome"):
        lines += ["", f"Outcome: {shown['fields']['outcome']}"]
    return lines


def _render_advocate(data: dict[str, Any], shown: dict[str, Any]) -> list[str]:
    lines = ["", f"username {data.get('username')}"]
    if data.get("visibility") == "limited":
        lines.append("visibility limited: left out of every export and public listing")
    for field in ("languages", "countries", "regions", "groups", "topics", "home_projects"):
        if data.get(field):
            lines.append(f"{field.replace('_', ' ')}: {', '.join(map(str, data[field]))}")
    if data.get("media_contact"):
        lines.append("media contact")
    if data.get("contact"):
        lines.append(f"contact: {shown['fields']['contact']}")
    lines += ["", "Roles:"] if shown["roles"] else ["", "Roles: none"]
    for role in shown["roles"]:
        state = "active" if role["active"] else "not active"
        lines.append(
            f"  {role['role_name'] or role['role']}: {role['start']} to "
            f"{role['end'] or 'open'} ({state})"
        )
        if role["scope"]:
            scope = "; ".join(
                f"{key} {', '.join(map(str, value))}"
                for key, value in as_dict(role["scope"]).items()
            )
            lines.append(f"    scope: {scope}")
        for label in ("granted_by", "ended_by"):
            decision = role[label]
            if decision:
                lines.append(
                    f"    {label.replace('_', ' ')} {decision['id']}"
                    + (
                        f": {decision.get('title')} ({decision.get('status')}, closed "
                        f"{decision.get('closed')})"
                        if not decision.get("missing")
                        else " (missing)"
                    )
                )
    if shown["campaigns"]:
        lines += ["", "Campaigns:"]
        lines += [f"  {c['id']}: {c['title']} ({c['status']})" for c in shown["campaigns"]]
    if shown["feedback"]:
        lines += ["", "Feedback about them:"]
        for item in shown["feedback"]:
            lines.append(f"  {item['date']} {item['kind']} ({item['status']}): {item['summary']}")
            if item["response"]:
                lines.append(f"    answer: {item['response']}")
    return lines


# `advoc show --format`
FORMATS: dict[str, Callable[[dict[str, Any]], str]] = {"text": render, "json": json_text}
