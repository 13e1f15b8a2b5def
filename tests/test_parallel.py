"""Large registries load and check in two processes; the answer must not change."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import PROJECT

from advoc import parallel as parallel_module
from advoc.commands.validate import validate
from advoc.load.loader import load, scan
from advoc.load.sources import Folder


@pytest.fixture(scope="module")
def large_registry(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 1,900 files, a dozen of them broken in different ways."""
    root = tmp_path_factory.mktemp("large")
    subprocess.run(
        [
            sys.executable,
            str(PROJECT / "benchmarks" / "generate.py"),
            str(root),
            "--force",
            "--advocates",
            "700",
            "--decisions",
            "1100",
            "--broken",
            "12",
        ],
        check=True,
        capture_output=True,
    )
    return root


def test_parallel_and_serial_runs_report_the_same(
    large_registry: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    as_of = date(2026, 11, 1)
    parallel = validate(large_registry, as_of)
    assert parallel.records > parallel_module.PARALLEL_FROM
    monkeypatch.setattr(parallel_module, "PARALLEL_FROM", 10**9)
    serial = validate(large_registry, as_of, jobs=1)
    assert parallel.findings == serial.findings
    assert parallel.errors >= 12
    assert (parallel.files, parallel.records) == (serial.files, serial.records)


def test_files_hashed_in_two_processes_load_as_they_are_now(
    large_registry: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large folder's files are hashed half in a forked child (`Folder.oids`): a file
    changed in either half is read as it is now, with the id git gives its bytes, and
    what the child learned reaches the process that keeps it."""
    root = tmp_path / "registry"
    shutil.copytree(large_registry, root)
    load(root)  # keeps every file's hash and what loading it gave
    source = Folder(root, reuse=True)
    files, _ = scan(source)
    paths = [path for path, _ in files]
    assert len(paths) > parallel_module.PARALLEL_FROM
    first, last = paths[0], paths[-1]  # one in this process's half, one in the child's
    for relative in (first, last):
        path = root / relative
        path.write_bytes(path.read_bytes().replace(b"\n", b"\n# changed\n", 1))

    oids = source.oids(paths)
    assert all(oids)
    for relative, oid in ((first, oids[0]), (last, oids[-1])):
        hashed = subprocess.run(
            ["git", "hash-object", str(root / relative)], capture_output=True, text=True
        )
        assert oid == hashed.stdout.strip()
        # the bytes hashed are the bytes loaded, even where the child read them
        moved = (root / relative).rename(tmp_path / "moved")
        assert source.read(relative) == moved.read_bytes()
        moved.rename(root / relative)

    parallel_load = load(root)
    # each record's file by the id of the bytes it was loaded from (`export.reuse`)
    assert parallel_load.blob_ids == dict(zip(paths, oids, strict=True))
    monkeypatch.setattr(parallel_module, "PARALLEL_FROM", 10**9)
    serial_load = load(root, reuse=False)
    assert parallel_load.records == serial_load.records
    assert sum(map(len, parallel_load.records.values())) + len(parallel_load.unreadable) == len(
        paths
    )
    assert "# changed" in (root / last).read_text(encoding="utf-8")


def test_records_made_ahead_give_way_to_the_files_as_they_are_now(
    large_registry: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Loading a large folder again, a forked child reads the hashes kept and hashes
    every file while this process makes records of what loading gave before, as
    though nothing had changed (`loader._guess`). Files changed, added or removed
    since are loaded as they are now; the hashes the child learned reach this
    process, which keeps them though it never read the hashes kept."""
    from advoc.load import cache
    from advoc.load.sources import file_stat

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = tmp_path / "registry"
    shutil.copytree(large_registry, root)
    load(root)  # keeps every file's hash and what loading it gave
    paths = [path for path, _ in scan(Folder(root, reuse=True))[0]]
    changed = paths[:: len(paths) // 9][:9]  # enough to keep the hashes again (1/500)
    for relative in changed:
        path = root / relative
        path.write_bytes(path.read_bytes().replace(b"\n", b"\n# changed\n", 1))
    removed = paths[-2]
    (root / removed).unlink()
    added = "registry/advocates/added-late.yaml"
    (root / added).write_text("id: added-late\nusername: Added Late\n", encoding="utf-8")
    monkeypatch.setattr(cache, "_BLOBS", {})  # as in a new command

    again = load(root)
    for relative in [*changed, added]:
        hashed = subprocess.run(
            ["git", "hash-object", str(root / relative)], capture_output=True, text=True
        )
        assert again.blob_ids[relative] == hashed.stdout.strip()
    assert removed not in again.blob_ids
    kept, _ = cache.file_hashes(root)
    assert all(kept[relative][0] == file_stat((root / relative).stat()) for relative in changed)
    monkeypatch.setattr(parallel_module, "PARALLEL_FROM", 10**9)
    assert again.records == load(root, reuse=False).records
    assert again.get("advocate", "added-late") is not None


def test_a_file_edited_while_a_large_registry_loads_is_not_kept_under_its_old_id(
    large_registry: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As `test_cache`'s test of the same name, where a forked child takes every
    file's id from the hashes kept, which this process then never reads: the
    bytes it loads tell whether they are those of the id (`Folder.still`)."""
    import marshal
    import time

    from advoc.load import cache
    from advoc.load.sources import blob_id

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = tmp_path / "registry"
    shutil.copytree(large_registry, root)
    load(root)
    hashes = cache.cache_file(root, ".hashes")
    kept = marshal.loads(hashes.read_bytes())
    kept["stored"] = time.time_ns() + 10 * 10**9  # kept a while ago: every hash trusted
    hashes.write_bytes(marshal.dumps(kept))
    cache.cache_file(root, ".blobs").unlink()  # what loading gave forgotten, as by a new advoc
    monkeypatch.setattr(cache, "_BLOBS", {})
    edited, other = sorted(
        str(path.relative_to(root)) for path in (root / "registry/advocates").glob("*.yaml")
    )[:2]
    old = (root / edited).read_bytes()
    new = old.replace(b"\n", b"\n# edited while it loaded\n", 1)

    class EditedWhileLoading(Folder):
        def read(self, relative: str) -> bytes:
            if relative == edited and (root / edited).read_bytes() == old:
                (root / edited).write_bytes(new)  # after the child took its id
            return super().read(relative)

    source = EditedWhileLoading(root, reuse=True)
    registry = load(root, source=source)
    assert registry.blob_ids.get(edited, blob_id(new)) == blob_id(new)  # never the old id
    assert registry.blob_ids[other] == blob_id((root / other).read_bytes())
    # what loading gave is kept for every file but the edited one, the files a
    # forked child loaded too (their bytes read there: the stat tells)
    monkeypatch.setattr(cache, "_BLOBS", {})
    files = [path for path, _ in scan(Folder(root))[0]]
    assert len(files) > parallel_module.PARALLEL_FROM
    assert sorted(cache.loaded_blobs(root)) == sorted(set(files) - {edited})
    monkeypatch.setattr(cache, "_BLOBS", {})
    assert load(root).blob_ids[edited] == blob_id(new)


def test_turns_are_taken_once_each_by_one_process_or_the_other() -> None:
    """Both processes take pieces of work from the same `Turns` until none is left:
    between them every piece is taken, and none twice."""
    if not parallel_module.can_fork():
        pytest.skip("needs fork")
    turns = parallel_module.Turns(parallel_module.Turns.MOST)
    try:
        theirs = parallel_module.forked(lambda: list(turns))
        mine = list(turns)
        other = theirs()
    finally:
        turns.close()
    assert not set(mine) & set(other)
    assert sorted(mine + other) == list(range(parallel_module.Turns.MOST))
    assert mine == sorted(mine) and other == sorted(other)  # each takes them in order


def test_what_a_failed_child_took_is_done_again_here(tmp_path: Path) -> None:
    """A child that fails after taking some pieces: `again` runs here every piece this
    process did not take, those the child took among them, so each is done."""
    import os

    if not parallel_module.can_fork():
        pytest.skip("needs fork")
    here = os.getpid()
    taken_there = tmp_path / "taken-there"
    turns = parallel_module.Turns(60)
    done: list[int] = []
    ran_again: list[int] = []

    def child() -> list[int]:
        for number in turns:
            with taken_there.open("a") as file:
                file.write(f"{number}\n")
            if number >= 3:
                raise RuntimeError("the child fails")  # a crash, as a bug would be
        return []

    def again() -> list[int]:
        assert os.getpid() == here
        ran_again.extend(n for n in range(60) if n not in done)
        return ran_again

    try:
        theirs = parallel_module.forked(child, again=again)
        for number in turns:
            done.append(number)
        theirs()
    finally:
        turns.close()
    took = [int(line) for line in taken_there.read_text().split()] if taken_there.exists() else []
    assert set(took) <= set(ran_again)
    assert sorted(done + ran_again) == list(range(60))
