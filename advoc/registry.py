"""Load every record of a registry into one read-only index.

files -> `scan` (where each file belongs) -> `load_file` (guards, YAML, schema,
the checks of a single record) -> `Registry` (records by kind and file name).
Large registries are loaded by two processes; the result is the same.
"""

from __future__ import annotations

import gc
import marshal
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from advoc import layout, parallel, schemas, sources, yamlio
from advoc.checks import run_record_checks
from advoc.errors import UsageError
from advoc.findings import Finding
from advoc.kinds import KIND_BY_FOLDER, KINDS, TOP_FOLDERS
from advoc.sources import Source

T = TypeVar("T")
MANIFEST = layout.MANIFEST

FORMAT_VERSION = 1
NOT_STRAY = frozenset((".gitkeep", "README.md"))
PARALLEL_FROM = 1500  # files; below this a second process costs more than it saves
CHILD_SHARE = 0.44  # of the files, loaded by the forked child


@dataclass(frozen=True)
class Record:
    kind: str
    id: str  # the file name without `.yaml`: records are indexed by it
    file: str  # relative to the registry root, "/"-separated
    data: dict[str, Any]

    @property
    def ref(self) -> str:
        return f"{self.kind}/{self.id}"


@dataclass
class FileResult:
    """What loading one record file gave: its data (None if unreadable) and findings."""

    file: str
    kind: str
    data: dict[str, Any] | None
    findings: list[Finding]

    def plain(self) -> tuple[Any, ...]:
        """Builtins only, for `marshal`."""
        return (self.file, self.kind, self.data, [finding.plain() for finding in self.findings])

    @classmethod
    def from_plain(cls, item: tuple[Any, ...]) -> FileResult:
        file, kind, data, findings = item
        return cls(file, kind, data, [Finding.from_plain(finding) for finding in findings])


@dataclass
class Registry:
    root: Path
    manifest: dict[str, Any]
    records: dict[str, dict[str, Record]]
    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    unreadable: set[str] = field(default_factory=set)  # "kind/id" of files that did not parse
    derived: dict[Any, Any] = field(default_factory=dict, repr=False)  # see `memo`
    source: Source | None = field(default=None, repr=False)  # where the bytes came from
    results: list[FileResult] = field(default_factory=list, repr=False)  # per record file
    manifest_findings: list[Finding] = field(default_factory=list, repr=False)
    scan_findings: list[Finding] = field(default_factory=list, repr=False)  # misplaced, links

    def memo(self, key: Any, compute: Callable[[], T]) -> T:
        """Derived data computed once per loaded registry (indexes, evaluations):
        the records are read-only, so it never goes stale."""
        if key not in self.derived:
            self.derived[key] = compute()
        return self.derived[key]  # type: ignore[no-any-return]

    def get(self, kind: str, record_id: str) -> Record | None:
        return self.records.get(kind, {}).get(record_id)

    def of_kind(self, kind: str) -> Iterable[Record]:
        return self.records.get(kind, {}).values()

    def all(self) -> Iterator[Record]:
        for by_id in self.records.values():
            yield from by_id.values()

    @property
    def default_language(self) -> str:
        language = self.manifest.get("default_language")
        return language if isinstance(language, str) else "en"

    def __len__(self) -> int:
        return sum(len(by_id) for by_id in self.records.values())


def load(
    root: Path,
    jobs: int | None = None,
    rev: str | None = None,
    source: Source | None = None,
    reuse: bool = True,
) -> Registry:
    """The registry in the folder `root`: as it is on disk, as it was at git
    revision `rev`, or as `source` gives it (a proposal's changes on a revision).

    With `reuse`, a file on disk whose bytes an earlier command loaded (same
    content hash, as git hashes blobs) is not parsed again; `validate` judges
    everything afresh unless asked (--cache)."""
    if source is None:
        source = sources.revision(root, rev) if rev else sources.Folder(root, reuse=reuse)
    with no_collector():
        manifest, manifest_findings = load_manifest(source)
        files, scan_findings = scan(source)
        results = _load_known(source, files, jobs)
        return _assemble(root, source, manifest, manifest_findings + scan_findings, results)


