"""`advoc export`: the public registry as JSON, CSV, a static website or wikitext,
and a CODEOWNERS file from the roles (`codeowners`).

`export` returns jobs, each building part of the output (the site is one job
per language) as files by relative path, one after the other, each of which
the last guard (`output.guarded`, `advoc.model.public.named`) has searched for the
ids and usernames of advocates with limited visibility. `output.write` runs
them into a staging folder and moves the files into place only when every job
has passed; `printed` runs them for standard output.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from advoc.errors import RefusedError, UsageError
from advoc.export.csv_export import build_csv
from advoc.export.document import build, languages_of
from advoc.export.output import guarded, texts
from advoc.export.reuse import Reuse, names_known
from advoc.export.reuse import reuse as site_reuse
from advoc.export.site import site_jobs
from advoc.export.wikitext import build_wikitext
from advoc.model.owners import build as owners_text
from advoc.model.public import prepare_guard, public_registry
from advoc.model.text import LANGUAGE
from advoc.model.timeutil import day_of

if TYPE_CHECKING:
    from advoc.export.output import Files, Job, Pages
    from advoc.load.loader import Loaded
    from advoc.model.owners import Host
    from advoc.model.registry import Registry

    Builder = Callable[[Registry, date, str | None], list[Callable[[], Pages]]]


class Format(str, Enum):
    JSON = "json"
    CSV = "csv"
    HTML = "html"
    WIKITEXT = "wikitext"
    CODEOWNERS = "codeowners"  # one file, not a folder: see `codeowners` below


JSON_FILE = "advoc-export.json"


def _json(public: Registry, as_of: date, language: str | None) -> Files:
    document = build(public, as_of, language or public.default_language)
    return {JSON_FILE: json.dumps(document, indent=2, ensure_ascii=False) + "\n"}


def _csv(public: Registry, as_of: date, language: str | None) -> Files:
    return build_csv(build(public, as_of, language or public.default_language))


def _html(public: Registry, as_of: date, language: str | None) -> list[Callable[[], Pages]]:
    return site_jobs(public, as_of, language)


def _wikitext(public: Registry, as_of: date, language: str | None) -> Files:
    chosen = language or public.default_language
    return build_wikitext(build(public, as_of, chosen), public)


def _one(build: Callable[[Registry, date, str | None], Files]) -> Builder:
    return lambda public, as_of, language: [lambda: build(public, as_of, language).items()]


BUILDERS: dict[Format, Builder] = {
    Format.JSON: _one(_json),
    Format.CSV: _one(_csv),
    Format.HTML: _html,
    Format.WIKITEXT: _one(_wikitext),
}


class Export(NamedTuple):
    jobs: list[Job]
    reuse: Reuse | None  # the site's keys, to keep once written (`Reuse.store`)


def export(
    registry: Loaded,
    output_format: Format,
    as_of: date,
    language: str | None,
    into: Path | None = None,
) -> Export:
    """The jobs that build the export of `registry`'s public view, each checked by the
    last guard before it returns its files. A site exported `into` a folder keeps
    the pages an earlier export left there that nothing they show has changed."""
    if language is not None and not LANGUAGE.fullmatch(language):
        raise UsageError(
            f"'{language}' is not a language code.",
            hint="Write it as MediaWiki does, in lowercase: en, de, nb, zh-hans.",
        )
    _refuse_errors(registry)

    public = public_registry(registry)
    prepare_guard(registry)
    names_known(registry)  # before the site's keys, which hold what the guard lets through
    reuse = None
    if output_format is Format.HTML:  # who speaks is judged on the whole registry
        if into is not None:
            languages = [language] if language else languages_of(public)
            reuse = site_reuse(into, registry, public, as_of, languages)
        builds = site_jobs(public, as_of, language, whole=registry, reuse=reuse)
    else:
        builds = BUILDERS[output_format](public, as_of, language)
    return Export([_guarded(build, registry) for build in builds], reuse)


def codeowners_text(registry: Loaded, as_of: date, host: Host) -> str:
    """The CODEOWNERS text for `host`, under the same refusals as every export: no
    registry with errors, and nothing that names a limited advocate."""

    _refuse_errors(registry)
    text = owners_text(registry, day_of(as_of), host)
    pages = texts(lambda: guarded([("CODEOWNERS", text)], registry))
    return b"".join(data for _, data in pages).decode("utf-8")


def _refuse_errors(registry: Loaded) -> None:
    errors = [finding for finding in registry.findings if finding.severity == "error"]
    if errors:
        first = errors[0]
        raise RefusedError(
            f"The registry has {len(errors)} error{'s' if len(errors) != 1 else ''} "
            f"(the first in {first.file}: {first.message}); advoc publishes only a registry "
            "without errors, so that what it publishes is right. Nothing was written.",
            hint="Run `advoc validate` to see every error, fix them, then export again.",
        )


def _guarded(build: Callable[[], Pages], registry: Registry) -> Job:
    return lambda: guarded(build(), registry)


def printed(jobs: list[Job]) -> str:
    """The whole export as one text, for standard output (every job passed the guard)."""
    return b"\n".join(data for job in jobs for _, data in texts(job)).decode("utf-8")
