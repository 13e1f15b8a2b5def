"""Every finding at its line and column: the few files that have a finding
without a position are read again to find it."""

from __future__ import annotations

from collections import defaultdict

from advoc.load import yamlio
from advoc.load.sources import Source
from advoc.model.findings import Finding


def locate_all(source: Source, findings: list[Finding]) -> list[Finding]:
    """Give every finding a line and column, re-reading from `source` only the files
    that need it."""
    by_file: dict[str, list[int]] = defaultdict(list)
    for index, finding in enumerate(findings):
        if finding.line is None:
            by_file[finding.file].append(index)
    located = list(findings)
    for file, indexes in by_file.items():
        text = _text(source, file)
        for index in indexes:
            line, column = yamlio.locate(text, located[index].path) if text else (1, None)
            located[index] = located[index].at(line, column)
    return sorted(located, key=Finding.sort_key)


def _text(source: Source, relative: str) -> str | None:
    try:
        return yamlio.decode(source.read(relative))
    except yamlio.YamlProblem:
        return None
