"""Reading records whose shape may be wrong: every check tolerates bad types,
because the schema check has already reported them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

from advoc.model.findings import Path

Walker = Callable[[Any, Path], Iterator[tuple[Path, Any]]]


def values_at(data: Any, pattern: tuple[str, ...]) -> Iterator[tuple[Path, Any]]:
    """(path, value) for every value matching a pattern such as `roles.*.granted_by`."""
    return _walker(pattern)(data, ())


@cache
def _walker(pattern: tuple[str, ...]) -> Walker:
    """A pattern compiled once into nested functions: the checks walk every record."""
    if not pattern:
        return _here
    head, rest = pattern[0], _walker(pattern[1:])
    if head == "*":

        def each(data: Any, prefix: Path) -> Iterator[tuple[Path, Any]]:
            if type(data) is list:
                for index, item in enumerate(data):
                    yield from rest(item, (*prefix, index))

        return each

    def field(data: Any, prefix: Path) -> Iterator[tuple[Path, Any]]:
        if type(data) is dict and head in data:
            yield from rest(data[head], (*prefix, head))

    return field


def _here(data: Any, prefix: Path) -> Iterator[tuple[Path, Any]]:
    yield prefix, data


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
