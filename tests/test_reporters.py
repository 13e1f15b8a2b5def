"""The output formats of `advoc validate`, and its exit codes.

Snapshots of the text and json reports live in tests/snapshots/ and are
compared byte for byte. After an intended change of the output, rewrite them
with `ADVOC_BLESS=1 pytest tests/test_reporters.py` and review the diff.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from conftest import CASES, SNAPSHOTS, assert_snapshot, run, write_registry

AS_OF = "2026-11-01"
CASE = CASES / "negative" / "mixed-report"


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    """The mixed-report case, copied so that nothing depends on where tests run."""
    target = tmp_path / "registry"
    shutil.copytree(CASE, target, ignore=shutil.ignore_patterns("expected.yaml"))
    return target


def validate(root: Path, *options: str) -> tuple[int, str, str]:
    result = run("validate", "--registry", str(root), "--as-of", AS_OF, *options)
    return result.exit_code, result.stdout, result.stderr


# --- snapshots -----------------------------------------------------------------


def test_text_report_snapshot(registry: Path) -> None:
    code, stdout, _ = validate(registry, "--format", "text")
    assert code == 1
    assert "\x1b[" not in stdout  # no colour when not on a terminal
    assert_snapshot(SNAPSHOTS / "mixed-report.txt", stdout)


def test_json_report_snapshot(registry: Path) -> None:
    code, stdout, _ = validate(registry, "--format", "json")
    assert code == 1
    report = json.loads(stdout)
    assert report["registry"] == str(registry.resolve())
    report["registry"] = "<registry>"
    assert_snapshot(
        SNAPSHOTS / "mixed-report.json", json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    )


def test_json_report_has_the_documented_shape(registry: Path) -> None:
    _, stdout, _ = validate(registry, "--format", "json")
    report = json.loads(stdout)
    assert set(report) == {"registry", "as_of", "summary", "findings"}
    assert report["as_of"] == AS_OF
    assert report["summary"] == {"files": 3, "records": 2, "errors": 2, "warnings": 3}
    for finding in report["findings"]:
        assert set(finding) == {
            "severity",
            "code",
            "file",
            "line",
            "column",
            "record",
            "field",
            "message",
        }
    ref = next(f for f in report["findings"] if f["code"] == "ref-missing")
    assert ref["record"] == "advocate/ada-lovelace"
    assert ref["field"] == "groups[1]"
    assert (ref["line"], ref["column"]) == (7, 5)


def test_text_is_the_default_format_outside_github(registry: Path) -> None:
    _, default, _ = validate(registry)
    _, text, _ = validate(registry, "--format", "text")
    assert default == text


# --- github ---------------------------------------------------------------------

GITHUB_LINE = re.compile(
    r"::(error|warning) file=([^,:]+),line=(\d+)(?:,col=(\d+))?,title=([a-z-]+)::(.+)"
)


def test_github_format_is_workflow_commands(registry: Path) -> None:
    code, stdout, _ = validate(registry, "--format", "github")
    assert code == 1
    lines = stdout.splitlines()
    commands = [GITHUB_LINE.fullmatch(line) for line in lines[:-1]]
    assert all(commands), lines
    found = {(m[1], m[5], m[2], int(m[3])) for m in commands if m}
    assert ("error", "ref-missing", "registry/advocates/ada-lovelace.yaml", 7) in found
    assert ("error", "yaml-syntax", "registry/advocates/grace-hopper.yaml", 4) in found
    assert lines[-1] == "2 errors and 3 warnings in 3 files (2 records), as of 2026-11-01."


def test_github_format_escapes_percent_comma_and_colon(registry: Path) -> None:
    _, stdout, _ = validate(registry, "--format", "github")
    # In a property, '%' ',' and ':' are escaped; in the message, '%' is.
    assert "file=registry/groups/notes%2C 100%25.txt,line=1,title=file-misplaced::" in stdout
    assert "(ada%25lovelace@example.org)" in stdout
    assert "ada%lovelace" not in stdout


def test_github_format_escapes_newlines_and_carriage_returns() -> None:
    from advoc.model.findings import Finding
    from advoc.report.formats import render_github
    from advoc.report.report import Report

    finding = Finding(
        "error", "schema", "registry/a,b:c.yaml", "first line\nsecond 100%\r\nthird", line=2
    )
    output = render_github(Report(Path("/r"), date(2026, 11, 1), 1, 1, [finding]))
    first = output.splitlines()[0]
    assert first == (
        "::error file=registry/a%2Cb%3Ac.yaml,line=2,title=schema::"
        "first line%0Asecond 100%25%0D%0Athird"
    )


def test_github_is_the_default_format_in_github_actions(
    registry: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    _, default, _ = validate(registry)
    monkeypatch.delenv("GITHUB_ACTIONS")
    _, github, _ = validate(registry, "--format", "github")
    assert default == github
    assert default.startswith("::")


def test_github_actions_false_keeps_text(registry: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "false")
    _, default, _ = validate(registry)
    assert not default.startswith("::")


def test_explicit_format_wins_in_github_actions(
    registry: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    _, stdout, _ = validate(registry, "--format", "json")
    json.loads(stdout)


def test_github_paths_are_relative_to_the_workspace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A registry in a subfolder of the checkout: annotations name the file from the checkout."""
    root = tmp_path / "checkout" / "network"
    shutil.copytree(CASE, root)
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path / "checkout"))
    _, stdout, _ = validate(root, "--format", "github")
    assert "file=network/registry/advocates/grace-hopper.yaml,line=4," in stdout


