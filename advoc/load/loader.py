"""Load every record of a registry into one read-only index.

files -> `scan` (where each file belongs) -> `load_file` (guards, YAML, schema,
the checks of a single record) -> `Loaded` (a `Registry`: records by kind and
file name, and the loader's own account of how it got them). Large registries
are loaded by two processes; the result is the same."""

from __future__ import annotations

import gc
import marshal
from dataclasses import dataclass, field
from functools import partial
from itertools import repeat
from pathlib import Path
from typing import Any, NamedTuple, cast

from advoc import parallel
from advoc.errors import UsageError
from advoc.load import private as private_part
from advoc.load import schemas, sources, yamlio
from advoc.load.sources import Entry, Source
from advoc.model.findings import Finding
from advoc.model.kinds import KINDS, TOP_FOLDERS
from advoc.model.layout import CODEOWNERS_PLACES, MANIFEST, VOTES, WITHHELD, kind_of_folder
from advoc.model.layout import record_id as layout_record_id
from advoc.model.registry import Record, Registry, no_collector

FORMAT_VERSION = 2  # 2: one file per vote (registry/votes/); `advoc migrate` moves a 1 to it
NOT_STRAY = frozenset((".gitkeep", "README.md"))


CHILD_SHARE = 0.44  # of the files, loaded by the forked child


class FileResult(NamedTuple):  # a tuple: a large registry's loading makes 183,000
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
        if not findings:  # most files: the plain tuple is the result as it is
            return cls._make(item)
        return cls(file, kind, data, [Finding.from_plain(finding) for finding in findings])


@dataclass(kw_only=True)
class Loaded(Registry):
    """A `Registry` as the loader built it, with the loader's bookkeeping: where
    the bytes came from and what each file gave, so that `with_changes` re-reads
    only what a proposal changes, and the findings of loading for `validate`.
    Checks and queries take the plain `Registry`."""

    source: Source = field(repr=False)
    findings: list[Finding] = field(default_factory=list)  # of loading, every file
    files: int = 0  # record files read, readable or not
    results: list[FileResult] = field(default_factory=list, repr=False)  # per record file
    manifest_findings: list[Finding] = field(default_factory=list, repr=False)
    scan_findings: list[Finding] = field(default_factory=list, repr=False)  # misplaced, links
    # file: the git blob id of the bytes its record was loaded from, where known (a
    # digest of the record's data as loading gives it: `export.reuse` uses it)
    blob_ids: dict[str, str] = field(default_factory=dict, repr=False)

    def forget_loading(self) -> None:
        """Let go of the loader's bookkeeping, for a command that from here on only
        reads the records (an export): each file's result, and what the source kept
        to load faster. On the 183,000 files of a large registry that is about
        120 MB, which the site export's forked process would otherwise hold as
        well. `with_changes` needs the results: it cannot build on it afterwards."""
        self.results = []
        self.source.forget()


def load(
    root: Path,
    jobs: int | None = None,
    rev: str | None = None,
    source: Source | None = None,
    reuse: bool = True,
    skip: frozenset[str] = frozenset(),
    private: bool = False,
    reuse_blobs: bool = True,
) -> Loaded:
    """The registry in the folder `root`: as it is on disk, as it was at git
    revision `rev`, or as `source` gives it (a proposal's changes on a revision).

    With `reuse`, a file on disk whose bytes an earlier command loaded (same
    content hash, as git hashes blobs) is not parsed again; `validate` judges
    everything afresh unless asked (--cache). A file read from git is reused by
    its blob id unless `reuse_blobs` is false: a proposal that reads a few files
    of a revision parses them rather than read back what every file gave.
    `skip` names record checks not to run (`validate --skip`); the files are then
    read afresh. With `private`, the private part of the registry is added when
    local configuration names one (`advoc.load.private`); exports never ask for it."""
    if source is None:
        source = sources.revision(root, rev) if rev else sources.Folder(root, reuse=reuse)
    reusing = reuse_blobs and not skip
    with no_collector():
        manifest, manifest_findings = load_manifest(source)
        files, scan_findings = scan(source)
        results, blob_ids, records = _load_known(source, files, jobs, skip, reusing)
        registry = _assemble(
            root, source, manifest, manifest_findings + scan_findings, results, records
        )
        registry.blob_ids = blob_ids
    if private:
        private_root = private_part.configured(root)
        if private_root is not None:
            private_part.attach(registry, registry.findings, private_root)
    return registry


