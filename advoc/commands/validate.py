"""`advoc validate`: load, run every check, locate the findings."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from advoc.checks import run_registry_checks
from advoc.checks.base import Context
from advoc.load import private, sources
from advoc.load.loader import Loaded, load
from advoc.model.findings import Finding
from advoc.report.report import Report


def validate(
    root: Path,
    as_of: date,
    changed_since: str | None = None,
    jobs: int | None = None,
    use_cache: bool = False,
    rev: str | None = None,
    skip: frozenset[str] = frozenset(),
) -> Report:
    """Every finding of the registry in `root`, on disk or (with `rev`) at a revision;
    the checks named in `skip` are not run (and then the cache is not used)."""
    if use_cache and rev is None and not skip and private.configured(root) is None:
        report = _cached_or_fresh(root, as_of, jobs)
    else:
        report = _fresh(root, as_of, jobs, rev, skip=skip)
    if changed_since is None:
        return report

    # Imported here: only --changed-since runs git (9 ms of a 0.19 s run; -X importtime)
    from advoc.git.repo import changed_files

    changed = changed_files(root, changed_since, rev)
    kept = [finding for finding in report.findings if finding.file in changed]
    return Report(root, as_of, report.files, report.records, kept)


def _fresh(
    root: Path,
    as_of: date,
    jobs: int | None,
    rev: str | None = None,
    reuse: bool = False,
    skip: frozenset[str] = frozenset(),
) -> Report:
    """Every file judged afresh; with `reuse` (--cache), files whose bytes were loaded before
    give what they gave last time (by blob id: content, never time stamps). With a
    private part configured, its files are judged too, and never cached. Every folder
    is listed afresh, even with `reuse`: what a folder held is not taken from
    what its times say (`Folder.by_folder`), so that a file system that does not
    move them cannot hide a file from `validate`."""
    source = None if rev else sources.Folder(root, reuse=reuse, folders=False)
    registry = load(root, jobs, rev, source=source, reuse=reuse, skip=skip, private=True)
    findings = check(registry, as_of, skip)
    return Report(root, as_of, registry.files, len(registry), private.locate(registry, findings))


def _cached_or_fresh(root: Path, as_of: date, jobs: int | None) -> Report:
    """The whole report from the content-keyed cache, or computed and stored."""
    # Imported here: only --cache reads the cache (7.5 ms with hashlib; -X importtime)
    from advoc.load import cache

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


def check(registry: Loaded, as_of: date, skip: frozenset[str] = frozenset()) -> list[Finding]:
    """Every finding: those of loading (per file) and those of the registry checks."""
    return [*registry.findings, *run_registry_checks(registry, Context(as_of), skip)]
