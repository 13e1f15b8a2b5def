"""Registry text made harmless for the outputs that show it, one function per
kind of reader: a terminal (or a pipe to one), a spreadsheet, a file name in a
CI report.

Registry text is hostile input: a value may hold an escape sequence that
recolours or rewrites a terminal (`\\x1b[...`, written in YAML as `"\\e[..."`),
a bidi override that shows text in another order than it is read, a cell a
spreadsheet runs as a formula, or a file name that is not UTF-8. Text without
any of these comes out exactly as it went in.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps
from typing import Any, ParamSpec

P = ParamSpec("P")

# C0 controls but tab and line feed, DEL, C1 controls, the bidi embeddings,
# overrides and isolates (U+202A-U+202E, U+2066-U+2069), line and paragraph
# separators, and the lone surrogates that stand for the undecodable bytes of a
# file name (Python's surrogateescape). Left-to-right and right-to-left marks
# (U+200E, U+200F) stay: they belong in right-to-left text and reorder nothing
# but the punctuation beside them.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]"
)
_SURROGATE = re.compile("[\ud800-\udfff]")


def visible(text: str) -> str:
    """`text` as a terminal can show it without obeying it: every control
    character, bidi override or isolate, and undecodable byte written as a
    visible escape (`\\x1b`, `\\u202e`); tabs and line breaks stay."""
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, kept by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def one_line(text: str) -> str:
    """`visible`, and on one line: a file name or a message that holds a line
    break cannot start a line of its own that looks like another finding."""
    return visible(text).replace("\n", "\\n").replace("\t", "\\t")


def for_terminal(render: Callable[P, str]) -> Callable[P, str]:
    """A text renderer whose whole output is `visible`: the one place where
    registry text and commit metadata enter that output family."""

    @wraps(render)
    def rendered(*args: P.args, **kwargs: P.kwargs) -> str:
        return visible(render(*args, **kwargs))

    return rendered


def readable_name(name: str) -> str:
    """A file name that can be written as UTF-8: each byte that was not UTF-8
    (a lone surrogate after surrogateescape) as `\\xNN`. The CI formats' own
    escaping does the rest."""
    if not _SURROGATE.search(name):
        return name
    return _SURROGATE.sub(_escaped, name)


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: Any) -> str:
    """A CSV cell that a spreadsheet shows rather than runs: text starting with
    `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'` (OWASP's
    advice for CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text