@contextmanager
def no_collector() -> Iterator[None]:
    """A bulk load creates many objects and no cycles: the collector would only
    walk them again and again (measured: 10-20% of the load, more with a cache)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def with_changes(base: Registry, changes: dict[str, bytes | None]) -> Registry:
    """The registry as `changes` (path -> new bytes, None: removed) would leave
    `base`: what `load` gives on the changed source, re-reading only the
    changed files (the others gave what they gave, being the same bytes)."""
    if base.source is None:  # pragma: no cover - every loaded registry has a source
        raise ValueError("a registry without a source")
    source = sources.Overlay(base.source, changes)
    if MANIFEST in changes:
        return load(base.root, source=source)
    with no_collector():
        files, scan_findings = _rescan(base, changes)
        before = {result.file: result for result in base.results}
        fresh = {r.file: r for r in load_files(source, [(f, k) for f, k in files if f in changes])}
        results = [fresh[file] if file in fresh else before[file] for file, _ in files]
        return _assemble(
            base.root, source, base.manifest, base.manifest_findings + scan_findings, results
        )


def _rescan(
    base: Registry, changes: dict[str, bytes | None]
) -> tuple[list[tuple[str, str]], list[Finding]]:
    """What `scan` gives on `base` with `changes`, placing only the changed paths."""
    files = {result.file: result.kind for result in base.results}
    findings = [finding for finding in base.scan_findings if finding.file not in changes]
    for path, content in changes.items():
        files.pop(path, None)
        if content is None or not path.startswith(tuple(f"{top}/" for top in TOP_FOLDERS)):
            continue
        folder, _, name = path.rpartition("/")
        placed = _place(path, name, KIND_BY_FOLDER.get(folder))
        if isinstance(placed, Finding):
            findings.append(placed)
        elif placed is not None:
            files[path] = placed
    return sorted(files.items()), findings


def _assemble(
    root: Path,
    source: Source,
    manifest: dict[str, Any],
    findings: list[Finding],
    results: list[FileResult],
) -> Registry:
    registry = Registry(root, manifest, {kind: {} for kind in KINDS}, list(findings), len(results))
    registry.source = source
    registry.results = results
    registry.manifest_findings = [f for f in findings if f.file == MANIFEST]
    registry.scan_findings = [f for f in findings if f.file != MANIFEST]
    if len(results) >= PARALLEL_FROM:
        # The records live until the command ends: keep the collector from
        # walking them again and again while the checks run (measured: 10-20%).
        gc.freeze()
    for result in results:
        registry.findings.extend(result.findings)
        record_id = result.file.rsplit("/", 1)[1][: -len(".yaml")]
        if result.data is None:
            registry.unreadable.add(f"{result.kind}/{record_id}")
        else:
            registry.records[result.kind][record_id] = Record(
                result.kind, record_id, result.file, result.data
            )
    return registry


def load_manifest(source: Source) -> tuple[dict[str, Any], list[Finding]]:
    try:
        data = yamlio.parse_bytes(source.read(MANIFEST))
    except yamlio.YamlProblem as problem:
        return {}, [_problem_finding(MANIFEST, problem)]
    version = data.get("advoc")
    if type(version) is not int or version != FORMAT_VERSION:
        raise UsageError(
            f"{source.label()}/{MANIFEST} declares format version {version!r}; this advoc reads "
            f"format version {FORMAT_VERSION} only.",
            hint="Set `advoc: 1` in advoc.yaml, or install the advoc release that reads "
            "this format.",
        )
    return data, schemas.validate("manifest", data, MANIFEST, None)


def scan(source: Source) -> tuple[list[tuple[str, str]], list[Finding]]:
    """Every record file as (relative path, kind), and findings for files out of place."""
    records: list[tuple[str, str]] = []
    findings: list[Finding] = []
    for top in TOP_FOLDERS:
        for entry in source.entries(top):
            folder, _, name = entry.path.rpartition("/")
            if entry.type == "link" and (entry.is_dir_link or not folder):
                findings.append(_unsafe_link(entry.path))
                continue
            placed = _place(entry.path, name, KIND_BY_FOLDER.get(folder))
            if isinstance(placed, Finding):
                findings.append(placed)
            elif placed is not None:
                records.append((entry.path, placed))
    records.sort()
    return records, findings


def _place(relative: str, name: str, kind: Any) -> str | Finding | None:
    """The kind of a record file, a finding for a misplaced file, or None to ignore it."""
    if name in NOT_STRAY:
        return None
    if name.endswith(".yml"):
        where = f"{kind.folder}/{name[:-4]}.yaml" if kind else "a kind folder, as .yaml"
        return Finding(
            "error",
            "file-misplaced",
            relative,
            f"registry files end in .yaml, not .yml; rename it to {where}",
            line=1,
        )
    if name.endswith(".yaml"):
        if kind is not None:
            return str(kind.name)
        folders = ", ".join(kind.folder + "/" for kind in KINDS.values())
        return Finding(
            "error",
            "file-misplaced",
            relative,
            f"this YAML file is not in a kind folder, so it is never read; move "
            f"it to one of {folders}",
            line=1,
        )
    return Finding(
        "warning",
        "file-misplaced",
        relative,
        "a stray file in the registry's folders; only <id>.yaml records, "
        "README.md and .gitkeep belong here",
        line=1,
    )


def _unsafe_link(relative: str) -> Finding:
    return Finding(
        "error",
        "file-unsafe",
        relative,
        "a symbolic link; registry folders must be real folders, not links",
        line=1,
    )


def _load_known(source: Source, files: list[tuple[str, str]], jobs: int | None) -> list[FileResult]:
    """Load files, reusing what an earlier command gave for the same git blob
    (see `cache.loaded_blobs`); files on disk have no blob id and are always read."""
    oids = {relative: source.oid(relative) for relative, _ in files}
    source.settle()
    if not any(oids.values()):
        source.prefetch([relative for relative, _ in files])
        return _load_files(source, files, jobs)
    from advoc import cache

    known = cache.loaded_blobs(source.root)
    reused: dict[str, FileResult] = {}
    missing = []
    for relative, kind in files:
        entry = known.get(relative)
        if entry is not None and entry[0] == oids[relative]:
            reused[relative] = FileResult.from_plain(entry[1])
        else:
            missing.append((relative, kind))
    source.prefetch([relative for relative, _ in missing])
    fresh = _load_files(source, missing, jobs)
    learned: dict[str, tuple[str, Any]] = {}
    for result in fresh:
        oid = oids[result.file]
        if oid is not None:
            learned[result.file] = (oid, result.plain())

    if learned:
        cache.store_blobs(source.root, {**known, **learned})
    reused.update((result.file, result) for result in fresh)
    return [reused[relative] for relative, _ in files]


def _load_files(source: Source, files: list[tuple[str, str]], jobs: int | None) -> list[FileResult]:
    """Load files, in parallel when it pays: a forked child loads a share of the
    files while this process loads its own, so only the child's results are
    pickled and this process never sits idle."""
    if jobs == 1 or len(files) < PARALLEL_FROM or not parallel.can_fork():
        return load_files(source, files)
    # The child also pickles what it loads, and this process unpickles it:
    # measured here, a 44% share makes both finish together.
    split = len(files) - int(len(files) * CHILD_SHARE)
    theirs = parallel.forked(
        lambda: [result.plain() for result in load_files(source, files[split:])],
        dumps=marshal.dumps,
        loads=marshal.loads,
    )
    results = load_files(source, files[:split])
    with no_collector():
        results.extend(FileResult.from_plain(item) for item in theirs())
    return results


def load_files(source: Source, files: list[tuple[str, str]]) -> list[FileResult]:
    with no_collector():
        return [load_file(source, relative, kind) for relative, kind in files]


def load_file(source: Source, relative: str, kind: str) -> FileResult:
    try:
        text = yamlio.decode(source.read(relative))
        data = yamlio.parse(text)
    except yamlio.YamlProblem as problem:
        return FileResult(relative, kind, None, [_problem_finding(relative, problem)])
    record_id = relative.rsplit("/", 1)[1][: -len(".yaml")]
    record = Record(kind, record_id, relative, data)
    findings = schemas.validate(kind, data, relative, record.ref)
    findings.extend(run_record_checks(record, text))
    return FileResult(relative, kind, data, findings)


def _problem_finding(relative: str, problem: yamlio.YamlProblem) -> Finding:
    return Finding(
        "error", problem.code, relative, problem.message, line=problem.line, column=problem.column
    )
