from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from advoc.cli.options import handles_errors
from advoc.errors import UsageError
from advoc.load.schemas import SCHEMA_NAMES, bundled
from advoc.model.kinds import parse_kind

EPILOG = """\
Examples:\n
  advoc schema advocate                   print the advocate schema\n
  advoc schema --out .schemas             write every schema as .schemas/<kind>.schema.json\n
  advoc schema export                     the shape of `advoc export --format json`\n
\n
The files are self-contained Draft 2020-12 JSON Schemas: point your editor's YAML
extension (yaml-language-server) or check-jsonschema at them.
"""


@handles_errors
def schema(
    kind: Annotated[
        str | None,
        typer.Argument(
            help="A kind (advocate, decision, ...), 'manifest', or 'export' (the document "
            "`advoc export --format json` writes). Default: every kind and the manifest."
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            metavar="DIR",
            help="Write the schemas into this folder instead of printing them.",
        ),
    ] = None,
) -> None:
    """Print or write the JSON Schemas of the registry format."""
    names = SCHEMA_NAMES if kind is None else (_schema_name(kind),)
    if out is None:
        documents = {name: bundled(name) for name in names}
        typer.echo(
            json.dumps(documents[names[0]] if kind else documents, indent=2, ensure_ascii=False)
        )
        return
    out.mkdir(parents=True, exist_ok=True)
    for name in names:
        target = out / f"{name}.schema.json"
        target.write_text(
            json.dumps(bundled(name), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        typer.echo(f"wrote {target}", err=True)


def _schema_name(text: str) -> str:
    if text in ("manifest", "export"):
        return text

    try:
        return parse_kind(text).name
    except UsageError as error:
        raise UsageError(
            error.message,
            hint="Use 'manifest', 'export' or one of the kinds: advocate, "
            "group, campaign, decision, feedback, role, process, principle, "
            "entry-point.",
        ) from None
