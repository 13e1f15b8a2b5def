from __future__ import annotations

import sys
from enum import Enum
from typing import Annotated

import typer

from advoc.cli.options import LangOption, RegistryOption, RevOption, handles_errors, load_registry
from advoc.commands.guide import Guide

EPILOG = """\
Examples:\n
  advoc guide                             every way in, and how decisions are taken\n
  advoc guide join                        how to take part\n
  advoc guide decisions --lang de         the processes, in German where translated\n
"""


class Topic(str, Enum):
    JOIN = "join"
    INITIATE = "initiate"
    FEEDBACK = "feedback"
    DECISIONS = "decisions"


@handles_errors
def guide(
    topic: Annotated[
        Topic | None, typer.Argument(help="join, initiate, feedback or decisions. Default: all.")
    ] = None,
    registry: RegistryOption = None,
    rev: RevOption = None,
    lang: LangOption = None,
) -> None:
    """The entry points and decision processes, as plain-language instructions."""
    loaded = load_registry(registry, rev)
    writer = Guide(loaded, lang or loaded.default_language)
    sys.stdout.write(writer.render(topic.value if topic else None))
