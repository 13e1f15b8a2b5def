"""`advoc wiki publish`: the wikitext export, saved as pages of a wiki.

The pages are those of `advoc export --format wikitext`, under the prefix the
manifest names (`wiki: {api, prefix}`), each past the same last guard as every
export. A page is edited only when its text changes, with a summary naming the
registry's commit; one that someone else edited since advoc last saved it (its
latest revision is not advoc's) stops the whole run before any edit, naming the
page and who edited it. MediaWiki's own edit conflict (`baserevid`) catches an
edit made between advoc's reading and its saving."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from advoc.errors import RefusedError, UsageError
from advoc.wiki.client import PageState

SUMMARY = "advoc publish"  # how advoc's own revisions begin their summary
PAGE_NAMES = {"advocates.wiki": "Advocates", "decisions.wiki": "Decisions",
              "processes.wiki": "Processes"}  # fmt: skip


def wiki_settings(manifest: dict[str, Any]) -> tuple[str, str]:
    """The wiki's API URL and the page prefix the manifest names."""
    wiki = manifest.get("wiki")
    api = wiki.get("api") if isinstance(wiki, dict) else None
    prefix = wiki.get("prefix") if isinstance(wiki, dict) else None
    if not isinstance(api, str) or not isinstance(prefix, str):
        raise UsageError(
            "advoc.yaml names no wiki to publish to.",
            hint="Add `wiki: {api: https://meta.wikimedia.org/w/api.php, prefix: "
            "Wikimedia Advocacy Network/Directory}` to advoc.yaml.",
        )
    return api, prefix.strip("/")


def titled(files: dict[str, str], prefix: str) -> dict[str, str]:
    """The export's pages by title: `advocates.wiki` is `PREFIX/Advocates`."""
    return {
        f"{prefix}/{PAGE_NAMES.get(name, name.removesuffix('.wiki').capitalize())}": text
        for name, text in files.items()
    }


# Of the wiki's largest page ($wgMaxArticleSize, 2 MiB on Wikimedia's wikis),
# what a part may fill: the wiki counts the saved text, which may differ a little.
FILL = 0.9


def split_pages(pages: dict[str, str], max_bytes: int) -> dict[str, str]:
    """Every page the wiki can hold. A page larger than its largest page is cut
    into parts `TITLE/1`, `TITLE/2`, ... at section and table-row boundaries
    (a cut table is closed and opened again with its header), and `TITLE`
    becomes the index of its parts, naming the sections each holds."""
    limit = int(max_bytes * FILL)
    result: dict[str, str] = {}
    for title, text in pages.items():
        if len(text.encode("utf-8")) <= limit:
            result[title] = text
            continue
        parts = split_text(text, limit)
        lines = [
            f"This page is in {len(parts)} parts: the wiki holds pages of up to "
            f"{max_bytes // 1024} KB.",
            "",
        ]
        for number, (part, headings) in enumerate(parts, 1):
            shown = (
                f": {headings[0]} to {headings[-1]}"
                if len(headings) > 1
                else (f": {headings[0]}" if headings else "")
            )
            lines.append(f"* [[{title}/{number}|Part {number}]]{shown}")
            result[f"{title}/{number}"] = part
        result[title] = "\n".join(lines) + "\n"
    return result


def retired_parts(wiki: Any, whole: dict[str, str], pages: dict[str, str]) -> dict[str, str]:
    """Parts an earlier publish made that this one no longer needs (the page
    shrank), each to become a redirect to its page: a stale part must not go on
    showing old names. Up to 20 parts past the last are looked for."""
    wanted = []
    for title in whole:
        count = sum(1 for name in pages if name.rpartition("/")[0] == title)
        wanted += [f"{title}/{number}" for number in range(count + 1, count + 21)]
    states = wiki.pages(wanted)
    return {
        name: f"#REDIRECT [[{name.rpartition('/')[0]}]]\n"
        for name, state in states.items()
        if state.exists
    }


