from __future__ import annotations

from typing import Annotated

import typer

from advoc.cli.fast import show_history
from advoc.cli.options import RegistryOption, TextOrJson, TextOrJsonOption, handles_errors

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
    output_format: TextOrJsonOption = TextOrJson["text"],
) -> None:
    """Every commit that changed one record: who, when, and which fields."""
    # `advoc history` with plain arguments never gets here: advoc.cli.fast runs
    # the same body without typer.

    show_history(record, registry, output_format.value)
