from __future__ import annotations

import sys
from enum import Enum
from typing import Annotated

import typer

from advoc.cli.options import (
    AsOfInstantOption,
    LangOption,
    RegistryOption,
    RevOption,
    as_of_instant,
    format_option,
    handles_errors,
    load_registry,
)
from advoc.model.resolve import Resolver, find
from advoc.report.show import FORMATS

ShowFormat = Enum("ShowFormat", {name: name for name in FORMATS}, type=str)  # type: ignore[misc]

EPILOG = """\
Examples:\n
  advoc show advocate/sigrid-havnevik     roles, the decisions behind them, campaigns, feedback\n
  advoc show decision/de-wikipedia-2019-blackout   the decision against its process\n
  advoc show process/urgent-action --format json\n
"""


@handles_errors
def show(
    record: Annotated[
        str,
        typer.Argument(
            metavar="KIND/ID",
            help="The record, e.g. advocate/ada-lovelace or decisions/2026-grant-ada.",
        ),
    ],
    registry: RegistryOption = None,
    rev: RevOption = None,
    as_of: AsOfInstantOption = None,
    lang: LangOption = None,
    output_format: Annotated[
        ShowFormat, format_option("text for people, json for other tools.")
    ] = ShowFormat["text"],
) -> None:
    """One record, resolved: an advocate with their roles, a decision against its process."""
    loaded = load_registry(registry, rev)
    resolver = Resolver(loaded, as_of_instant(as_of), lang or loaded.default_language)
    shown = resolver.resolve(find(loaded, record))
    sys.stdout.write(FORMATS[output_format.value](shown))
