"""The one result type of every check: a located, explained finding.

`Finding`, like every type `advoc history` loads, is a NamedTuple rather than
a dataclass: defining a dataclass costs about 1 ms, and importing `dataclasses`
(with `inspect`) 10 ms, which together came to a sixth of that command's time.
A test keeps `dataclasses` out of its imports.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal, NamedTuple

Severity = Literal["error", "warning"]
PathPart = str | int
Path = tuple[PathPart, ...]


class Finding(NamedTuple):
    """What is wrong, where, and how to fix it.

    `path` is where in the record the problem sits (`("roles", 0, "granted_by")`);
    when `line` is None the reporter stage locates the path in the file, so the
    loader never has to keep positions for files that have no findings.
    """

    severity: Severity
    code: str
    file: str
    message: str
    line: int | None = None
    column: int | None = None
    record: str | None = None
    path: Path = ()

    @property
    def field(self) -> str | None:
        return format_path(self.path) if self.path else None

    def at(self, line: int, column: int | None = None) -> Finding:
        return self._replace(line=line, column=column)

    def plain(self) -> tuple[Any, ...]:
        """Builtins only, for `marshal`."""
        return tuple(self)

    @classmethod
    def from_plain(cls, item: tuple[Any, ...]) -> Finding:
        return cls(*item)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line or 0, self.column or 0, self.code)


def format_path(path: Path) -> str:
    """`("roles", 0, "granted_by")` -> `roles[0].granted_by`."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


def count(findings: Iterable[Finding]) -> tuple[int, int]:
    """(errors, warnings)."""
    errors = warnings = 0
    for finding in findings:
        if finding.severity == "error":
            errors += 1
        else:
            warnings += 1
    return errors, warnings
