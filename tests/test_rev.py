"""`--rev`: the registry as it was at a git revision, read from git objects.

The working tree is deliberately different (or gone) in these tests, so an
answer that matches the revision can only have come from git.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml
from conftest import CASES, PROJECT, findings_of, git, make_repo, run, write_registry

AS_OF = "2026-11-01"
AS_DAY = date(2026, 11, 1)
ADVOCATE = """\
id: ada
username: Ada
languages: [en]
"""


def _cases() -> list[Path]:
    return sorted(
        path
        for kind in ("positive", "negative")
        for path in (CASES / kind).iterdir()
        if path.is_dir()
    )


def _expected(case: Path) -> set[tuple[str, str, str, int]]:
    expected = case / "expected.yaml"
    if not expected.is_file():
        return set()
    data = yaml.safe_load(expected.read_text(encoding="utf-8"))
    return {tuple(item) for item in data["findings"]}


@pytest.mark.parametrize("case", _cases(), ids=lambda path: f"{path.parent.name}-{path.name}")
def test_every_case_read_from_git_gives_the_same_findings(case: Path, tmp_path: Path) -> None:
    root = make_repo(case, tmp_path / "repo")
    for top in ("registry", "rules"):
        shutil.rmtree(root / top, ignore_errors=True)  # only git still has them
    assert findings_of(root, "--as-of", AS_OF, "--rev", "HEAD") == _expected(case)


def test_rev_reads_the_revision_not_the_working_tree(tmp_path: Path) -> None:
    root = write_registry(tmp_path, {"registry/advocates/ada.yaml": ADVOCATE})
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--no-verify", "-m", "good")
    (root / "registry/advocates/ada.yaml").write_text("id: ada\n", encoding="utf-8")
    git(root, "commit", "--quiet", "--no-verify", "-am", "bad")
    (root / "registry/advocates/ada.yaml").write_text(ADVOCATE + "unknown: 1\n", encoding="utf-8")

    assert findings_of(root, "--rev", "HEAD~1") == set()
    assert {code for _, code, _, _ in findings_of(root, "--rev", "HEAD")} == {"schema"}
    on_disk = findings_of(root)
    assert on_disk == {("error", "schema", "registry/advocates/ada.yaml", 4)}
    shown = run("show", "advocate/ada", "--registry", str(root), "--rev", "main~1")
    assert shown.exit_code == 0 and "Ada" in shown.stdout


def test_registry_in_a_subfolder_of_the_repository(tmp_path: Path) -> None:
    root = write_registry(tmp_path / "network", {"registry/advocates/ada.yaml": ADVOCATE})
    (tmp_path / "registry").mkdir()  # a decoy at the top of the repository
    (tmp_path / "registry/advocates").mkdir()
    (tmp_path / "registry/advocates/x.yaml").write_text("not: [valid", encoding="utf-8")
    git(tmp_path, "init", "--quiet", "--initial-branch=main")
    git(tmp_path, "add", "--all")
    git(tmp_path, "commit", "--quiet", "--no-verify", "-m", "first")
    shutil.rmtree(root / "registry")
    result = run("validate", "--registry", str(root), "--rev", "HEAD", "--format", "json")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.json()["summary"]["records"] == 1


def test_a_linked_file_in_git_is_refused_like_on_disk(tmp_path: Path) -> None:
    root = write_registry(tmp_path, {})
    (root / "registry/advocates").mkdir(parents=True)
    (root / "registry/advocates/host.yaml").symlink_to("/etc/hostname")
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--no-verify", "-m", "link")
    expected = {("error", "file-unsafe", "registry/advocates/host.yaml", 1)}
    assert findings_of(root, "--rev", "HEAD") == expected == findings_of(root)


@pytest.mark.parametrize(
    ("rev", "says"),
    [
        ("-rf", "starts with '-'"),
        ("no-such-branch", "not a commit"),
        ("HEAD~5", "not a commit"),
    ],
)
def test_a_bad_revision_is_a_usage_error(tmp_path: Path, rev: str, says: str) -> None:
    root = make_repo(CASES / "positive" / "manifest-only", tmp_path / "repo")
    result = run("validate", "--registry", str(root), "--rev", rev)
    assert result.exit_code == 2
    assert says in result.stderr and "Traceback" not in result.stderr


def test_a_revision_before_the_registry_existed(tmp_path: Path) -> None:
    git(tmp_path, "init", "--quiet", "--initial-branch=main")
    (tmp_path / "README").write_text("before\n", encoding="utf-8")
    git(tmp_path, "add", "--all")
    git(tmp_path, "commit", "--quiet", "--no-verify", "-m", "before")
    write_registry(tmp_path, {})
    result = run("validate", "--registry", str(tmp_path), "--rev", "HEAD")
    assert result.exit_code == 2
    assert "holds no registry" in result.stderr and "advoc.yaml" in result.stderr


def test_rev_outside_git_is_a_usage_error(tmp_path: Path) -> None:
    root = write_registry(tmp_path, {})
    result = run("status", "--registry", str(root), "--rev", "HEAD")
    assert result.exit_code == 2
    assert "not in a git repository" in result.stderr


def test_read_commands_take_rev_on_the_project_registry() -> None:
    for command in (
        ["list", "advocates"],
        ["export", "--format", "json"],
        ["who", "--country", "BR"],
        ["validate", "--as-of", AS_OF],
        ["status"],
        ["guide"],
        ["show", "process/role-grant"],
    ):
        result = run(*command, "--registry", str(PROJECT), "--rev", "HEAD")
        assert result.exit_code == 0, (command, result.stdout + result.stderr)


def _picture(registry: object) -> tuple[object, ...]:
    from advoc.commands.validate import check

    findings = sorted((f.severity, f.code, f.file, f.message) for f in check(registry, AS_DAY))  # type: ignore[arg-type]
    records = sorted(r.ref for r in registry.all())  # type: ignore[attr-defined]
    return registry.files, records, findings  # type: ignore[attr-defined]


def test_a_changed_registry_equals_a_full_load_of_the_changes(tmp_path: Path) -> None:
    """What propose validates (only changed files re-read) is what a full load gives."""
    from advoc.load.loader import load, with_changes
    from advoc.load.sources import Overlay, revision

    root = make_repo(CASES / "positive" / "complete-registry", tmp_path / "repo")
    at = revision(root, "HEAD")
    base = load(root, source=at)
    changes: dict[str, bytes | None] = {
        "registry/advocates/ada-lovelace.yaml": b"id: ada-lovelace\nusername: Ada\n",
        "registry/decisions/grant-ada.yaml": None,
        "registry/advocates/new.yml": b"id: new\n",
        "rules/principles/notes.txt": b"stray\n",
    }
    quick = with_changes(base, changes)
    full = load(root, source=Overlay(at, changes))
    assert _picture(quick) == _picture(full)
    codes = {code for _, code, _, _ in _picture(quick)[2]}  # type: ignore[attr-defined]
    assert {"schema", "file-misplaced"} <= codes


def test_files_reused_by_blob_id_give_the_same_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = make_repo(CASES / "negative" / "mixed-report", tmp_path / "repo")
    first = run(
        "validate", "--registry", str(root), "--rev", "HEAD", "--format", "json", "--as-of", AS_OF
    )
    kept = list((tmp_path / "cache" / "advoc").glob("*.blobs"))
    assert len(kept) == 1
    second = run(
        "validate", "--registry", str(root), "--rev", "HEAD", "--format", "json", "--as-of", AS_OF
    )
    kept[0].write_bytes(b"\x00garbage")
    third = run(
        "validate", "--registry", str(root), "--rev", "HEAD", "--format", "json", "--as-of", AS_OF
    )
    assert first.exit_code == second.exit_code == third.exit_code == 1
    assert first.stdout == second.stdout == third.stdout


def test_files_on_disk_are_reused_only_for_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read commands reuse what the same bytes gave before; every kind of local
    change is read afresh, also where git's index would call the file unchanged."""
    from advoc.load.loader import load

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = make_repo(CASES / "positive" / "complete-registry", tmp_path / "repo")
    assert _picture(load(root, reuse=True)) == _picture(load(root, reuse=False))
    assert list((tmp_path / "cache" / "advoc").glob("*.blobs"))  # kept for next time
    advocates = root / "registry/advocates"
    (advocates / "ada-lovelace.yaml").write_text("id: ada-lovelace\nusername: Ada\n")  # unstaged
    (advocates / "grace-hopper.yaml").write_text("id: grace-hopper\nlanguages: [en]\n")
    git(root, "add", "registry/advocates/grace-hopper.yaml")  # staged
    (root / "registry/decisions/banner-2026.yaml").unlink()  # deleted
    (advocates / "new.yaml").write_text("id: new\n")  # untracked
    campaign = root / "registry/campaigns/open-access-2026.yaml"
    git(root, "update-index", "--assume-unchanged", "registry/campaigns/open-access-2026.yaml")
    campaign.write_text(campaign.read_text() + "unknown: 1\n")  # git no longer looks
    git(root, "config", "core.ignoreStat", "true")
    reused, fresh = _picture(load(root, reuse=True)), _picture(load(root, reuse=False))
    assert reused == fresh
    assert ("error", "schema", "registry/campaigns/open-access-2026.yaml") in {
        finding[:3]
        for finding in fresh[2]  # type: ignore[attr-defined]
    }
    # What the changed bytes gave is never taken for the commit's.
    at_head = load(root, rev="HEAD")
    campaign_then = at_head.get("campaign", "open-access-2026")
    assert campaign_then is not None and "unknown" not in campaign_then.data
    codes = {code for _, code, _, _ in fresh[2]}  # type: ignore[attr-defined]
    assert {"schema", "ref-missing"} <= codes


