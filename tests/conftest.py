"""Shared fixtures: real files on disk, real git repositories, the real CLI."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from advoc.cli.app import app
from advoc.model.votes import voter_key

CASES = Path(__file__).parent / "cases"
PROJECT = Path(__file__).parent.parent
# The installed `advoc` command, the one beside this Python first, for the
# tests that run it as a subprocess.
ADVOC = shutil.which("advoc", path=str(Path(sys.executable).parent)) or shutil.which("advoc")

# Under CI a test that needs a real component (Chromium, gitlab-ci-local, node)
# fails when it is missing: .ci/run installs them, so a skip would hide a
# missing install step. Read before the fixtures below clean the environment.
IN_CI = os.environ.get("CI") == "true"


def need(component: object, reason: str) -> None:
    """Skip, with the reason, when a real component is missing; fail under CI."""
    if component:
        return
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: .ci/run must install it)")
    pytest.skip(reason)


# Pinned so that commits and their ids are the same on every run.
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test Author",
    "GIT_AUTHOR_EMAIL": "author@example.org",
    "GIT_AUTHOR_DATE": "2026-01-01T00:00:00+00:00",
    "GIT_COMMITTER_NAME": "Test Committer",
    "GIT_COMMITTER_EMAIL": "committer@example.org",
    "GIT_COMMITTER_DATE": "2026-01-01T00:00:00+00:00",
    "GIT_CONFIG_NOSYSTEM": "1",
}


@pytest.fixture(autouse=True)
def _isolated_environment(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test sees the developer's git configuration, CI variables or registry."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    for name in (
        "ADVOC_REGISTRY",
        "ADVOC_PRIVATE",
        "GITHUB_ACTIONS",
        "GITHUB_WORKSPACE",
        "CI_PROJECT_DIR",
        "NO_COLOR",
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
    ):
        monkeypatch.delenv(name, raising=False)
    for name, value in GIT_ENV.items():
        monkeypatch.setenv(name, value)


def git(root: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **GIT_ENV},
    )
    return result.stdout


def make_repo(source: Path, target: Path) -> Path:
    """Copy a case folder into a temporary folder and make it a git repository."""
    shutil.copytree(source, target, symlinks=True)
    git(target, "init", "--quiet", "--initial-branch=main")
    git(target, "add", "--all")
    git(target, "commit", "--quiet", "--no-verify", "-m", "fixture")
    return target


def project_copy(root: Path) -> Path:
    """The project's own registry (manifest, registry/, rules/) copied into `root`."""
    root.mkdir()
    shutil.copy(PROJECT / "advoc.yaml", root)
    for top in ("registry", "rules"):
        shutil.copytree(PROJECT / top, root / top)
    return root


def project_repo(root: Path) -> Path:
    """The project's own registry (manifest, registry/, rules/) as a new git repository."""
    project_copy(root)
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--no-verify", "-m", "The registry")
    return root


def write_registry(root: Path, files: dict[str, str | bytes]) -> Path:
    """A registry on disk from {relative path: content}; a manifest is added if missing."""
    files = {"advoc.yaml": "advoc: 2\nname: Test network\ndefault_language: en\n", **files}
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def vote_files(decision: str, *votes: str) -> dict[str, str]:
    """Vote files of `decision`, each named after its voter as the format says, from
    flow mappings such as `{user: Ada, position: support, date: 2026-03-02T10:00:00Z}`;
    `file: NAME` puts one under another name (a misfiled vote)."""
    files = {}
    for text in votes:
        data = yaml.load(text, Loader=yaml.BaseLoader)  # every value as written, a string
        name = data.pop("file", None) or voter_key(data["user"])
        lines = [f"decision: {decision}\n"]
        lines += [
            f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in data.items()
        ]
        files[f"registry/votes/{decision}/{name}.yaml"] = "".join(lines)
    return files


class Result:
    def __init__(
        self, exit_code: int, stdout: str, stderr: str, exception: BaseException | None
    ) -> None:
        self.exit_code = exit_code
        self.stdout = stdout
        self.stderr = stderr
        self.exception = exception

    def json(self) -> Any:
        return json.loads(self.stdout)

    @property
    def said(self) -> str:
        """stderr as its words: typer draws a usage error in a box wrapped to the
        terminal's width (COLUMNS, the versions of typer and rich), and neither
        the box nor where its lines break is part of the message."""
        return " ".join(self.stderr.translate(_BOX).split())


_BOX = str.maketrans("", "", "╭╮╰╯─│")


def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> Result:
    """The real CLI in this process (typer's CliRunner), with `env` added to the
    environment; never a traceback."""
    runner = CliRunner()
    previous = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        result = runner.invoke(app, list(args), catch_exceptions=True, env=env)
    finally:
        os.chdir(previous)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"advoc raised {result.exception!r}") from result.exception
    return Result(result.exit_code, result.stdout, result.stderr, result.exception)


def validated(root: Path, *extra: str) -> tuple[int, list[dict[str, Any]]]:
    """The exit code of `advoc validate --format json` and the findings it reports."""
    result = run("validate", "--registry", str(root), "--format", "json", *extra)
    assert result.exit_code in (0, 1), result.stdout + result.stderr
    findings: list[dict[str, Any]] = result.json()["findings"]
    return result.exit_code, findings


def findings_of(root: Path, *extra: str) -> set[tuple[str, str, str, int]]:
    """(severity, code, file, line) of every finding `advoc validate` reports."""
    return {(f["severity"], f["code"], f["file"], f["line"]) for f in validated(root, *extra)[1]}


SNAPSHOTS = Path(__file__).parent / "snapshots"
BLESS = os.environ.get("ADVOC_BLESS") == "1"


def assert_snapshot(path: Path, actual: str) -> None:
    """`actual` is the stored snapshot at `path`; with ADVOC_BLESS=1 it becomes it
    (review the diff before committing)."""
    if BLESS:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual.encode("utf-8"))
        return
    assert path.exists(), f"no snapshot {path}; create it with ADVOC_BLESS=1"
    expected = path.read_bytes().decode("utf-8")
    assert actual == expected, f"{path.name} changed; if intended, rerun with ADVOC_BLESS=1"


# The project's example registry keeps one advocate in its private part: the
# public repository holds only this opaque id (registry/withheld.yaml). Tests
# build the private part in a temporary folder; it is never a committed repository.
WITHHELD_ID = "w-cyf72qteh9"
WITHHELD_USERNAME = "سرو سبز"  # fictional
WITHHELD_OLD_ID = "mena-advocate-2025"  # its id before `advoc private migrate`
WITHHELD_RECORD = f"""\
# Advocate (fictional person) listed with limited visibility for their safety.
id: {WITHHELD_ID}
username: {WITHHELD_USERNAME}
visibility: limited
languages:
  - fa
  - ar
  - en
regions:
  - mena
topics:
  - censorship
  - privacy
roles:
  - role: advocate
    start: 2025-09-15
    end: 2027-09-15
    scope:
      topics:
        - censorship
        - privacy
    granted_by: 2025-grant-{WITHHELD_ID}
notes: >
  Reach this advocate only through a registry steward.
"""


def private_part(folder: Path, files: dict[str, str] | None = None) -> Path:
    """The project's private part in `folder` (or `files`, path -> text, instead)."""
    wanted = (
        files if files is not None else {f"registry/advocates/{WITHHELD_ID}.yaml": WITHHELD_RECORD}
    )
    for relative, content in wanted.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return folder


@pytest.fixture
def project_registry() -> Iterator[Path]:
    yield PROJECT
