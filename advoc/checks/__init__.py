"""The table of checks that `advoc validate` runs.

A check is a small function with a one-line docstring, registered with the
finding codes it can produce. Record checks see one record at a time and run
while files load (in parallel for large registries); registry checks see the
whole index. Findings carry a path in the record; the reporter stage turns it
into a line and column.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Literal

from advoc.findings import Finding, Path, Severity

if TYPE_CHECKING:
    from advoc.registry import Record, Registry


@dataclass(frozen=True)
class Context:
    as_of: date


# A record check gets the record and its file's text, which lets it skip the
# walk through every value when the text cannot hold what it looks for.
RecordCheck = Callable[["Record", str], Iterable[Finding]]
RegistryCheck = Callable[["Registry", Context], Iterable[Finding]]


@dataclass(frozen=True)
class Check:
    name: str
    codes: tuple[str, ...]
    scope: Literal["record", "registry"]
    run: Callable[..., Iterable[Finding]]  # a RecordCheck or a RegistryCheck, by scope

    @property
    def doc(self) -> str:
        return (self.run.__doc__ or "").strip().splitlines()[0]


CHECKS: list[Check] = []


def located(severity: Severity, code: str, record: Record, path: Path, message: str) -> Finding:
    """A finding about one field of a record (its line is found when reported)."""
    return Finding(severity, code, record.file, message, record=record.ref, path=path)


def record_check(*codes: str) -> Callable[[RecordCheck], RecordCheck]:
    def register(function: RecordCheck) -> RecordCheck:
        CHECKS.append(Check(function.__name__, codes, "record", function))
        return function

    return register


def registry_check(*codes: str) -> Callable[[RegistryCheck], RegistryCheck]:
    def register(function: RegistryCheck) -> RegistryCheck:
        CHECKS.append(Check(function.__name__, codes, "registry", function))
        return function

    return register


def run_record_checks(record: Record, text: str) -> list[Finding]:
    return [finding for run in _record_checks() for finding in run(record, text)]


@cache
def _record_checks() -> tuple[Callable[..., Iterable[Finding]], ...]:
    """The record checks, looked up once: they run for every file."""
    _load_all()
    return tuple(check.run for check in CHECKS if check.scope == "record")


def run_registry_checks(registry: Registry, context: Context) -> list[Finding]:
    """Every registry check; on a large registry the checks that do not share the
    decisions' evaluations run in a forked child, at the same time."""
    from advoc import parallel
    from advoc.registry import PARALLEL_FROM

    _load_all()
    checks = [check for check in CHECKS if check.scope == "registry"]
    if len(registry) < PARALLEL_FROM:
        return _run(checks, registry, context)
    theirs = [
        check
        for check in checks
        if check.run.__module__ != "advoc.checks.decisions" and check.name not in _PARENT_TOO
    ]
    mine = [check for check in checks if check not in theirs]
    wait = parallel.forked(lambda: _run(theirs, registry, context))
    return _run(mine, registry, context) + wait()


# Checks that read no evaluation but run beside the decisions' checks, so that
# both processes finish together (measured on 30,000 records: 0.54 s and 0.44 s).
_PARENT_TOO = frozenset(("roles_within_term", "roles_expiring_soon"))


def _run(checks: list[Check], registry: Registry, context: Context) -> list[Finding]:
    return [finding for check in checks for finding in check.run(registry, context)]


def _load_all() -> None:
    """Import the modules that register checks (once)."""
    from advoc.checks import (  # noqa: F401
        codeowners,
        decisions,
        files,
        references,
        roles,
        rules,
        values,
    )
