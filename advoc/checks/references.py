"""Checks that every reference names a record of a kind the field accepts."""

from __future__ import annotations

from collections.abc import Iterator

from advoc.checks.base import Context, located
from advoc.checks.files import ID
from advoc.model.findings import Finding
from advoc.model.kinds import KINDS, REFERENCES, Reference
from advoc.model.registry import Record, Registry
from advoc.model.walk import values_at


def references_resolve(registry: Registry, context: Context) -> Iterator[Finding]:
    """Every id or kind/id in a reference field names an existing record of an accepted kind."""
    records = registry.records
    for record in registry.all():
        for reference in REFERENCES[record.kind]:
            for path, value in values_at(record.data, reference.path):
                if type(value) is not str:
                    continue
                if not reference.qualified and value in records[reference.targets[0]]:
                    continue  # the common case, decided without building anything
                yield from _check_one(registry, record, reference, path, value)


def _check_one(
    registry: Registry,
    record: Record,
    reference: Reference,
    path: tuple[str | int, ...],
    value: str,
) -> Iterator[Finding]:
    field = str(next(part for part in reversed(path) if isinstance(part, str)))
    if reference.qualified:
        kind, _, target = value.partition("/")
        if kind not in reference.targets:
            accepted = " or ".join(f"{name}/ID" for name in reference.targets)
            known = "" if kind in KINDS else f" ('{kind}' is not a kind of record)"
            yield located(
                "error",
                "ref-kind",
                record,
                path,
                f"{field} names '{value}', but {field} accepts only {accepted}{known}",
            )
            return
    else:
        kind, target = reference.targets[0], value
    if not ID.fullmatch(target):
        return  # not an id at all: the schema check reports it
    if kind == "advocate" and target in registry.withheld:
        return  # kept in the private part: `checks.private` sees that it is there
    if reference.may_be_absent:
        return  # a rule a decision creates or removes: it need not exist
    if registry.get(kind, target) is None and f"{kind}/{target}" not in registry.unreadable:
        folder = KINDS[kind].folder
        add = f"add the {kind}"
        if kind == "advocate" and target.startswith("w-"):
            add += " (or, if it is kept in the private part, list it in registry/withheld.yaml)"
        yield located(
            "error",
            "ref-missing",
            record,
            path,
            f"there is no {kind} '{target}' (no file {folder}/{target}.yaml); "
            f"check the spelling of {field}, or {add}",
        )
