from __future__ import annotations

import shutil
from datetime import date
from enum import Enum
from typing import Annotated

import typer

from advoc.cli.options import (
    AsOfOption,
    LangOption,
    RegistryOption,
    RevOption,
    as_of_date,
    format_option,
    handles_errors,
    load_registry,
    on_terminal,
    print_public,
    use_color,
)
from advoc.commands.listing import list_records
from advoc.model.kinds import parse_kind
from advoc.report.listing import FORMATS, Query

ListFormat = Enum("ListFormat", {name: name for name in FORMATS}, type=str)  # type: ignore[misc]

EPILOG = """\
Examples:\n
  advoc list advocates                              everyone listed publicly\n
  advoc list advocates --country BR --country PT    advocates for Brazil or Portugal\n
  advoc list advocates --role spokesperson --topic copyright\n
  advoc list advocates --active-on 2025-01-01       who held a role on that day\n
  advoc list decisions --type blackout --sort opened\n
  advoc list campaigns --status active --format json\n
  advoc list groups --format csv > groups.csv\n
Filters combine with AND; a repeated filter is OR within it. Each filter
applies to the kinds that have its field: --role, --active-on, --language,
--media-contact to advocates; --country to advocates, groups, campaigns;
--topic to advocates, campaigns; --project to advocates (home projects),
campaigns, decisions; --group to advocates, decisions; --status to campaigns,
decisions, feedback; --type to groups, decisions, feedback (its kind).
--role and --active-on keep advocates holding the role (any role without
--role) on the --active-on day, else on the --as-of day. A language matches
its variants (zh matches zh-hant).\n
Advocates with visibility: limited, and every record that would point at
them, are never listed.\n
Columns (the JSON, YAML and CSV keys) are the registry's own fields, with
name, title and summary in --lang; for advocates, roles are the roles held on
the --active-on or --as-of day. JSON and YAML: {"format": 1, "kind", "as_of",
"language", "filters", "sort", "columns", "records": [...]}, lists as lists,
missing values null. CSV: a header row, lists joined with "; ", UTF-8.
"""


def day(value: str | None, option: str) -> date:
    """A date option's day (today when not given), or a usage error naming the option."""
    try:
        return as_of_date(value)
    except typer.BadParameter as error:
        error.param_hint = option
        raise


@handles_errors
def list_command(
    kind: Annotated[
        str,
        typer.Argument(
            metavar="KIND",
            help="advocates, groups, campaigns, decisions, "
            "feedback, roles, processes, principles or entry-points.",
        ),
    ],
    role: Annotated[
        list[str] | None,
        typer.Option("--role", metavar="ROLE", help="Advocates holding this role."),
    ] = None,
    active_on: Annotated[
        str | None,
        typer.Option(
            "--active-on",
            metavar="YYYY-MM-DD",
            show_default=False,
            help="Advocates holding a role (--role, else any) on this day.",
        ),
    ] = None,
    country: Annotated[
        list[str] | None,
        typer.Option("--country", metavar="CC", help="A country code such as BR, NO or EU."),
    ] = None,
    language: Annotated[
        list[str] | None,
        typer.Option("--language", metavar="LANG", help="Advocates speaking this language."),
    ] = None,
    topic: Annotated[
        list[str] | None,
        typer.Option("--topic", metavar="TOPIC", help="A topic such as copyright or privacy."),
    ] = None,
    project: Annotated[
        list[str] | None,
        typer.Option("--project", metavar="WIKI", help="A wiki's database name such as nowiki."),
    ] = None,
    group: Annotated[
        list[str] | None, typer.Option("--group", metavar="GROUP", help="A group's id.")
    ] = None,
    status: Annotated[
        list[str] | None, typer.Option("--status", metavar="STATUS", help="The record's status.")
    ] = None,
    record_type: Annotated[
        list[str] | None,
        typer.Option(
            "--type", metavar="TYPE", help="A group's or decision's type, a feedback's kind."
        ),
    ] = None,
    media_contact: Annotated[
        bool, typer.Option("--media-contact", help="Media contacts only.")
    ] = False,
    sort: Annotated[
        str, typer.Option("--sort", metavar="FIELD", help="Sort by this column.")
    ] = "id",
    output_format: Annotated[
        ListFormat, format_option("table for people; json, yaml or csv for other tools.")
    ] = ListFormat["table"],
    registry: RegistryOption = None,
    rev: RevOption = None,
    as_of: AsOfOption = None,
    lang: LangOption = None,
) -> None:
    """List the records of one kind, filtered and sorted; limited advocates never appear."""
    query = Query(
        parse_kind(kind).name,
        {
            "role": tuple(role or ()),
            "country": tuple(country or ()),
            "language": tuple(language or ()),
            "topic": tuple(topic or ()),
            "project": tuple(project or ()),
            "group": tuple(group or ()),
            "status": tuple(status or ()),
            "type": tuple(record_type or ()),
        },
        day(active_on, "--active-on") if active_on else None,
        media_contact,
        sort,
    )
    loaded = load_registry(registry, rev, private=True)
    listing = list_records(loaded, query, day(as_of, "--as-of"), lang or loaded.default_language)
    output = FORMATS[output_format.value](
        listing,
        terminal=on_terminal(),
        color=use_color(),
        width=shutil.get_terminal_size().columns,
    )
    print_public(output, loaded, for_people=output_format.value == "table")
