"""`advoc show` written out as text, in the reader's language (advoc's message
files; the record's own text is localized by the resolver)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from advoc.model.messages import Messages
from advoc.model.walk import as_dict
from advoc.report.escape import for_terminal
from advoc.report.output import json_text


@for_terminal
def render(shown: dict[str, Any], language: str = "en") -> str:
    words = Messages(language)

    def say(key: str, *parameters: Any) -> str:
        """An `advoc-show-*` message; a key starting with `@` is a whole key."""
        whole = key[1:] if key.startswith("@") else f"advoc-show-{key}"
        return words.text(whole, *parameters)

    data = shown["data"]
    lines = [
        f"{shown['record']}: {shown['title'] or ''}".rstrip(": "),
        f"  {say('file', shown['file'])}",
    ]
    if "evaluation" in shown:
        lines += _render_decision(data, shown, say)
    elif "roles" in shown:
        lines += _render_advocate(data, shown, say)
    else:
        lines += [""] + [f"{key}: {value}" for key, value in shown["fields"].items() if key != "id"]
    return "\n".join(lines) + "\n"


Say = Callable[..., str]


def _render_decision(data: dict[str, Any], shown: dict[str, Any], say: Say) -> list[str]:
    evaluation = shown["evaluation"]
    lines = [
        "",
        say("type-status", data.get("type"), data.get("status")),
        say("opened-closed", data.get("opened"), data["closed"])
        if data.get("closed")
        else say("opened", data.get("opened")),
    ]
    if data.get("discussion"):
        lines.append(say("discussion", data["discussion"]))
    if data.get("imported"):
        lines.append(say("imported", data["imported"]))
    subjects = as_dict(data.get("subjects"))
    for field in ("advocates", "roles", "rules"):
        if subjects.get(field):
            lines.append(say("acts-on", field, ", ".join(map(str, subjects[field]))))
    lines += [
        "",
        say("process", evaluation["process_name"] or evaluation["process"])
        + (say("still-open") if evaluation["open"] else ""),
    ]
    for rule in evaluation["rules"]:
        mark = say("met") if rule["met"] else say("not-met")
        name = say(f"@advoc-rule-{rule['rule']}")
        lines.append(f"  {name:<13} " + say("rule", name, rule["required"], rule["actual"], mark))
    if not evaluation["rules"]:
        lines.append(f"  {say('no-rules')}")
    lines.append(f"  {say('outcome-by-rules', evaluation['outcome_by_rules'])}")
    terms = evaluation.get("ratification")
    if terms:
        state = (
            say("ratified-by", terms["ratified_by"])
            if terms["ratified_by"]
            else say("overdue")
            if terms["overdue"]
            else say("awaiting")
        )
        lines += ["", say("ratification", state, terms["process"], terms["deadline"])]
    if data.get("ratifies"):
        lines += ["", say("ratifies", data["ratifies"])]
    if data.get("outcome"):
        lines += ["", say("outcome", shown["fields"]["outcome"])]
    return lines


def _render_advocate(data: dict[str, Any], shown: dict[str, Any], say: Say) -> list[str]:
    lines = ["", say("username", data.get("username"))]
    if data.get("visibility") == "limited":
        lines.append(say("limited"))
    for field in ("languages", "countries", "regions", "groups", "topics", "home_projects"):
        if data.get(field):
            lines.append(f"{field.replace('_', ' ')}: {', '.join(map(str, data[field]))}")
    if data.get("media_contact"):
        lines.append(say("media-contact"))
    if data.get("contact"):
        lines.append(say("contact", shown["fields"]["contact"]))
    lines += ["", say("roles")] if shown["roles"] else ["", say("roles-none")]
    for role in shown["roles"]:
        state = say("active") if role["active"] else say("not-active")
        lines.append(
            "  "
            + say(
                "role",
                role["role_name"] or role["role"],
                role["start"],
                role["end"] or say("open-end"),
                state,
            )
        )
        if role["scope"]:
            scope = "; ".join(
                f"{key} {', '.join(map(str, value))}"
                for key, value in as_dict(role["scope"]).items()
            )
            lines.append(f"    {say('scope', scope)}")
        for label in ("granted_by", "ended_by"):
            decision = role[label]
            if decision:
                detail = (
                    say(
                        "decision-closed",
                        decision.get("title"),
                        decision.get("status"),
                        decision.get("closed"),
                    )
                    if not decision.get("missing")
                    else say("decision-missing")
                )
                key = "granted-by" if label == "granted_by" else "ended-by"
                lines.append(f"    {say(key, decision['id'])}{detail}")
    if shown["campaigns"]:
        lines += ["", say("campaigns")]
        lines += [f"  {c['id']}: {c['title']} ({c['status']})" for c in shown["campaigns"]]
    if shown["feedback"]:
        lines += ["", say("feedback")]
        for item in shown["feedback"]:
            lines.append(f"  {item['date']} {item['kind']} ({item['status']}): {item['summary']}")
            if item["response"]:
                lines.append(f"    {say('answer', item['response'])}")
    return lines


# `advoc show --format`: each takes the resolved record and the reader's language
FORMATS: dict[str, Callable[[dict[str, Any], str], str]] = {
    "text": render,
    "json": lambda shown, language: json_text(shown),
}
