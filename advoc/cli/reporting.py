"""The `--format` of the commands that report findings (`validate`, `audit`),
and turning their report into that format."""

from __future__ import annotations

import os
import sys
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import typer

from advoc.report.formats import REPORTERS, render_text

if TYPE_CHECKING:
    from advoc.report.report import Report

ReportFormat = Enum("ReportFormat", {name: name for name in REPORTERS}, type=str)  # type: ignore[misc]

ReportFormatOption = Annotated[
    ReportFormat | None,
    typer.Option(
        "--format",
        "-f",
        show_default=False,
        help="Output: text (default; github when GITHUB_ACTIONS=true), json, "
        "github, gitlab (Code Quality report) or junit (XML).",
    ),
]


def rendered(report: Report, output_format: ReportFormat | None) -> str:
    """The report in the chosen format: github under GitHub Actions, else text,
    coloured on a terminal unless NO_COLOR is set."""
    name = output_format.value if output_format else _default_format()
    if name == "text":
        return render_text(report, color=_use_color())
    return REPORTERS[name](report)


def _default_format() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def _use_color() -> bool:
    return (
        sys.stdout.isatty() and "NO_COLOR" not in os.environ and (os.environ.get("TERM") != "dumb")
    )
