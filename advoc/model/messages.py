"""advoc's own words, in the reader's language, the way Wikimedia's translators work.

The words live in `advoc/messages/<language>.json`, in the Banana JSON format of
Wikimedia's translation tools (translatewiki.net): one object per language, a
key per message, `@metadata` for the authors, and `qqq.json` telling translators
what each message is for. A message takes parameters `$1`, `$2`, ... and chooses
its plural form with `{{PLURAL:$1|one|other}}`: the forms follow the language's
CLDR plural categories in CLDR's order (zero, one, two, few, many, other; only
those the language has), and `N=text` gives the text for exactly N. Which
category a number falls in comes from CLDR through Babel, never from advoc.

A language without a message falls back to its base language (`de-at` to `de`),
then to English, which has every message (a test holds the files to it).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import timedelta
from functools import cache, lru_cache
from html import escape
from importlib import resources
from typing import Any

FALLBACK = "en"
_CATEGORIES = ("zero", "one", "two", "few", "many", "other")
_PLURAL = re.compile(r"\{\{PLURAL:\$(\d+)\|([^{}]*)\}\}")
_PARAMETER = re.compile(r"\$(\d+)")


@cache
def catalogue(language: str) -> dict[str, str]:
    """The messages of one language file as written (empty when there is none)."""
    if not re.fullmatch(r"[a-z]{2,3}(-[a-z0-9]+)*|qqq", language):
        return {}
    path = resources.files("advoc").joinpath("messages").joinpath(f"{language}.json")
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {key: value for key, value in data.items() if not key.startswith("@")}


def shipped() -> list[str]:
    """The languages advoc's words are translated into, English first."""
    folder = resources.files("advoc").joinpath("messages")
    found = sorted(
        entry.name.removesuffix(".json")
        for entry in folder.iterdir()
        if entry.name.endswith(".json") and entry.name != "qqq.json"
    )
    return [FALLBACK, *(language for language in found if language != FALLBACK)]


def chain(language: str) -> list[str]:
    """Where a message is looked for: `de-at`, `de`, then English."""
    code = language.lower().replace("_", "-")
    parts = code.split("-")
    found = ["-".join(parts[:n]) for n in range(len(parts), 0, -1)]
    return [*dict.fromkeys([*found, FALLBACK])]


@cache
def plural_category(language: str) -> Callable[[float], str]:
    """CLDR's rule for `language` (Babel), falling back to English's."""
    from babel import Locale, UnknownLocaleError  # here: only words in plural need it (10 ms)

    for code in chain(language):
        try:
            locale = Locale.parse(code.replace("-", "_"))
        except (UnknownLocaleError, ValueError):
            continue
        return locale.plural_form
    return lambda number: "one" if number == 1 else "other"


@cache
def categories(language: str) -> tuple[str, ...]:
    """The language's plural categories in the order its `PLURAL` forms are written."""
    from babel import Locale, UnknownLocaleError  # as in plural_category (10 ms)

    for code in chain(language):
        try:
            tags = Locale.parse(code.replace("-", "_")).plural_form.tags
        except (UnknownLocaleError, ValueError):
            continue
        return tuple(
            category for category in _CATEGORIES if category in tags or category == "other"
        )
    return ("one", "other")


@cache
def words_in(language: str) -> Messages:
    """The one `Messages` of a language, with its kept words (a new one starts empty)."""
    return Messages(language)


