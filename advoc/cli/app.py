from __future__ import annotations

import os
import sys
from typing import Annotated, Any

import typer

from advoc import __version__
from advoc.cli import audit as audit_command
from advoc.cli import diff as diff_command
from advoc.cli import export as export_command
from advoc.cli import guide as guide_command
from advoc.cli import history as history_command
from advoc.cli import init as init_command
from advoc.cli import list as list_command
from advoc.cli import propose as propose_command
from advoc.cli import schema as schema_command
from advoc.cli import show as show_command
from advoc.cli import status as status_command
from advoc.cli import validate as validate_command
from advoc.cli import who as who_command
from advoc.errors import AdvocError

app = typer.Typer(
    name="advoc",
    help="The Wikimedia advocacy network's rules of engagement, roles, decisions and "
    "feedback, kept as validated YAML files in git.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"advoc {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print advoc's version and exit."
        ),
    ] = False,
) -> None:
    """advoc: validate and query an advocacy registry."""


app.command("validate", epilog=validate_command.EPILOG)(validate_command.validate)
app.command("schema", epilog=schema_command.EPILOG)(schema_command.schema)
app.command("init", epilog=init_command.EPILOG)(init_command.init)
app.command("status", epilog=status_command.EPILOG)(status_command.status_command)
app.command("guide", epilog=guide_command.EPILOG)(guide_command.guide)
app.command("show", epilog=show_command.EPILOG)(show_command.show)
app.add_typer(propose_command.propose_app, name="propose")
app.command("history", epilog=history_command.EPILOG)(history_command.history)
app.command("diff", epilog=diff_command.EPILOG)(diff_command.diff)
app.command("audit", epilog=audit_command.EPILOG)(audit_command.audit)
app.command("list", epilog=list_command.EPILOG)(list_command.list_command)
app.command("who", epilog=who_command.EPILOG)(who_command.who_command)
app.command("export", epilog=export_command.EPILOG)(export_command.export)


EXIT_BUG = 3


def run(argv: list[str] | None = None) -> Any:
    try:
        return app(args=argv, prog_name="advoc", standalone_mode=True)
    except AdvocError as error:  # raised outside a command body, e.g. by a callback
        report_error(error)
        sys.exit(error.exit_code)
    except Exception as error:
        if os.environ.get("ADVOC_DEBUG"):
            raise
        typer.echo(f"advoc: internal error: {error!r}", err=True)
        typer.echo(
            "hint: this is a bug in advoc, not in your registry; please report it with "
            "the command you ran. Set ADVOC_DEBUG=1 to see where it happened.",
            err=True,
        )
        sys.exit(EXIT_BUG)


def report_error(error: AdvocError) -> None:
    typer.echo(f"advoc: {error.message}", err=True)
    if error.hint:
        typer.echo(f"hint: {error.hint}", err=True)
