"""Registry text that remembers its language, for the HTML site.

The site marks every piece of registry text with the language it is written
in (`lang`, and `dir="rtl"` for right-to-left languages), including text that
fell back to the default language. The resolver and the guide produce plain
strings, so a localized value carries its language in a suffix,
`TEXT \\x02TOKEN LANG:LENGTH\\x03`, which `to_html` turns into a `<span lang>`
and `strip` removes; a suffix leaves the text's first letter where the
guide's grammar looks for it.

Registry text is hostile, and a YAML escape (`"\\u0002"`) or a file name can
hold the marks' characters, so no text can make a mark: `mark` replaces them
in the text it marks with U+FFFD, a mark holds `TOKEN`, a random value chosen
when advoc starts that no registry can know, `to_html` takes a language only
as `[a-z0-9-]+`, and any mark character left is escaped with the text.
"""

from __future__ import annotations

import html
import re
import secrets
import unicodedata
from typing import TYPE_CHECKING, Any

from advoc.commands.guide import Guide
from advoc.model.registry import Record
from advoc.model.resolve import Resolver
from advoc.model.text import localize, localize_as

if TYPE_CHECKING:
    from advoc.model.evaluation import Evaluation

TOKEN = secrets.token_hex(8)  # in every mark: registry text cannot guess it
MARK = re.compile(f"\x02{TOKEN}([a-z0-9-]+):([0-9]+)\x03")
_MARK_CHARACTERS = re.compile("[\x02\x03]")
RTL_LANGUAGES = frozenset(
    [
        "ar",
        "arc",
        "arz",
        "ary",
        "azb",
        "ckb",
        "dv",
        "fa",
        "glk",
        "he",
        "khw",
        "ks",
        "lrc",
        "mzn",
        "nqo",
        "pnb",
        "ps",
        "sd",
        "ug",
        "ur",
        "yi",
    ]
)


def mark(text: str, language: str) -> str:
    """`text` marked as written in `language`; the marks' own characters in it
    become U+FFFD, so that no text marks itself (`text-control` reports them)."""
    if not text:
        return text
    if "\x02" in text or "\x03" in text:
        text = _MARK_CHARACTERS.sub("\ufffd", text)
    return f"{text}\x02{TOKEN}{language}:{len(text)}\x03"


def strip(text: str) -> str:
    return MARK.sub("", text)


def direction(language: str) -> str:
    return "rtl" if language.split("-")[0] in RTL_LANGUAGES else "ltr"


def to_html(text: str) -> str:
    """Escaped HTML, each marked piece in a span with its language and direction."""
    marks = text.count("\x02")
    if marks == 0:
        return escape(text)
    if marks == 1 and text.endswith("\x03"):  # the usual case: one whole localized value
        start = text.index("\x02")
        whole = MARK.fullmatch(text, start)
        if whole and whole.group(2) == str(start):
            return span(text[:start], whole.group(1))
    pieces: list[str] = []
    position = 0
    for match in MARK.finditer(text):
        before = text[position : match.start()]
        length = int(match.group(2))
        head, marked = before[: len(before) - length], before[len(before) - length :]
        pieces.append(escape(head))
        pieces.append(span(marked, match.group(1)))
        position = match.end()
    pieces.append(escape(text[position:]))
    return "".join(pieces)


# What HTML forbids as text: controls but tab, line feed, form feed, carriage return.
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_ESCAPED = re.compile("[&<>\"'\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def escape(text: str) -> str:
    """Text as HTML text: markup escaped, and controls (a stray mark character
    among them) replaced by U+FFFD, which HTML shows as what it is."""
    if not _ESCAPED.search(text):
        return text
    return _NOT_TEXT.sub("\ufffd", html.escape(text))


def span(text: str, language: str) -> str:
    rtl = ' dir="rtl"' if direction(language) == "rtl" else ""
    return f'<span lang="{language}"{rtl}>{escape(text)}</span>'


def name_html(text: str) -> str:
    """A name or username whose language is not recorded: isolated from the text
    around it, and right-to-left when its first strong character is."""
    rtl = ' dir="rtl"' if first_strong_is_rtl(text) else ""
    return f"<bdi{rtl}>{escape(text)}</bdi>"


def first_strong_is_rtl(text: str) -> bool:
    for character in text:
        kind = unicodedata.bidirectional(character)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


class MarkedResolver(Resolver):
    def text(self, value: Any) -> str:
        if type(value) is str:  # the same in every language: marked once for all of them
            plain: dict[str, str] = self.registry.memo(("export", "marked text"), dict)
            found = plain.get(value)
            if found is None:
                found = plain[value] = mark(localize(value, "", ""), self.registry.default_language)
            return found
        text, language = localize_as(value, self.language, self.registry.default_language)
        return mark(text, language or self.registry.default_language)

    def evaluated(self, decision: Record) -> Evaluation:
        """The decision's evaluation, worked out once for every language (and
        described in each: `Resolver.decision`)."""
        known: dict[str, Evaluation] = self.registry.memo(
            ("export", "evaluations", self.moment), dict
        )
        found = known.get(decision.id)
        if found is None:
            found = known[decision.id] = self.evaluation(decision)
        return found

    def evaluate_all(self) -> None:
        """Evaluate every decision now, for `decision` to find. The site calls it
        before its languages are built in two processes: otherwise each process
        evaluates all 20,000 decisions of a large registry again (0.7 s), and the
        forked one reads every vote to count them, which copies the memory of the
        150,000 votes it shares with its parent (copy-on-write)."""
        for decision in self.registry.of_kind("decision"):
            self.evaluated(decision)


class MarkedGuide(Guide):
    def text(self, value: Any) -> str:
        text, language = localize_as(value, self.language, self.registry.default_language)
        return mark(text, language or self.registry.default_language)
