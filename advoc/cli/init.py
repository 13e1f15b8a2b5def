from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from advoc.cli.options import handles_errors
from advoc.commands.init import commit_command
from advoc.commands.init import init as create

EPILOG = """\
Examples:\n
  advoc init my-network                   a new registry in ./my-network\n
  advoc init .                            here; in a git repository, on its current branch\n
  advoc init --name "Wikimedia advocacy in Norway" --language nb --as Ola\n
  advoc init --example demo               the example network, to try advoc out\n
"""


@handles_errors
def init(
    path: Annotated[Path, typer.Argument(help="Where to create the registry.")] = Path("."),
    name: Annotated[
        str | None, typer.Option("--name", help="The network's name. Default: the folder's name.")
    ] = None,
    language: Annotated[
        str, typer.Option("--language", help="The default language of the registry's text.")
    ] = "en",
    as_user: Annotated[
        str | None,
        typer.Option(
            "--as",
            metavar="USERNAME",
            show_default=False,
            help="Your wiki username, recorded as the founder who proposed the founding "
            "decision. Default: git's user.name.",
        ),
    ] = None,
    example: Annotated[
        bool,
        typer.Option(
            "--example",
            help="Copy advoc's example network instead (fictional advocates and "
            "decisions, to try advoc out): never for a real network.",
        ),
    ] = False,
) -> None:
    """Create a new registry: manifest, folders, the default rules adopted by the
    registry's own founding decision (dated now, proposed by you), committed in git."""
    target = path.resolve()
    created = create(target, name or target.name, language, founder=as_user, example=example)
    typer.echo(f"Created an advoc registry in {target} ({len(created.files)} files).")
    if example:
        typer.echo(
            "It holds the example network: fictional advocates, groups and decisions, "
            "to try advoc out. Start a real network without --example."
        )
    else:
        typer.echo(
            f"Its rules are adopted by its founding decision {created.decisions[0]}; "
            "every later change to them needs a rule-change decision."
        )
    if created.new_repository:
        typer.echo("It is a new git repository with a first commit.")
    elif created.commit is not None:
        typer.echo(
            f"Committed them on branch {created.branch} ({created.commit[:12]}), with the "
            "Advoc-Decision trailer `advoc audit` looks for; nothing else you had staged "
            "or changed is in that commit, and it is all still as it was."
        )
    else:
        typer.echo(f"advoc did not commit them: {created.not_committed}.")
        if created.first:
            typer.echo(created.first)
        typer.echo(
            f"{'Then c' if created.first else 'C'}ommit them, and nothing else, with the "
            "Advoc-Decision trailer `advoc audit` looks for:"
        )
        typer.echo(f"  {commit_command(created, Path.cwd().resolve())}")
    typer.echo("Next: cd into it and run `advoc validate`.")
