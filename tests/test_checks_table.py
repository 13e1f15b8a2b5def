"""The table of checks: every check is listed once, says what it checks, produces
only the codes it declares, and can be left out by name with `validate --skip`."""

from __future__ import annotations

import inspect
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest
from conftest import CASES, PROJECT, findings_of, run

from advoc import checks as table
from advoc.checks import CHECK_NAMES, CHECKS
from advoc.checks.base import Context
from advoc.load.loader import load

AS_OF = date(2026, 11, 1)
REGISTRIES = [
    PROJECT,
    *sorted((CASES / "negative").iterdir()),
    *sorted((CASES / "positive").iterdir()),
]
MODULES = (
    table.codeowners, table.decisions, table.files, table.private, table.references,
    table.roles, table.rules, table.values,
)  # fmt: skip
SIGNATURES = {("record", "text"): "record", ("registry", "context"): "registry"}


def test_every_check_function_is_in_the_table_once() -> None:
    defined = {
        function
        for module in MODULES
        for name, function in vars(module).items()
        if inspect.isfunction(function)
        and function.__module__ == module.__name__
        and not name.startswith("_")
        and tuple(inspect.signature(function).parameters) in SIGNATURES
    }
    listed = [check.run for check in CHECKS]
    assert len(listed) == len(set(listed))
    assert defined == set(listed)
    assert len(CHECK_NAMES) == len(set(CHECK_NAMES))


def test_each_check_has_the_scope_of_its_signature_and_a_one_line_doc() -> None:
    for check in CHECKS:
        assert SIGNATURES[tuple(inspect.signature(check.run).parameters)] == check.scope
        assert check.doc, check.name
        assert check.codes, check.name


def _codes_by_check(root: Path) -> dict[str, set[str]]:
    registry = load(root, jobs=1, reuse=False)
    found: dict[str, set[str]] = defaultdict(set)
    for check in CHECKS:
        if check.scope == "record":
            for record in registry.all():
                text = registry.source.read(record.file).decode("utf-8")
                found[check.name] |= {finding.code for finding in check.run(record, text)}
        else:
            found[check.name] |= {f.code for f in check.run(registry, Context(AS_OF))}
    return found


def test_each_check_produces_only_the_codes_it_declares() -> None:
    produced: dict[str, set[str]] = defaultdict(set)
    for root in REGISTRIES:
        for name, codes in _codes_by_check(root).items():
            produced[name] |= codes
    for check in CHECKS:
        assert produced[check.name] <= set(check.codes), check.name
    # negative: the corpus makes almost every check speak, so the assertion above
    # is held against real findings, not against silence
    silent = [check.name for check in CHECKS if not produced[check.name]]
    # (the case folders have no CODEOWNERS, duplicate ids or 86-byte usernames:
    # tests/test_codeowners.py and tests/test_hazards.py make those speak; nor a
    # private part, which tests/test_private.py builds in a temporary folder)
    assert silent == [
        "usernames_fit_in_85_bytes",
        "codeowners_up_to_date",
        "ids_are_unique",
        "withheld_records_present",
        "withheld_never_named",
    ]


def test_skip_leaves_one_check_out_by_name() -> None:
    case = CASES / "negative" / "rules-role-term"
    assert {code for (_, code, _, _) in findings_of(case, "--as-of", "2026-11-01")} == {"role-term"}
    skipped = run("validate", "--registry", str(case), "--as-of", "2026-11-01", "--skip",
                  "roles_within_term")  # fmt: skip
    assert skipped.exit_code == 0, skipped.stdout
    assert "role-term" not in skipped.stdout


def test_skip_leaves_out_a_record_check_too() -> None:
    case = CASES / "negative" / "date-order"
    assert "date-order" in {code for (_, code, _, _) in findings_of(case, "--as-of", "2026-11-01")}
    for extra in ((), ("--cache",)):
        skipped = run(
            "validate", "--registry", str(case), "--as-of", "2026-11-01", "--format", "json",
            "--skip", "ends_after_starts", *extra,
        )  # fmt: skip
        assert "date-order" not in {f["code"] for f in skipped.json()["findings"]}


@pytest.mark.parametrize("name", ["nope", "role-term", "ROLES_WITHIN_TERM"])
def test_an_unknown_check_name_is_a_usage_error_that_lists_the_names(name: str) -> None:
    result = run("validate", "--registry", str(PROJECT), "--skip", name)
    assert result.exit_code == 2
    assert f"There is no check named '{name}'" in result.stderr
    assert "roles_within_term" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_format_documents_every_check() -> None:
    documented = (PROJECT / "docs" / "registry-format.md").read_text(encoding="utf-8")
    for check in CHECKS:
        assert f"| `{check.name}` |" in documented, check.name
