"""`advoc export`: the public registry as JSON, CSV, a static website or wikitext.

`export` returns every file of the output, by relative path, after the last
guard (`advoc.public.leaks`) has searched each of them for the ids and
usernames of advocates with limited visibility; `output.write` puts them on
disk. Nothing is written when the guard finds anything.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from enum import Enum

from advoc.errors import RefusedError
from advoc.export.document import build
from advoc.export.output import Files, guard
from advoc.public import public_registry
from advoc.registry import Registry


class Format(str, Enum):
    JSON = "json"
    CSV = "csv"
    HTML = "html"
    WIKITEXT = "wikitext"


JSON_FILE = "advoc-export.json"


def _json(public: Registry, as_of: date, language: str | None) -> Files:
    document = build(public, as_of, language or public.default_language)
    return {JSON_FILE: json.dumps(document, indent=2, ensure_ascii=False) + "\n"}


def _csv(public: Registry, as_of: date, language: str | None) -> Files:
    from advoc.export.csv_export import build_csv

    return build_csv(build(public, as_of, language or public.default_language))


def _html(public: Registry, as_of: date, language: str | None) -> Files:
    from advoc.export.site import build_site

    return build_site(public, as_of, language)


def _wikitext(public: Registry, as_of: date, language: str | None) -> Files:
    from advoc.export.wikitext import build_wikitext

    chosen = language or public.default_language
    return build_wikitext(build(public, as_of, chosen), public)


BUILDERS: dict[Format, Callable[[Registry, date, str | None], Files]] = {
    Format.JSON: _json,
    Format.CSV: _csv,
    Format.HTML: _html,
    Format.WIKITEXT: _wikitext,
}


def export(registry: Registry, output_format: Format, as_of: date, language: str | None) -> Files:
    """Every file of the export of `registry`'s public view, checked by the last guard."""
    errors = [finding for finding in registry.findings if finding.severity == "error"]
    if errors:
        first = errors[0]
        raise RefusedError(
            f"The registry has {len(errors)} error{'s' if len(errors) != 1 else ''} "
            f"(the first in {first.file}: {first.message}); advoc publishes only a registry "
            "without errors, so that what it publishes is right. Nothing was written.",
            hint="Run `advoc validate` to see every error, fix them, then export again.",
        )
    files = BUILDERS[output_format](public_registry(registry), as_of, language)
    guard(files, registry)
    return files
