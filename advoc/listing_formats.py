"""The output formats of `advoc list`: one `Listing` feeds all of them.

- `table`: for people. On a terminal a rich table that fits its width (colour
  unless NO_COLOR); piped, plain aligned columns, one record a line.
- `json`: `{"format": 1, "kind", "as_of", "language", "filters", "sort",
  "columns", "records": [...]}`; each record holds the kind's columns with
  their natural types (lists stay lists, `media_contact` is a boolean, a value
  the record does not have is null). UTF-8, not escaped.
- `yaml`: the same object, as YAML.
- `csv`: a header row of the column names, then one row a record; lists
  joined with "; ", booleans as true/false, missing values empty. UTF-8.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

from advoc import yamlio
from advoc.kinds import KINDS
from advoc.listing import Listing, Value

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
        writer.writerow([cell(row.get(column), LIST_SEPARATOR) for column in listing.columns])
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
    console.print(summary(listing), highlight=False, soft_wrap=True)
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
