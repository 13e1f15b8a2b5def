"""Checks of the values inside one record: date order, personal data, invisible text."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from advoc.model.findings import Finding, Path
from advoc.model.registry import Record
from advoc.model.timeutil import to_datetime
from advoc.model.walk import as_dict, as_list, strings, values_at

# (start field, end field, where the pair sits) per kind
_SPANS: dict[str, tuple[tuple[str, str, tuple[str, ...]], ...]] = {
    "decision": (("opened", "closed", ()), ("start", "end", ("action",))),
    "advocate": (("start", "end", ("roles", "*")),),
    "campaign": (("start", "end", ()),),
}


def ends_after_starts(record: Record, text: str) -> Iterator[Finding]:
    """No end before its start: closed < opened, a role's end < start, an action's end < start."""
    for start_field, end_field, where in _SPANS.get(record.kind, ()):
        for prefix, holder in _holders(record.data, where):
            start = to_datetime(holder.get(start_field))
            end = to_datetime(holder.get(end_field))
            if start and end and end < start:
                yield Finding(
                    "error",
                    "date-order",
                    record.file,
                    f"{end_field} ({holder[end_field]}) is before {start_field} "
                    f"({holder[start_field]}); swap them or correct the date",
                    record=record.ref,
                    path=(*prefix, end_field),
                )


def _holders(data: dict[str, Any], where: tuple[str, ...]) -> Iterator[tuple[Path, dict[str, Any]]]:
    if not where:
        yield (), data
    elif where[-1] == "*":
        for index, item in enumerate(as_list(data.get(where[0]))):
            if isinstance(item, dict):
                yield (where[0], index), item
    elif isinstance(data.get(where[0]), dict):
        yield (where[0],), data[where[0]]


_PHONE = re.compile(r"(?<![\w+])\+[0-9](?:[ .\-]?[0-9]){6,14}(?![0-9])")
_MAYBE_PHONE = re.compile(r"\+[0-9][0-9 .\-]{6}")  # a cheap test before the exact one
# Dates, times and UTC offsets are blanked before looking for phone numbers.
_NOT_PHONE = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{1,2}:[0-9]{2}(:[0-9]{2})?|[+-][0-9]{2}:?[0-9]{2}(?![0-9])"
)
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")


def no_personal_data(record: Record, text: str) -> Iterator[Finding]:
    """No phone number anywhere, and no e-mail address outside a contact of channel email."""
    if "@" not in text and "\\" not in text and not _MAYBE_PHONE.search(text):
        return  # nothing to find, unless hidden behind an escape such as \x40
    allowed = set(_email_contact_paths(record.data))
    for path, text in strings(record.data):
        phone = _PHONE.search(_NOT_PHONE.sub(lambda match: " " * len(match.group()), text))
        if phone:
            yield _personal(record, path, f"what looks like a phone number ({phone.group()})")

        if path not in allowed and _EMAIL.search(text):
            yield _personal(record, path, f"an e-mail address ({_EMAIL.search(text).group()})")  # type: ignore[union-attr]


def _email_contact_paths(data: dict[str, Any]) -> Iterator[Path]:
    for field in ("contact", "contacts"):
        for index, contact in enumerate(as_list(data.get(field))):
            if as_dict(contact).get("channel") == "email":
                yield (field, index, "target")
    for index, _ in enumerate(as_list(as_dict(data.get("accounts")).get("git"))):
        yield ("accounts", "git", index)  # commit addresses, which prove votes: meant to be here


def _personal(record: Record, path: Path, what: str) -> Finding:
    return Finding(
        "warning",
        "personal-data",
        record.file,
        f"this value holds {what}; registry files are public and git history is permanent, "
        "so give only public channels (a talk page, a list, an organisation's press "
        "address in a contact with channel: email)",
        record=record.ref,
        path=path,
    )


_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_NAMES = tuple(
    tuple(pattern.split("."))
    for pattern in (
        "username",
        "name",
        "name.*",
        "title",
        "title.*",
        "proposer",
        "closers.*",
        "author",
        "participants.*.user",
        "response.by",
        "law.name",
        "law.name.*",
    )
)


def no_invisible_characters(record: Record, text: str) -> Iterator[Finding]:
    """No invisible or direction-changing characters in a username, name or title."""
    if "\\" not in text and not _INVISIBLE.search(text):
        return  # none in the file, and none hidden behind an escape such as \u200b
    for pattern in _NAMES:
        for path, value in values_at(record.data, pattern):
            found = _INVISIBLE.search(value) if isinstance(value, str) else None
            if found:
                yield Finding(
                    "warning",
                    "text-invisible",
                    record.file,
                    f"the text holds the invisible character U+{ord(found.group()):04X}, which "
                    "can make two names look alike or reverse how text is shown; delete it "
                    "(retype the text if you cannot see where it is)",
                    record=record.ref,
                    path=path,
                )


_USERNAMES = tuple(
    tuple(pattern.split("."))
    for pattern in (
        "username",
        "proposer",
        "closers.*",
        "participants.*.user",
        "author",
        "response.by",
    )
)


def usernames_fit_in_85_bytes(record: Record, text: str) -> Iterator[Finding]:
    """A username is at most 85 bytes of UTF-8 (JSON Schema can count only characters)."""
    if text.isascii():
        return  # then bytes are characters, which the schema already counts

    for pattern in _USERNAMES:
        for path, value in values_at(record.data, pattern):
            if isinstance(value, str) and len(value) <= 85 < len(value.encode("utf-8")):
                yield Finding(
                    "error",
                    "schema",
                    record.file,
                    f"{path[-1] if isinstance(path[-1], str) else path[0]}: the username is "
                    f"{len(value.encode('utf-8'))} bytes long in UTF-8; Wikimedia accounts "
                    "have at most 85 bytes",
                    record=record.ref,
                    path=path,
                )


# C0 controls but tab and line feed, DEL, C1 controls, and the bidi embeddings,
# overrides and isolates. YAML escapes ("\e", "\u0002", "\x9b") produce them
# after parsing, where the file check (`file-unsafe`) cannot see them.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Unicode gives control characters no name, only these aliases.
_C0_NAMES = (
    "NULL|START OF HEADING|START OF TEXT|END OF TEXT|END OF TRANSMISSION|ENQUIRY|ACKNOWLEDGE|"
    "BELL|BACKSPACE|CHARACTER TABULATION|LINE FEED|LINE TABULATION|FORM FEED|CARRIAGE RETURN|"
    "SHIFT OUT|SHIFT IN|DATA LINK ESCAPE|DEVICE CONTROL ONE|DEVICE CONTROL TWO|"
    "DEVICE CONTROL THREE|DEVICE CONTROL FOUR|NEGATIVE ACKNOWLEDGE|SYNCHRONOUS IDLE|"
    "END OF TRANSMISSION BLOCK|CANCEL|END OF MEDIUM|SUBSTITUTE|ESCAPE|FILE SEPARATOR|"
    "GROUP SEPARATOR|RECORD SEPARATOR|UNIT SEPARATOR"
)
_CONTROL_NAMES = {
    **dict(enumerate(_C0_NAMES.split("|"))),
    0x7F: "DELETE",
    0x85: "NEXT LINE",
    0x9B: "CONTROL SEQUENCE INTRODUCER",
    0x9D: "OPERATING SYSTEM COMMAND",
}


def no_control_characters(record: Record, text: str) -> Iterator[Finding]:
    """No control character or bidi override in any text value or key."""
    if "\\" not in text and not _CONTROL.search(text):
        return  # none in the file, and none hidden behind an escape such as \e
    for path, value, what in _texts(record.data):
        found = _CONTROL.search(value)
        if found:
            yield Finding(
                "error",
                "text-control",
                record.file,
                f"the {what} holds {character_name(found.group())} at character "
                f"{found.start() + 1}, which a terminal, a CI log or a web page would obey "
                "instead of showing; delete it (in YAML it is written as an escape such as "
                "\\e or \\u0002 in a double-quoted string)",
                record=record.ref,
                path=path,
            )


def character_name(character: str) -> str:
    """`U+001B ESCAPE`: the code point and its Unicode name (or its C1 role)."""
    code = ord(character)
    name = _CONTROL_NAMES.get(code) or unicodedata.name(character, "")
    if not name:
        name = "a C1 control character" if 0x80 <= code <= 0x9F else "a control character"
    return f"U+{code:04X} {name}"


def _texts(data: Any, prefix: Path = ()) -> Iterator[tuple[Path, str, str]]:
    """(path, text, "text" or "key") for every string value and every key of a
    record (a key's path is its value's, the line where the key is written)."""
    if isinstance(data, str):
        yield prefix, data, "text"
    elif isinstance(data, dict):
        for key, value in data.items():
            if isinstance(key, str):
                yield (*prefix, key), key, "key"
            yield from _texts(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _texts(value, (*prefix, index))
