"""Where a contact leads: the address a reader's browser can open, or None.

A contact is `{channel, target}` as a contributor wrote it, so every target is
hostile until shown otherwise: only `https:`/`http:` and `mailto:` addresses
come out, built by quoting, never by pasting the target into a URL.

Wiki targets are page titles. An unprefixed title is on the wiki the
manifest's `wiki.api` names (its `/w/api.php` becomes `/wiki/`), else on
Meta-Wiki, where the movement's advocacy pages live; `meta:`, `commons:`,
`wikidata:`/`d:`, `mw:`, `outreach:` and `foundation:` lead to those wikis, and
a language code CLDR knows (`de:`) to that language's Wikipedia, as on Wikimedia's wikis.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, urlsplit

from babel import localedata

META = "https://meta.wikimedia.org/wiki/"
INTERWIKI = {
    "meta": META,
    "m": META,
    "commons": "https://commons.wikimedia.org/wiki/",
    "c": "https://commons.wikimedia.org/wiki/",
    "wikidata": "https://www.wikidata.org/wiki/",
    "d": "https://www.wikidata.org/wiki/",
    "mw": "https://www.mediawiki.org/wiki/",
    "mediawikiwiki": "https://www.mediawiki.org/wiki/",
    "outreach": "https://outreach.wikimedia.org/wiki/",
    "foundation": "https://foundation.wikimedia.org/wiki/",
    "wmf": "https://foundation.wikimedia.org/wiki/",
}
_LANGUAGE = re.compile(r"[a-z]{2,3}(-[a-z]+)?")
_MAIL = re.compile(r"[^@\s<>\"'()\\,;:]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def contact_url(contact: dict[str, Any], manifest: dict[str, Any]) -> str | None:
    channel, target = contact.get("channel"), contact.get("target")
    if not isinstance(target, str) or not target.strip() or _control(target):
        return None
    target = target.strip()
    if channel == "wiki":
        return wiki_url(target, manifest)
    if channel == "email" or (channel == "mailing-list" and _MAIL.fullmatch(target)):
        return "mailto:" + quote(target, safe="@.+-_") if _MAIL.fullmatch(target) else None
    if channel == "matrix" and re.fullmatch(r"[#!@][^\s:/]+:[A-Za-z0-9.-]+", target):
        return "https://matrix.to/#/" + quote(target, safe="#!@:.")
    if channel in ("web", "mailing-list"):
        return web_url(target)
    return None


def web_url(target: str) -> str | None:
    """`target` when it is an http(s) address with a host, else None."""
    try:
        parts = urlsplit(target)
    except ValueError:
        return None
    if parts.scheme not in ("https", "http") or not parts.hostname or " " in target:
        return None
    return target


def wiki_url(title: str, manifest: dict[str, Any]) -> str | None:
    """The address of the wiki page `title` (with an interwiki prefix or not)."""
    base = _home_wiki(manifest)
    prefix, colon, rest = title.partition(":")
    key = prefix.strip().lower()
    if colon and key in INTERWIKI:
        base, title = INTERWIKI[key], rest
    elif colon and _LANGUAGE.fullmatch(key) and localedata.exists(key):
        base, title = f"https://{key}.wikipedia.org/wiki/", rest
    title = title.strip().replace(" ", "_")
    if not title:
        return None
    return base + quote(title, safe="/:_-.,()'!~*")


def _home_wiki(manifest: dict[str, Any]) -> str:
    wiki = manifest.get("wiki")
    api = wiki.get("api") if isinstance(wiki, dict) else None
    if isinstance(api, str):
        parts = urlsplit(api)
        if parts.scheme == "https" and parts.hostname and parts.path.endswith("/api.php"):
            root = parts.path[: -len("api.php")]
            root = root[: -len("w/")] if root.endswith("/w/") else root
            return f"https://{parts.netloc}{root}wiki/"
    return META


_CONTROL = re.compile("[\x00-\x1f\x7f]")


def _control(text: str) -> bool:
    return _CONTROL.search(text) is not None
