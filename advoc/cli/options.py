"""Options shared by several commands, declared once."""

from __future__ import annotations

import functools
import os
import re
import sys
from collections.abc import Callable
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from advoc.cli import ENDINGS, exit_code
from advoc.load.loader import load
from advoc.load.root import find_root
from advoc.model.registry import Registry
from advoc.model.timeutil import instant, now
from advoc.report.guard import checked, unreadable_note


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        shape = re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value)
        why = f"no such day ({error})" if shape else "write it as YYYY-MM-DD"
        raise typer.BadParameter(f"'{value}' is not a date: {why}.") from None


RegistryOption = Annotated[
    str | None,
    typer.Option(
        "--registry",
        metavar="PATH",
        show_default=False,
        help="The registry folder (holding advoc.yaml). Default: $ADVOC_REGISTRY, "
        "else the nearest folder upward from here holding advoc.yaml.",
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="YYYY-MM-DD",
        show_default=False,
        help="Judge dates as of this day (00:00 UTC). Default: today.",
    ),
]


AsOfInstantOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE|TIMESTAMP",
        show_default=False,
        help="Judge as of this day (YYYY-MM-DD: 00:00 UTC) or this instant "
        "(YYYY-MM-DDTHH:MM[:SS], UTC unless it ends in Z or an offset). Default: now.",
    ),
]


def as_of_instant(value: str | None) -> datetime:
    """An --as-of as an instant in UTC: a day is its 00:00 UTC; no value is now
    (SOURCE_DATE_EPOCH, when set, names now, as for `advoc propose`)."""
    if value is None:
        return now()
    if "T" not in value.upper():
        return instant(_parse_date(value) or now())
    try:
        parsed = datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    except ValueError:
        raise typer.BadParameter(
            f"'{value}' is not a date or a timestamp: write it as YYYY-MM-DD or "
            "YYYY-MM-DDTHH:MM[:SS][Z]."
        ) from None
    return instant(parsed)


def as_of_date(value: str | None) -> date:
    from datetime import timezone

    return _parse_date(value) or datetime.now(timezone.utc).date()


def registry_root(explicit: str | None) -> Path:
    """The registry a command works on: --registry, $ADVOC_REGISTRY, or upward."""
    return find_root(explicit)


F = TypeVar("F", bound=Callable[..., Any])


def handles_errors(command: F) -> F:
    """Turn advoc's errors into a message, a hint and an exit code."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except ENDINGS as ending:
            raise typer.Exit(exit_code(ending)) from None

    return wrapper  # type: ignore[return-value]


LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        metavar="LANG",
        show_default=False,
        help="Show registry text in this language, falling back to the registry's "
        "default language.",
    ),
]


RevOption = Annotated[
    str | None,
    typer.Option(
        "--rev",
        metavar="REV",
        show_default=False,
        help="Read the registry as it was at this git revision (a branch, tag or commit), "
        "straight from git, without checking anything out. Default: the files on disk.",
    ),
]


def load_registry(explicit: str | None, rev: str | None = None, private: bool = False) -> Any:
    """The registry named on the command line (or found upward), loaded from
    disk or, with `rev`, from that git revision; with `private`, and the private
    part configured (`advoc.load.private`), with the advocates it holds."""
    return load(registry_root(explicit), rev=rev, private=private)


def format_option(text: str, **settings: Any) -> Any:
    """`--format`. Its choices are an Enum made from the names in the format table
    of what the command returns (`advoc.report`), the table that also writes it:
    `Choice = Enum("Choice", {name: name for name in FORMATS}, type=str)`."""
    return typer.Option("--format", "-f", help=text, **settings)


# history and propose answer as text for people or JSON for other tools
TextOrJson = Enum("TextOrJson", {name: name for name in ("text", "json")}, type=str)  # type: ignore[misc]
TextOrJsonOption = Annotated[TextOrJson, format_option("text for people, json for other tools.")]


def on_terminal() -> bool:
    """Whether stdout is a terminal that shows tables: not a pipe, not TERM=dumb."""
    return sys.stdout.isatty() and os.environ.get("TERM") != "dumb"


def use_color() -> bool:
    """The one colour decision: on a terminal, unless NO_COLOR is set (no-color.org)."""
    return on_terminal() and "NO_COLOR" not in os.environ


PRIVATE_BANNER = (
    "PRIVATE: this includes the private part of the registry (advocates whose "
    "visibility is limited); do not publish or forward it."
)


def print_public(text: str, registry: Registry, for_people: bool = True) -> None:
    """The one writer of what shows people (`list`, `who`, `show`, `status`): the
    last guard refuses text that names an advocate of limited visibility, and files
    that could not be read are counted on stderr, never named. With the private
    part loaded, everything is shown, marked: a first line for people (`for_people`:
    the text format), and always a line on stderr."""
    if registry.has_private:
        typer.echo(f"advoc: {PRIVATE_BANNER}", err=True)
        sys.stdout.write(f"{PRIVATE_BANNER}\n\n{text}" if for_people else text)
        return
    sys.stdout.write(checked(text, registry))
    note = unreadable_note(registry)
    if note:
        typer.echo(note, err=True)
