from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from advoc.cli.options import (
    AsOfInstantOption,
    LangOption,
    RegistryOption,
    RevOption,
    as_of_instant,
    handles_errors,
    load_registry,
)
from advoc.errors import UsageError
from advoc.export import Format, codeowners_text, printed
from advoc.export import export as build_export
from advoc.export.codeowners import write as write_codeowners
from advoc.export.output import write
from advoc.model.owners import Host

if TYPE_CHECKING:
    from advoc.load.loader import Loaded

EPILOG = """\
Examples:\n
  advoc export --format html --out site      a static website: open site/index.html\n
  advoc export --format json > registry.json  one document for other tools\n
  advoc export --format csv --out tables      one CSV file per kind\n
  advoc export --format wikitext --lang de    tables to paste on Meta-Wiki\n
  advoc export --format codeowners --out .github/CODEOWNERS  reviewers from the roles\n
\n
Advocates with limited visibility, and every trace of them, are left out.
The site has a tree of pages per language the rules are translated into;
with --lang, that language only. advoc writes only into a new or empty
folder, or one it exported into before; exported again there, the site makes
and writes only the pages whose content changed. Decisions are judged as of
now: a site exported every hour announces a decision the hour it opens.
CODEOWNERS is one file: advoc replaces it only if it wrote it before (its
first line says so).
"""
DEFAULT_SITE = Path("site")


@handles_errors
def export(
    output_format: Annotated[
        Format,
        typer.Option(
            "--format",
            "-f",
            help="json, wikitext or codeowners (printed unless --out), csv or html.",
        ),
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            metavar="PATH",
            show_default=False,
            help="The folder to write into (for html default: site). "
            "Required for csv; json and wikitext are printed without it. "
            "For codeowners, the file to write, such as .github/CODEOWNERS.",
        ),
    ] = None,
    host: Annotated[
        Host | None,
        typer.Option(
            "--host",
            show_default=False,
            help="codeowners only: whose accounts to name, github or gitlab. "
            "Default: gitlab when --out is in a .gitlab folder, else github.",
        ),
    ] = None,
    registry: RegistryOption = None,
    rev: RevOption = None,
    as_of: AsOfInstantOption = None,
    lang: LangOption = None,
) -> None:
    """The public registry (no limited advocates) for other tools, a static directory
    website, or Meta-Wiki."""

    if output_format is Format.CODEOWNERS:
        _codeowners(load_registry(registry, rev), as_of_instant(as_of), host, out)
        return
    if host is not None:
        raise UsageError(
            "--host chooses the accounts of a CODEOWNERS file; it applies to "
            "--format codeowners only.",
            hint="Leave out --host, or add --format codeowners.",
        )
    if output_format is Format.CSV and out is None:
        raise UsageError(
            "CSV export writes one file per kind, so it needs a folder.",
            hint="Add --out DIR, for example: advoc export --format csv --out tables",
        )
    if output_format is Format.HTML and out is None:
        out = DEFAULT_SITE
    loaded = load_registry(registry, rev)
    loaded.forget_loading()  # only its records are read from here on
    jobs, reuse = build_export(loaded, output_format, as_of_instant(as_of), lang, into=out)
    if out is None:
        sys.stdout.write(printed(jobs))
        return
    written = write(jobs, out, stats=reuse is not None)
    if reuse is not None:
        reuse.store(written.stats)
    changed = written.files - written.unchanged
    said = f"wrote {changed} file{'s' if changed != 1 else ''} into {out}"
    if written.unchanged:
        said += f"; {written.unchanged} unchanged, left as they were"
        if written.reused:  # nothing they show changed, so they were not made again
            said += f" ({written.reused} not made again)"
    typer.echo(said, err=True)
    if written.removed:
        typer.echo(f"removed {len(written.removed)} file(s) of the earlier export", err=True)


def _codeowners(registry: Loaded, as_of: date, host: Host | None, out: Path | None) -> None:
    """Print the CODEOWNERS text, or write it to the file `out`."""
    if host is None:
        in_gitlab = out is not None and out.parent.name == ".gitlab"
        host = Host.GITLAB if in_gitlab else Host.GITHUB
    text = codeowners_text(registry, as_of, host)
    if out is None:
        sys.stdout.write(text)
        return
    write_codeowners(text, out)
    typer.echo(f"wrote {out} (owners: {host.value} accounts)", err=True)
