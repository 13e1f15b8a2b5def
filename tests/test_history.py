"""`advoc history`: real repositories built commit by commit, the real CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import typer
from conftest import ADVOC, git, run, vote_files, write_registry

from advoc.cli.app import build as build_app
from advoc.cli.fast import FORMATS, OPTIONS, plain_history
from advoc.commands.history import json_pieces, open_history, record_history, render
from advoc.git.start import FileLog, Running

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


def test_written_a_change_at_a_time_as_it_would_be_whole(tmp_path: Path) -> None:
    """`advoc history` writes each change as git reports it; the text and the
    JSON are exactly what rendering or dumping the whole history gives."""
    origin = build(tmp_path / "origin")
    git(origin, "rm", "--quiet", BYRON)
    commit(origin, "Remove Ada", 6)
    shallow = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "--quiet", "--depth", "2", f"file://{origin}", str(shallow)],
        check=True,
        capture_output=True,
    )
    fresh = tmp_path / "fresh"
    write_registry(fresh, {})
    git(fresh, "init", "--quiet", "--initial-branch=main")
    commit(fresh, "Start the registry", 1)
    write_registry(fresh, {ADA: VERSION_1})  # not committed yet
    cases = [
        (origin, "advocate/ada-byron"),  # deleted, renamed, six changes
        (origin, "advocate/ada-lovelace"),  # its old name
        (shallow, "advocate/ada-byron"),  # the oldest change is where the clone stops
        (fresh, "advocate/ada-lovelace"),  # no commit yet: no changes
    ]
    for root, record in cases:
        whole = record_history(root, record)
        as_json = json.dumps(whole.to_dict(), indent=2, ensure_ascii=False) + "\n"
        assert "".join(json_pieces(whole, whole.changes)) == as_json
        assert run("history", record, "--format", "json", cwd=root).stdout == as_json
        assert run("history", record, cwd=root).stdout == render(whole)
    assert json.loads(as_json)["changes"] == []
    assert "no commit of this file yet" in render(whole)


def test_an_unknown_record_is_a_usage_error_with_a_suggestion(tmp_path: Path) -> None:
    root = build(tmp_path)
    result = run("history", "advocate/ada-byrn", cwd=root)
    assert result.exit_code == 2
    assert "There is no advocate 'ada-byrn'" in result.stderr
    assert "Did you mean advocate/ada-byron?" in result.stderr
    assert run("history", "people/ada", cwd=root).exit_code == 2
    assert "Did you mean advocate?" in run("history", "advocat/ada", cwd=root).stderr
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
        assert result.stdout == "", command
    for output_format in FORMATS:  # history writes as git reports: not before it fails
        fast = installed("history", "advocate/ada-lovelace", "-f", output_format, cwd=root)
        assert fast.returncode == 2 and "no commits yet" in fast.stderr
        assert fast.stdout == ""


def test_changes_closed_early_or_unread_stop_git(tmp_path: Path) -> None:
    """Writing the history may fail before its first change or half-way (a
    closed pipe, Ctrl-C): closing its changes stops and reaps both gits."""
    root = build(tmp_path)
    for wanted in (0, 1):
        started = FileLog(str(root), BYRON)
        head, changes = open_history(root, "advocate/ada-byron", started)
        for _ in zip(range(wanted), changes, strict=False):
            pass
        changes.close()
        for process in (started.facts, started.log):
            with pytest.raises(ChildProcessError):  # ended and reaped
                os.waitpid(process.pid, os.WNOHANG)
    assert head.record == "advocate/ada-byron"


# `advoc history` with plain arguments is answered past typer (advoc.cli.fast),
# with git started first: the installed command, run as a subprocess, must
# answer exactly as typer's way of running the same body does.


def installed(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    assert ADVOC, "advoc is not installed"
    return subprocess.run(
        [ADVOC, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=False,
    )


PLAIN_SHAPES = [
    ("advocate/ada-byron",),
    ("advocate/ada-byron", "--format", "json"),
    ("advocates/ada-byron.yaml", "-f", "json"),
    ("--format=text", "advocate/ada-lovelace"),
    ("advocate/ada-byron", "--registry", "{root}"),
    ("advocate/ada-byron", "--registry={root}/registry"),
    ("advocate/ada-byrn",),
    ("people/ada",),
    ("ada",),
    ("advocate/",),
    ("advocate/a/b",),
    ("advocate/ada-byron", "--registry", "{root}/nowhere"),
]


@pytest.mark.parametrize("shape", PLAIN_SHAPES, ids=" ".join)
def test_the_shortcut_answers_as_typer_does(tmp_path: Path, shape: tuple[str, ...]) -> None:
    root = build(tmp_path / "network")
    arguments = [argument.replace("{root}", str(root)) for argument in shape]
    assert plain_history(arguments) is not None  # the installed command takes the shortcut
    fast = installed("history", *arguments, cwd=root)
    typed = run("history", *arguments, cwd=root)
    assert (fast.returncode, fast.stdout, fast.stderr) == (
        typed.exit_code,
        typed.stdout,
        typed.stderr,
    )
    assert "Traceback" not in fast.stderr


def test_the_shortcut_finds_the_registry_as_typer_does(tmp_path: Path) -> None:
    root = build(tmp_path / "network")
    below = root / "registry" / "advocates"
    fast = installed("history", "advocate/ada-byron", "-f", "json", cwd=below)
    assert fast.returncode == 0, fast.stderr
    assert (
        json.loads(fast.stdout)
        == run("history", "advocate/ada-byron", "-f", "json", cwd=root).json()
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    named = installed("history", "advocate/ada-byron", cwd=elsewhere, ADVOC_REGISTRY=str(root))
    assert named.returncode == 0 and "Ada is known as Ada Byron now" in named.stdout
    nowhere = installed("history", "advocate/ada-byron", cwd=elsewhere)
    assert nowhere.returncode == 2 and "No advoc registry here" in nowhere.stderr


# What `advoc history` must not load: typer, click and rich take longer to
# import than git takes to walk a long history; dataclasses brings inspect, and
# with one class per module cost a sixth of the command's time; subprocess is
# only for where there is no posix_spawn; pathlib brings urllib.parse.
NOT_FOR_HISTORY = {
    "typer",
    "click",
    "rich",
    "dataclasses",
    "inspect",
    "jsonschema",
    "subprocess",
    "pathlib",
}


DECISION = "registry/decisions/2026-grant-ada.yaml"


@pytest.mark.skipif(not hasattr(os, "posix_spawnp"), reason="subprocess starts git here")
@pytest.mark.parametrize("output_format", FORMATS)
def test_the_shortcut_loads_only_what_history_needs(tmp_path: Path, output_format: str) -> None:
    root = build(tmp_path / "network")
    decision = "id: 2026-grant-ada\ntype: role-grant\nstatus: {}\ntally: {{support: 1}}\n"
    write_registry(
        root,
        {
            DECISION: decision.format("adopted"),
            **vote_files("2026-grant-ada", "{user: Ada, position: support}"),
        },
    )
    commit(root, "Record a decision", 6)  # phrased with its tally
    write_registry(root, vote_files("2026-grant-ada", "{user: Grace, position: support}"))
    commit(root, "Grace votes", 7)  # a vote: a file of its own, in the decision's history
    for record, said in (
        ("advocate/ada-byron", "Ada is known as Ada Byron now"),
        ("decision/2026-grant-ada", "gains a vote: Grace"),
    ):
        found = installed(
            "history", record, "-f", output_format, cwd=root, PYTHONPROFILEIMPORTTIME="1"
        )
        assert found.returncode == 0, found.stderr
        assert said in found.stdout
        loaded = {
            line.rsplit("|", 1)[1].strip()
            for line in found.stderr.splitlines()
            if line.startswith("import time:")
        }
        assert "advoc.commands.history" in loaded and "yaml" in loaded
        assert loaded & NOT_FOR_HISTORY == set(), record


def test_the_shortcut_warns_of_a_shallow_clone(tmp_path: Path) -> None:
    origin = build(tmp_path / "origin")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", "--depth", "2", f"file://{origin}", str(clone))
    fast = installed("history", "advocate/ada-byron", "--format", "json", cwd=clone)
    assert fast.returncode == 0, fast.stderr
    assert json.loads(fast.stdout)["shallow"] is True
    assert "shallow clone" in fast.stderr and "fetch-depth: 0" in fast.stderr


# Both ways: the shortcut, and typer (which -fjson takes).
BOTH_WAYS = [["advocate/ada-byron"], ["advocate/ada-byron", "-fjson"]]


@pytest.mark.parametrize("arguments", BOTH_WAYS, ids=" ".join)
def test_a_closed_pipe_ends_quietly(tmp_path: Path, arguments: list[str]) -> None:
    root = build(tmp_path)
    assert ADVOC
    reader = subprocess.Popen(
        [ADVOC, "history", *arguments],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert reader.stdout is not None and reader.stderr is not None
    reader.stdout.close()  # as `advoc history ... | true` does
    errors = reader.stderr.read().decode()
    assert reader.wait() == 1
    assert errors == ""


@pytest.mark.parametrize("arguments", BOTH_WAYS, ids=" ".join)
def test_a_full_disk_is_said_plainly(tmp_path: Path, arguments: list[str]) -> None:
    root = build(tmp_path)
    assert ADVOC
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [ADVOC, "history", *arguments], cwd=root, stdout=full, stderr=subprocess.PIPE, text=True
        )
    assert result.returncode == 2
    assert result.stderr == "advoc: could not write the history: No space left on device.\n"


def test_a_record_id_is_not_a_wildcard(tmp_path: Path) -> None:
    root = build(tmp_path)
    fast = installed("history", "advocate/*", cwd=root)
    typed = run("history", "advocate/*", cwd=root)
    assert fast.returncode == typed.exit_code == 2
    assert "There is no advocate '*'" in fast.stderr
    assert fast.stderr == typed.stderr


@pytest.mark.parametrize(
    "arguments",
    [
        ["--help"],
        ["advocate/ada-byron", "-h"],
        ["advocate/ada-byron", "-fjson"],
        ["advocate/ada-byron", "-f=json"],
        ["advocate/ada-byron", "--format", "JSON"],
        ["advocate/ada-byron", "--format"],
        ["advocate/ada-byron", "--format", "json", "--format", "text"],
        ["advocate/ada-byron", "advocate/ada-lovelace"],
        ["--", "advocate/ada-byron"],
        ["advocate/ada-byron", "--registry", "--format"],
        ["advocate/ada-byron", "--registry="],
        ["advocate/ada-byron", "--rev", "HEAD"],
        [],
    ],
    ids=" ".join,
)
def test_every_other_shape_is_left_to_typer(tmp_path: Path, arguments: list[str]) -> None:
    assert plain_history(arguments) is None
    root = build(tmp_path)
    fast = installed("history", *arguments, cwd=root)
    typed = run("history", *arguments, cwd=root)
    assert fast.returncode == typed.exit_code
    assert "Traceback" not in fast.stderr


def test_the_shortcut_knows_every_option_of_history() -> None:
    command: Any = typer.main.get_command(build_app("history"))
    history = command.commands["history"]
    options = {
        option: param.name
        for param in history.params
        if param.param_type_name == "option"
        for option in param.opts
    }
    assert options == OPTIONS
    (output_format,) = (param for param in history.params if param.name == "output_format")
    assert tuple(output_format.type.choices) == FORMATS


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a Linux pipe setting")
def test_git_log_may_write_far_ahead_of_what_advoc_has_read(tmp_path: Path) -> None:
    import fcntl

    root = build(tmp_path)
    started = FileLog(str(root), BYRON)
    try:
        widest = int(Path("/proc/sys/fs/pipe-max-size").read_text())
        assert fcntl.fcntl(started.log.stdout, fcntl.F_GETPIPE_SZ) == min(1 << 20, widest)
    finally:
        started.stop()


def test_a_head_start_on_another_file_is_stopped_and_not_used(tmp_path: Path) -> None:
    root = build(tmp_path)
    wrong = FileLog(str(root), ADA)  # the record's old name
    found = record_history(root, "advocate/ada-byron", wrong)
    for process in (wrong.facts, wrong.log):
        with pytest.raises(ChildProcessError):  # ended and reaped
            os.waitpid(process.pid, os.WNOHANG)
    assert found.changes[0].commit.subject == "Ada is known as Ada Byron now"
    assert len(found.changes) == 5
    assert found == record_history(root, "advocate/ada-byron")
    right = FileLog(str(root), BYRON)
    assert record_history(root, "advocate/ada-byron", right) == found
    for process in (right.facts, right.log):
        with pytest.raises(ChildProcessError):
            os.waitpid(process.pid, os.WNOHANG)


@pytest.mark.parametrize("arguments", BOTH_WAYS, ids=" ".join)
def test_a_deleted_current_folder_is_a_usage_error(tmp_path: Path, arguments: list[str]) -> None:
    """Both ways (the shortcut, and typer for -fjson) say what is wrong."""
    assert ADVOC
    gone = tmp_path / "gone"
    gone.mkdir()
    script = 'cd "$1" && rmdir "$1" && shift && exec "$@"'
    result = subprocess.run(
        ["sh", "-c", script, "sh", str(gone), ADVOC, "history", *arguments],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert "The current folder no longer exists" in result.stderr
    assert "Traceback" not in result.stderr
    root = build(tmp_path / "network")
    gone.mkdir()
    named = subprocess.run(  # a registry named by its absolute path needs no current folder
        [
            "sh",
            "-c",
            script,
            "sh",
            str(gone),
            ADVOC,
            "history",
            *arguments,
            "--registry",
            str(root),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert named.returncode == 0, named.stderr
    assert "Ada is known as Ada Byron now" in named.stdout


def test_without_posix_spawn_git_runs_through_subprocess(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As on Windows, which has no os.posix_spawn; no descriptor is left open."""
    root = build(tmp_path)
    expected = record_history(root, "advocate/ada-byron")
    audited = run("audit", "--format", "json", cwd=root)
    open_before = len(os.listdir("/proc/self/fd"))
    monkeypatch.delattr(os, "posix_spawnp")
    assert record_history(root, "advocate/ada-byron") == expected
    assert record_history(root, "advocate/ada-byron", FileLog(str(root), BYRON)) == expected
    again = run("audit", "--format", "json", cwd=root)
    assert (again.exit_code, again.stdout) == (audited.exit_code, audited.stdout)
    assert len(os.listdir("/proc/self/fd")) == open_before


def test_without_posix_spawn_a_git_that_has_ended_is_stopped_cleanly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """subprocess reaps an ended git when asked to stop it; finishing must not
    then wait on a pid that is gone (a usage error became an internal one)."""
    monkeypatch.delattr(os, "posix_spawnp")
    ended = Running(str(tmp_path), ["--version"])
    time.sleep(0.5)  # git --version has long ended
    ended.stop()
    assert ended.finish()[0] == 0
    root = write_registry(tmp_path / "plain", {ADA: VERSION_1})  # not a git repository
    result = run("history", "advocate/ada-lovelace", cwd=root)
    assert result.exit_code == 2
    assert "not in a git repository" in result.stderr
