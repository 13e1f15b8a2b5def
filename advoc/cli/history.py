from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from advoc.cli.options import (
    RegistryOption,
    TextOrJson,
    TextOrJsonOption,
    handles_errors,
    registry_root,
)

EPILOG = """\
Examples:\n
  advoc history advocate/sigrid-havnevik     every change to one record, newest first\n
  advoc history decisions/2026-grant-ada --format json\n
\n
The history comes from git, so run it in a full clone; in a shallow clone (CI's
default) advoc warns that older changes are missing and says how to fetch them.
"""


@handles_errors
def history(
    record: Annotated[
        str,
        typer.Argument(
            metavar="KIND/ID",
            help="The record, e.g. advocate/ada-lovelace; it may have been deleted since.",
        ),
    ],
    registry: RegistryOption = None,
    output_format: TextOrJsonOption = TextOrJson.TEXT,
) -> None:
    """Every commit that changed one record: who, when, and which fields."""
    from advoc.gitrepo import SHALLOW_HINT
    from advoc.history import record_history, render

    found = record_history(registry_root(registry), record)
    if found.shallow:
        typer.echo(f"advoc: warning: {SHALLOW_HINT}", err=True)
    if output_format is TextOrJson.JSON:
        sys.stdout.write(json.dumps(found.to_dict(), indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(render(found))
