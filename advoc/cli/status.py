from __future__ import annotations

from enum import Enum
from typing import Annotated

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
from advoc.commands.status import status
from advoc.model.public import people_view
from advoc.report.status import FORMATS

StatusFormat = Enum("StatusFormat", {name: name for name in FORMATS}, type=str)  # type: ignore[misc]

EPILOG = """\
Examples:\n
  advoc status                            what needs attention today\n
  advoc status --as-of 2026-11-01         ... as of a given day\n
  advoc status --format json              for a bot or a dashboard\n
\n
Exit code 0 whatever it shows; `advoc validate` is the check that fails.
"""


@handles_errors
def status_command(
    registry: RegistryOption = None,
    rev: RevOption = None,
    as_of: AsOfInstantOption = None,
    lang: LangOption = None,
    output_format: Annotated[
        StatusFormat, format_option("text for people, json for other tools.")
    ] = StatusFormat["text"],
) -> None:
    """What needs attention: open decisions, ratifications, expiring roles, feedback."""
    loaded = load_registry(registry, rev, private=True)
    shown = people_view(loaded)
    report = status(shown, as_of_instant(as_of))
    language = lang or loaded.default_language
    text = FORMATS[output_format.value](shown, report, language)
    print_public(text, loaded, output_format.value == "text")
