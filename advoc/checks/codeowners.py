"""A CODEOWNERS file that advoc generated still names the right reviewers.

Who owns what follows from the roles, and roles change (granted, ended,
expired) without anyone touching CODEOWNERS: the host would then keep asking
former stewards, or not ask new ones. A file whose first line is advoc's
header is compared with what `advoc export --format codeowners` writes now;
a file without it is the maintainers' own and is left alone.
"""

from __future__ import annotations

from collections.abc import Iterator

from advoc.checks.base import Context
from advoc.model.findings import Finding
from advoc.model.owners import build, generated_host
from advoc.model.registry import Registry


def codeowners_up_to_date(registry: Registry, context: Context) -> Iterator[Finding]:
    """A CODEOWNERS file advoc generated is what `advoc export --format codeowners` gives now."""
    for place, committed in registry.codeowners.items():
        host = generated_host(committed)
        if host is None:
            continue
        line = _first_difference(committed, build(registry, context.as_of, host))
        if line is None:
            continue
        yield Finding(
            "warning",
            "codeowners-stale",
            place,
            f"this CODEOWNERS, which advoc generated, no longer matches the registry as of "
            f"{context.as_of} (from this line on), so the host asks the wrong reviewers; "
            f"regenerate it in the registry's folder with `advoc export --format codeowners "
            f"--host {host.value} --out {place}` and commit it",
            line=line,
        )


def _first_difference(committed: str, expected: str) -> int | None:
    """The 1-based line where the texts first differ, or None when they are equal."""
    if committed == expected:
        return None
    old, new = committed.split("\n"), expected.split("\n")
    for number, (left, right) in enumerate(zip(old, new, strict=False), start=1):
        if left != right:
            return number
    return min(len(old), len(new))
