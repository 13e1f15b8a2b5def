"""`advoc history`: real repositories built commit by commit, the real CLI."""

from __future__ import annotations

import subprocess
from pathlib import Path

from conftest import git, run, write_registry

ADA = "registry/advocates/ada-lovelace.yaml"
BYRON = "registry/advocates/ada-byron.yaml"

VERSION_1 = """\
# a comment that history must not report
id: ada-lovelace
username: Ada Lovelace
name: Ada Lovelace
languages: [en]
"""
VERSION_2 = VERSION_1.replace("languages: [en]", "languages: [en, it]")
VERSION_3 = (
    VERSION_2
    + """\
roles:
  - role: spokesperson
    start: 2026-02-01
    end: 2027-02-01
    scope: {countries: [GB]}
    granted_by: 2026-grant-ada
"""
)
VERSION_4 = VERSION_3.replace(
    "    end: 2027-02-01\n", "    end: 2026-06-01\n    ended_by: 2026-remove-ada\n"
)
VERSION_5 = VERSION_4.replace("id: ada-lovelace", "id: ada-byron")


def commit(root: Path, message: str, day: int) -> None:
    git(root, "add", "--all")
    date = f"2026-01-{day:02d}T10:00:00+00:00"
    git(root, "commit", "--quiet", "--no-verify", f"--date={date}", "-m", message)


def build(root: Path) -> Path:
    """Five commits to one advocate, then a rename."""
    write_registry(root, {ADA: VERSION_1})
    git(root, "init", "--quiet", "--initial-branch=main")
    commit(root, "Add Ada", 1)
    for day, version in ((2, VERSION_2), (3, VERSION_3), (4, VERSION_4)):
        (root / ADA).write_text(version, encoding="utf-8")
        commit(root, f"Edit Ada, day {day}", day)
    git(root, "mv", ADA, BYRON)
    (root / BYRON).write_text(VERSION_5, encoding="utf-8")
    commit(root, "Ada is known as Ada Byron now", 5)
    return root


def test_every_change_newest_first_with_fields_across_a_rename(tmp_path: Path) -> None:
    root = build(tmp_path)
    result = run("history", "advocate/ada-byron", "--format", "json", cwd=root)
    assert result.exit_code == 0, result.stderr
    shown = result.json()
    assert shown["record"] == "advocate/ada-byron" and shown["exists"] is True
    assert shown["shallow"] is False
    changes = shown["changes"]
    assert [change["subject"] for change in changes] == [
        "Ada is known as Ada Byron now",
        "Edit Ada, day 4",
        "Edit Ada, day 3",
        "Edit Ada, day 2",
        "Add Ada",
    ]
    assert [change["change"] for change in changes] == [
        "renamed",
        "changed",
        "changed",
        "changed",
        "added",
    ]
    renamed, ended, granted, languages, added = changes
    assert renamed["old_file"] == ADA and renamed["file"] == BYRON
    assert renamed["fields"] == [
        {"field": "id", "change": "changed", "old": "ada-lovelace", "new": "ada-byron"}
    ]
    assert {(item["field"], item["old"], item["new"]) for item in ended["fields"]} == {
        ("roles[0].end", "2027-02-01", "2026-06-01"),
        ("roles[0].ended_by", None, "2026-remove-ada"),
    }
    assert ended["sentences"] == [
        "Ada Lovelace: role spokesperson (GB) ended on 2026-06-01 by decision 2026-remove-ada."
    ]
    assert granted["fields"][0]["field"] == "roles" and granted["fields"][0]["change"] == "added"
    assert granted["sentences"] == [
        "Ada Lovelace: gains role spokesperson (GB), 2026-02-01 → 2027-02-01, "
        "granted by decision 2026-grant-ada."
    ]
    assert languages["fields"] == [
        {"field": "languages", "change": "changed", "old": ["en"], "new": ["en", "it"]}
    ]
    assert added["fields"] == [] and added["sentences"][0].startswith("New advocate Ada Lovelace")
    assert {change["author"] for change in changes} == {"Test Author"}
    assert added["date"].startswith("2026-01-01") and len(added["commit"]) == 40


