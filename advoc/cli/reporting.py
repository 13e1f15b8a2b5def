"""The `--format` of the commands that report findings (`validate`, `audit`),
and turning their report into that format."""

from __future__ import annotations

import os
from enum import Enum
from typing import TYPE_CHECKING, Annotated

from advoc.cli.options import format_option, use_color
from advoc.report.formats import REPORTERS, render_text

if TYPE_CHECKING:
    from advoc.report.report import Report

ReportFormat = Enum("ReportFormat", {name: name for name in REPORTERS}, type=str)  # type: ignore[misc]
ReportFormatOption = Annotated[
    ReportFormat | None,
    format_option(
        "Output: text (default; github when GITHUB_ACTIONS=true), json, "
        "github, gitlab (Code Quality report) or junit (XML).",
        show_default=False,
    ),
]


def rendered(report: Report, output_format: ReportFormat | None) -> str:
    """The report in the chosen format: github under GitHub Actions, else text,
    coloured on a terminal unless NO_COLOR is set."""
    name = output_format.value if output_format else _default_format()
    if name == "text":
        return render_text(report, color=use_color())
    return REPORTERS[name](report)


def _default_format() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
