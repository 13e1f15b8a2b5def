"""Anonymous feedback names nobody: not in the file, not in the commit, not in
the branch, not in what is pushed (issue: "anonymous means anonymous").

Each test files feedback from a real git repository whose user is a named
person, reads the real commit objects back, and searches them for that
person's name and email.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import CASES, findings_of, git, make_repo, run

NAME = "Grace Private"
EMAIL = "grace.private@mail.example"
EPOCH = "1794312000"  # 2026-11-10T12:00:00Z
ANONYMOUS = ("Anonymous contributor", "anonymous@users.noreply.test.example")
FEEDBACK = (
    "propose", "feedback", "advocate/ada-lovelace", "--kind", "concern",
    "--summary", "Answers the press too slowly",
)  # fmt: skip


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixture registry in a repository whose user is a named person, who
    signs every commit (with a signing program that always fails, so that a
    signature attempt would show)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = make_repo(CASES / "positive" / "complete-registry", tmp_path / "network")
    for variable in (
        "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_AUTHOR_DATE",
        "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "GIT_COMMITTER_DATE",
    ):  # fmt: skip
        monkeypatch.delenv(variable)
    for key, value in (
        ("user.name", NAME),
        ("user.email", EMAIL),
        ("commit.gpgSign", "true"),
        ("gpg.program", "false"),
    ):
        subprocess.run(["git", "config", key, value], cwd=root, check=True)
    return root


def refs(root: Path) -> str:
    return git(root, "for-each-ref", "--format=%(refname) %(objectname)")


def raw_commit(root: Path, rev: str) -> str:
    return git(root, "cat-file", "-p", rev)


def names_nobody(text: str) -> bool:
    lowered = text.lower()
    return not any(part in lowered for part in ("grace", "private", EMAIL.lower()))


def test_the_commit_names_the_registrys_identity_not_the_person(repo: Path) -> None:
    result = run(*FEEDBACK, "--anonymous", "--registry", str(repo))
    assert result.exit_code == 0, result.stdout + result.stderr
    branch = "propose/feedback-2026-11-10-ada-lovelace"
    commit = raw_commit(repo, branch)
    assert f"author {ANONYMOUS[0]} <{ANONYMOUS[1]}> 1794268800 +0000" in commit
    assert f"committer {ANONYMOUS[0]} <{ANONYMOUS[1]}> 1794268800 +0000" in commit
    assert "gpgsig" not in commit  # never signed: a signature names its signer
    assert "author: anonymous" in git(
        repo, "show", f"{branch}:registry/feedback/2026-11-10-ada-lovelace.yaml"
    )
    everything = git(repo, "log", "-p", "--format=fuller", f"main..{branch}") + branch
    assert names_nobody(everything), everything
    assert names_nobody(result.stdout)


def test_the_user_is_told_what_it_protects_and_what_it_cannot(repo: Path) -> None:
    result = run(*FEEDBACK, "--anonymous", "--registry", str(repo))
    assert result.exit_code == 0
    assert "your name and email are in neither" in result.said
    assert "who pushes the branch" in result.said


def test_a_registry_without_an_anonymous_identity_refuses(repo: Path) -> None:
    manifest = repo / "advoc.yaml"
    manifest.write_text(manifest.read_text().split("anonymous:")[0])
    git(repo, "-c", "commit.gpgSign=false", "commit", "-qam", "no anonymous identity")
    before = refs(repo)
    result = run(*FEEDBACK, "--anonymous", "--registry", str(repo))
    assert result.exit_code == 1
    assert "does not take anonymous feedback" in result.said
    assert "anonymous:" in result.stderr and "Nothing was created" in result.said
    assert refs(repo) == before


def test_anonymous_with_as_is_refused_before_anything(repo: Path) -> None:
    before = refs(repo)
    result = run(*FEEDBACK, "--anonymous", "--as", "Grace", "--registry", str(repo))
    assert result.exit_code == 2
    assert "--anonymous and --as" in result.said
    assert refs(repo) == before


def test_a_push_needs_yes_and_then_sends_a_commit_that_names_nobody(
    repo: Path, tmp_path: Path
) -> None:
    remote = tmp_path / "host.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(remote)], check=True)
    git(repo, "remote", "add", "origin", str(remote))
    before = refs(repo)
    refused = run(*FEEDBACK, "--anonymous", "--push", "--registry", str(repo))
    assert refused.exit_code == 2
    assert "--yes" in refused.said and "Nothing was created" in refused.said
    assert refs(repo) == before
    pushed = run(*FEEDBACK, "--anonymous", "--push", "--yes", "--registry", str(repo))
    assert pushed.exit_code == 0, pushed.stdout + pushed.stderr
    sent = git(remote, "log", "-1", "-p", "--format=fuller", "--all")  # the pushed commit
    assert ANONYMOUS[1] in sent and names_nobody(sent), sent


def test_the_identity_is_checked_in_the_manifest(repo: Path) -> None:
    manifest = repo / "advoc.yaml"
    manifest.write_text(manifest.read_text().replace(ANONYMOUS[1], "Grace <grace@mail.example>"))
    found = findings_of(repo)
    assert any(code == "schema" and file == "advoc.yaml" for _, code, file, _ in found), found