def test_text_output_names_commit_author_and_fields(tmp_path: Path) -> None:
    root = build(tmp_path)
    result = run("history", "advocates/ada-byron", cwd=root)
    assert result.exit_code == 0, result.stderr
    assert "roles[0].end: 2027-02-01 → 2026-06-01" in result.stdout
    assert "languages: en → en, it" in result.stdout
    assert f"renamed from {ADA} to {BYRON}" in result.stdout
    assert "Test Author <author@example.org>" in result.stdout
    assert (
        "  = Ada Lovelace: role spokesperson (GB) ended on 2026-06-01 by decision "
        "2026-remove-ada." in result.stdout
    )
    assert result.stdout.index("Ada is known as") < result.stdout.index("Add Ada")


def test_a_deleted_record_still_has_its_history(tmp_path: Path) -> None:
    root = build(tmp_path)
    git(root, "rm", "--quiet", BYRON)
    commit(root, "Remove Ada", 6)
    result = run("history", "advocate/ada-byron", "--format", "json", cwd=root)
    assert result.exit_code == 0, result.stderr
    shown = result.json()
    assert shown["exists"] is False
    assert shown["changes"][0]["change"] == "removed"
    assert shown["changes"][0]["sentences"] == ["Ada Lovelace is removed (advocate/ada-byron)."]
    assert len(shown["changes"]) == 6
    text = run("history", "advocate/ada-byron", cwd=root).stdout
    assert "which no longer exists" in text


def test_a_registry_in_a_subfolder_of_the_repository(tmp_path: Path) -> None:
    network = tmp_path / "network"
    write_registry(network, {ADA: VERSION_1})
    git(tmp_path, "init", "--quiet", "--initial-branch=main")
    commit(tmp_path, "Add Ada", 1)
    (network / ADA).write_text(VERSION_2, encoding="utf-8")
    commit(tmp_path, "Ada speaks Italian", 2)
    result = run("history", "advocate/ada-lovelace", "--format", "json", cwd=network)
    assert result.exit_code == 0, result.stderr
    changes = result.json()["changes"]
    assert [change["file"] for change in changes] == [ADA, ADA]
    assert changes[0]["fields"][0]["field"] == "languages"


def test_a_shallow_clone_is_detected_and_explained(tmp_path: Path) -> None:
    origin = build(tmp_path / "origin")
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "--quiet", "--depth", "2", f"file://{origin}", str(clone)],
        check=True,
        capture_output=True,
    )
    result = run("history", "advocate/ada-byron", "--format", "json", cwd=clone)
    assert result.exit_code == 0, result.stderr
    assert result.json()["shallow"] is True
    changes = result.json()["changes"]
    assert len(changes) == 2
    assert "history stops at this commit" in changes[-1]["problem"]
    assert changes[0]["problem"] is None
    assert "shallow clone" in result.stderr
    assert "fetch-depth: 0" in result.stderr and "GIT_DEPTH: 0" in result.stderr


def test_an_unknown_record_is_a_usage_error_with_a_suggestion(tmp_path: Path) -> None:
    root = build(tmp_path)
    result = run("history", "advocate/ada-byrn", cwd=root)
    assert result.exit_code == 2
    assert "There is no advocate 'ada-byrn'" in result.stderr
    assert "Did you mean advocate/ada-byron?" in result.stderr
    assert run("history", "people/ada", cwd=root).exit_code == 2
    assert "KIND/ID" in run("history", "ada", cwd=root).stderr


def test_outside_a_git_repository_is_a_usage_error(tmp_path: Path) -> None:
    root = write_registry(tmp_path, {ADA: VERSION_1})
    result = run("history", "advocate/ada-lovelace", cwd=root)
    assert result.exit_code == 2
    assert "not in a git repository" in result.stderr and "hint:" in result.stderr


def test_a_repository_without_commits_says_so(tmp_path: Path) -> None:
    root = write_registry(tmp_path, {ADA: VERSION_1})
    git(root, "init", "--quiet", "--initial-branch=main")
    for command in (("history", "advocate/ada-lovelace"), ("audit",), ("diff",)):
        result = run(*command, cwd=root)
        assert result.exit_code == 2, command
        assert "no commits yet" in result.stderr and "git commit" in result.stderr