class Messages:
    """advoc's words in one language: `text` for plain output, `html` for pages."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.chain = chain(language)
        self._plain: dict[str, str] = {}
        self._html: dict[str, str] = {}
        self._has: dict[str, bool] = {}
        # key: (message, its language, whether it has plurals, its pieces if not)
        self._templates: dict[str, tuple[str, str, bool, tuple[str | int, ...]]] = {}
        # the same counts, durations and short texts come back on page after page
        self._counted = lru_cache(maxsize=1 << 15)(self._text)
        self._durations = lru_cache(maxsize=1 << 12)(self._duration)

    def source(self, key: str) -> tuple[str, str]:
        """The message's text and the language it was found in."""
        for code in self.chain:
            found = catalogue(code).get(key)
            if found is not None:
                return found, code
        raise KeyError(f"advoc has no message {key!r}")

    def has(self, key: str) -> bool:
        found = self._has.get(key)
        if found is None:  # asked of each channel, region and scope on every page
            found = self._has[key] = any(key in catalogue(code) for code in self.chain)
        return found

    def keys(self, prefix: str = "") -> list[str]:
        """Every key any language of the chain has, starting with `prefix`."""
        found = {key for code in self.chain for key in catalogue(code) if key.startswith(prefix)}
        return sorted(found)

    def language_of(self, key: str) -> str:
        return self.source(key)[1]

    def duration(self, delta: timedelta) -> str:
        """`7 days`, `3 days 4 hours`, `1 minute` in this language."""
        return self._durations(int(delta.total_seconds() // 60))

    def _duration(self, minutes: int) -> str:
        days, minutes = divmod(minutes, 24 * 60)
        hours, minutes = divmod(minutes, 60)
        parts = [
            self.text(f"advoc-guide-{unit}", amount)
            for amount, unit in ((days, "days"), (hours, "hours"), (minutes, "minutes"))
            if amount
        ]
        return " ".join(parts) or self.text("advoc-guide-minutes", 0)

    def text(self, key: str, *parameters: Any) -> str:
        """The message as plain text, its parameters put in as given."""
        if not parameters:
            found = self._plain.get(key)
            if found is None:
                message, language = self.source(key)
                found = self._plain[key] = self._fill(message, language, (), False, str)
            return found
        if all(type(value) in (str, int) for value in parameters):
            return self._counted(key, parameters)  # counts and names recur: kept
        return self._text(key, parameters)

    def _text(self, key: str, parameters: tuple[Any, ...]) -> str:
        message, language = self.source(key)
        return self._fill(message, language, parameters, False, _as_is)

    def html(self, key: str, *parameters: Any) -> str:
        """The message as HTML: its own words escaped, its parameters put in as they
        are, so a parameter must already be HTML (escaped text, or a link)."""
        if not parameters:  # most of a page's words: made once per language
            found = self._html.get(key)
            if found is None:
                message, language = self.source(key)
                found = self._html[key] = self._fill(message, language, (), True, str)
            return found
        template = self._templates.get(key)
        if template is None:
            message, language = self.source(key)
            plural = "{{" in message
            template = (message, language, plural, () if plural else _pieces(message, True))
            self._templates[key] = template
        message, language, plural, pieces = template
        if plural:
            return self._fill(message, language, parameters, True, _as_html)
        # `_fill` without plurals, inline: a large site fills 230,000 messages a language
        out = []
        count = len(parameters)
        for piece in pieces:
            if isinstance(piece, str):
                out.append(piece)
            elif piece < count:
                value = parameters[piece]
                kind = type(value)
                out.append(
                    value
                    if kind is Html
                    else escape(value)
                    if kind is str
                    else _as_html(_shown(value, language))
                )
            else:
                out.append(f"${piece + 1}")  # a placeholder with no parameter: as written
        return "".join(out)

    def _fill(
        self,
        message: str,
        language: str,
        parameters: tuple[Any, ...],
        html: bool,
        value: Callable[[Any], str],
    ) -> str:
        """The message with its plural forms chosen and its parameters put in; with
        `html`, its own words escaped (once per message: `_pieces`)."""
        if "{{" in message:

            def plural(match: re.Match[str]) -> str:
                number = _number(parameters, int(match.group(1)))
                return choose_form(language, number, match.group(2).split("|"))

            message = _PLURAL.sub(plural, message)
        out: list[str] = []
        for piece in _pieces(message, html):
            if isinstance(piece, str):
                out.append(piece)
            elif 0 <= piece < len(parameters):
                out.append(value(_shown(parameters[piece], language)))
            else:
                out.append(f"${piece + 1}")  # a placeholder with no parameter: as written
        return "".join(out)


@cache
def _pieces(message: str, html: bool) -> tuple[str | int, ...]:
    """The message cut at its placeholders: text, then a parameter's index, ...; with
    `html`, the text escaped. Kept: a site fills the same few hundred messages
    hundreds of thousands of times, and escaping their words on every call was a
    quarter of the time spent in messages."""
    found: list[str | int] = []
    last = 0
    for match in _PARAMETER.finditer(message):
        found.append(message[last : match.start()])
        found.append(int(match.group(1)) - 1)
        last = match.end()
    found.append(message[last:])
    if html:
        return tuple(escape_text(piece) if isinstance(piece, str) else piece for piece in found)
    return tuple(found)


@lru_cache(maxsize=1 << 14)
def _category(language: str, number: float) -> str:
    """CLDR's category of `number`, kept: pages ask for the same few counts often."""
    return str(plural_category(language)(number))


def choose_form(language: str, number: float, forms: list[str]) -> str:
    """The form of `{{PLURAL:...}}` for `number`: an `N=` form that matches it
    exactly, else the form at the position of its CLDR category."""
    plain = []
    for form in forms:
        explicit, equals, text = form.partition("=")
        if equals and explicit.strip().isdigit():
            if float(explicit) == number:
                return text
        else:
            plain.append(form)
    if not plain:
        return ""
    category = _category(language, number)
    order = categories(language)
    index = order.index(category) if category in order else len(order) - 1
    return plain[min(index, len(plain) - 1)]


@cache
def number_text(language: str, number: float) -> str:
    """A number as the language writes it (CLDR, through Babel): 1,234 / 1.234."""
    from babel.numbers import format_decimal  # here: only counts need it (12 ms)

    for code in chain(language):
        try:
            return str(format_decimal(number, locale=code.replace("-", "_")))
        except (ValueError, LookupError):
            continue
    return str(number)


class Html(str):
    """A parameter that is already HTML, put into a message as it is."""


def escape_text(text: str) -> str:
    return escape(text, quote=False)


def _as_is(value: Any) -> Any:
    return value


def _as_html(value: Any) -> str:
    return value if isinstance(value, Html) else escape(str(value))


def _shown(value: Any, language: str) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    return number_text(language, value)


def _number(parameters: tuple[Any, ...], position: int) -> float:
    if 0 < position <= len(parameters):
        value = parameters[position - 1]
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return value
        try:
            return float(str(value).replace(",", ""))
        except ValueError:
            return 0
    return 0
