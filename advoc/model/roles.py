"""Role assignments: who holds which role, when, and on whose decision."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from advoc.model.registry import Record, Registry
from advoc.model.timeutil import to_date, to_datetime


@dataclass(frozen=True)
class Assignment:
    advocate: Record
    index: int  # position in the advocate's `roles`
    data: dict[str, Any]

    @property
    def role_id(self) -> str | None:
        role = self.data.get("role")
        return role if isinstance(role, str) else None

    @property
    def start(self) -> date | None:
        return to_date(self.data.get("start"))

    @property
    def end(self) -> date | None:
        return to_date(self.data.get("end"))

    def ended_on(self, registry: Registry) -> date | None:
        """The day (UTC) the `ended_by` decision closed, if it has."""
        ended_by = self.data.get("ended_by")
        decision = registry.get("decision", ended_by) if isinstance(ended_by, str) else None
        closed = to_datetime(decision.data.get("closed")) if decision else None
        return closed.date() if closed else None

    def effective_end(self, registry: Registry) -> date | None:
        """The first day it is no longer held: its `end`, or earlier if ended by decision."""
        ends = [day for day in (self.end, self.ended_on(registry)) if day is not None]
        return min(ends) if ends else None

    def active_on(self, registry: Registry, day: date) -> bool:
        if self.start is None or self.start > day:
            return False
        end = self.effective_end(registry)
        return end is None or day < end

    def overlaps(self, registry: Registry, first: date, last: date | None) -> bool:
        """Held on at least one day from `first` to `last` (open-ended when None)."""
        if self.start is None or (last is not None and self.start > last):
            return False
        end = self.effective_end(registry)
        return end is None or end > first

    def role(self, registry: Registry) -> Record | None:
        return registry.get("role", self.role_id) if self.role_id else None

    def public_facing(self, registry: Registry) -> bool:
        role = self.role(registry)
        return bool(role and role.data.get("public_facing") is True)


def assignments(advocate: Record) -> Iterator[Assignment]:
    roles = advocate.data.get("roles")
    for index, data in enumerate(roles if isinstance(roles, list) else []):
        if isinstance(data, dict):
            yield Assignment(advocate, index, data)


def all_assignments(registry: Registry) -> Iterator[Assignment]:
    for advocate in registry.of_kind("advocate"):
        yield from assignments(advocate)
