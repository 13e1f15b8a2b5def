from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from advoc.cli.options import (
    AsOfOption,
    LangOption,
    RegistryOption,
    RevOption,
    TextOrJson,
    TextOrJsonOption,
    as_of_date,
    handles_errors,
    load_registry,
)
from advoc.model.resolve import Resolver, find
from advoc.report.show import render

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
    as_of: AsOfOption = None,
    lang: LangOption = None,
    output_format: TextOrJsonOption = TextOrJson.TEXT,
) -> None:
    """One record, resolved: an advocate with their roles, a decision against its process."""
    loaded = load_registry(registry, rev)
    resolver = Resolver(loaded, as_of_date(as_of), lang or loaded.default_language)
    shown = resolver.resolve(find(loaded, record))
    if output_format is TextOrJson.JSON:
        sys.stdout.write(json.dumps(shown, indent=2, ensure_ascii=False, default=str) + "\n")
    else:
        sys.stdout.write(render(shown))