def split_text(text: str, limit: int) -> list[tuple[str, list[str]]]:
    """`text` in parts of at most `limit` bytes (a single row larger than that
    stays whole), each with the section headings it holds. The text is first
    cut into units that may not be parted (a heading, a table's start, one row
    with its cells, a line outside tables), then the units are packed."""
    units: list[list[str]] = []
    in_table = False
    for line in text.split("\n"):
        starts = not in_table or line.startswith(("|-", "{|", "|}")) or bool(_heading(line))
        if starts or not units:
            units.append([line])
        else:
            units[-1].append(line)
        if line.startswith("{|"):
            in_table = True
        elif line == "|}":
            in_table = False
    parts: list[tuple[str, list[str]]] = []
    current: list[str] = []
    size = 0
    headings: list[str] = []
    heading = ""  # the section the current unit is in
    table_head: list[str] = []  # the open table's lines before its first row
    in_table = False
    for unit in units:
        first = unit[0]
        weight = sum(len(line.encode("utf-8")) + 1 for line in unit)
        if current and size + weight + len("|}\n") > limit:
            if in_table:
                current.append("|}")
            parts.append(("\n".join(current).rstrip("\n") + "\n", headings))
            current, headings = [], []
            if in_table and first != "|}":  # a table cut between rows: opened again
                if heading:
                    current.append(heading)
                    headings.append(_heading(heading))
                current += table_head
            size = sum(len(line.encode("utf-8")) + 1 for line in current)
        if _heading(first):
            heading = first
            headings.append(_heading(first))
        elif first.startswith("{|"):
            in_table, table_head = True, list(unit)
        elif first == "|}":
            in_table = False
        current += unit
        size += weight
    if current:
        parts.append(("\n".join(current).rstrip("\n") + "\n", headings))
    return parts


def _heading(line: str) -> str:
    """The section's name if `line` is a wikitext heading (`== Name ==`), else ''."""
    stripped = line.strip()
    if len(stripped) > 4 and stripped.startswith("==") and stripped.endswith("=="):
        return stripped.strip("=").strip()
    return ""


@dataclass(frozen=True)
class PagePlan:
    title: str
    action: str  # "create", "update", "unchanged" or "edited by hand"
    old: PageState
    new: str

    def diff(self) -> str:
        lines = difflib.unified_diff(
            self.old.text.splitlines(keepends=True),
            self.new.splitlines(keepends=True),
            f"{self.title} (revision {self.old.revision})" if self.old.exists else "/dev/null",
            f"{self.title} (to publish)",
        )
        return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def plan(pages: dict[str, str], states: dict[str, PageState]) -> list[PagePlan]:
    """What publishing would do to each page."""
    planned = []
    for title, text in pages.items():
        state = states[title]
        if not state.exists:
            action = "create"
        elif state.text.rstrip() == text.rstrip():  # the wiki trims trailing space
            action = "unchanged"
        elif not state.comment.startswith(SUMMARY):
            action = "edited by hand"
        else:
            action = "update"
        planned.append(PagePlan(title, action, state, text))
    return planned


def refuse_hand_edits(planned: list[PagePlan]) -> None:
    """Stop before any edit when a page was edited by someone since advoc saved it
    (or was never advoc's): their edit would be lost."""
    edited = [page for page in planned if page.action == "edited by hand"]
    if edited:
        named = "; ".join(
            f"{page.title} (revision {page.old.revision} by {page.old.user}, "
            f"{page.old.timestamp}: \u201c{page.old.comment}\u201d)"
            for page in edited
        )
        raise RefusedError(
            f"advoc will not overwrite {len(edited)} page{'s' if len(edited) != 1 else ''} "
            f"that someone edited since advoc last published it: {named}. Nothing was "
            "edited.",
            hint="Move what they wrote into the registry (or undo it on the wiki), so that "
            "the page's latest revision is advoc's, then publish again.",
        )


def summary(commit: str | None) -> str:
    where = f"the registry at commit {commit[:12]}" if commit else "the registry (no git commit)"
    return f"{SUMMARY}: {where}"
