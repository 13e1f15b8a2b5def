"""Example registries, one folder per case (see cases/README.md).

`cases/positive/<case>/` must validate with no findings at all.
`cases/negative/<case>/` holds `expected.yaml`: the exact findings, each as
`[severity, code, file, line]`; a new case is a new folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import CASES, findings_of

AS_OF = "2026-11-01"


def _cases(kind: str) -> list[Path]:
    return sorted(path for path in (CASES / kind).iterdir() if path.is_dir())


@pytest.mark.parametrize("case", _cases("positive"), ids=lambda path: path.name)
def test_positive_case_has_no_findings(case: Path) -> None:
    assert findings_of(case, "--as-of", AS_OF) == set()


@pytest.mark.parametrize("case", _cases("negative"), ids=lambda path: path.name)
def test_negative_case_reports_exactly_its_findings(case: Path) -> None:
    expected = yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))
    assert findings_of(case, "--as-of", AS_OF) == {tuple(item) for item in expected["findings"]}