def with_changes(base: Loaded, changes: dict[str, bytes | None]) -> Loaded:
    """The registry as `changes` (path -> new bytes, None: removed) would leave
    `base`: what `load` gives on the changed source, re-reading only the
    changed files (the others gave what they gave, being the same bytes)."""
    source = sources.Overlay(base.source, changes)
    if MANIFEST in changes:
        return load(base.root, source=source)
    with no_collector():
        files, scan_findings = _rescan(base, changes)
        before = {result.file: result for result in base.results}
        fresh = {r.file: r for r in load_files(source, [(f, k) for f, k in files if f in changes])}
        results = [fresh[file] if file in fresh else before[file] for file, _ in files]
        registry = _assemble(
            base.root, source, base.manifest, base.manifest_findings + scan_findings, results
        )
        registry.blob_ids = {f: oid for f, oid in base.blob_ids.items() if f not in changes}
        return registry


def _rescan(
    base: Loaded, changes: dict[str, bytes | None]
) -> tuple[list[tuple[str, str]], list[Finding]]:
    """What `scan` gives on `base` with `changes`, placing only the changed paths."""
    files = {result.file: result.kind for result in base.results}
    findings = [finding for finding in base.scan_findings if finding.file not in changes]
    for path, content in changes.items():
        files.pop(path, None)
        if content is None or not path.startswith(tuple(f"{top}/" for top in TOP_FOLDERS)):
            continue
        folder, _, name = path.rpartition("/")
        placed = _place(path, name, kind_of_folder(folder))
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
    records: list[Record | None] | None = None,
) -> Loaded:
    """The registry of `results`; `records` has, at the place of each result, the
    record already made of it (`_guess`), or None to make it here."""
    withheld, withheld_findings = private_part.withheld_ids(source)
    findings = findings + withheld_findings
    registry = Loaded(
        root,
        manifest,
        {kind: {} for kind in KINDS},
        codeowners=_codeowners(source),
        withheld=withheld,
        source=source,
        findings=list(findings),
        files=len(results),
        results=results,
        manifest_findings=[f for f in findings if f.file == MANIFEST],
        scan_findings=[f for f in findings if f.file not in (MANIFEST, WITHHELD)],
    )
    if len(results) >= parallel.PARALLEL_FROM:
        # The records live until the command ends: keep the collector from
        # walking them again and again while the checks run (measured: 10-20%).
        gc.freeze()
    for result, record in zip(results, records or repeat(None, len(results)), strict=True):
        registry.findings.extend(result.findings)
        if record is not None:
            registry.records[record.kind][record.id] = record
            continue
        record_id = layout_record_id(result.file, result.kind)
        if result.data is None:
            registry.unreadable.add(f"{result.kind}/{record_id}")
        else:
            registry.records[result.kind][record_id] = Record(
                result.kind, record_id, result.file, result.data
            )
    return registry


def _codeowners(source: Source) -> dict[str, str]:
    """The CODEOWNERS files the host reads, as text: a check compares the one advoc
    generated with the roles. One that is not UTF-8 text is none of advoc's."""
    found = {}
    for place in CODEOWNERS_PLACES:
        if source.has(place):
            try:
                found[place] = source.read(place).decode("utf-8").replace("\r\n", "\n")
            except (yamlio.YamlProblem, UnicodeDecodeError):
                continue
    return found


def load_manifest(source: Source) -> tuple[dict[str, Any], list[Finding]]:
    try:
        data = yamlio.parse_bytes(source.read(MANIFEST))
    except yamlio.YamlProblem as problem:
        return {}, [_problem_finding(MANIFEST, problem)]
    version = data.get("advoc")
    if version == 1:
        raise UsageError(
            f"{source.label()}/{MANIFEST} declares format version 1, which kept the votes "
            "inside each decision's file; this advoc reads format version 2, with one file "
            "per vote, so that votes cast at the same time merge without conflicts.",
            hint="Run `advoc migrate` in the registry: it moves every vote to its own file "
            "and commits that as one reviewable change on a new branch.",
        )
    if type(version) is not int or version != FORMAT_VERSION:
        raise UsageError(
            f"{source.label()}/{MANIFEST} declares format version {version!r}; this advoc reads "
            f"format version {FORMAT_VERSION} only.",
            hint=f"Set `advoc: {FORMAT_VERSION}` in advoc.yaml, or install the advoc release "
            "that reads this format.",
        )
    return data, schemas.validate("manifest", data, MANIFEST, None)