def test_a_file_over_1_mib_in_git_is_refused_unread(tmp_path: Path) -> None:
    root = write_registry(
        tmp_path,
        {"registry/advocates/big.yaml": "id: big\nnotes: " + "x" * (1 << 21) + "\n"},
    )
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--no-verify", "-m", "big")
    expected = {("error", "file-unsafe", "registry/advocates/big.yaml", 1)}
    assert findings_of(root, "--rev", "HEAD") == expected == findings_of(root)
    result = run("validate", "--registry", str(root), "--rev", "HEAD")
    assert "larger than 1 MiB" in result.stdout


def test_a_changed_file_is_hashed_again_even_with_its_old_times(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hashes are reused by size, times and inode, as git's index does; a write
    moves the change time, which no one can set back, so it is always seen."""
    import os
    import time

    from advoc.load.loader import load

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = make_repo(CASES / "positive" / "complete-registry", tmp_path / "repo")
    time.sleep(2.1)  # older than the racy window: the next load keeps reusable hashes
    assert _picture(load(root, reuse=True)) == _picture(load(root, reuse=False))
    path = root / "registry/advocates/ada-lovelace.yaml"
    before = path.stat()
    text = path.read_text()
    path.write_text(text.replace("name: {en: Ada Lovelace}", "name: {en: Ada Lovelaca}"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # same size, same mtime
    reused = load(root, reuse=True)
    assert _picture(reused) == _picture(load(root, reuse=False))
    ada = reused.get("advocate", "ada-lovelace")
    assert ada is not None and ada.data["name"] == {"en": "Ada Lovelaca"}
