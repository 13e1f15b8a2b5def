from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from advoc.cli.options import handles_errors

EPILOG = """\
Examples:\n
  advoc init my-network                   a new registry in ./my-network\n
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
    """Create a new registry: manifest, folders, the default rules, a git repository."""
    from advoc.init import init as create

    target = path.resolve()
    written, committed = create(target, name or target.name, language)
    typer.echo(f"Created an advoc registry in {target} ({len(written)} files).")
    if committed:
        typer.echo("It is a new git repository with a first commit.")
    else:
        typer.echo(
            "The folder is inside an existing git repository: review the new files "
            "and commit them (git add advoc.yaml registry rules && git commit)."
        )
    typer.echo("Next: cd into it and run `advoc validate`.")
