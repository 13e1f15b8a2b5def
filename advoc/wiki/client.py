"""A MediaWiki, through its Action API, with mwclient.

mwclient was measured beside pywikibot (2026-12-04, this machine): 284 KB
installed against 6.6 MB, 75-84 ms to import against 134 ms, and no
configuration file of its own (pywikibot needs a user-config.py or its
environment variable). advoc needs a few API calls, each made here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from advoc.errors import RefusedError, UsageError

BATCH = 50  # titles per query: the API's limit for clients without apihighlimits


@dataclass(frozen=True)
class PageState:
    """A page's latest revision, or that the page does not exist (`revision` 0)."""

    title: str
    text: str = ""
    revision: int = 0
    timestamp: str = ""
    user: str = ""
    comment: str = ""

    @property
    def exists(self) -> bool:
        return self.revision != 0


class Wiki:
    """One wiki, at its API URL (`https://meta.wikimedia.org/w/api.php`)."""

    def __init__(self, api_url: str) -> None:
        import mwclient  # here: only `advoc wiki` talks to a wiki (80 ms to import)

        parts = urlsplit(api_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise UsageError(
                f"'{api_url}' is not the URL of a wiki's API.",
                hint="Write it as https://meta.wikimedia.org/w/api.php in advoc.yaml (wiki: api:).",
            )
        path = parts.path.rsplit("/", 1)[0] + "/"
        try:
            self.site = mwclient.Site(
                parts.netloc, path=path, scheme=parts.scheme, clients_useragent="advoc"
            )
        except Exception as error:  # requests' and mwclient's own: one clear line
            raise UsageError(
                f"advoc cannot reach the wiki at {api_url}: {_reason(error)}.",
                hint="Check the address in advoc.yaml (wiki: api:) and the network.",
            ) from None
        self.api_url = api_url
        self.user = ""

    def login(self, user: str, password: str) -> None:
        """Log in with a bot password (`Name@app`); the password is never shown."""
        try:
            self.site.login(user, password)
        except Exception as error:
            raise RefusedError(
                f"The wiki refused the login of {user}: {_reason(error, password)}.",
                hint="Check the bot password (Special:BotPasswords on the wiki): its "
                "name is User@app, and it needs the grants to edit and create pages.",
            ) from None
        self.user = user.split("@", 1)[0]

    def max_page_bytes(self) -> int:
        """The largest page the wiki saves ($wgMaxArticleSize), from its site info;
        MediaWiki's default, 2 MiB, when it does not say."""
        try:
            general = self.site.api("query", meta="siteinfo", siprop="general")["query"]["general"]
            return int(general.get("maxarticlesize") or 2 * 1024 * 1024)
        except Exception:  # an old wiki, or one that hides it: the default
            return 2 * 1024 * 1024

    def pages(self, titles: list[str]) -> dict[str, PageState]:
        """The latest revision of each page, in batches of `BATCH` titles a request."""
        states: dict[str, PageState] = {}
        for start in range(0, len(titles), BATCH):
            batch = titles[start : start + BATCH]
            names: dict[str, str] = {}
            found: dict[str, dict[str, Any]] = {}
            more: dict[str, Any] = {}
            # Large pages come a few at a time: the API stops at its result size
            # (8 MiB by default) and says where to go on (`continue`); a page
            # whose revision has not come yet is not missing.
            for _ in range(len(batch) + 1):
                answer = self.site.api(
                    "query",
                    titles="|".join(batch),
                    prop="revisions",
                    rvprop="ids|timestamp|user|comment|content",
                    rvslots="main",
                    formatversion=2,
                    **more,
                )
                query = answer.get("query", {})
                names.update({item["from"]: item["to"] for item in query.get("normalized", [])})
                for page in query.get("pages", []):
                    if page.get("revisions") or page["title"] not in found:
                        found[page["title"]] = page
                more = answer.get("continue") or {}
                if not more:
                    break
            for title in batch:
                page = found.get(names.get(title, title), {})
                if not page.get("missing") and not page.get("revisions"):
                    raise RefusedError(
                        f"The wiki did not give the latest revision of {title}, so advoc "
                        "cannot tell whether someone edited it. Nothing was edited.",
                        hint="Try again; if it persists, the wiki's API may limit results.",
                    )
                states[title] = _state(title, page)
        return states

    def edit(self, title: str, text: str, summary: str, base: PageState) -> int:
        """Save `text` as the page's new revision, only if `base` is still its latest
        (MediaWiki's edit conflict otherwise); the new revision's id."""
        options: dict[str, Any] = {"title": title, "text": text, "summary": summary, "bot": 1}
        if base.exists:
            options.update(baserevid=base.revision, basetimestamp=base.timestamp, nocreate=1)
        else:
            options["createonly"] = 1
        try:
            answer = self.site.post("edit", token=self.site.get_token("csrf"), **options)
        except Exception as error:
            raise RefusedError(
                f"The wiki refused the edit of {title}: {_reason(error)}. The pages before "
                "it in this run were saved; none after.",
                hint="Run `advoc wiki publish --dry-run` to see where the wiki stands.",
            ) from None
        result = answer.get("edit", {})
        if result.get("result") != "Success":
            raise RefusedError(f"The wiki did not save {title}: {result}.")
        return int(result.get("newrevid") or base.revision)


def _state(title: str, page: dict[str, Any]) -> PageState:
    revisions = page.get("revisions") or []
    if page.get("missing") or not revisions:
        return PageState(title)
    latest = revisions[0]
    content = latest.get("slots", {}).get("main", {}).get("content", "")
    return PageState(
        title,
        content,
        int(latest.get("revid", 0)),
        str(latest.get("timestamp", "")),
        str(latest.get("user", "")),
        str(latest.get("comment", "")),
    )


def _reason(error: BaseException, secret: str = "") -> str:
    """What went wrong in one line, never holding `secret`."""
    args: tuple[object, ...] = tuple(getattr(error, "args", ()))
    info = next((arg for arg in args if isinstance(arg, dict)), None)
    if info is not None:  # mwclient's LoginError: the API's answer
        text = f"{info.get('result', '')} {info.get('reason') or info.get('info') or ''}"
    elif len(args) >= 2 and all(isinstance(arg, str) for arg in args[:2]):
        text = f"{args[0]}: {args[1]}"  # mwclient's APIError: code and info
    else:
        text = str(args[0]) if args else type(error).__name__
    text = " ".join(text.split())[:300] or type(error).__name__
    return text.replace(secret, "***") if secret else text


@dataclass(frozen=True)
class Revision:
    id: int
    user: str  # "" when the wiki hides it
    timestamp: str
    text: str


def history(wiki: Wiki, title: str) -> list[Revision]:
    """Every revision of a page with its text, oldest first (50 a request, as the
    API allows for content)."""
    found: list[Revision] = []
    carry: dict[str, Any] = {}
    while True:
        answer = wiki.site.api(
            "query",
            titles=title,
            prop="revisions",
            rvprop="ids|user|timestamp|content",
            rvslots="main",
            rvdir="newer",
            rvlimit=50,
            formatversion=2,
            **carry,
        )
        for page in answer.get("query", {}).get("pages", []):
            for item in page.get("revisions") or []:
                found.append(
                    Revision(
                        int(item.get("revid", 0)),
                        "" if item.get("userhidden") else str(item.get("user", "")),
                        str(item.get("timestamp", "")),
                        str(item.get("slots", {}).get("main", {}).get("content", "")),
                    )
                )
        carry = answer.get("continue") or {}
        if not carry:
            return found


@dataclass(frozen=True)
class Account:
    name: str
    edits: int
    registered: str  # ISO timestamp; "" when the wiki does not know it
    blocked: bool
    exists: bool = True


def accounts(wiki: Wiki, names: list[str]) -> dict[str, Account]:
    """Each account's edit count, registration and block, 50 names a request."""
    found: dict[str, Account] = {}
    for start in range(0, len(names), BATCH):
        batch = names[start : start + BATCH]
        answer = wiki.site.api(
            "query",
            list="users",
            ususers="|".join(batch),
            usprop="editcount|registration|blockinfo",
            formatversion=2,
        )
        for item in answer.get("query", {}).get("users", []):
            name = str(item.get("name", ""))
            found[name] = Account(
                name,
                int(item.get("editcount") or 0),
                str(item.get("registration") or ""),
                "blockid" in item,
                not item.get("missing") and not item.get("invalid"),
            )
    return found
