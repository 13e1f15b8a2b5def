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
  advoc init --name "Wikimedia advocacy in Norway" --language nb\n
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
) -> None:
    """Create a new registry: manifest, folders, the default rules, committed in git."""
    target = path.resolve()
    created = create(target, name or target.name, language)
    typer.echo(f"Created an advoc registry in {target} ({len(created.files)} files).")
    if created.new_repository:
        typer.echo("It is a new git repository with a first commit.")
    elif created.commit is not None:
        typer.echo(
            f"Committed them on branch {created.branch} ({created.commit[:12]}), with the "
            "Advoc-Decision trailers `advoc audit` looks for; nothing else you had staged "
            "or changed is in that commit, and it is all still as it was."
        )
    else:
        typer.echo(f"advoc did not commit them: {created.not_committed}.")
        if created.first:
            typer.echo(created.first)
        typer.echo(
            f"{'Then c' if created.first else 'C'}ommit them, and nothing else, with the "
            "Advoc-Decision trailers `advoc audit` looks for:"
        )
        typer.echo(f"  {commit_command(created, Path.cwd().resolve())}")
    typer.echo("Next: cd into it and run `advoc validate`.")
