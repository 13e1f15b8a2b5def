"""`advoc init`: a new registry with the default rules, in a new git repository."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import git, run, write_registry


def test_init_creates_a_valid_registry_in_a_new_repository(tmp_path: Path) -> None:
    target = tmp_path / "network"
    result = run("init", str(target))
    assert result.exit_code == 0, result.stdout + result.stderr
    assert (target / "advoc.yaml").is_file()
    for folder in (
        "registry/advocates",
        "registry/decisions",
        "rules/roles",
        "rules/processes",
        "rules/principles",
        "rules/entry-points",
        "registry/feedback",
    ):
        assert (target / folder).is_dir(), folder
    assert git(target, "rev-list", "--count", "HEAD").strip() == "1"
    assert git(target, "status", "--porcelain", "--untracked-files=all") == ""
    assert "advoc.yaml" in git(target, "ls-files").split()
    validated = run("validate", "--registry", str(target))
    assert validated.exit_code == 0, validated.stdout


def test_init_copies_the_default_rules(tmp_path: Path) -> None:
    target = tmp_path / "network"
    assert run("init", str(target)).exit_code == 0
    assert list((target / "rules" / "roles").glob("*.yaml")), "no default roles were copied"
    assert list((target / "rules" / "processes").glob("*.yaml")), "no default processes"


def test_init_commits_as_gits_identity(tmp_path: Path) -> None:
    target = tmp_path / "network"
    assert run("init", str(target)).exit_code == 0
    author = git(target, "log", "-1", "--format=%an <%ae>|%cn <%ce>").strip()
    assert author == "Test Author <author@example.org>|Test Committer <committer@example.org>"


def test_init_uses_the_identity_from_git_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / ".gitconfig").write_text(
        "[user]\n\tname = Config User\n\temail = config@example.org\n", encoding="utf-8"
    )
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    for who in ("AUTHOR", "COMMITTER"):
        monkeypatch.delenv(f"GIT_{who}_NAME")
        monkeypatch.delenv(f"GIT_{who}_EMAIL")
    target = tmp_path / "network"
    result = run("init", str(target))
    assert result.exit_code == 0, result.stderr
    log = subprocess.run(
        ["git", "log", "-1", "--format=%an <%ae>"],
        cwd=target,
        capture_output=True,
        text=True,
        check=True,
    )
    assert log.stdout.strip() == "Config User <config@example.org>"


def test_init_refuses_without_a_git_identity(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty_home = tmp_path / "home"
    empty_home.mkdir()
    for who in ("AUTHOR", "COMMITTER"):
        for what in ("NAME", "EMAIL", "DATE"):
            monkeypatch.delenv(f"GIT_{who}_{what}", raising=False)
    monkeypatch.delenv("EMAIL", raising=False)
    monkeypatch.setenv("HOME", str(empty_home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(empty_home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    target = tmp_path / "network"
    result = run("init", str(target))
    assert result.exit_code == 2
    assert not target.exists() or not any(target.iterdir()), "init created files"
    assert "git config" in result.stderr
    assert "user.name" in result.stderr and "user.email" in result.stderr
    assert "Traceback" not in result.stderr


def test_init_refuses_an_existing_registry(tmp_path: Path) -> None:
    root = write_registry(tmp_path / "network", {})
    manifest = (root / "advoc.yaml").read_bytes()
    result = run("init", str(root))
    assert result.exit_code == 2
    assert "already exists" in result.stderr
    assert (root / "advoc.yaml").read_bytes() == manifest
    assert not (root / "rules").exists()
    assert not (root / ".git").exists()


def test_init_refuses_a_folder_with_a_registry_folder(tmp_path: Path) -> None:
    (tmp_path / "network" / "rules").mkdir(parents=True)
    result = run("init", str(tmp_path / "network"))
    assert result.exit_code == 2
    assert not (tmp_path / "network" / "advoc.yaml").exists()


def test_init_in_the_current_folder(tmp_path: Path) -> None:
    result = run("init", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "advoc.yaml").is_file()
    assert run("validate", cwd=tmp_path).exit_code == 0


def test_init_refuses_a_bad_language(tmp_path: Path) -> None:
    result = run("init", str(tmp_path / "network"), "--language", "English")
    assert result.exit_code == 2
    assert "English" in result.stderr
    assert not (tmp_path / "network" / "advoc.yaml").exists()


def test_init_names_the_network(tmp_path: Path) -> None:
    target = tmp_path / "network"
    name = 'Wikimedia "advocacy": Norge'
    assert run("init", str(target), "--name", name, "--language", "nb").exit_code == 0
    from advoc.yamlio import parse_bytes

    manifest = parse_bytes((target / "advoc.yaml").read_bytes())
    assert manifest["name"] == name
    assert manifest["default_language"] == "nb"
    assert manifest["advoc"] == 1
