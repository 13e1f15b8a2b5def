"""What every output of advoc shares: JSON is written one way, and each kind of
result has one table of formats (name -> writer) that both dispatches and gives
the command line its `--format` choices (`advoc.cli.options.format_option`)."""

from __future__ import annotations

import json
from typing import Any


def json_text(data: Any) -> str:
    """JSON as every command writes it: indented, with every script as written
    (not escaped), ending in a newline; dates and other values as text."""
    return json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n"
