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