# --- gitlab ---------------------------------------------------------------------


def test_gitlab_format_is_a_code_quality_report(registry: Path) -> None:
    code, stdout, _ = validate(registry, "--format", "gitlab")
    assert code == 1
    issues = json.loads(stdout)
    assert isinstance(issues, list) and len(issues) == 5
    for issue in issues:
        assert isinstance(issue["description"], str) and issue["description"]
        assert isinstance(issue["check_name"], str)
        assert re.fullmatch(r"[0-9a-f]{64}", issue["fingerprint"])
        assert issue["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert isinstance(issue["location"]["path"], str)
        assert isinstance(issue["location"]["lines"]["begin"], int)
    assert len({issue["fingerprint"] for issue in issues}) == len(issues)
    by_name = {
        (i["check_name"], i["location"]["path"], i["location"]["lines"]["begin"]): i for i in issues
    }
    assert (
        by_name[("ref-missing", "registry/advocates/ada-lovelace.yaml", 7)]["severity"] == "major"
    )
    assert by_name[("file-misplaced", "registry/groups/notes, 100%.txt", 1)]["severity"] == "minor"


def test_gitlab_fingerprints_survive_an_unrelated_edit(registry: Path) -> None:
    """A line added above a problem must not make GitLab see a new issue."""
    _, before, _ = validate(registry, "--format", "gitlab")
    file = registry / "registry/advocates/grace-hopper.yaml"
    file.write_text("# a comment\n" + file.read_text(encoding="utf-8"), encoding="utf-8")
    _, after, _ = validate(registry, "--format", "gitlab")
    assert {i["fingerprint"] for i in json.loads(before)} == {
        i["fingerprint"] for i in json.loads(after)
    }


def test_gitlab_format_of_a_clean_registry_is_an_empty_list(tmp_path: Path) -> None:
    code, stdout, _ = validate(write_registry(tmp_path, {}), "--format", "gitlab")
    assert (code, json.loads(stdout)) == (0, [])


# --- junit ----------------------------------------------------------------------


def test_junit_format_counts_files_and_failures(registry: Path) -> None:
    code, stdout, _ = validate(registry, "--format", "junit")
    assert code == 1
    root = ET.fromstring(stdout.encode("utf-8"))
    suite = root if root.tag == "testsuite" else root.find("testsuite")
    assert suite is not None
    cases = suite.findall("testcase")
    assert int(suite.get("tests", "-1")) == len(cases) == 3  # one per file with findings
    failed = [case for case in cases if case.find("failure") is not None]
    assert int(suite.get("failures", "-1")) == len(failed) == 2  # files with errors
    assert {case.get("name") for case in failed} == {
        "registry/advocates/ada-lovelace.yaml",
        "registry/advocates/grace-hopper.yaml",
    }


def test_junit_format_of_a_clean_registry_passes(tmp_path: Path) -> None:
    code, stdout, _ = validate(write_registry(tmp_path, {}), "--format", "junit")
    suite = ET.fromstring(stdout.encode("utf-8")).find("testsuite")
    assert code == 0
    assert suite is not None and suite.get("failures") == "0"
    assert int(suite.get("tests", "0")) >= 1


# --- exit codes -----------------------------------------------------------------


ADA = "registry/advocates/ada-lovelace.yaml"
CLEAN = "id: ada-lovelace\nusername: Ada Lovelace\nlanguages: [en]\n"
WARNING_ONLY = CLEAN + "notes: Call +47 22 33 44 55.\n"


def test_exit_0_for_a_clean_registry(tmp_path: Path) -> None:
    code, stdout, _ = validate(write_registry(tmp_path, {ADA: CLEAN}))
    assert code == 0
    assert "No problems found" in stdout


def test_exit_1_for_errors(tmp_path: Path) -> None:
    code, _, _ = validate(write_registry(tmp_path, {ADA: CLEAN + "nmae: x\n"}))
    assert code == 1


def test_warnings_alone_exit_0(tmp_path: Path) -> None:
    code, stdout, _ = validate(write_registry(tmp_path, {ADA: WARNING_ONLY}), "--format", "json")
    assert code == 0
    assert json.loads(stdout)["summary"]["warnings"] == 1


def test_warnings_with_strict_exit_1(tmp_path: Path) -> None:
    code, _, _ = validate(write_registry(tmp_path, {ADA: WARNING_ONLY}), "--strict")
    assert code == 1


def test_strict_on_a_clean_registry_exits_0(tmp_path: Path) -> None:
    code, _, _ = validate(write_registry(tmp_path, {ADA: CLEAN}), "--strict")
    assert code == 0


def test_exit_2_for_a_missing_registry() -> None:
    result = run("validate", "--registry", "/nonexistent", "--format", "json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "/nonexistent" in result.stderr and "advoc.yaml" in result.stderr


def test_exit_2_without_a_registry_above_the_current_folder(tmp_path: Path) -> None:
    result = run("validate", cwd=tmp_path)
    assert result.exit_code == 2
    assert "advoc init" in result.stderr


def test_the_registry_is_found_upward_from_the_current_folder(tmp_path: Path) -> None:
    root = write_registry(tmp_path, {ADA: CLEAN + "nmae: x\n"})
    result = run("validate", "--format", "json", cwd=root / "registry" / "advocates")
    assert result.exit_code == 1
    assert result.json()["registry"] == str(root.resolve())


def test_advoc_registry_variable_names_the_registry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_registry(tmp_path / "network", {ADA: CLEAN + "nmae: x\n"})
    monkeypatch.setenv("ADVOC_REGISTRY", str(root))
    result = run("validate", "--format", "json", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.json()["registry"] == str(root.resolve())


def test_exit_2_for_an_unsupported_format_version(tmp_path: Path) -> None:
    root = write_registry(
        tmp_path, {"advoc.yaml": "advoc: 3\nname: Future\ndefault_language: en\n"}
    )
    result = run("validate", "--registry", str(root), "--format", "json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "version 3" in result.stderr
    assert "version 2" in result.stderr


def test_a_format_1_registry_is_told_to_migrate(tmp_path: Path) -> None:
    root = write_registry(tmp_path, {"advoc.yaml": "advoc: 1\nname: Old\ndefault_language: en\n"})
    for command in (
        ("validate",),
        ("status",),
        ("list", "advocates"),
        ("export", "--format", "json"),
    ):
        result = run(*command, "--registry", str(root))
        assert result.exit_code == 2, command
        assert result.stdout == "" and "Traceback" not in result.stderr
        assert "format version 1" in result.stderr and "advoc migrate" in result.stderr


@pytest.mark.parametrize("version", ['"1"', "true", "1.0", "~", "[1]"])
def test_exit_2_for_a_format_version_that_is_not_the_integer_1(
    tmp_path: Path, version: str
) -> None:
    root = write_registry(
        tmp_path, {"advoc.yaml": f"advoc: {version}\nname: X\ndefault_language: en\n"}
    )
    result = run("validate", "--registry", str(root))
    assert result.exit_code == 2
    assert "format version" in result.stderr


@pytest.mark.parametrize("as_of", ["2026-13-01", "2026-02-30", "yesterday", "01.11.2026"])
def test_exit_2_for_a_bad_as_of(tmp_path: Path, as_of: str) -> None:
    root = write_registry(tmp_path, {})
    result = run("validate", "--registry", str(root), "--as-of", as_of, "--format", "json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert as_of in result.stderr


def test_exit_2_for_an_unknown_format(tmp_path: Path) -> None:
    result = run("validate", "--registry", str(write_registry(tmp_path, {})), "--format", "xml")
    assert result.exit_code == 2


def test_json_mode_writes_only_the_report_to_stdout(tmp_path: Path) -> None:
    """Through a real process, so that nothing can slip into stdout."""
    root = write_registry(tmp_path, {ADA: WARNING_ONLY, "registry/advocates/x.yml": "id: x\n"})
    command = [
        sys.executable,
        "-m",
        "advoc",
        "validate",
        "--registry",
        str(root),
        "--format",
        "json",
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert len(report["findings"]) == 2
    assert result.stderr == ""


def test_json_mode_keeps_stdout_empty_on_a_usage_error(tmp_path: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "advoc",
        "validate",
        "--registry",
        str(tmp_path),
        "--format",
        "json",
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr and result.stderr.startswith("advoc: ")
