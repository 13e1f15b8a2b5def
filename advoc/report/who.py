"""`advoc who` written out as text."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from advoc.report.escape import for_terminal
from advoc.report.output import json_text


@for_terminal
def to_text(result: dict[str, Any]) -> str:
    filters = _filters_text(result["filters"])
    speakers = result["advocates"]
    if not speakers:
        return _nobody(result, filters)
    lines = [
        f"Who speaks for the network{' on ' + filters if filters else ''}, "
        f"as of {result['as_of']}:",
        "",
    ]
    for speaker in speakers:
        lines += [*_speaker_lines(speaker), ""]
    count = len(speakers)
    lines.append(f"{count} advocate{'' if count == 1 else 's'}; media contacts first.")
    return "\n".join(lines) + "\n"


def _speaker_lines(speaker: dict[str, Any]) -> list[str]:
    heading = speaker["name"]
    if speaker["username"] and speaker["username"] != speaker["name"]:
        heading += f" (User:{speaker['username']})"
    if speaker["media_contact"]:
        heading += ", media contact"
    lines = [heading]
    about = [
        f"{label} {', '.join(speaker[key])}"
        for label, key in (
            ("countries", "countries"),
            ("languages", "languages"),
            ("topics", "topics"),
        )
        if speaker[key]
    ]
    if about:
        lines.append("  " + "; ".join(about))
    for contact in speaker["contact"]:
        lines.append(f"  contact ({contact['channel']}): {contact['target']}")
    if not speaker["contact"]:
        lines.append("  no contact channel listed; ask on their home wiki")
    for mandate in speaker["roles"]:
        lines += _mandate_lines(mandate)
    return lines


def _mandate_lines(mandate: dict[str, Any]) -> list[str]:
    period = f"since {mandate['start']}" + (f", until {mandate['end']}" if mandate["end"] else "")
    scope = "; ".join(
        f"{key} {', '.join(map(str, values))}" for key, values in mandate["scope"].items() if values
    )
    lines = [f"  speaks as {mandate['role_name']} ({period})" + (f" for {scope}" if scope else "")]
    granted = mandate["granted_by"]
    if granted is None:
        lines.append("    no granting decision recorded")
    elif granted["withheld"]:
        lines.append("    authorised by a decision that is not public")
    elif granted["title"] is None:
        lines.append(f"    authorised by decision {granted['id']} (not in the registry)")
    else:
        closed = f", closed {str(granted['closed'])[:10]}" if granted["closed"] else ""
        lines.append(
            f"    authorised by decision {granted['id']}: {granted['title']} "
            f"({granted['status']}{closed})"
        )
    return lines


def _filters_text(filters: dict[str, list[str]]) -> str:
    return " and ".join(f"{name} {' or '.join(values)}" for name, values in filters.items())


def _nobody(result: dict[str, Any], filters: str) -> str:
    if not filters:
        return (
            f"No advocate holds a public-facing role as of {result['as_of']}.\n"
            "See `advoc guide join` for how roles are given.\n"
        )
    lines = [f"No advocate speaks for the network on {filters} as of {result['as_of']}."]
    unmatched = result["unmatched"]
    if unmatched:
        names = ", ".join(f"{item['filter']} {item['value']}" for item in unmatched)
        lines.append(f"Nothing matched {names}: no active public-facing advocate has it.")
    else:
        lines.append("Each filter matches someone, but no one matches them all together.")
    lines.append(
        "Try fewer filters, or `advoc who` alone for everyone; "
        "`advoc guide` shows the entry points for media and newcomers."
    )
    return "\n".join(lines) + "\n"


# `advoc who --format`
FORMATS: dict[str, Callable[[dict[str, Any]], str]] = {"text": to_text, "json": json_text}
