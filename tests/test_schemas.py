"""The JSON Schemas: valid Draft 2020-12, printable and writable by `advoc
schema`, usable by other validators, and judged the same way by jsonschema
(the reference implementation) and jsonschema-rs (what advoc uses)."""

from __future__ import annotations

import json
import shutil
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
from conftest import CASES, run, write_registry
from jsonschema import Draft202012Validator

from advoc.load import schemas, yamlio
from advoc.model.kinds import KINDS
from advoc.model.layout import kind_of_folder

FORMAT_CHECKER = Draft202012Validator.FORMAT_CHECKER
NAMES = ("manifest", *KINDS)


# --- advoc schema ----------------------------------------------------------------


def test_schema_out_writes_one_valid_draft_2020_12_schema_per_kind(tmp_path: Path) -> None:
    result = run("schema", "--out", str(tmp_path / "schemas"))
    assert result.exit_code == 0, result.stderr
    written = sorted(path.name for path in (tmp_path / "schemas").iterdir())
    assert written == sorted(f"{name}.schema.json" for name in NAMES)
    for path in (tmp_path / "schemas").iterdir():
        schema = json.loads(path.read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert "common.schema.json" not in path.read_text(encoding="utf-8")  # self-contained


def test_schema_out_leaves_stdout_empty(tmp_path: Path) -> None:
    result = run("schema", "--out", str(tmp_path))
    assert result.stdout == ""


@pytest.mark.parametrize(
    "kind", ["advocate", "advocates", "entry-point", "entry-points", "manifest"]
)
def test_schema_of_one_kind_prints_json(kind: str) -> None:
    result = run("schema", kind)
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    Draft202012Validator.check_schema(schema)
    assert schema == schemas.bundled(kind.removesuffix("s") if kind != "manifest" else kind)


def test_schema_without_a_kind_prints_every_schema() -> None:
    result = run("schema")
    assert result.exit_code == 0
    assert set(json.loads(result.stdout)) == set(NAMES)


def test_unknown_schema_exits_2_and_lists_the_kinds() -> None:
    result = run("schema", "nope")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "'nope'" in result.stderr and "advocate" in result.stderr


# --- the reference validator really checks formats ---------------------------------


@pytest.mark.parametrize(
    ("value", "format_name"),
    [("2024-02-30", "date"), ("2019-03-01T10:00:00", "date-time"), ("not a uri", "uri")],
)
def test_the_reference_validator_checks_formats(value: str, format_name: str) -> None:
    assert format_name in FORMAT_CHECKER.checkers
    assert not FORMAT_CHECKER.conforms(value, format_name)
    validator = Draft202012Validator({"format": format_name}, format_checker=FORMAT_CHECKER)
    assert not validator.is_valid(value)


# --- agreement of the two validators ------------------------------------------------


def _record_files() -> list[tuple[str, Path]]:
    """(schema name, file) for every manifest and record file in tests/cases."""
    found = []
    for path in sorted(CASES.rglob("*.yaml")):
        relative = path.relative_to(CASES)
        case_root = CASES / relative.parts[0] / relative.parts[1]
        inner = path.relative_to(case_root).as_posix()
        if inner == "advoc.yaml":
            found.append(("manifest", path))
        elif (kind := kind_of_folder(inner.rsplit("/", 1)[0])) is not None:
            found.append((kind, path))
    return found


RECORD_FILES = _record_files()


def _parsed(files: list[tuple[str, Path]]) -> list[tuple[str, Path, Any]]:
    """Those that parse (the others never reach a schema), with their data."""
    parsed = []
    for name, path in files:
        try:
            parsed.append((name, path, yamlio.parse_bytes(path.read_bytes())))
        except yamlio.YamlProblem:
            continue
    return parsed


PARSED = _parsed(RECORD_FILES)


def _verdicts(name: str, data: Any) -> tuple[bool, bool]:
    schema = schemas.bundled(name)
    reference = Draft202012Validator(schema, format_checker=FORMAT_CHECKER).is_valid(data)
    fast = jsonschema_rs.Draft202012Validator(schema, validate_formats=True).is_valid(data)
    return reference, fast


def test_the_cases_hold_valid_and_invalid_files_of_every_kind() -> None:
    kinds = {name for name, _ in RECORD_FILES}
    assert kinds == set(NAMES)
    assert len(RECORD_FILES) > 60
    assert len(PARSED) > 40
    verdicts = {_verdicts(name, data)[0] for name, _, data in PARSED}
    assert verdicts == {True, False}  # the agreement test sees both kinds of verdict


@pytest.mark.parametrize(
    ("name", "path", "data"), PARSED, ids=[str(path.relative_to(CASES)) for _, path, _ in PARSED]
)
def test_both_validators_agree_on_every_case_file(name: str, path: Path, data: Any) -> None:
    reference, fast = _verdicts(name, data)
    assert reference == fast


ADVOCATE = {"id": "a", "username": "A", "languages": ["en"]}
DECISION = {
    "id": "d",
    "title": "T",
    "type": "statement",
    "process": "p",
    "status": "open",
    "opened": "2026-01-01",
}
PROCESS = {"id": "p", "name": "P", "applies_to": ["statement"]}

AGREE: list[Any] = [
    ("advocate", {**ADVOCATE, "username": "192.168.0.1"}),
    ("advocate", {**ADVOCATE, "id": "a" * 65}),
    ("advocate", {**ADVOCATE, "countries": ["NO", "EU", "UK"]}),
    ("advocate", {**ADVOCATE, "languages": ["zh-min-nan", "EN"]}),
    ("advocate", {**ADVOCATE, "roles": [{"role": "r", "start": "2020-02-29", "granted_by": "d"}]}),
    ("advocate", {**ADVOCATE, "roles": [{"role": "r", "start": "2019-02-29", "granted_by": "d"}]}),
    ("advocate", {**ADVOCATE, "name": {}}),
    ("decision", {**DECISION, "opened": "2019-03-01T10:00:00.5+01:00"}),
    ("decision", {**DECISION, "opened": "2019-03-01T24:00:00Z"}),
    ("decision", {**DECISION, "opened": "2019-03-01T10:00:00+25:00"}),
    ("decision", {**DECISION, "opened": "2019-13-01"}),
    ("decision", {**DECISION, "discussion": "https://example.org/%zz"}),
    ("decision", {**DECISION, "discussion": "http://[::1]/"}),
    ("decision", {**DECISION, "discussion": "https://example.org/a|b"}),
    ("decision", {**DECISION, "discussion": "https://example.org/ä"}),
    ("decision", {**DECISION, "status": "adopted"}),
    ("process", {**PROCESS, "threshold": 0}),
    ("process", {**PROCESS, "threshold": 1}),
    ("process", {**PROCESS, "urgent": True}),
    ("process", {**PROCESS, "quorum": 2.0}),
    ("decision", {**DECISION, "opened": "2016-12-31T23:59:60Z"}),  # a leap second
    ("decision", {**DECISION, "opened": "0000-01-01"}),  # no year 0 in Python's dates
]


@pytest.mark.parametrize(("name", "data"), AGREE)
def test_both_validators_agree_on_edge_values(name: str, data: dict[str, Any]) -> None:
    reference, fast = _verdicts(name, data)
    assert reference == fast


def test_a_username_over_85_bytes_is_refused(tmp_path: Path) -> None:
    root = write_registry(
        tmp_path,
        {"registry/advocates/a.yaml": "id: a\nusername: " + "ë" * 60 + "\nlanguages: [en]\n"},
    )
    result = run("validate", "--registry", str(root), "--format", "json")
    assert [f["code"] for f in result.json()["findings"]] == ["schema"]


def test_a_username_of_85_bytes_is_fine(tmp_path: Path) -> None:
    root = write_registry(
        tmp_path,
        {"registry/advocates/a.yaml": "id: a\nusername: " + "ë" * 42 + "x\nlanguages: [en]\n"},
    )
    result = run("validate", "--registry", str(root), "--format", "json")
    assert result.json()["findings"] == []


# --- another validator with the written schemas ------------------------------------


def check_jsonschema(*args: str) -> tuple[int, str]:
    """check-jsonschema's own command, run in this process: starting it costs
    seconds, and one run per kind adds up."""
    found = shutil.which("check-jsonschema") or shutil.which(
        "check-jsonschema", path=str(Path(sys.executable).parent)
    )
    if found is None:
        pytest.skip("check-jsonschema is not installed")
    from check_jsonschema.cli.main_command import main
    from click.testing import CliRunner

    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def _positive_files_by_kind() -> dict[str, list[Path]]:
    by_kind: dict[str, list[Path]] = defaultdict(list)
    for name, path in RECORD_FILES:
        if path.relative_to(CASES).parts[0] == "positive":
            by_kind[name].append(path)
    return by_kind


def test_check_jsonschema_accepts_the_positive_cases(tmp_path: Path) -> None:
    assert run("schema", "--out", str(tmp_path)).exit_code == 0
    by_kind = _positive_files_by_kind()
    assert set(by_kind) == set(NAMES)  # the complete registry uses every kind
    for name, files in by_kind.items():
        code, output = check_jsonschema(
            "--schemafile", str(tmp_path / f"{name}.schema.json"), *map(str, files)
        )
        assert code == 0, output


def test_check_jsonschema_refuses_what_advoc_refuses(tmp_path: Path) -> None:
    """The written schemas carry the rules: a bad date, a timestamp without an
    offset and an unknown field fail in another validator too."""
    assert run("schema", "--out", str(tmp_path)).exit_code == 0
    negative = CASES / "negative"
    for name, relative in [
        ("campaign", "schema-bad-date/registry/campaigns/leap-day.yaml"),
        ("decision", "schema-timestamp-without-offset/registry/decisions/statement-2019.yaml"),
        ("advocate", "schema-unknown-field/registry/advocates/ada-lovelace.yaml"),
    ]:
        code, output = check_jsonschema(
            "--schemafile", str(tmp_path / f"{name}.schema.json"), str(negative / relative)
        )
        assert code == 1, (relative, output)
