"""Checks of the private part of a registry (`advoc.load.private`): the public
repository's opaque ids and the private records agree, and no public file names
a withheld advocate. Without the private part only `limited_records_are_private`
can run: the public repository knows no name to look for."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from advoc.checks.base import Context, located
from advoc.model.findings import Finding
from advoc.model.layout import KIND_FOLDERS, WITHHELD
from advoc.model.public import is_private, people_names, spellings
from advoc.model.registry import Registry
from advoc.model.walk import strings


def withheld_records_present(registry: Registry, context: Context) -> Iterator[Finding]:
    """With the private part: each opaque id has its record there, each record there is listed."""
    if not registry.has_private:
        return
    private = {record.id for record in registry.of_kind("advocate") if is_private(record)}
    for index, opaque in enumerate(registry.withheld):
        if opaque not in private:
            yield Finding(
                "error",
                "withheld-missing",
                WITHHELD,
                f"'{opaque}' is withheld, but the private part ({registry.private_root}) has "
                f"no {KIND_FOLDERS['advocate']}/{opaque}.yaml; pull the private repository, "
                "or add the record there",
                path=("advocates", index),
            )
    for record in registry.of_kind("advocate"):
        if is_private(record) and record.id not in registry.withheld:
            yield located(
                "error",
                "withheld-unlisted",
                record,
                ("id",),
                f"this private record is not listed in the public {WITHHELD}, so no public "
                f"record can refer to it; add '{record.id}' to that list (an opaque id: "
                "`w-` and random letters, never a name)",
            )


def limited_records_are_private(registry: Registry, context: Context) -> Iterator[Finding]:
    """An advocate with `visibility: limited` belongs in the private part, not the public files."""
    for record in registry.of_kind("advocate"):
        if record.data.get("visibility") == "limited" and not is_private(record):
            yield located(
                "warning",
                "limited-public",
                record,
                ("visibility",),
                "this advocate's visibility is limited, yet their file is in the public "
                "repository, which anyone can read and whose history keeps it; move it to "
                "the private part with `advoc private migrate --to PATH`",
            )


def withheld_never_named(registry: Registry, context: Context) -> Iterator[Finding]:
    """With the private part: no public value names a withheld advocate, in any wiki spelling."""
    pattern = _names_pattern(registry)
    if pattern is None:
        return
    namesakes = _public_names(registry)
    for record in registry.all():
        if is_private(record):
            continue
        for path, value in strings(record.data):
            namesake = record.kind == "advocate" and path[0] in ("username", "name")
            if namesake and value in namesakes:
                continue  # a public advocate of the same name is public
            if pattern.search(value):
                yield located(
                    "error",
                    "withheld-named",
                    record,
                    path,
                    "this value names an advocate kept in the private part of the registry "
                    "(a name or username, in some spelling); public files refer to them only "
                    "by their opaque id: write that id, or leave them out",
                )


def _names_pattern(registry: Registry) -> re.Pattern[str] | None:
    needles: set[str] = set()
    for record in registry.of_kind("advocate"):
        if is_private(record):
            needles.update(
                spelling for name in people_names(record) for spelling in spellings(name)
            )
    if not needles:
        return None
    alternatives = "|".join(re.escape(needle) for needle in sorted(needles, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def _public_names(registry: Registry) -> set[Any]:
    return {
        name
        for record in registry.of_kind("advocate")
        if not is_private(record)
        for name in people_names(record)
    }
