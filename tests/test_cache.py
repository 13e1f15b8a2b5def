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


def _folders_kept_a_while_ago(root: Path) -> dict[str, Any]:
    """What each folder held, as kept (`cache.kept_folders`), made to look kept a
    while after every folder last changed, so that each is trusted."""
    import marshal
    import time

    from advoc.load import cache

    kept_file = cache.cache_file(root, ".folders")
    kept = marshal.loads(kept_file.read_bytes())
    kept["stored"] = time.time_ns() + 10 * 10**9
    kept_file.write_bytes(marshal.dumps(kept))
    return kept


def _scanned(root: Path) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    from advoc.load.loader import scan
    from advoc.load.sources import Folder

    source = Folder(root, reuse=True)
    records, findings = scan(source)
    source.settle()
    return records, [(finding.code, finding.file) for finding in findings]


def test_what_a_folder_held_is_reused_until_an_entry_is_added_or_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Commands that reuse what loading gave (not `validate`) keep what each folder
    held: a folder whose size, times and inode are the same is not listed again.
    Adding, removing or renaming an entry moves its folder's times, and only that
    folder is listed again."""
    import marshal

    from advoc.load import cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    vote = "decision: d-1\nvoter: a-0001\nvote: support\ncast: 2026-01-02T10:00:00Z\n"
    root = write_registry(
        tmp_path / "registry",
        {
            **{f"registry/advocates/a-{n:04d}.yaml": f"id: a-{n:04d}\n" for n in range(3)},
            "registry/votes/d-1/a-0001.yaml": vote,
            "registry/votes/d-3/a-0001.yaml": vote.replace("d-1", "d-3"),
        },
    )
    advocates = [(f"registry/advocates/a-{n:04d}.yaml", "advocate") for n in range(3)]
    votes = [(f"registry/votes/d-{n}/a-0001.yaml", "vote") for n in (1, 3)]
    assert _scanned(root) == (advocates + votes, [])
    # What two folders gave, altered in the kept file: a scan that gives it shows
    # that the folder was not listed again.
    kept = _folders_kept_a_while_ago(root)
    ghosts = {}
    for folder in ("registry/advocates", "registry/votes/d-3"):
        stat_then, subfolders, count, (_, findings) = kept["folders"][folder]
        ghosts[folder] = (f"{folder}/ghost.yaml", "vote" if "votes" in folder else "advocate")
        kept["folders"][folder] = (stat_then, subfolders, count, ([ghosts[folder]], findings))
    cache.cache_file(root, ".folders").write_bytes(marshal.dumps(kept))
    assert _scanned(root)[0] == [
        ghosts["registry/advocates"],
        votes[0],
        ghosts["registry/votes/d-3"],
    ]

    (root / "registry/advocates/a-0003.yaml").write_text("id: a-0003\n", encoding="utf-8")
    (root / "registry/votes/d-2").mkdir()
    (root / "registry/votes/d-2/a-0002.yml").write_text(vote, encoding="utf-8")
    (root / "registry/votes/d-1/a-0001.yaml").unlink()
    records, findings = _scanned(root)
    assert records == [
        *((f"registry/advocates/a-{n:04d}.yaml", "advocate") for n in range(4)),
        ghosts["registry/votes/d-3"],  # its folder unchanged: what it gave is kept
    ]
    assert findings == [("file-misplaced", "registry/votes/d-2/a-0002.yml")]


def test_a_folder_holding_a_link_is_listed_every_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A link's target can become a folder without its own folder changing: what a
    folder holding a link gave is never kept, and the link to a folder is refused
    as soon as it is one."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = write_registry(tmp_path / "registry", {"registry/advocates/a-0001.yaml": "id: a\n"})
    target = tmp_path / "elsewhere"
    target.write_text("id: b\n", encoding="utf-8")
    (root / "registry/advocates/b.yaml").symlink_to(target)
    assert _scanned(root) == (
        [
            ("registry/advocates/a-0001.yaml", "advocate"),
            ("registry/advocates/b.yaml", "advocate"),  # refused when it is read
        ],
        [],
    )
    kept = _folders_kept_a_while_ago(root)
    assert "registry/advocates" not in kept["folders"] and "registry" in kept["folders"]
    target.unlink()
    target.mkdir()
    assert _scanned(root) == (
        [("registry/advocates/a-0001.yaml", "advocate")],
        [("file-unsafe", "registry/advocates/b.yaml")],
    )


def test_validate_lists_every_folder_afresh_even_with_its_cache(tmp_path: Path) -> None:
    """What a folder held is taken from what its times say only by commands that
    read (`list`, `export`, ...): `validate`, with `--cache` too, lists every
    folder, so that a file system that does not move a folder's times cannot
    hide a file from it. Shown with a kept listing that names a file no folder
    holds: loading for other commands trusts it, `validate` does not."""
    import marshal

    from advoc.load import cache
    from advoc.load.loader import load

    root = copy_case(tmp_path)
    load(root)  # keeps what each folder held
    kept = _folders_kept_a_while_ago(root)
    stat_then, subfolders, count, (_, findings) = kept["folders"]["registry/advocates"]
    ghost = ("registry/advocates/ghost.yaml", "advocate")
    kept["folders"]["registry/advocates"] = (stat_then, subfolders, count, ([ghost], findings))
    cache.cache_file(root, ".folders").write_bytes(marshal.dumps(kept))
    assert "advocate/ghost" in load(root).unreadable  # trusted: never listed again
    assert where(report(root)) == [("ref-missing", ADA, 5)]  # listed afresh
