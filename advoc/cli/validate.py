from __future__ import annotations

import os
import sys
from enum import Enum
from typing import Annotated

import typer

from advoc.cli.options import (
    AsOfOption,
    RegistryOption,
    RevOption,
    as_of_date,
    handles_errors,
    registry_root,
)
from advoc.errors import EXIT_FINDINGS, EXIT_OK
from advoc.reporters import REPORTERS

ValidateFormat = Enum("ValidateFormat", {name: name for name in REPORTERS}, type=str)  # type: ignore[misc]

EPILOG = """\
Examples:\n
  advoc validate                          check the registry you are in\n
  advoc validate --format json > out.json machine-readable findings\n
  advoc validate --changed-since origin/main   only findings in files this branch changed\n
  advoc validate --strict --as-of 2026-12-01   fail on warnings too, judged as of a date\n
\n
Exit codes: 0 no errors; 1 the registry has errors (or warnings, with --strict);
2 advoc could not run (no registry found, bad option, not a git repository).
"""


@handles_errors
def validate(
    registry: RegistryOption = None,
    output_format: Annotated[
        ValidateFormat | None,
        typer.Option(
            "--format",
            "-f",
            show_default=False,
            help="Output: text (default; github when GITHUB_ACTIONS=true), json, "
            "github, gitlab (Code Quality report) or junit (XML).",
        ),
    ] = None,
    as_of: AsOfOption = None,
    rev: RevOption = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    changed_since: Annotated[
        str | None,
        typer.Option(
            "--changed-since",
            metavar="REF",
            show_default=False,
            help="Report only findings in files changed since this git revision "
            "(the whole registry is still read, so references are checked in full).",
        ),
    ] = None,
    cache: Annotated[
        bool,
        typer.Option(
            "--cache",
            help="Reuse the last report when no file changed (keyed by the files' content, "
            "kept in ~/.cache/advoc): for pre-commit and repeated local runs.",
        ),
    ] = False,
) -> None:
    """Check every file of the registry against the format and its rules."""
    from advoc.validate import validate as run_validate

    report = run_validate(
        registry_root(registry), as_of_date(as_of), changed_since, use_cache=cache, rev=rev
    )

    name = output_format.value if output_format else _default_format()
    if name == "text":
        from advoc.reporters import render_text

        output = render_text(report, color=_use_color())
    else:
        output = REPORTERS[name](report)
    sys.stdout.write(output)
    raise typer.Exit(EXIT_FINDINGS if report.failed(strict) else EXIT_OK)


def _default_format() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def _use_color() -> bool:
    return (
        sys.stdout.isatty() and "NO_COLOR" not in os.environ and (os.environ.get("TERM") != "dumb")
    )
