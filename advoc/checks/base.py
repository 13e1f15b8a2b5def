"""What a check is: a small named function with a one-line docstring, and the
finding codes it may produce.

A record check gets one record and its file's text (which lets it skip the
walk through every value when the text cannot hold what it looks for) and
runs while the file loads; a registry check gets the whole index.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from advoc.model.findings import Finding, Path, Severity
from advoc.model.registry import Record, Registry


@dataclass(frozen=True)
class Context:
    as_of: date


RecordCheck = Callable[[Record, str], Iterable[Finding]]
RegistryCheck = Callable[[Registry, Context], Iterable[Finding]]


@dataclass(frozen=True)
class Check:
    scope: Literal["record", "registry"]
    run: Callable[..., Iterable[Finding]]  # a RecordCheck or a RegistryCheck, by scope
    codes: tuple[str, ...]  # every code it may produce (a test holds it to them)
    # On a large registry the registry checks are shared between two processes;
    # False keeps a check in this one, beside the decisions' checks, which share
    # the decisions' evaluations (computed once, where they are needed).
    child: bool = True

    @property
    def name(self) -> str:
        return self.run.__name__

    @property
    def doc(self) -> str:
        return (self.run.__doc__ or "").strip().splitlines()[0]


def located(severity: Severity, code: str, record: Record, path: Path, message: str) -> Finding:
    """A finding about one field of a record (its line is found when reported)."""
    return Finding(severity, code, record.file, message, record=record.ref, path=path)
