"""Reading records whose shape may be wrong: every check tolerates bad types,
because the schema check has already reported them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from advoc.findings import Path


def values_at(data: Any, pattern: tuple[str, ...], prefix: Path = ()) -> Iterator[tuple[Path, Any]]:
    """(path, value) for every value matching a pattern such as `roles.*.granted_by`."""
    if not pattern:
        yield prefix, data
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        if isinstance(data, list):
            for index, item in enumerate(data):
                yield from values_at(item, rest, (*prefix, index))
    elif isinstance(data, dict) and head in data:
        yield from values_at(data[head], rest, (*prefix, head))


def strings(data: Any, prefix: Path = ()) -> Iterator[tuple[Path, str]]:
    """Every string value in a record, with its path."""
    if isinstance(data, str):
        yield prefix, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from strings(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from strings(value, (*prefix, index))


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}
