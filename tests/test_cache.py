"""`advoc validate --cache`: a content-keyed report cache that never hides a finding."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import CASES, validated, write_registry

ADA = "registry/advocates/ada-lovelace.yaml"


def report(root: Path, *extra: str) -> list[dict[str, Any]]:
    return validated(root, "--cache", *extra)[1]


def where(findings: list[dict[str, Any]]) -> list[tuple[str, str, int]]:
    return [(f["code"], f["file"], f["line"]) for f in findings]


def copy_case(tmp_path: Path) -> Path:
    return Path(shutil.copytree(CASES / "negative" / "ref-missing", tmp_path / "registry"))


def stored_reports() -> list[Path]:
    return list((Path.home() / ".cache" / "advoc").glob("*.json"))


def test_a_rerun_gives_the_same_report_from_the_cache(tmp_path: Path) -> None:
    root = copy_case(tmp_path)
    first = report(root)
    assert where(first) == [("ref-missing", ADA, 5)]
    assert len(stored_reports()) == 1
    assert report(root) == first


def test_a_change_of_content_alone_is_never_hidden(tmp_path: Path) -> None:
    """Same size, same modification time: only the bytes differ."""
    root = copy_case(tmp_path)
    assert "no-such-group" in report(root)[0]["message"]
    path = root / ADA
    before = path.stat()
    path.write_text(
        path.read_text(encoding="utf-8").replace("no-such-group", "no-such-grouq"), encoding="utf-8"
    )
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    assert "no-such-grouq" in report(root)[0]["message"]


def test_a_new_stray_file_is_seen(tmp_path: Path) -> None:
    root = copy_case(tmp_path)
    report(root)
    (root / "registry" / "notes.txt").write_text("hello", encoding="utf-8")
    assert ("file-misplaced", "registry/notes.txt", 1) in where(report(root))


def test_another_day_is_another_report(tmp_path: Path) -> None:
    root = copy_case(tmp_path)
    (root / "registry" / "feedback").mkdir()
    (root / "registry" / "feedback" / "q.yaml").write_text(
        "id: q\nabout: advocate/ada-lovelace\nauthor: Bob\ndate: 2026-01-01\nkind: question\n"
        "summary: Which countries?\nstatus: open\n",
        encoding="utf-8",
    )
    assert "feedback-unanswered" not in {f["code"] for f in report(root, "--as-of", "2026-01-15")}
    assert "feedback-unanswered" in {f["code"] for f in report(root, "--as-of", "2026-03-01")}


def test_a_broken_cache_file_is_ignored(tmp_path: Path) -> None:
    root = copy_case(tmp_path)
    report(root)
    for stored in stored_reports():
        stored.write_text("{not json", encoding="utf-8")
    assert where(report(root)) == [("ref-missing", ADA, 5)]


def test_one_edited_file_among_many_is_read_afresh_without_writing_the_cache_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What loading gave is kept by content, and the whole kept file is written again
    only once a five-hundredth of it is new: one file edited among 1,200 is parsed
    afresh on each command (and shown as edited), without rewriting the rest."""
    from advoc.load.cache import worth_storing
    from advoc.load.loader import load

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = write_registry(
        tmp_path / "registry",
        {
            f"registry/advocates/a-{n:04d}.yaml": f"id: a-{n:04d}\nusername: User {n}\n"
            for n in range(1200)
        },
    )
    load(root)  # every file is new: kept
    [blobs] = (tmp_path / "cache" / "advoc").glob("*.blobs")
    written = blobs.stat().st_mtime_ns
    edited = root / "registry/advocates/a-0007.yaml"
    for name in ("Renamed", "Renamed again"):
        edited.write_text(f"id: a-0007\nusername: {name}\n", encoding="utf-8")
        record = load(root).get("advocate", "a-0007")
        assert record is not None and record.data["username"] == name
        assert blobs.stat().st_mtime_ns == written
    assert not worth_storing(0, 0)
    assert worth_storing(1, 0) and worth_storing(3, 1200) and not worth_storing(2, 1200)


def test_a_file_edited_while_it_is_loaded_is_not_kept_under_its_old_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file whose hash is kept is read only when what loading it gave is not (after
    an upgrade of advoc, say). Edited in between, its new bytes are loaded: they are
    neither kept nor given out under the id of its old bytes, or the old bytes,
    written back, would load as the new ones (and an export keyed by that id would
    keep the pages of the old)."""
    import marshal
    import time

    from advoc.load import cache
    from advoc.load.loader import load
    from advoc.load.sources import Folder, blob_id

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    edited = "registry/advocates/a-0001.yaml"
    root = write_registry(
        tmp_path / "registry",
        {
            f"registry/advocates/a-{n:04d}.yaml": f"id: a-{n:04d}\nusername: User {n}\n"
            for n in (1, 2)
        },
    )
    load(root)  # keeps every file's hash and what loading it gave
    # The hashes as if kept a while ago (trusted, the files older than them), and what
    # loading gave forgotten, as by a new advoc.
    hashes = cache.cache_file(root, ".hashes")
    kept = marshal.loads(hashes.read_bytes())
    kept["stored"] = time.time_ns() + 10 * 10**9
    hashes.write_bytes(marshal.dumps(kept))
    cache.cache_file(root, ".blobs").unlink()
    monkeypatch.setattr(cache, "_BLOBS", {})
    old, new = (root / edited).read_bytes(), b"id: a-0001\nusername: Edited\n"

    class EditedWhileLoading(Folder):
        def read(self, relative: str) -> bytes:
            if relative == edited and (root / edited).read_bytes() == old:
                (root / edited).write_bytes(new)  # after its id was taken, before it is read
            return super().read(relative)

    registry = load(root, source=EditedWhileLoading(root, reuse=True))
    assert registry.get("advocate", "a-0001").data["username"] == "Edited"
    assert registry.blob_ids.get(edited, blob_id(new)) == blob_id(new)
    assert registry.blob_ids["registry/advocates/a-0002.yaml"]  # unchanged: kept by its id

    (root / edited).write_bytes(old)  # its old bytes back: loaded as they are
    monkeypatch.setattr(cache, "_BLOBS", {})
    assert load(root).get("advocate", "a-0001").data["username"] == "User 1"
