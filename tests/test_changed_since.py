"""`advoc validate --changed-since REF`: only findings in files changed since
REF (committed, staged, unstaged or untracked), while cross-record checks
still see the whole registry."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import findings_of, git, make_repo, run, write_registry

AS_OF = "2026-11-01"
ADA = "registry/advocates/ada-lovelace.yaml"
GRACE = "registry/advocates/grace-hopper.yaml"
BROKEN_ADA = "id: ada-lovelace\nusername: Ada Lovelace\nlanguages: [en]\nnmae: Ada\n"
BROKEN_GRACE = "id: grace-hopper\nusername: Grace Hopper\nlanguages: [en]\ngroups: [nope]\n"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A committed registry with two broken files."""
    source = write_registry(tmp_path / "source", {ADA: BROKEN_ADA, GRACE: BROKEN_GRACE})
    return make_repo(source, tmp_path / "repo")


def changed(root: Path, ref: str = "HEAD") -> set[tuple[str, str, str, int]]:
    return findings_of(root, "--as-of", AS_OF, "--changed-since", ref)


def test_without_changes_nothing_is_reported(repo: Path) -> None:
    assert len(findings_of(repo, "--as-of", AS_OF)) == 2
    assert changed(repo) == set()


def test_only_the_changed_file_is_reported(repo: Path) -> None:
    (repo / ADA).write_text(BROKEN_ADA + "# edited\n", encoding="utf-8")
    assert changed(repo) == {("error", "schema", ADA, 4)}


def test_a_staged_change_is_reported(repo: Path) -> None:
    (repo / GRACE).write_text("# edited\n" + BROKEN_GRACE, encoding="utf-8")
    git(repo, "add", GRACE)
    assert changed(repo) == {("error", "ref-missing", GRACE, 5)}


def test_an_untracked_new_file_is_reported(repo: Path) -> None:
    (repo / "registry/advocates/alan-turing.yaml").write_text("id: alan-turing\n", encoding="utf-8")
    assert changed(repo) == {("error", "schema", "registry/advocates/alan-turing.yaml", 1)}


def test_committed_changes_since_an_older_commit_are_reported(repo: Path) -> None:
    (repo / ADA).write_text(BROKEN_ADA + "# edited\n", encoding="utf-8")
    git(repo, "commit", "--quiet", "--all", "-m", "edit ada")
    assert changed(repo, "HEAD") == set()
    assert changed(repo, "HEAD~1") == {("error", "schema", ADA, 4)}


def test_cross_record_checks_still_see_unchanged_files(repo: Path) -> None:
    """A new record naming a record that did not change is checked against it."""
    (repo / "registry/groups").mkdir()
    (repo / "registry/groups/wikimedia-norge.yaml").write_text(
        "id: wikimedia-norge\nname: Wikimedia Norge\ntype: chapter\n", encoding="utf-8"
    )
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "-m", "add a group")
    (repo / "registry/advocates/alan-turing.yaml").write_text(
        "id: alan-turing\nusername: Alan Turing\nlanguages: [en]\ngroups: [wikimedia-norge]\n",
        encoding="utf-8",
    )
    assert changed(repo) == set()


def test_a_deleted_file_does_not_break_the_run(repo: Path) -> None:
    (repo / ADA).unlink()
    assert changed(repo) == set()


def test_a_changed_file_with_a_non_ascii_name_is_reported(repo: Path) -> None:
    """git quotes such names in its output unless told not to."""
    name = "registry/groups/zoë.yaml"
    (repo / "registry/groups").mkdir()
    (repo / name).write_text("id: zoe\nname: Zoë\ntype: informal\n", encoding="utf-8")
    assert changed(repo) == {("error", "id-filename", name, 1)}


def test_a_changed_file_with_spaces_in_its_name_is_reported(repo: Path) -> None:
    name = "registry/advocates/notes from the meeting.txt"
    (repo / name).write_text("stray\n", encoding="utf-8")
    assert changed(repo) == {("warning", "file-misplaced", name, 1)}


def test_a_registry_in_a_subfolder_of_the_repository(tmp_path: Path) -> None:
    source = write_registry(tmp_path / "source" / "network", {ADA: BROKEN_ADA, GRACE: BROKEN_GRACE})
    repo = make_repo(source.parent, tmp_path / "repo")
    root = repo / "network"
    (root / ADA).write_text(BROKEN_ADA + "# edited\n", encoding="utf-8")
    (repo / "README.md").write_text("changed outside the registry\n", encoding="utf-8")
    assert changed(root) == {("error", "schema", ADA, 4)}


def test_an_unknown_ref_exits_2_with_a_clear_message(repo: Path) -> None:
    result = run(
        "validate", "--registry", str(repo), "--changed-since", "no-such-branch", "--format", "json"
    )
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "no-such-branch" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_ref_that_is_not_a_commit_exits_2(repo: Path) -> None:
    tree = git(repo, "rev-parse", "HEAD^{tree}").strip()
    result = run("validate", "--registry", str(repo), "--changed-since", tree)
    assert result.exit_code == 2
    assert tree in result.stderr


def test_an_option_like_ref_is_not_passed_to_git_as_an_option(repo: Path, tmp_path: Path) -> None:
    written = tmp_path / "written-by-git"
    result = run("validate", "--registry", str(repo), f"--changed-since=--output={written}")
    assert result.exit_code == 2
    assert not written.exists()


def test_outside_a_git_repository_the_message_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    root = write_registry(tmp_path / "network", {ADA: BROKEN_ADA})
    result = run("validate", "--registry", str(root), "--changed-since", "HEAD")
    assert result.exit_code == 2
    assert "not a git repository" in result.stderr