def scan(source: Source) -> tuple[list[tuple[str, str]], list[Finding]]:
    """Every record file as (relative path, kind), and findings for files out of place."""
    records: list[tuple[str, str]] = []
    findings: list[Finding] = []
    for top in TOP_FOLDERS:
        for placed, misplaced in sources.by_folder(source, top, _placed):
            records.extend(placed)
            findings.extend(Finding.from_plain(finding) for finding in misplaced)
    records.sort()
    return records, findings


def _placed(entries: list[Entry]) -> tuple[list[tuple[str, str]], list[tuple[Any, ...]]]:
    """Of `entries` (a folder's, where the source has folders): the record files as
    (relative path, kind), and the findings (as builtins) for those out of place."""
    records: list[tuple[str, str]] = []
    findings: list[tuple[Any, ...]] = []
    kinds: dict[str, str | None] = {}  # folder: the kind of its records (`kind_of_folder`)
    for entry in entries:
        folder, _, name = entry.path.rpartition("/")
        if entry.type == "link" and (entry.is_dir_link or not folder):
            findings.append(_unsafe_link(entry.path).plain())
            continue
        kind_name = kinds.get(folder, "")
        if kind_name == "":
            kind_name = kinds[folder] = kind_of_folder(folder)
        if (  # the usual case, as `_place` places it
            kind_name in KINDS
            and name.endswith(".yaml")
            and name not in NOT_STRAY
            and entry.path != WITHHELD
        ):
            records.append((entry.path, kind_name))
            continue
        placed = _place(entry.path, name, kind_name)
        if isinstance(placed, Finding):
            findings.append(placed.plain())
        elif placed is not None:
            records.append((entry.path, placed))
    return records, findings


def _place(relative: str, name: str, kind_name: str | None) -> str | Finding | None:
    """The kind of a record file, a finding for a misplaced file, or None to ignore it."""
    if name in NOT_STRAY or relative == WITHHELD:
        return None
    kind = KINDS.get(kind_name) if kind_name else None
    folder = relative.rpartition("/")[0]
    if name.endswith(".yml"):
        where = f"{folder}/{name[:-4]}.yaml" if kind else "a kind folder, as .yaml"
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
        if relative.startswith(f"{VOTES}/"):
            return Finding(
                "error",
                "file-misplaced",
                relative,
                f"a vote file belongs in the folder of its decision, "
                f"{VOTES}/DECISION-ID/, so this one is never read; move it there",
                line=1,
            )
        folders = ", ".join(
            f"{VOTES}/DECISION-ID/" if kind.name == "vote" else f"{kind.folder}/"
            for kind in KINDS.values()
        )
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


# At the place of each file: what loading gave before, its blob id then, and its record
Guess = tuple[str, FileResult, Record | None] | None


