"""Large registries load and check in two processes; the answer must not change."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import PROJECT

from advoc import parallel as parallel_module
from advoc.commands.validate import validate


@pytest.fixture(scope="module")
def large_registry(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 1,900 files, a dozen of them broken in different ways."""
    root = tmp_path_factory.mktemp("large")
    subprocess.run(
        [
            sys.executable,
            str(PROJECT / "benchmarks" / "generate.py"),
            str(root),
            "--force",
            "--advocates",
            "700",
            "--decisions",
            "1100",
            "--broken",
            "12",
        ],
        check=True,
        capture_output=True,
    )
    return root


def test_parallel_and_serial_runs_report_the_same(
    large_registry: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    as_of = date(2026, 11, 1)
    parallel = validate(large_registry, as_of)
    assert parallel.records > parallel_module.PARALLEL_FROM
    monkeypatch.setattr(parallel_module, "PARALLEL_FROM", 10**9)
    serial = validate(large_registry, as_of, jobs=1)
    assert parallel.findings == serial.findings
    assert parallel.errors >= 12
    assert (parallel.files, parallel.records) == (serial.files, serial.records)
