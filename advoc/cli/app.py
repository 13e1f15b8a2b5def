from __future__ import annotations

import functools
import importlib
import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from advoc import __version__
from advoc.cli import ENDINGS, exit_code, output_failed, report_bug

# Every command: its name, and the module of advoc.cli and the function (or, for
# `propose`, the group) that implement it, in the order `advoc --help` lists them.
COMMANDS = {
    "validate": ("validate", "validate"),
    "schema": ("schema", "schema"),
    "init": ("init", "init"),
    "status": ("status", "status_command"),
    "guide": ("guide", "guide"),
    "show": ("show", "show"),
    "propose": ("propose", "propose_app"),
    "migrate": ("migrate", "migrate"),
    "private": ("private", "private_app"),
    "history": ("history", "history"),
    "diff": ("diff", "diff"),
    "audit": ("audit", "audit"),
    "list": ("list", "list_command"),
    "who": ("who", "who_command"),
    "export": ("export", "export"),
    "wiki": ("wiki", "wiki_app"),
}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"advoc {__version__}")
        raise typer.Exit()


def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print advoc's version and exit."
        ),
    ] = False,
) -> None:
    """advoc: validate and query an advocacy registry."""


@functools.cache
def build(only: str | None = None) -> typer.Typer:
    """The advoc command; with `only`, with that one command alone, which is all a
    run of it needs: importing every command and building all their options
    would cost each run about 0.05 s."""
    app = typer.Typer(
        name="advoc",
        help="The Wikimedia advocacy network's rules of engagement, roles, decisions and "
        "feedback, kept as validated YAML files in git.",
        no_args_is_help=True,
        add_completion=True,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.callback()(_root)
    for name, (module_name, attribute) in COMMANDS.items():
        if only is not None and name != only:
            continue
        module = importlib.import_module(f"advoc.cli.{module_name}")
        implementation = getattr(module, attribute)
        if isinstance(implementation, typer.Typer):
            app.add_typer(implementation, name=name)
        else:
            app.command(name, epilog=module.EPILOG)(implementation)
    return app


if TYPE_CHECKING:
    app: typer.Typer  # the whole command, as `advoc --help` shows it (the tests invoke it)


def __getattr__(name: str) -> Any:
    if name == "app":
        return build()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def run(argv: list[str] | None = None) -> Any:
    arguments = sys.argv[1:] if argv is None else argv
    named = arguments[0] if arguments and arguments[0] in COMMANDS else None
    try:
        return build(named)(args=arguments, prog_name="advoc", standalone_mode=True)
    except ENDINGS as ending:  # outside a command body, e.g. in a callback
        sys.exit(exit_code(ending))
    except Exception as error:
        if isinstance(error, OSError) and _output_failed(error):
            output_failed(error)
        sys.exit(report_bug(error))


def _output_failed(error: OSError) -> bool:
    """Whether the error is output that could not be written: a full disk
    (`> /dev/full`), a quota, an I/O error, on a stream rather than a named file
    (opening or creating a file names it, and is said where it happens)."""
    import errno  # here: only when a command fails (0.3 ms)

    full = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO)
    return error.errno in full and error.filename is None
