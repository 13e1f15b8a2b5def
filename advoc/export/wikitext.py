"""The public registry as wikitext, ready to paste on Meta-Wiki.

Three pages: the advocates in sortable tables by region and by topic, the
decision log, and the processes (`advoc guide`'s text). Every value from the
registry that holds a character wikitext gives a meaning to (`|`, `{{`, `[[`,
`<`, `'`, `~~~~`, a leading `*` or `:` ...) is wrapped in `<nowiki>`, with `&`
and `<` written as entities inside it so that no value can close the tag.

Two values are written outside `<nowiki>`, as the target of a link: a
username (`[[User:NAME|...]]`) only when it holds nothing wikitext reads
(`_safe_title`), else it is shown unlinked; and a decision's discussion URL
(`[URL title]`) only when it is an http(s) URL, with the runs that wikitext
reads even inside a URL (`~~~` a signature, `__` a behaviour switch such as
`__NOTOC__`, `''` italics) percent-encoded.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from advoc.commands.guide import Guide
from advoc.export.document import year_of
from advoc.model.messages import Messages
from advoc.model.registry import Registry

_SPECIAL = re.compile(r"[\[\]{}|<>&'~=*#:;!_\\]|://|^[ -]|-{4}")
_URL = re.compile(r"https?://[^\s\[\]<>\"{}|]+")


def nowiki(value: Any) -> str:
    text = " ".join(str("" if value is None else value).split())
    if not _SPECIAL.search(text):
        return text
    return "<nowiki>" + text.replace("&", "&amp;").replace("<", "&lt;") + "</nowiki>"


def build_wikitext(document: dict[str, Any], public: Registry) -> dict[str, str]:
    return {
        "advocates.wiki": advocates_page(document),
        "decisions.wiki": decisions_page(document),
        "processes.wiki": processes_page(public, document["language"]),
    }


def _advocate_row(advocate: dict[str, Any]) -> str:
    username = str(advocate.get("username") or "")
    roles = ", ".join(r["role_name"] or r["role"] for r in advocate["roles"] if r["active"])
    cells = [
        f"[[User:{username}|{nowiki(username)}]]" if _safe_title(username) else nowiki(username),
        nowiki(advocate.get("name") or ""),
        nowiki(", ".join(advocate.get("countries") or [])),
        nowiki(", ".join(advocate.get("languages") or [])),
        nowiki(", ".join(advocate.get("topics") or [])),
        nowiki(roles),
    ]
    return "|-\n| " + " || ".join(cells)


# What a link target may not hold: the characters of links, templates, tags and
# entities; a signature (~~~), a behaviour switch (__NOTOC__), quotes ('') and
# what is special at the start of a line.
_UNSAFE_TITLE = re.compile(r"[#<>\[\]|{}/@:=&\\\s]|~~~|__|''|^[*#:;!-]")


def _safe_title(username: str) -> bool:
    """Whether a username can be the target of `[[User:...]]` as written (spaces
    inside it are fine: `Ada Lovelace`)."""
    return bool(username) and not _UNSAFE_TITLE.search(username.replace(" ", "x"))


# Runs that wikitext reads even inside an external link's URL.
_URL_RUNS = re.compile(r"~{3,}|_{2,}|'{2,}")


def _link_url(url: str) -> str:
    """A discussion URL as an external link target: `~`, `_` and `'` in runs
    percent-encoded (the same URL to a web server, nothing to the wiki)."""
    return _URL_RUNS.sub(lambda run: "".join(f"%{ord(c):02X}" for c in run.group()), url)


def _advocate_table(advocates: list[dict[str, Any]]) -> str:
    rows = "\n".join(_advocate_row(advocate) for advocate in advocates)
    return (
        '{| class="wikitable sortable"\n'
        "! Username !! Name !! Countries !! Languages !! Topics !! Roles today\n"
        f"{rows}\n|}}"
    )


# The last column of the decisions table (its heading says "Process").
VERDICTS = {
    "open": "still open",
    "met": "every rule of its process was met",
    "not-met": "not every rule of its process was met",
    "no-process": "its process is not in the registry",
}


def advocates_page(document: dict[str, Any]) -> str:
    parts = ["== Advocates by region =="]
    english = Messages("en")
    regions = {
        key.removeprefix("advoc-site-region-"): english.text(key)
        for key in english.keys("advoc-site-region-")
    }
    for heading, key, names in (("region", "regions", regions), ("topic", "topics", {})):
        if heading == "topic":
            parts.append("== Advocates by topic ==")
        groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for advocate in document["advocates"]:
            for value in advocate.get(key) or []:
                groups[str(value)].append(advocate)
        for value in sorted(groups):
            parts.append(f"=== {nowiki(names.get(value, value))} ===")
            parts.append(_advocate_table(groups[value]))
    return "\n\n".join(parts) + "\n"


def decisions_page(document: dict[str, Any]) -> str:
    rows = []
    ordered = sorted(document["decisions"], key=lambda d: (str(d.get("opened")), d["id"]))
    for decision in ordered:
        tally = decision["evaluation"]["tally"]
        discussion = decision.get("discussion")
        title = nowiki(decision.get("title") or decision["id"])
        if isinstance(discussion, str) and _URL.fullmatch(discussion):
            title = f"[{_link_url(discussion)} {title}]"
        cells = [
            nowiki(decision.get("opened")),
            nowiki(decision.get("closed") or ""),
            title,
            nowiki(decision.get("type")),
            nowiki(decision.get("process_name") or decision.get("process")),
            nowiki(decision.get("status")),
            str(tally["support"]),
            str(tally["oppose"]),
            str(tally["neutral"]),
            nowiki(VERDICTS[decision["verdict"]]),  # the column says "Process"
        ]
        rows.append("|-\n| " + " || ".join(cells))
    years = sorted({year_of(d) for d in ordered})
    span = f"{years[0]} to {years[-1]}" if years else "none yet"
    return (
        f"== Decision log ({span}) ==\n"
        '{| class="wikitable sortable"\n'
        "! Opened !! Closed !! Decision !! Type !! Process !! Status !! Support !! Oppose "
        "!! Neutral !! Process rules\n" + "\n".join(rows) + "\n|}\n"
    )


def processes_page(public: Registry, language: str) -> str:
    """`advoc guide decisions` as wikitext: its headings become wiki headings."""
    lines = []
    for line in Guide(public, language).decisions().split("\n"):
        if line.startswith("### "):
            lines.append(f"=== {nowiki(line[4:])} ===")
        elif line.startswith("## "):
            lines.append(f"== {nowiki(line[3:])} ==")
        else:
            lines.append(nowiki(line))
    return "\n\n".join(line for line in lines if line) + "\n"
