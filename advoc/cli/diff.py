from __future__ import annotations

import sys
from enum import Enum
from typing import Annotated

import typer

from advoc.cli.options import (
    AsOfOption,
    RegistryOption,
    as_of_date,
    format_option,
    handles_errors,
    registry_root,
)
from advoc.commands.diff import registry_diff
from advoc.git.repo import SHALLOW_HINT
from advoc.report.diff import FORMATS

DiffFormat = Enum("DiffFormat", {name: name for name in FORMATS}, type=str)  # type: ignore[misc]

EPILOG = """\
Examples:\n
  advoc diff           this branch and its uncommitted edits, since it left main\n
  advoc diff HEAD~1    the working tree against the previous commit\n
  advoc diff origin/main HEAD --format markdown > comment.md   for a pull request comment\n
\n
Exit codes: 0 always when the comparison could be made (the diff is information,
not a verdict); 2 a revision that does not exist, or not a git repository.
"""


@handles_errors
def diff(
    base: Annotated[
        str | None,
        typer.Argument(
            help="The revision to compare from. Default: where HEAD left the default branch "
            "(origin/HEAD, else main, else master).",
            show_default=False,
        ),
    ] = None,
    head: Annotated[
        str | None,
        typer.Argument(
            help="The revision to compare to. Default: the working tree, uncommitted "
            "edits included.",
            show_default=False,
        ),
    ] = None,
    registry: RegistryOption = None,
    as_of: AsOfOption = None,
    output_format: Annotated[
        DiffFormat, format_option("text for people, markdown for a pull request, json.")
    ] = DiffFormat["text"],
) -> None:
    """What changed between two revisions, in registry terms, and which problems it adds."""
    found = registry_diff(registry_root(registry), base, head, as_of_date(as_of))
    if found.shallow:
        typer.echo(f"advoc: warning: {SHALLOW_HINT}", err=True)
    sys.stdout.write(FORMATS[output_format.value](found))
