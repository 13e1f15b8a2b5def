from __future__ import annotations

import sys
from typing import Annotated

import typer

from advoc.checks import checks_named
from advoc.cli.options import (
    AsOfOption,
    RegistryOption,
    RevOption,
    as_of_date,
    handles_errors,
    registry_root,
)
from advoc.cli.reporting import ReportFormatOption, rendered
from advoc.commands.validate import validate as run_validate
from advoc.errors import ExitCode

EPILOG = """\
Examples:\n
  advoc validate                          check the registry you are in\n
  advoc validate --format json > out.json machine-readable findings\n
  advoc validate --changed-since origin/main   only findings in files this branch changed\n
  advoc validate --strict --as-of 2026-12-01   fail on warnings too, judged as of a date\n
  advoc validate --skip codeowners_up_to_date  leave one check out, by its name\n
\n
Exit codes: 0 no errors; 1 the registry has errors (or warnings, with --strict);
2 advoc could not run (no registry found, bad option, not a git repository).
"""


@handles_errors
def validate(
    registry: RegistryOption = None,
    output_format: ReportFormatOption = None,
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
    skip: Annotated[
        list[str] | None,
        typer.Option(
            "--skip",
            metavar="CHECK",
            show_default=False,
            help="Leave out one check by its name (repeat for more); the names are in "
            "docs/registry-format.md, and a wrong one lists them all.",
        ),
    ] = None,
) -> None:
    """Check every file of the registry against the format and its rules."""
    report = run_validate(
        registry_root(registry),
        as_of_date(as_of),
        changed_since,
        use_cache=cache,
        rev=rev,
        skip=checks_named(skip or ()),
    )
    sys.stdout.write(rendered(report, output_format))
    raise typer.Exit(ExitCode.FINDINGS if report.failed(strict) else ExitCode.OK)
