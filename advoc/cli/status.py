from __future__ import annotations

import json
import sys

from advoc.cli.options import (
    AsOfOption,
    LangOption,
    RegistryOption,
    RevOption,
    TextOrJson,
    TextOrJsonOption,
    as_of_date,
    handles_errors,
    load_registry,
)
from advoc.commands.status import status
from advoc.report.status import to_json, to_text

EPILOG = """\
Examples:\n
  advoc status                            what needs attention today\n
  advoc status --as-of 2026-11-01         ... as of a given day\n
  advoc status --format json              for a bot or a dashboard\n
\n
Exit code 0 whatever it shows; `advoc validate` is the check that fails.
"""


@handles_errors
def status_command(
    registry: RegistryOption = None,
    rev: RevOption = None,
    as_of: AsOfOption = None,
    lang: LangOption = None,
    output_format: TextOrJsonOption = TextOrJson.TEXT,
) -> None:
    """What needs attention: open decisions, ratifications, expiring roles, feedback."""
    loaded = load_registry(registry, rev)
    report = status(loaded, as_of_date(as_of))
    language = lang or loaded.default_language
    if output_format is TextOrJson.JSON:
        sys.stdout.write(
            json.dumps(to_json(loaded, report, language), indent=2, ensure_ascii=False) + "\n"
        )
    else:
        sys.stdout.write(to_text(loaded, report, language))
