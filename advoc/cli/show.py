from __future__ import annotations

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
    print_public,
)
from advoc.model.public import people_view, refuse_withheld
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
    loaded = load_registry(registry, rev, private=True)
    kind, _, record_id = record.partition("/")
    if kind in ("advocate", "advocates"):
        refuse_withheld(loaded, "advocate", record_id.removesuffix(".yaml"))
    found = find(loaded, record)
    refuse_withheld(loaded, found.kind, found.id)
    view = people_view(loaded)
    resolver = Resolver(view, as_of_instant(as_of), lang or loaded.default_language)
    shown = view.get(found.kind, found.id) or found  # refuse_withheld: never None here
    text = FORMATS[output_format.value](resolver.resolve(shown), resolver.language)
    print_public(text, loaded, output_format.value == "text")
