"""`advoc validate`: load, run every check, locate the findings."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from advoc import yamlio
from advoc.checks import Context, run_registry_checks
from advoc.findings import Finding, count
from advoc.registry import Registry, load
from advoc.sources import Folder, Source


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


def validate(
    root: Path,
    as_of: date,
    changed_since: str | None = None,
    jobs: int | None = None,
    use_cache: bool = False,
    rev: str | None = None,
) -> Report:
    """Every finding of the registry in `root`, on disk or (with `rev`) at a revision."""
    if use_cache and rev is None:
        report = _cached_or_fresh(root, as_of, jobs)
    else:
        report = _fresh(root, as_of, jobs, rev)
    if changed_since is None:
        return report
    from advoc.gitrepo import changed_files

    changed = changed_files(root, changed_since, rev)
    kept = [finding for finding in report.findings if finding.file in changed]
    return Report(root, as_of, report.files, report.records, kept)


def _fresh(
    root: Path, as_of: date, jobs: int | None, rev: str | None = None, reuse: bool = False
) -> Report:
    """Every file judged afresh; with `reuse` (--cache), files whose bytes were loaded before
    give what they gave last time (by blob id: content, never time stamps)."""
    registry = load(root, jobs, rev, reuse=reuse)
    findings = check(registry, as_of)
    return Report(root, as_of, registry.files, len(registry), locate_all(registry, findings))


def _cached_or_fresh(root: Path, as_of: date, jobs: int | None) -> Report:
    """The whole report from the content-keyed cache, or computed and stored."""
    from advoc import cache

    key = cache.key(root, as_of)
    stored = cache.load(root, key)
    if stored is not None:
        findings = [Finding.from_plain((*item[:7], tuple(item[7]))) for item in stored["findings"]]
        return Report(root, as_of, stored["files"], stored["records"], findings)
    report = _fresh(root, as_of, jobs, reuse=True)
    cache.store(
        root,
        key,
        {
            "files": report.files,
            "records": report.records,
            "findings": [finding.plain() for finding in report.findings],
        },
    )
    return report


def check(registry: Registry, as_of: date) -> list[Finding]:
    """Every finding: those of loading (per file) and those of the registry checks."""
    return [*registry.findings, *run_registry_checks(registry, Context(as_of))]


def locate_all(registry: Registry, findings: list[Finding]) -> list[Finding]:
    """Give every finding a line and column, re-reading only the files that need it."""
    by_file: dict[str, list[int]] = defaultdict(list)
    for index, finding in enumerate(findings):
        if finding.line is None:
            by_file[finding.file].append(index)
    located = list(findings)
    for file, indexes in by_file.items():
        text = _text(registry.source or Folder(registry.root), file)
        for index in indexes:
            line, column = yamlio.locate(text, located[index].path) if text else (1, None)
            located[index] = located[index].at(line, column)
    return sorted(located, key=Finding.sort_key)


def _text(source: Source, relative: str) -> str | None:
    try:
        return yamlio.decode(source.read(relative))
    except yamlio.YamlProblem:
        return None
