"""A report of findings: what `validate` and `audit` return, and every CI
format writes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from advoc.model.findings import Finding, count


@dataclass(frozen=True)
class Report:
    root: Path
    as_of: date
    files: int
    records: int
    findings: list[Finding]
    # For reports of other commands (audit): what was checked, in words and in JSON.
    command: str = "validate"
    scope: str | None = None  # replaces "N files (M records)" in the summary line
    extra: dict[str, Any] = field(default_factory=dict)  # more top-level JSON fields

    @property
    def errors(self) -> int:
        return count(self.findings)[0]

    @property
    def warnings(self) -> int:
        return count(self.findings)[1]

    def failed(self, strict: bool = False) -> bool:
        return self.errors > 0 or (strict and self.warnings > 0)
