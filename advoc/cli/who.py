from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from advoc.cli.list import day
from advoc.cli.options import (
    AsOfOption,
    LangOption,
    RegistryOption,
    RevOption,
    format_option,
    handles_errors,
    load_registry,
    print_public,
)
from advoc.commands.who import WhoQuery, who
from advoc.report.who import FORMATS

WhoFormat = Enum("WhoFormat", {name: name for name in FORMATS}, type=str)  # type: ignore[misc]

EPILOG = """\
Examples:\n
  advoc who                                   everyone who may speak for the network today\n
  advoc who --country NO                      ... for Norway\n
  advoc who --topic copyright --country BR --country PT   copyright, in Brazil or Portugal\n
  advoc who --language es --format json       for a bot or a web page\n
Filters combine with AND; a repeated filter is OR within it. A speaker holds
a public-facing role (spokesperson, advocate, campaign coordinator...) active
on the --as-of day. --country, --topic and --project match the role's scope
when it names one (the scope narrows the mandate), else the advocate's own
countries, topics and home projects; --language matches the advocate's
languages, variants included (zh matches zh-hant). Media contacts come first,
then by name; each role is shown with the decision that granted it.
Advocates with visibility: limited never appear.\n
JSON: {"format": 1, "as_of", "language", "filters", "advocates": [{"id",
"name", "username", "media_contact", "languages", "countries", "topics",
"home_projects", "contact": [{"channel", "target"}], "roles": [{"role",
"role_name", "start", "end", "scope", "granted_by": {"id", "title", "status",
"closed", "withheld"}}]}], "unmatched": [{"filter", "value"}]}; "withheld" is
true (and "id" null) when the granting decision also names an advocate who is
not listed.
"""


@handles_errors
def who_command(
    country: Annotated[
        list[str] | None,
        typer.Option("--country", metavar="CC", help="A country code such as BR, NO or EU."),
    ] = None,
    topic: Annotated[
        list[str] | None,
        typer.Option("--topic", metavar="TOPIC", help="A topic such as copyright or privacy."),
    ] = None,
    language: Annotated[
        list[str] | None,
        typer.Option("--language", metavar="LANG", help="A language the advocate speaks."),
    ] = None,
    project: Annotated[
        list[str] | None,
        typer.Option("--project", metavar="WIKI", help="A wiki's database name such as nowiki."),
    ] = None,
    registry: RegistryOption = None,
    rev: RevOption = None,
    as_of: AsOfOption = None,
    lang: LangOption = None,
    output_format: Annotated[
        WhoFormat, format_option("text for people, json for other tools.")
    ] = WhoFormat["text"],
) -> None:
    """Who to contact: active public-facing advocates, media contacts first."""
    query = WhoQuery(
        tuple(country or ()), tuple(topic or ()), tuple(project or ()), tuple(language or ())
    )
    loaded = load_registry(registry, rev, private=True)
    result = who(loaded, query, day(as_of, "--as-of"), lang or loaded.default_language)
    print_public(FORMATS[output_format.value](result), loaded, output_format.value == "text")
