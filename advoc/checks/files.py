"""Checks of a record's name: the id it declares and the file it lives in."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from advoc.checks.base import Context, located
from advoc.model.findings import Finding
from advoc.model.registry import Record, Registry

ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def id_matches_file_name(record: Record, text: str) -> Iterator[Finding]:
    """The `id` field equals the file name without `.yaml`."""
    declared = record.data.get("id")
    if isinstance(declared, str) and declared != record.id:
        fix = f"rename the file to '{declared}.yaml'"
        if ID.fullmatch(record.id):
            fix += f" or set id: {record.id}"
        yield located(
            "error",
            "id-filename",
            record,
            ("id",),
            f"id '{declared}' differs from the file name '{record.id}.yaml'; other records "
            f"refer to this one by its file name, so {fix}",
        )


def ids_are_unique(registry: Registry, context: Context) -> Iterator[Finding]:
    """No two records of one kind have ids that differ only in case or Unicode form."""
    for kind, by_id in registry.records.items():
        seen: dict[str, Record] = {}
        for record in sorted(by_id.values(), key=lambda record: record.file):
            folded = unicodedata.normalize("NFC", record.id).casefold()
            first = seen.setdefault(folded, record)
            if first is not record:
                yield Finding(
                    "error",
                    "id-duplicate",
                    record.file,
                    f"this {kind}'s id collides with {first.file}: ids of one kind must "
                    "differ by more than upper/lower case or Unicode form, or the records "
                    "clash on case-insensitive file systems; rename one of them",
                    record=record.ref,
                    line=1,
                )
