"""Localized text: a string, or a map from language to string."""

from __future__ import annotations

import re
from typing import Any

LANGUAGE = re.compile(r"[a-z]{2,3}(-[a-z0-9]{2,8})*")


def localize(value: Any, language: str, default: str) -> str:
    """The text in `language`, else in the registry's default language, else any,
    on one line (block scalars end with a newline and may wrap)."""
    return " ".join(_pick(value, language, default).split())


def localize_as(value: Any, language: str, default: str) -> tuple[str, str | None]:
    """`localize`, with the language the text is in: None for a plain string (its
    language is not written down)."""
    text = localize(value, language, default)
    if not isinstance(value, dict) or not value:
        return text, None
    for wanted in (language, language.split("-")[0], default):  # the order of _pick
        if isinstance(value.get(wanted), str):
            return text, wanted
    return text, str(next(iter(value)))


def _pick(value: Any, language: str, default: str) -> str:
    if isinstance(value, str):
        return value
    if not isinstance(value, dict) or not value:
        return ""
    for wanted in (language, language.split("-")[0], default):
        text = value.get(wanted)
        if isinstance(text, str):
            return text
    first = next(iter(value.values()))
    return first if isinstance(first, str) else ""


def one_line(value: Any, language: str, default: str) -> str:
    """Any field's value on one line: text maps in `language`, lists joined by commas."""
    if (
        isinstance(value, dict)
        and value
        and all(
            isinstance(key, str) and LANGUAGE.fullmatch(key) and isinstance(item, str)
            for key, item in value.items()
        )
    ):
        return localize(value, language, default)
    if isinstance(value, dict):
        return ", ".join(
            f"{key}: {one_line(item, language, default)}" for key, item in value.items()
        )
    if isinstance(value, list):
        return ", ".join(one_line(item, language, default) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return " ".join(str(value).split())
