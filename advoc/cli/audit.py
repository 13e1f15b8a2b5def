from __future__ import annotations

import sys
from typing import Annotated

import typer

from advoc.cli.options import RegistryOption, as_of_date, handles_errors, registry_root
from advoc.cli.reporting import ReportFormatOption, rendered
from advoc.commands.audit import audit as run_audit
from advoc.commands.audit import shallow_warning
from advoc.errors import ExitCode

EPILOG = """\
Examples:\n
  advoc audit                               the whole history of the current branch\n
  advoc audit origin/main..HEAD             only the commits of this branch (for CI)\n
  advoc audit --require-signed --format junit > audit.xml\n
\n
A commit that changes rules/ must end its message with a trailer such as\n
  Advoc-Decision: 2026-quorum-change\n
naming a decision that, in that same commit, is adopted and of type rule-change.
Merge commits are checked for the changes their own conflict resolution made;
what they merge is checked in the merged commits.\n
\n
Exit codes: 0 every commit passes; 1 a commit fails; 2 advoc could not run
(not a git repository, a revision that does not exist).
"""


@handles_errors
def audit(
    revisions: Annotated[
        str | None,
        typer.Argument(
            metavar="[RANGE]",
            help="The commits to check: a revision (all its history) or a range such as "
            "origin/main..HEAD. Default: HEAD.",
            show_default=False,
        ),
    ] = None,
    registry: RegistryOption = None,
    require_signed: Annotated[
        bool,
        typer.Option("--require-signed", help="Also require a verified signature on every commit."),
    ] = False,
    output_format: ReportFormatOption = None,
) -> None:
    """Check the history: every change to rules/ names an adopted rule-change decision."""
    report = run_audit(registry_root(registry), revisions, require_signed, as_of_date(None))
    if report.extra["shallow"]:
        typer.echo(f"advoc: warning: {shallow_warning()}", err=True)
    sys.stdout.write(rendered(report, output_format))
    raise typer.Exit(ExitCode.FINDINGS if report.failed() else ExitCode.OK)