def _load_known(
    source: Source,
    files: list[tuple[str, str]],
    jobs: int | None,
    skip: frozenset[str],
    reusing: bool,
) -> tuple[list[FileResult], dict[str, str], list[Record | None] | None]:
    """Load files, reusing (with `reusing`) what an earlier command gave for the
    same git blob (see `cache.loaded_blobs`); files without a blob id are always read.
    Also each file's blob id, where known, and at the place of each result the
    record `_guess` made of it, if any."""
    paths = [relative for relative, _ in files]
    guessed: list[Guess] = []
    # what loading gave before is read back while files are hashed, if in two processes
    oids = source.oids(paths, partial(_guess, source.root, files, guessed) if reusing else None)
    source.settle()
    blob_ids = {relative: oid for relative, oid in zip(paths, oids, strict=True) if oid}
    if not reusing or not blob_ids:
        source.prefetch(paths)
        return _load_files(source, files, jobs, skip), blob_ids, None

    if not guessed:  # not in two processes: nothing was read back meanwhile
        _guess(source.root, files, guessed)
    # Imported here: files read from disk have no blob id (7.5 ms with hashlib)
    from advoc.load import cache

    results: list[FileResult | None] = []  # None: at the place of a file loaded afresh
    records: list[Record | None] = []
    places = []
    missing = []
    for file, oid, guess in zip(files, oids, guessed, strict=True):  # 183,000 in a large one
        if guess is not None and guess[0] == oid:
            results.append(guess[1])
            records.append(guess[2])
        else:
            places.append(len(results))
            results.append(None)
            records.append(None)
            missing.append(file)
    afresh = [relative for relative, _ in missing]
    source.prefetch(afresh)
    fresh = _load_files(source, missing, jobs, skip)
    learned: dict[str, tuple[str, Any]] = {}
    stills = source.still(afresh, [blob_ids.get(relative) for relative in afresh])
    for place, result, still in zip(places, fresh, stills, strict=True):
        results[place] = result
        oid = blob_ids.get(result.file)
        if oid is None:
            continue
        if not still:  # changed since its id was taken: its data is not that id's
            del blob_ids[result.file]
            continue
        learned[result.file] = (oid, result.plain())

    known = cache.loaded_blobs(source.root)
    if cache.worth_storing(len(learned), len(known)):
        cache.store_blobs(source.root, {**known, **cache.shared(learned)})
    return cast(list[FileResult], results), blob_ids, records


def _guess(root: Path, files: list[tuple[str, str]], guessed: list[Guess]) -> None:
    """What loading gave before (`cache.loaded_blobs`) for each file, read back and
    made into records as though no file had changed, while another process hashes
    the files (1.1 s for the 183,000 of a large registry, as long as the hashing):
    `_load_known` takes those whose blob id is still the same."""
    from advoc.load import cache  # as in `_load_known` (7.5 ms)

    known = cache.loaded_blobs(root).get
    from_plain = FileResult.from_plain
    for relative, _ in files:
        entry = known(relative)
        if entry is None:
            guessed.append(None)
            continue
        result = from_plain(entry[1])
        record = None
        if result.data is not None:
            record_id = layout_record_id(relative, result.kind)
            record = Record(result.kind, record_id, relative, result.data)
        guessed.append((entry[0], result, record))


def _load_files(
    source: Source, files: list[tuple[str, str]], jobs: int | None, skip: frozenset[str]
) -> list[FileResult]:
    """Load files, in parallel when it pays: a forked child loads a share of the
    files while this process loads its own, so only the child's results are
    pickled and this process never sits idle."""
    if jobs == 1 or len(files) < parallel.PARALLEL_FROM or not parallel.can_fork():
        return load_files(source, files, skip)
    # The child also pickles what it loads, and this process unpickles it:
    # measured here, a 44% share makes both finish together.
    split = len(files) - int(len(files) * CHILD_SHARE)
    theirs = parallel.forked(
        lambda: [result.plain() for result in load_files(source, files[split:], skip)],
        dumps=marshal.dumps,
        loads=marshal.loads,
    )
    results = load_files(source, files[:split], skip)
    with no_collector():
        results.extend(FileResult.from_plain(item) for item in theirs())
    return results


def load_files(
    source: Source, files: list[tuple[str, str]], skip: frozenset[str] = frozenset()
) -> list[FileResult]:
    with no_collector():
        return [load_file(source, relative, kind, skip) for relative, kind in files]


def load_file(
    source: Source, relative: str, kind: str, skip: frozenset[str] = frozenset()
) -> FileResult:
    # Imported here, not at the top: when every file comes from the blob cache no
    # record check runs, and importing the checks costs 17-30 ms of a 0.16 s
    # `advoc status` (python -X importtime).
    from advoc.checks import run_record_checks

    try:
        text = yamlio.decode(source.read(relative))
        data = yamlio.parse(text)
    except yamlio.YamlProblem as problem:
        return FileResult(relative, kind, None, [_problem_finding(relative, problem)])
    record = Record(kind, layout_record_id(relative, kind), relative, data)
    findings = schemas.validate(kind, data, relative, record.ref)
    findings.extend(run_record_checks(record, text, skip))
    return FileResult(relative, kind, data, findings)


def _problem_finding(relative: str, problem: yamlio.YamlProblem) -> Finding:
    return Finding(
        "error", problem.code, relative, problem.message, line=problem.line, column=problem.column
    )
