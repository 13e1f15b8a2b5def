"""What `advoc list` returns, a `Listing`, and its output formats: one `Listing`
feeds all of them.

- `table`: for people. On a terminal a rich table that fits its width (colour
  unless NO_COLOR); piped, plain aligned columns, one record a line.
- `json`: `{"format": 1, "kind", "as_of", "language", "filters", "sort",
  "columns", "records": [...]}`; each record holds the kind's columns with
  their natural types (lists stay lists, `media_contact` is a boolean, a value
  the record does not have is null). UTF-8, not escaped.
- `yaml`: the same object, as YAML.
- `csv`: a header row of the column names, then one row a record; lists
  joined with "; ", booleans as true/false, missing values empty. UTF-8. A
  cell a spreadsheet would run as a formula gets a leading `'`, as in
  `advoc export --format csv` (`escape.spreadsheet_cell`).

The table is for a terminal: each cell is `escape.visible` (no control
character, escape sequence or bidi override reaches it), and rich reads no
markup in it (`[bold]` stays text).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from advoc.load import yamlio
from advoc.model.kinds import KINDS
from advoc.report.escape import one_line, spreadsheet_cell, visible

LIST_FORMAT = 1  # the version of the JSON and YAML output; bumped on any incompatible change

# filter (its option's name) -> {kind: the field it looks at}
FILTERS: dict[str, dict[str, str]] = {
    "role": {"advocate": "roles"},
    "active-on": {"advocate": "roles"},
    "country": {"advocate": "countries", "group": "countries", "campaign": "countries"},
    "language": {"advocate": "languages"},
    "topic": {"advocate": "topics", "campaign": "topics"},
    "project": {"advocate": "home_projects", "campaign": "projects", "decision": "projects"},
    "group": {"advocate": "groups", "decision": "groups"},
    "status": {"campaign": "status", "decision": "status", "feedback": "status"},
    "type": {"group": "type", "decision": "type", "feedback": "kind"},
    "media-contact": {"advocate": "media_contact"},
}


@dataclass(frozen=True)
class Query:
    kind: str
    values: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # filter -> values
    active_on: date | None = None
    media_contact: bool = False
    sort: str = "id"

    def used(self) -> list[str]:
        """The filters this query uses, in the order of `FILTERS`."""
        return [
            name
            for name in FILTERS
            if self.values.get(name)
            or (name == "active-on" and self.active_on is not None)
            or (name == "media-contact" and self.media_contact)
        ]

    def described(self) -> dict[str, Any]:
        """The filters as they appear in the JSON output."""
        shown: dict[str, Any] = {
            name: list(self.values[name]) for name in self.used() if self.values.get(name)
        }
        if self.active_on is not None:
            shown["active-on"] = self.active_on.isoformat()
        if self.media_contact:
            shown["media-contact"] = True
        return shown


Value = str | int | float | bool | list[str] | None


@dataclass
class Listing:
    kind: str
    as_of: date
    language: str
    query: Query
    columns: list[str]
    rows: list[dict[str, Value]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": LIST_FORMAT,
            "kind": self.kind,
            "as_of": self.as_of.isoformat(),
            "language": self.language,
            "filters": self.query.described(),
            "sort": self.query.sort,
            "columns": self.columns,
            "records": self.rows,
        }


LIST_SEPARATOR = "; "


def to_json(listing: Listing, **_: Any) -> str:
    return json.dumps(listing.to_dict(), indent=2, ensure_ascii=False) + "\n"


def to_yaml(listing: Listing, **_: Any) -> str:
    return yamlio.dump(listing.to_dict())


def to_csv(listing: Listing, **_: Any) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(listing.columns)
    for row in listing.rows:
        writer.writerow(
            [spreadsheet_cell(cell(row.get(column), LIST_SEPARATOR)) for column in listing.columns]
        )
    return buffer.getvalue()


def cell(value: Value, separator: str = ", ") -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return separator.join(value)
    return str(value)


def to_table(
    listing: Listing, *, terminal: bool = False, color: bool = False, width: int = 80
) -> str:
    """A rich table on a terminal; plain aligned columns otherwise."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width if terminal else 100_000,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        highlight=False,
        emoji=False,
        markup=False,
    )
    if listing.rows:
        table = Table(
            box=box.SIMPLE_HEAD if terminal else None,
            header_style="bold" if color else "",
            pad_edge=False,
            show_edge=False,
        )
        cells = [
            {column: _table_cell(column, row.get(column)) for column in TABLE_COLUMNS[listing.kind]}
            for row in listing.rows
        ]
        columns = fitting(TABLE_COLUMNS[listing.kind], cells, width) if terminal else None
        for column in columns or TABLE_COLUMNS[listing.kind]:
            table.add_column(
                _heading(column),
                style="cyan" if color and column == "id" else "",
                no_wrap=not terminal or column not in WRAPPED_COLUMNS,
                overflow="fold",
                min_width=WIDE_MIN if column in WIDE_COLUMNS and terminal else None,
            )
        for row_cells in cells:
            table.add_row(*(row_cells[column] for column in columns or TABLE_COLUMNS[listing.kind]))
        console.print(table)
    console.print(visible(summary(listing)), highlight=False, soft_wrap=True)
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"


