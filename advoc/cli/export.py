from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from advoc.cli.options import (
    AsOfOption,
    LangOption,
    RegistryOption,
    RevOption,
    as_of_date,
    handles_errors,
    load_registry,
)
from advoc.errors import UsageError
from advoc.export import Format

EPILOG = """\
Examples:\n
  advoc export --format html --out site      a static website: open site/index.html\n
  advoc export --format json > registry.json  one document for other tools\n
  advoc export --format csv --out tables      one CSV file per kind\n
  advoc export --format wikitext --lang de    tables to paste on Meta-Wiki\n
\n
Advocates with limited visibility, and every trace of them, are left out.
The site has a tree of pages per language the rules are translated into;
with --lang, that language only. advoc writes only into a new or empty
folder, or one it exported into before.
"""
DEFAULT_SITE = Path("site")


@handles_errors
def export(
    output_format: Annotated[
        Format,
        typer.Option(
            "--format", "-f", help="json or wikitext (printed unless --out), csv or html."
        ),
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            metavar="PATH",
            show_default=False,
            help="The folder to write into (for html default: site). "
            "Required for csv; json and wikitext are printed without it.",
        ),
    ] = None,
    registry: RegistryOption = None,
    rev: RevOption = None,
    as_of: AsOfOption = None,
    lang: LangOption = None,
) -> None:
    """The public registry (no limited advocates) for other tools, a static directory
    website, or Meta-Wiki."""
    from advoc.export import export as build_export
    from advoc.export import printed
    from advoc.export.output import write

    if output_format is Format.CSV and out is None:
        raise UsageError(
            "CSV export writes one file per kind, so it needs a folder.",
            hint="Add --out DIR, for example: advoc export --format csv --out tables",
        )
    if output_format is Format.HTML and out is None:
        out = DEFAULT_SITE
    jobs = build_export(load_registry(registry, rev), output_format, as_of_date(as_of), lang)
    if out is None:
        sys.stdout.write(printed(jobs))
        return
    count, removed = write(jobs, out)
    typer.echo(f"wrote {count} file{'s' if count != 1 else ''} into {out}", err=True)
    if removed:
        typer.echo(f"removed {len(removed)} file(s) of the earlier export", err=True)