def fitting(columns: tuple[str, ...], cells: list[dict[str, str]], width: int) -> list[str]:
    """The columns that fit `width`: the last ones that are neither the id nor a
    title give way first; titles and summaries wrap into what is left."""
    kept = list(columns)
    while _needed(kept, cells) > width:
        droppable = [column for column in kept if column != "id" and column not in WIDE_COLUMNS]
        if not droppable:
            break
        kept.remove(droppable[-1])
    return kept


def _needed(columns: list[str], cells: list[dict[str, str]]) -> int:
    from rich.cells import cell_len

    total = COLUMN_GAP * (len(columns) - 1)
    for column in columns:
        if column in WIDE_COLUMNS:
            total += WIDE_MIN
            continue
        texts = [row[column] for row in cells]
        if column in WRAPPED_COLUMNS:  # lists wrap between items
            texts = [item for text in texts for item in text.split(", ")]
        total += max(cell_len(text) for text in [_heading(column), *texts])
    return total


def _heading(column: str) -> str:
    return HEADINGS.get(column, column.replace("_", " "))


# The table shows the columns that fit a terminal (in this order, the last giving
# way first on a narrow one); json, yaml and csv have them all.
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "advocate": ("id", "name", "countries", "roles", "media_contact", "languages", "topics"),
    "group": ("id", "name", "type", "countries"),
    "campaign": ("id", "title", "status", "start", "end", "countries"),
    "decision": ("id", "title", "status", "type", "opened", "closed"),
    "feedback": ("id", "date", "kind", "status", "summary", "about"),
    "vote": ("decision", "user", "position", "date", "cast"),
    "role": ("id", "name", "public_facing", "term"),
    "process": ("id", "name", "min_duration", "quorum", "threshold", "urgent"),
    "principle": ("id", "title"),
    "entry-point": ("id", "title", "audience", "purpose"),
}
HEADINGS = {"media_contact": "media", "public_facing": "public", "min_duration": "open for"}
WIDE_COLUMNS = frozenset(("name", "title", "summary"))  # these take the width left
WRAPPED_COLUMNS = WIDE_COLUMNS | {"countries", "languages", "topics", "roles", "about"}
WIDE_MIN = 16  # the least width a title keeps on a terminal
COLUMN_GAP = 3
LONGEST_TEXT = 120  # characters of a title or summary in a table
TIMESTAMP_COLUMNS = frozenset(("opened", "closed"))


def _table_cell(column: str, value: Value) -> str:
    """A cell as a terminal may show it; an id comes from a file name, which may
    hold a line break, so it stays on its row."""
    text = _shortened(column, value)
    return one_line(text) if column == "id" else visible(text)


def _shortened(column: str, value: Value) -> str:
    if isinstance(value, bool):
        return "yes" if value else ""
    if column in WIDE_COLUMNS and isinstance(value, str) and len(value) > LONGEST_TEXT:
        return value[: LONGEST_TEXT - 1].rstrip() + "…"
    if column in TIMESTAMP_COLUMNS and isinstance(value, str):
        return value[:10]  # the day is enough in a table; json and csv keep the time
    return cell(value)


def summary(listing: Listing) -> str:
    """One line: how many records, of what, which filters, as of when."""
    kind = KINDS[listing.kind]
    count = len(listing.rows)
    noun = kind.name if count == 1 else kind.plural
    filters = "; ".join(
        f"{name} {', '.join(value) if isinstance(value, list) else value}"
        if value is not True
        else name
        for name, value in listing.query.described().items()
    )
    matching = f" matching {filters}" if filters else ""
    if not count:
        return f"No {kind.plural}{matching}, as of {listing.as_of}." + (
            " Try fewer filters, or other values." if filters else ""
        )
    return f"{count} {noun}{matching}, as of {listing.as_of}."


Renderer = Callable[..., str]
FORMATS: dict[str, Renderer] = {
    "table": to_table,
    "json": to_json,
    "yaml": to_yaml,
    "csv": to_csv,
}
