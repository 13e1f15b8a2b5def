"""The public registry as a static website: plain HTML and one stylesheet, no script.

One tree of pages per published language (`en/`, `de/`, ...; see
`document.languages_of`), every page linking to its counterparts in the
others. Registry text that has no translation falls back to the default
language and says so with a `lang` attribute. advoc's own words come from its
message files (`advoc.model.messages`, Banana JSON as Wikimedia's translators
use), with plurals, dates and country and language names from CLDR through
Babel; a word with no translation falls back to English and is marked so.
Right-to-left languages get `dir="rtl"` on the page, and the stylesheet uses
only logical directions (start and end, never left and right).
The rules pages are `advoc guide`'s text, section by section, so the two can
never disagree.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, time
from functools import cache, partial
from importlib import resources
from typing import Any, NamedTuple, TypeVar

from advoc import __version__
from advoc.commands.guide import TOPICS
from advoc.commands.who import holders_by, mandates_of, speaker_of, speaker_order
from advoc.export.contacts import contact_url
from advoc.export.document import DocumentBuilder, decisions_by_year, languages_of
from advoc.export.feeds import (
    ATOM,
    CALENDAR,
    atom,
    calendar_text,
    deadlines,
    head_links,
    moments,
    site_address,
)
from advoc.export.marked import MarkedGuide, MarkedResolver, direction, name_html, strip, to_html
from advoc.export.output import Kept, Pages
from advoc.export.reuse import Parts, Reuse
from advoc.export.wayin import feedback_url, propose_url, vote_url
from advoc.model.attention import answer_timing
from advoc.model.evaluation import Rule, ratification
from advoc.model.messages import Html, Messages, chain
from advoc.model.registry import Record, Registry
from advoc.model.roles import Assignment, assignments
from advoc.model.timeutil import day_of, to_date, to_datetime

T = TypeVar("T")

# Each language's own name, for the language switch; other codes show as codes.
LANGUAGE_NAMES = {
    "ar": "العربية",
    "bn": "বাংলা",
    "de": "Deutsch",
    "el": "Ελληνικά",
    "en": "English",
    "es": "Español",
    "fa": "فارسی",
    "fr": "Français",
    "it": "Italiano",
    "ja": "日本語",
    "nb": "Norsk bokmål",
    "nl": "Nederlands",
    "pl": "Polski",
    "pt": "Português",
    "ru": "Русский",
    "sw": "Kiswahili",
    "uk": "Українська",
    "zh-hans": "中文 (简体)",
    "zh-hant": "中文 (繁體)",
}
# The Wikimedia regions: their names are messages (advoc-site-region-<code>).
REGIONS = ("ceeca", "eseap", "lac", "ssa", "mena", "sa", "na", "nwe")
SECTIONS = (
    ("index.html", "advoc-site-section-home"),
    ("who.html", "advoc-site-section-who"),
    ("advocates/index.html", "advoc-site-section-advocates"),
    ("campaigns.html", "advoc-site-section-campaigns"),
    ("decisions/index.html", "advoc-site-section-decisions"),
    ("rules/principles.html", "advoc-site-section-principles"),
    ("rules/processes.html", "advoc-site-section-processes"),
    ("rules/ways-in.html", "advoc-site-section-ways-in"),
)
SECTION_PATHS = frozenset(target for target, _ in SECTIONS)
GROUPINGS = (
    ("region", "regions", "advoc-site-by-region"),
    ("country", "countries", "advoc-site-by-country"),
    ("topic", "topics", "advoc-site-by-topic"),
    ("language", "languages", "advoc-site-by-language"),
)
WHO_BY = ("country", "topic")  # who speaks, by these of `advoc who`'s filters


class Row(NamedTuple):
    """What the pages that list advocates show of one advocate (`Tree.listed`)."""

    order: str  # their name (or username) as the lists sort it
    link: str  # the link to their page, from a page one folder down
    rest: str  # their row in the list of advocates, after the link's cell
    active: bool  # holds a role today


def _is_row(part: Any) -> bool:
    return (
        type(part) is tuple
        and len(part) == 4
        and type(part[0]) is str
        and type(part[1]) is str
        and type(part[2]) is str
        and type(part[3]) is bool
    )


def _is_text(part: Any) -> bool:
    return isinstance(part, str)


_ESCAPED = re.compile("[&<>\"']")


def esc(value: Any) -> str:
    text = str(value)
    return html.escape(text) if _ESCAPED.search(text) else text


def site_jobs(
    public: Registry,
    as_of: date,
    only: str | None = None,
    whole: Registry | None = None,
    reuse: Reuse | None = None,
) -> list[Callable[[], Pages]]:
    """The site in parts: its root files, then one tree per language, each page
    made when it is asked for (a language's pages are never all held at once).
    `whole` is the registry before the public view was taken: who speaks today is
    judged on it, as `advoc who` does (a removal left out of the view still counts).
    With `reuse`, a page an earlier export left in the folder that nothing it shows
    has changed is kept, not made (`advoc.export.reuse`)."""
    languages = [only] if only else languages_of(public)
    # What every language shares is worked out once, before the languages are built
    # apart (`output.write` forks): who speaks, how each decision stands, and what
    # the feeds announce.
    mandates_of(whole if whole is not None else public, public, day_of(as_of))
    decision_years(public)
    decisions_by_year(public)
    if reuse is None or not reuse.all_kept("/who.html"):
        holders_by(whole if whole is not None else public, WHO_BY, day_of(as_of), public)
    if reuse is None or not reuse.all_kept("/decisions/"):  # else where a page needs one
        MarkedResolver(public, as_of, public.default_language).evaluate_all()
    if reuse is None or not reuse.all_kept(f"/{ATOM}"):
        moments(public, as_of)

    def root() -> Pages:
        yield "style.css", stylesheet()
        yield "index.html", chooser(public, languages)
        kept = reuse.kept(CALENDAR) if reuse is not None else None
        if kept is not None:
            yield CALENDAR, kept
        else:
            events = deadlines(public, as_of, base=site_address(public))
            yield CALENDAR, calendar_text(public, as_of, events)

    def part(
        language: str, pages_of: Callable[[Tree], Iterable[tuple[str, str | Kept]]]
    ) -> Callable[[], Pages]:
        def pages() -> Pages:
            tree = Tree(public, as_of, language, languages, whole, reuse)
            for path, text in pages_of(tree):
                yield f"{language}/{path}", text

        return pages

    # Each language in three parts, which the two processes of `output.write` take
    # one at a time: whole languages left one process with the calendar and four
    # languages, the other with four; parts of half a language, one process up to
    # 0.3 s behind the other when a re-export makes only the lists again.
    each = (Tree.list_pages, Tree.decision_pages, Tree.people_pages)
    return [root, *(part(language, pages_of) for language in languages for pages_of in each)]


def shared(public: Registry, kind: str, key: Any, make: Callable[[], T]) -> T:
    """`make()`, made once for every language (for each `key` of a `kind`): what the
    languages' pages show alike, of 20,000 decisions or 10,000 advocates."""
    known: dict[Any, T] = public.memo(("site", kind), dict)
    if key not in known:
        known[key] = make()
    return known[key]


def web_address(public: Registry, target: str) -> str | None:
    """The address a web link to `target` leads to (`contact_url`); each of 20,000
    decisions names its discussion."""
    return shared(
        public,
        "web addresses",
        target,
        lambda: contact_url({"channel": "web", "target": target}, {}),
    )


def contact_html(public: Registry, contact: dict[str, Any]) -> str:
    """A contact's target, a link where its channel has an address a browser can
    open (`contact_url`); the same in every language."""
    channel, target = contact.get("channel"), contact.get("target")
    if type(channel) is not str or type(target) is not str:  # no schema lets one through
        return _contact_html(public, contact)
    return shared(public, "contacts", (channel, target), lambda: _contact_html(public, contact))


def _contact_html(public: Registry, contact: dict[str, Any]) -> str:
    shown = name_html(str(contact.get("target") or ""))
    url = contact_url(contact, public.manifest)
    return f'<a href="{esc(url)}" rel="nofollow">{shown}</a>' if url else shown


def decision_years(public: Registry) -> dict[str, str]:
    """Each decision's year (`decisions_by_year`), by its id as the document has it
    (`localized`), worked out once for every language."""
    return public.memo(
        ("site", "decision years"),
        lambda: {
            str(d.data.get("id")): year
            for year, decisions in decisions_by_year(public).items()
            for d in decisions
        },
    )


def stylesheet() -> str:
    return resources.files("advoc.export").joinpath("style.css").read_text(encoding="utf-8")


def chooser(public: Registry, languages: list[str]) -> str:
    """The site's root page: the languages, each offered in its own words."""
    name = esc(public.manifest.get("name") or Messages("en").text("advoc-site-default-name"))
    links = "".join(
        f'<li><a href="{esc(language)}/index.html" hreflang="{esc(language)}" '
        f'lang="{esc(language)}" dir="{direction(language)}">'
        f"{esc(LANGUAGE_NAMES.get(language, language))}</a>: "
        f"{Messages(language).html('advoc-site-choose-language')}</li>"
        for language in languages
    )
    return (
        '<!DOCTYPE html>\n<html lang="en" dir="ltr">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<title>{name}</title>\n<link rel="stylesheet" href="style.css">\n</head>\n<body>\n'
        f'<header><p class="site">{name}</p></header>\n<main id="main">\n<h1>{name}</h1>\n'
        f'<nav aria-label="Languages"><ul class="languages chooser">{links}'
        f"</ul></nav>\n</main>\n<footer><p>advoc {esc(__version__)}</p>"
        "</footer>\n</body>\n</html>\n"
    )


@dataclass
class Tree:
    """The pages of one language."""

    public: Registry
    as_of: date
    language: str
    languages: list[str]
    whole: Registry | None = None
    reuse: Reuse | None = None
    resolver: MarkedResolver = field(init=False)
    builder: DocumentBuilder = field(init=False)
    document: dict[str, Any] = field(init=False)
    guide: MarkedGuide = field(init=False)
    words: Messages = field(init=False)
    # t(key, *parameters): message `key` as HTML; parameters are text (escaped) unless
    # `Html`. The words' own method: a language of a large site asks 700,000 times.
    t: Callable[..., str] = field(init=False)
    own: set[str] = field(init=False)  # the codes whose words count as this page's own
    name: str = field(init=False)
    decision_years: dict[str, str] = field(init=False)
    labels: dict[str, str] = field(init=False, default_factory=dict)  # advocate id: link text
    rows: list[tuple[Record, Row]] | None = field(init=False, default=None)  # see `listed`
    by_name: list[tuple[Record, Row]] | None = field(init=False, default=None)  # `sorted_rows`
    parts: Parts | None = field(init=False, default=None)  # kept from the export before
    others: list[str] = field(init=False)  # the other languages' codes, escaped
    links: list[tuple[str, str]] = field(init=False)  # the language switch's, less the path
    known_decisions: set[str] = field(init=False)
    known_advocates: set[str] = field(init=False)
    feedback: dict[str, list[Any]] = field(init=False)  # advocate id: feedback records
    marks: dict[str, str] = field(init=False, default_factory=dict)  # message key: ui()
    # This language's dates and lists as CLDR writes them, each worked out once (40,000
    # decision timestamps share a few thousand days). Kept here, not in a cache of the
    # module, so that they go with the language: the process that builds four languages
    # of a large site one after the other held 40 MB of the earlier ones'.
    times: dict[str, str] = field(init=False, default_factory=dict)  # value: `when`
    lists: dict[tuple[str, ...], str] = field(init=False, default_factory=dict)
    recurring: dict[tuple[Any, ...], str] = field(init=False, default_factory=dict)  # `_recurring`

    def __post_init__(self) -> None:
        self.words = Messages(self.language)  # the resolver's too: the rules' words
        self.t = self.words.html
        if self.reuse is not None:
            self.parts = self.reuse.parts(self.language)
        self.resolver = MarkedResolver(self.public, self.as_of, self.language, self.words)
        self.builder = DocumentBuilder(
            self.public, self.as_of, self.language, self.resolver, votes=False
        )
        # its lists of records are made where a page needs one (`DocumentBuilder.section`)
        self.document = self.builder.head()
        self.guide = MarkedGuide(self.public, self.language)
        self.own = set(chain(self.language)[:-1]) or {self.language}
        if self.language.split("-")[0] == "en":
            self.own.add("en")
        self.name = esc(self.public.manifest.get("name") or self.t("advoc-site-default-name"))
        # from the records, as the document has them (`localized`): a page that needs
        # no decision's description makes none
        self.decision_years = decision_years(self.public)
        self.known_decisions = set(self.decision_years)
        self.known_advocates = shared(self.public, "advocate ids", None, self._advocate_ids)
        self.others = [esc(other) for other in self.languages if other != self.language]
        self.links = []
        for other in self.languages:
            rtl = f' dir="{direction(other)}"'
            current = ' aria-current="true"' if other == self.language else ""
            label = esc(LANGUAGE_NAMES.get(other, other))
            self.links.append(
                (
                    f"{esc(other)}/",
                    f'" hreflang="{esc(other)}" lang="{esc(other)}"{rtl}{current}>{label}</a></li>',
                )
            )
        self.feedback = defaultdict(list)
        for record in self.public.of_kind("feedback"):
            about = str(record.data.get("about") or "")
            if about.startswith("advocate/"):
                self.feedback[about.removeprefix("advocate/")].append(record)

    # --- advoc's words -------------------------------------------------------------

    def ui(self, key: str) -> str:
        """The attributes of an element holding message `key`: `lang="en"` (and the
        direction) when the message has no translation in this page's language."""
        marked = self.marks.get(key)
        if marked is None:
            found = self.words.language_of(key)
            marked = "" if found in self.own else f' lang="{esc(found)}" dir="{direction(found)}"'
            self.marks[key] = marked
        return marked

    def said(self, tag: str, key: str, *parameters: Any, attributes: str = "") -> str:
        """`<tag>message</tag>`, marked with its language where it fell back."""
        if parameters:
            return f"<{tag}{attributes}{self.ui(key)}>{self.t(key, *parameters)}</{tag}>"
        return self._recurring(  # a heading or a label, on page after page
            ("said", tag, key, attributes),
            lambda: f"<{tag}{attributes}{self.ui(key)}>{self.t(key)}</{tag}>",
        )

    def when(self, value: Any) -> str:
        """A date or timestamp as people write it in this language (CLDR, Babel),
        in a `<time>` element that keeps the ISO value for machines."""
        if value in (None, ""):
            return ""
        text = str(value)
        shown = self.times.get(text)
        if shown is None:
            shown = human_time(text, self.language)
            shown = self.times[text] = f'<time datetime="{esc(text)}">{esc(shown)}</time>'
        return shown

    def country(self, code: str) -> str:
        return esc(country_name(code, self.language))

    def language_name(self, code: str) -> str:
        return esc(language_name(code, self.language))

    def joined(self, items: Iterable[str]) -> str:
        """Items (HTML) as the language lists them: `a, b and c` (CLDR, Babel)."""
        shown = tuple(item for item in items if item)
        if len(shown) < 2:  # most lists of a page (an advocate's one country, say)
            return shown[0] if shown else ""
        joined = self.lists.get(shown)
        if joined is None:
            joined = self.lists[shown] = list_html(list(shown), self.language)
        return joined

    def web_form(self, url: str | None, key: str) -> str:
        """A link into the code host's web form (advoc.export.wayin), with a note
        that says what it needs; nothing when the manifest names no repository."""
        if url is None:
            return ""
        host = {"github": "GitHub", "gitlab": "GitLab"}[self.public.manifest["repository"]["host"]]
        return (
            f'<p class="web-form"><a href="{esc(url)}" rel="nofollow"{self.ui(key)}>'
            f"{self.t(key)}</a> <small{self.ui('advoc-site-web-form-note')}>"
            f"{self.t('advoc-site-web-form-note', host)}</small></p>"
        )

    # --- the frame every page shares ---------------------------------------------

    def page(
        self,
        path: str,
        title: str,
        body: str,
        heading: str | None = None,
        title_key: str | None = None,
    ) -> tuple[str, str]:
        """A whole page. `title` is plain text for the window's title; `heading` the
        h1's HTML, else the title; `title_key` the message the title came from."""
        up = "../" * path.count("/")
        root = "../" + up
        if heading is None:
            marked = self.ui(title_key) if title_key else ""
            heading = f"<h1{marked}>{to_html(title)}</h1>"
        else:
            heading = f"<h1>{heading}</h1>"
        alternates = "".join(
            f'<link rel="alternate" hreflang="{other}" href="{root}{other}/{path}">\n'
            for other in self.others
        )
        # what every page (at this depth) has
        links = self._recurring(
            ("feed links", root), lambda: head_links(self.language, root, self.words)
        )
        footer = self._recurring(("footer",), self._footer)
        text = (
            f'<!DOCTYPE html>\n<html lang="{esc(self.language)}" '
            f'dir="{direction(self.language)}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(strip(title))} · {self.name}</title>\n"
            f'<link rel="stylesheet" href="{root}style.css">\n{alternates}'
            f"{links}</head>\n<body>\n"
            f'<a class="skip" href="#main"{self.ui("advoc-site-skip")}>'
            f"{self.t('advoc-site-skip')}</a>\n"
            f'<header>\n<p class="site"><a href="{up}index.html">{self.name}</a></p>\n'
            f"{self.sections(path, up)}{self.switch(path, root)}</header>\n"
            f'<main id="main">\n{heading}\n{body}\n</main>\n'
            f"{footer}</body>\n</html>\n"
        )
        return path, text

    def _footer(self) -> str:
        shown = self.t("advoc-site-footer", __version__, Html(self.when(self.document["as_of"])))
        return f"<footer{self.ui('advoc-site-footer')}><p>{shown}</p></footer>\n"

    def sections(self, path: str, up: str) -> str:
        """The sections' links; the same on every page at one depth, but for the
        section the page is (`aria-current`)."""
        current = path if path in SECTION_PATHS else ""
        return self._recurring(("sections", current, up), lambda: self._sections(path, up))

    def _sections(self, path: str, up: str) -> str:
        items = []
        for target, key in SECTIONS:
            current = ' aria-current="page"' if target == path else ""
            items.append(
                f'<li><a href="{up}{target}"{current}{self.ui(key)}>{self.t(key)}</a></li>'
            )
        label = self.words.text("advoc-site-nav-sections")
        return f'<nav aria-label="{esc(label)}" class="sections"><ul>{"".join(items)}</ul></nav>\n'

    def switch(self, path: str, root: str) -> str:
        """The language switch; every page of a tree has the same, but for its path."""
        if len(self.languages) < 2:
            return ""
        items = "".join(f'<li><a href="{root}{head}{path}{tail}' for head, tail in self.links)
        label = self.words.text("advoc-site-nav-language")
        return f'<nav aria-label="{esc(label)}" class="languages"><ul>{items}</ul></nav>\n'

    # --- the pages ---------------------------------------------------------------

    def list_pages(self) -> Iterable[tuple[str, str | Kept]]:
        """The pages that count or list advocates."""
        yield self.made("index.html", self.home)
        yield self.made("who.html", self.who)
        yield self.made("advocates/index.html", self.advocate_list)
        for grouping in GROUPINGS:
            yield self.made(f"advocates/by-{grouping[0]}.html", partial(self.grouped, *grouping))
        yield self.made("campaigns.html", self.campaigns)
        if self.parts is not None:
            self.parts.store()

    def people_pages(self) -> Iterable[tuple[str, str | Kept]]:
        """The pages about each advocate."""
        for record in shared(self.public, "advocates by id", None, self._advocates_by_id):
            yield self.made(
                f"advocates/{record.data.get('id')}.html", partial(self.advocate_of, record)
            )

    def decision_pages(self) -> Iterable[tuple[str, str | Kept]]:
        """The pages of decisions and of the rules, and the feed of decisions."""
        yield from self.decisions()
        yield self.made(
            "rules/principles.html",
            lambda: self.guide_page("rules/principles.html", [self.guide.principles()], shift=1),
        )
        yield self.made(
            "rules/processes.html",
            lambda: self.guide_page("rules/processes.html", [self.guide.decisions()], shift=1),
        )
        yield self.made("rules/ways-in.html", self.ways_in)
        yield self.made(ATOM, self.feed)

    def feed(self) -> tuple[str, str]:
        """This language's Atom feed (`feeds.atom`)."""
        return ATOM, atom(self.public, self.as_of, self.language, site_address(self.public))

    def made(self, path: str, make: Callable[[], tuple[str, str]]) -> tuple[str, str | Kept]:
        """The page at `path`: kept as the earlier export left it when nothing it
        shows has changed (`advoc.export.reuse`), else made."""
        kept = self.reuse.kept(f"{self.language}/{path}") if self.reuse is not None else None
        if kept is not None:
            return path, kept
        page = make()
        assert page[0] == path, (page[0], path)  # a key is the key of one path
        return page

    def home(self) -> tuple[str, str]:
        listed = self.listed()
        active = sum(1 for _, row in listed if row.active)
        number = {
            "advocates": len(listed),
            "campaigns": len(self.public.records.get("campaign", {})),
            "decisions": len(self.decision_years),
            "principles": len(self.public.records.get("principle", {})),
        }
        # (page, its link's message and number, the note's message and number)
        counts: list[tuple[str, str, int | None, str | None, int | None]] = [
            ("who.html", "section-who", None, "home-who-note", None),
            ("advocates/index.html", "home-advocates", number["advocates"],
             "home-advocates-note", active),
            ("campaigns.html", "home-campaigns", number["campaigns"], None, None),
            ("decisions/index.html", "home-decisions", number["decisions"],
             "home-decisions-note", None),
            ("rules/principles.html", "section-principles", None,
             "home-principles-note", number["principles"]),
            ("rules/processes.html", "section-processes", None, "home-processes-note", None),
            ("rules/ways-in.html", "section-ways-in", None, "home-ways-in-note", None),
        ]  # fmt: skip
        items = []
        for target, label, amount, note, note_amount in counts:
            key = f"advoc-site-{label}"
            shown = self.t(key) if amount is None else self.t(key, amount)
            text = f'<a href="{target}"{self.ui(key)}>{shown}</a>'
            if note:
                extra = () if note_amount is None else (note_amount,)
                said = self.said("span", f"advoc-site-{note}", *extra)
                text += self.t("advoc-site-colon", Html(""), Html(said))
            items.append(f"<li>{text}</li>")
        body = (
            self.said("p", "advoc-site-home-intro")
            + f'\n<ul class="overview">{"".join(items)}</ul>'
        )
        return self.page("index.html", self.name_text(), body, heading=self.name)

    def name_text(self) -> str:
        return str(self.public.manifest.get("name") or self.words.text("advoc-site-default-name"))

    def advocate_link(self, advocate: dict[str, Any], up: str) -> str:
        """A link to the advocate's page, labelled `name (username)`, or the username
        alone when the name is the same. The label comes from the advocate's record
        on every page, whatever the page read them from (the who page's speakers,
        the document's entries, a campaign's list): made once, it is the same
        wherever it is shown, and a page does not depend on which was made first."""
        advocate_id = str(advocate["id"])
        shown = self.labels.get(advocate_id)
        if shown is None:  # an advocate is linked from up to six pages: labelled once
            record = self.public.get("advocate", advocate_id)
            data = record.data if record is not None else {}
            name = self.builder.resolver.text(data["name"]) if data.get("name") else ""
            username = str(data.get("username") or advocate_id)
            label = to_html(name) if name and strip(name) != username else ""
            shown = name_html(username)
            shown = self.labels[advocate_id] = f"{label} ({shown})" if label else shown
        return f'<a href="{up}advocates/{esc(advocate_id)}.html">{shown}</a>'

    # --- who speaks ----------------------------------------------------------------

    def who(self) -> tuple[str, str]:
        """Who speaks for the network today, by country and by topic: for each, what
        `advoc who --country C` (`--topic T`) lists on the same day."""
        whole = self.whole if self.whole is not None else self.public
        sections = [self.said("p", "advoc-site-who-intro")]
        day = day_of(self.as_of)  # roles are held by the day
        by = holders_by(whole, WHO_BY, day, self.public)
        made: dict[tuple[str, tuple[int, ...]], str] = {}  # one entry for the same mandates
        orders: dict[str, tuple[bool, str, str]] = {}

        def order(pair: tuple[Record, list[Assignment]]) -> tuple[bool, str, str]:
            advocate = pair[0]
            found = orders.get(advocate.id)
            if found is None:
                found = speaker_order(advocate, self.language, self.public.default_language)
                orders[advocate.id] = found
            return found

        def entry(advocate: Record, matching: list[Assignment]) -> str:
            return self.speaker(speaker_of(self.public, whole, advocate, matching, self.language))

        def shown(advocate: Record, matching: list[Assignment]) -> str:
            # which of their mandates match: the rest is in the advocate's page key
            # (their record, the roles and decisions, the day)
            indexes = tuple(assignment.index for assignment in matching)
            html = made.get((advocate.id, indexes))
            if html is None:
                make = partial(entry, advocate, matching)
                if self.parts is not None:  # an entry per set of mandates that match
                    html = self.parts.get("s", advocate.id, make, _is_text, indexes)
                else:
                    html = make()
                made[(advocate.id, indexes)] = html
            return html

        for dimension, heading_key, label in (
            ("country", "advoc-site-who-by-country", self.country),
            ("topic", "advoc-site-who-by-topic", esc),
        ):
            groups = by[dimension]
            sections.append(self.said("h2", heading_key))
            if not groups:
                sections.append(self.said("p", "advoc-site-who-nobody"))
                continue
            ordered = sorted(groups, key=lambda value: label(value).casefold())
            index = "".join(
                f'<li><a href="#{esc(dimension)}-{esc(value)}">{label(value)}</a></li>'
                for value in ordered
            )
            aria = esc(self.words.text(heading_key))
            sections.append(f'<nav class="index" aria-label="{aria}"><ul>{index}</ul></nav>')
            for value in ordered:
                speakers = "".join(shown(*pair) for pair in sorted(groups[value], key=order))
                sections.append(
                    f'<section id="{esc(dimension)}-{esc(value)}" class="speakers" '
                    f'data-{esc(dimension)}="{esc(value)}"><h3>{label(value)}</h3>'
                    f"<ul>{speakers}</ul></section>"
                )
        return self.page(
            "who.html",
            self.words.text("advoc-site-section-who"),
            "\n".join(sections),
            title_key="advoc-site-section-who",
        )

    def speaker(self, speaker: dict[str, Any]) -> str:
        link = self.advocate_link(speaker, "")
        parts = [f'<span class="who" data-advocate="{esc(speaker["id"])}">{link}</span>']
        if speaker["media_contact"]:
            parts.append(self.said("strong", "advoc-site-media-contact-badge"))
        mandates = []
        for role in speaker["roles"]:
            granted = role.get("granted_by") or {}
            decision = (
                self.decision_link({"id": granted["id"], "title": granted.get("title")}, "")
                if granted.get("id")
                else self.t("advoc-site-decision-not-public")
            )
            scope = self.scope_text(role.get("scope") or {})
            text = self.t(
                "advoc-site-who-mandate",
                Html(to_html(role.get("role_name") or role.get("role") or "")),
                Html(decision),
            )
            if scope:
                text += " " + self.t("advoc-site-parenthesis", Html(scope))
            mandates.append(f"<li{self.ui('advoc-site-who-mandate')}>{text}</li>")
        parts.append(f'<ul class="mandates">{"".join(mandates)}</ul>')
        contacts = self.contacts(speaker.get("contact"))
        if contacts:
            parts.append(f'<p class="contacts">{contacts}</p>')
        return f'<li class="speaker">{"".join(parts)}</li>'

    def contacts(self, contacts: Any) -> str:
        """Each contact, a link where its channel has an address a browser can open."""
        items = []
        for contact in contacts or []:
            if not isinstance(contact, dict):
                continue
            channel = str(contact.get("channel") or "")
            shown = contact_html(self.public, contact)
            key = f"advoc-site-channel-{channel}"
            kind = self.t(key) if _has(self.words, key) else esc(channel)
            items.append(self.t("advoc-site-contact", Html(shown), Html(kind)))
        return self.joined(items)

    def scope_text(self, scope: dict[str, Any]) -> str:
        parts = []
        for key, values in scope.items():
            shown = [self.country(str(v)) if key == "countries" else esc(v) for v in values or []]
            label_key = f"advoc-site-scope-{key}"
            label = self.t(label_key) if _has(self.words, label_key) else esc(key)
            parts.append(self.t("advoc-site-colon", Html(label), Html(self.joined(shown))))
        return "; ".join(parts)

    # --- advocates -----------------------------------------------------------------

    def advocate_list(self) -> tuple[str, str]:
        rows = (f"<tr><td>{row.link}</td>{row.rest}" for _, row in self.sorted_rows())
        groupings = "".join(
            f'<li><a href="by-{key}.html"{self.ui(label)}>{self.t(label)}</a></li>'
            for key, _, label in GROUPINGS
        )
        columns = "".join(
            self.said("th", key, attributes=' scope="col"')
            for key in (
                "advoc-site-column-advocate",
                "advoc-site-column-countries",
                "advoc-site-column-languages",
                "advoc-site-column-topics",
                "advoc-site-column-roles-today",
            )
        )
        label = esc(self.words.text("advoc-site-nav-groupings"))
        body = (
            f'<nav aria-label="{label}"><ul>{groupings}</ul></nav>\n'
            f'<div class="table"><table>\n{self.said("caption", "advoc-site-advocates-caption")}\n'
            f"<thead><tr>{columns}</tr></thead>\n"
            f"<tbody>{''.join(rows)}</tbody>\n</table></div>"
        )
        return self.page(
            "advocates/index.html",
            self.words.text("advoc-site-section-advocates"),
            body,
            title_key="advoc-site-section-advocates",
        )

    def listed(self) -> list[tuple[Record, Row]]:
        """What the pages that list advocates show of each public advocate (their
        record as the public view has it), in id order: their link, their row in the
        list of advocates, and whether they hold a role today. Each comes from the
        export before when that advocate's page key is the same (`reuse.Parts`):
        worked out, the rows of 10,000 advocates take 0.3 s a language."""
        if self.rows is None:
            people = shared(self.public, "advocates by id", None, self._advocates_by_id)
            if self.parts is None:
                self.rows = [(record, self.row(record)) for record in people]
            else:
                get = self.parts.get
                self.rows = [
                    (record, Row(*get("r", record.id, partial(self.row_part, record), _is_row)))
                    for record in people
                ]
        return self.rows

    def _advocate_ids(self) -> set[str]:
        return {str(advocate.data.get("id")) for advocate in self.public.of_kind("advocate")}

    def _advocates_by_id(self) -> list[Record]:
        return sorted(self.public.of_kind("advocate"), key=lambda record: record.id)

    def sorted_rows(self) -> list[tuple[Record, Row]]:
        """Every advocate's row in the order of their names (of their ids where two
        are the same), sorted once a language."""
        if self.by_name is None:
            self.by_name = sorted(self.listed(), key=lambda pair: pair[1].order)
        return self.by_name

    def row_part(self, record: Record) -> tuple[str, str, str, bool]:
        return tuple(self.row(record))  # type: ignore[return-value]  # marshal keeps tuples

    def row(self, record: Record) -> Row:
        """The advocate's `Row` in this language."""
        data = record.data
        resolver = self.builder.resolver
        name = (resolver.text(data["name"]) if "name" in data else None) or ""
        held = [a for a in assignments(record) if a.active_on(self.public, resolver.as_of)]
        roles = self.joined(
            to_html(resolver.title(assignment.role(self.public)) or assignment.role_id or "")
            for assignment in held
        )
        countries = self.joined(self.country(c) for c in data.get("countries") or [])
        languages = self.joined(map(self.language_name, data.get("languages") or []))
        topics = self.joined(esc(t) for t in data.get("topics") or [])
        return Row(
            (strip(name) or str(data.get("username"))).casefold(),
            self.advocate_link(data, "../"),
            f"<td>{countries}</td><td>{languages}</td><td>{topics}</td><td>{roles}</td></tr>",
            bool(held),
        )

    def grouped(self, key: str, field_name: str, title_key: str) -> tuple[str, str]:
        groups: dict[str, list[tuple[Record, Row]]] = defaultdict(list)  # each in name order
        for record, row in self.sorted_rows():
            for value in record.data.get(field_name) or []:
                groups[str(value)].append((record, row))
        label: Callable[[str], str] = {
            "region": self.region,
            "country": self.country,
            "language": lambda code: f"{self.language_name(code)} ({esc(code)})",
        }.get(key, esc)
        sections = []
        for value in sorted(groups, key=lambda v: label(v).casefold()):
            links = "".join(f"<li>{row.link}</li>" for _, row in groups[value])
            sections.append(
                f'<section id="{esc(key)}-{esc(value)}"><h2>{label(value)}</h2>'
                f"<ul>{links}</ul></section>"
            )
        if not sections:
            sections.append(self.said("p", "advoc-site-no-advocate"))
        return self.page(
            f"advocates/by-{key}.html",
            self.words.text(title_key),
            "\n".join(sections),
            title_key=title_key,
        )

    def region(self, code: str) -> str:
        key = f"advoc-site-region-{code}"
        return self.t(key) if _has(self.words, key) else esc(code)

    def advocate_of(self, record: Record) -> tuple[str, str]:
        """The advocate's page, with their entry made for it alone."""
        return self.advocate(self.builder.record(record))

    def advocate(self, advocate: dict[str, Any]) -> tuple[str, str]:
        facts = [
            ("advoc-site-fact-username", name_html(str(advocate.get("username") or ""))),
            (
                "advoc-site-fact-languages",
                self.joined(self.language_name(c) for c in advocate.get("languages") or []),
            ),
            (
                "advoc-site-fact-countries",
                self.joined(self.country(c) for c in advocate.get("countries") or []),
            ),
            (
                "advoc-site-fact-regions",
                self.joined(self.region(r) for r in advocate.get("regions") or []),
            ),
            (
                "advoc-site-fact-home-wikis",
                self.joined(esc(p) for p in advocate.get("home_projects") or []),
            ),
            (
                "advoc-site-fact-groups",
                self.joined(to_html(g["title"] or g["id"]) for g in advocate["groups"]),
            ),
            ("advoc-site-fact-topics", self.joined(esc(t) for t in advocate.get("topics") or [])),
            (
                "advoc-site-fact-media-contact",
                self.t("advoc-site-yes") if advocate.get("media_contact") else "",
            ),
            ("advoc-site-fact-contact", self.contacts(advocate.get("contact"))),
        ]
        rows = "".join(f"{self.said('dt', key)}<dd>{value}</dd>" for key, value in facts if value)
        body = [f'<dl class="facts">{rows}</dl>']
        if advocate.get("notes"):
            body.append(f"<p>{self.linked_ids(to_html(advocate['notes']))}</p>")
        body.append(self.said("h2", "advoc-site-roles"))
        body.append(
            self.roles_table(advocate["roles"])
            if advocate["roles"]
            else self.said("p", "advoc-site-no-role")
        )
        if advocate["campaigns"]:
            links = "".join(
                f'<li><a href="../campaigns.html#{esc(c["id"])}">{to_html(c["title"] or c["id"])}'
                f"</a> ({self.status_word(c['status'])})</li>"
                for c in advocate["campaigns"]
            )
            body += [self.said("h2", "advoc-site-section-campaigns"), f"<ul>{links}</ul>"]
        body.append(self.feedback_section(advocate["id"]))
        body.append(
            self.web_form(
                feedback_url(self.public.manifest, advocate["id"]), "advoc-site-give-feedback"
            )
        )
        username = str(advocate.get("username") or advocate["id"])
        return self.page(
            f"advocates/{advocate['id']}.html",
            advocate.get("name") or username,
            "\n".join(body),
            heading=to_html(advocate["name"]) if advocate.get("name") else name_html(username),
        )

    def feedback_section(self, advocate_id: str) -> str:
        """The feedback about this advocate: what it is about, when it was given,
        and whether it was answered within the time the manifest sets."""
        items = []
        records = sorted(
            self.feedback.get(advocate_id, []),
            key=lambda record: (str(record.data.get("date")), record.id),
        )
        for record in records:
            data = record.data
            kind_key = f"advoc-site-feedback-kind-{data.get('kind')}"
            kind = self.t(kind_key) if _has(self.words, kind_key) else esc(data.get("kind"))
            timing = answer_timing(self.public, record, day_of(self.as_of))
            response = data.get("response") if isinstance(data.get("response"), dict) else None
            lines = [
                '<p class="given">'
                + self.t("advoc-site-feedback-given", Html(kind), Html(self.when(data.get("date"))))
                + "</p>",
                "<blockquote>"
                + self.linked_ids(to_html(self.guide.text(data.get("summary"))))
                + "</blockquote>",
                f'<p class="timing {esc(timing)}"{self.ui("advoc-site-feedback-" + timing)}>'
                + self.t(
                    f"advoc-site-feedback-{timing}",
                    Html(self.when(response.get("date") if response else "")),
                )
                + "</p>",
            ]
            items.append(f'<li id="feedback-{esc(record.id)}">{"".join(lines)}</li>')
        if not items:
            return self.said("h2", "advoc-site-feedback") + self.said(
                "p", "advoc-site-feedback-none"
            )
        return (
            self.said("h2", "advoc-site-feedback") + f'<ul class="feedback">{"".join(items)}</ul>'
        )

    def roles_table(self, roles: list[dict[str, Any]]) -> str:
        rows = []
        for role in roles:
            scope = self.scope_text(role.get("scope") or {})
            held = "advoc-site-held-today" if role["active"] else "advoc-site-not-held-today"
            ended = (
                "<br>" + self.t("advoc-site-ended-by", Html(self.decision_link(role["ended_by"])))
                if role["ended_by"]
                else ""
            )
            rows.append(
                f"<tr><td>{to_html(role['role_name'] or role['role'] or '')}</td>"
                f'<td>{scope}</td><td class="date">{self.when(role["start"])}</td>'
                f'<td class="date">{self.when(role["end"])}</td>'
                f"<td{self.ui(held)}>{self.t(held)}</td>"
                f"<td>{self.decision_link(role['granted_by'])}{ended}</td></tr>"
            )
        columns = "".join(
            self.said("th", key, attributes=' scope="col"')
            for key in (
                "advoc-site-column-role",
                "advoc-site-column-scope",
                "advoc-site-column-from",
                "advoc-site-column-until",
                "advoc-site-column-today",
                "advoc-site-column-decided-by",
            )
        )
        return (
            f'<div class="table"><table>\n{self.said("caption", "advoc-site-roles-caption")}\n'
            f"<thead><tr>{columns}</tr></thead>\n"
            f"<tbody>{''.join(rows)}</tbody>\n</table></div>"
        )

    def decision_link(self, summary: dict[str, Any] | None, up: str = "../") -> str:
        if not summary:
            return ""
        if summary.get("public") is False:
            return self.said("span", "advoc-site-decision-not-public")
        decision_id = str(summary["id"])
        year = self.decision_years.get(decision_id, "undated")
        return (
            f'<a href="{up}decisions/{esc(year)}.html#{esc(decision_id)}">'
            f"{to_html(summary.get('title') or decision_id)}</a>"
        )

    def status_word(self, status: Any) -> str:
        key = f"advoc-site-status-{status}"
        return self.t(key) if _has(self.words, key) else esc(status)

    # --- campaigns and decisions ---------------------------------------------------

    def campaigns(self) -> tuple[str, str]:
        articles = []
        for campaign in self.builder.section("campaign"):
            advocates = "".join(
                f"<li>{self.advocate_link(a, '')}</li>" for a in campaign["advocates"]
            )
            decisions = "".join(
                f"<li>{self.decision_link(d, '')} ({self.status_word(d['status'])})</li>"
                for d in campaign["decisions"]
            )
            law = campaign.get("law") or {}
            period = (
                self.t(
                    "advoc-site-campaign-period",
                    Html(self.status_word(campaign["status"])),
                    Html(self.when(campaign["start"])),
                    Html(self.when(campaign["end"])),
                )
                if campaign.get("end")
                else self.t(
                    "advoc-site-campaign-since",
                    Html(self.status_word(campaign["status"])),
                    Html(self.when(campaign["start"])),
                )
            )
            facts = [period]
            if campaign.get("countries"):
                facts.append(
                    self.t(
                        "advoc-site-colon",
                        Html(self.t("advoc-site-fact-countries")),
                        Html(self.joined(self.country(c) for c in campaign["countries"])),
                    )
                )
            if campaign.get("topics"):
                facts.append(
                    self.t(
                        "advoc-site-colon",
                        Html(self.t("advoc-site-fact-topics")),
                        Html(self.joined(esc(t) for t in campaign["topics"])),
                    )
                )
            parts = [
                f'<article id="{esc(campaign["id"])}"><h2>{to_html(campaign["title"])}</h2>',
                f"<p>{'; '.join(facts)}</p>",
            ]
            if campaign.get("description"):
                parts.append(f"<p>{self.linked_ids(to_html(campaign['description']), '')}</p>")
            if law:
                parts.append(
                    f"<p>{self.said('span', 'advoc-site-law')} {to_html(law.get('name') or '')} "
                    f"{esc(law.get('identifier') or '')} ({esc(law.get('jurisdiction') or '')})"
                    "</p>"
                )
            if advocates:
                parts.append(
                    f"{self.said('h3', 'advoc-site-section-advocates')}<ul>{advocates}</ul>"
                )
            if decisions:
                parts.append(
                    f"{self.said('h3', 'advoc-site-section-decisions')}<ul>{decisions}</ul>"
                )
            articles.append("\n".join(parts) + "</article>")
        if not articles:
            articles.append(self.said("p", "advoc-site-no-campaign"))
        return self.page(
            "campaigns.html",
            self.words.text("advoc-site-section-campaigns"),
            "\n".join(articles),
            title_key="advoc-site-section-campaigns",
        )

    def decisions(self) -> Iterable[tuple[str, str | Kept]]:
        by_year = decisions_by_year(self.public)
        years = sorted(by_year, reverse=True)
        yield self.made("decisions/index.html", lambda: self.decision_years_page(by_year))
        for year in years:
            yield self.made(f"decisions/{year}.html", partial(self.year, year, by_year[year]))

    def decision_years_page(self, by_year: dict[str, list[Record]]) -> tuple[str, str]:
        items = "".join(
            f'<li><a href="{esc(year)}.html">{self.year_label(year)}</a>'
            + self.t(
                "advoc-site-colon",
                Html(""),
                Html(self.t("advoc-site-decision-count", len(by_year[year]))),
            )
            + "</li>"
            for year in sorted(by_year, reverse=True)
        )
        body = self.said("p", "advoc-site-decisions-intro") + f'\n<ul class="years">{items}</ul>'
        return self.page(
            "decisions/index.html",
            self.words.text("advoc-site-section-decisions"),
            body,
            title_key="advoc-site-section-decisions",
        )

    def year(self, year: str, records: list[Record]) -> tuple[str, str]:
        """The decisions opened in `year`, each described only now (a kept year's never)."""
        ordered = sorted(records, key=lambda d: (str(d.data.get("opened")), d.data.get("id")))
        body = "\n".join(self.decision(record) for record in ordered)
        title = (
            self.words.text("advoc-site-decisions-undated")
            if year == "undated"
            else self.words.text("advoc-site-decisions-of", year)
        )
        return self.page(f"decisions/{year}.html", title, body, title_key="advoc-site-decisions-of")

    def year_label(self, year: str) -> str:
        return self.t("advoc-site-decisions-undated") if year == "undated" else esc(year)

    def decision(self, record: Record) -> str:
        """A decision's entry on the page of its year. Made from the record and its
        evaluation (worked out once for every language: `MarkedResolver.evaluated`),
        not from its document entry: a large site has 20,000 entries a language, and
        what recurs among them (a process and status, a tally, the rules on votes)
        is made once per language (`_recurring`)."""
        data = record.data
        decision_id = str(data.get("id"))
        evaluation = self.resolver.evaluated(record)
        process = evaluation.process
        shown = (data.get("type"), data.get("process"), data.get("status"))
        summary = (
            self._recurring(("summary", *shown), lambda: self._summary(data, process))
            if all(value is None or type(value) is str for value in shown)
            else self._summary(data, process)  # 1, 1.0 and True are one key, shown apart
        )
        dates = self.t("advoc-site-decision-opened", Html(self.when(data.get("opened"))))
        if data.get("closed"):
            dates += " " + self.t("advoc-site-decision-closed", Html(self.when(data["closed"])))
        counts = evaluation.counts
        tally = self._recurring(
            ("tally", counts),
            lambda: self.t("advoc-site-tally", counts.support, counts.oppose, counts.neutral),
        )
        verdict = evaluation.verdict
        lines = [
            f'<article id="{esc(decision_id)}"><h2>{self.title_html(data.get("title"))}</h2>',
            f"{summary} {dates} {tally}</p>",
            self._recurring(("verdict", verdict), lambda: self._verdict(verdict)),
        ]
        rules = "".join(self._rule(rule) for rule in evaluation.duration_rules(self.words))
        rules += self._recurring(
            ("count rules", evaluation.count_terms),
            lambda: "".join(self._rule(rule) for rule in evaluation.count_rules(self.words)),
        )
        if rules:
            lines.append(f'<ul class="rules"{self.ui("advoc-rule-quorum")}>{rules}</ul>')
        terms = ratification(self.public, record, self.resolver.moment)
        if terms is not None:
            if terms.ratified_by:
                ratified = terms.ratified_by.id
                link = (
                    self.decision_link({"id": ratified, "title": ratified})
                    if ratified in self.known_decisions
                    else esc(ratified)
                )
                state = self.t("advoc-site-urgent-ratified", Html(link))
            elif terms.overdue:
                state = self.t("advoc-site-urgent-overdue")
            else:
                state = self.t("advoc-site-urgent-awaiting")
            lines.append(f"<p>{state}</p>")
        if data.get("status") == "open" and evaluation.is_open:
            lines.append(
                self.web_form(vote_url(self.public.manifest, decision_id), "advoc-site-vote")
            )
        outcome = self.resolver.text(data["outcome"]) if "outcome" in data else None
        if outcome:
            lines.append(f"<p>{self.linked_ids(to_html(outcome))}</p>")
        if isinstance(data.get("imported"), str):
            lines.append(self.said("p", "advoc-site-imported", data["imported"]))
        if isinstance(data.get("discussion"), str):
            url = web_address(self.public, data["discussion"])
            if url:
                lines.append(
                    f'<p><a href="{esc(url)}" rel="nofollow"{self.ui("advoc-site-discussion")}>'
                    f"{self.t('advoc-site-discussion')}</a></p>"
                )
        return "\n".join(lines) + "</article>"

    def title_html(self, title: Any) -> str:
        """A decision's title as HTML. One not translated (one text) is the same in
        every language: made once for all the languages a process makes."""
        if type(title) is not str:
            return to_html(self.resolver.text(title))
        return shared(self.public, "titles", title, lambda: to_html(self.resolver.text(title)))

    def _recurring(self, key: tuple[Any, ...], make: Callable[[], str]) -> str:
        """`make()`, made once per language for each `key`."""
        found = self.recurring.get(key)
        if found is None:
            found = self.recurring[key] = make()
        return found

    def _summary(self, data: dict[str, Any], process: Record | None) -> str:
        """The start of a decision's summary: its type, its process and its status."""
        name = self.resolver.title(process) if process is not None else None
        shown = (
            f'<a href="../rules/processes.html">{to_html(name)}</a>'
            if name
            else esc(data.get("process") or "")
        )
        type_key = f"advoc-site-decision-type-{data.get('type')}"
        kind = self.t(type_key) if _has(self.words, type_key) else esc(data.get("type"))
        return f"<p{self.ui('advoc-site-decision-summary')}>" + self.t(
            "advoc-site-decision-summary",
            Html(kind),
            Html(shown),
            Html(f"<strong>{self.status_word(data.get('status'))}</strong>"),
        )

    def _verdict(self, verdict: str) -> str:
        key = f"advoc-site-verdict-{verdict}"
        return f'<p{self.ui(key)} class="verdict {esc(verdict)}">{self.t(key)}</p>'

    def _rule(self, rule: Rule) -> str:
        met = self.t("advoc-site-rule-met" if rule.met else "advoc-site-rule-not-met")
        return f"<li>{self.t('advoc-site-rule-line', rule.required, rule.actual, Html(met))}</li>"

    def linked_ids(self, text_html: str, up: str = "../") -> str:
        """Registry text (HTML) with each public decision's id, and each reference
        `advocate/ID` or `decision/ID` to a public record, made a link to its page."""

        def decision_link(found: str) -> str:
            year = self.decision_years[found]
            return f'<a href="{up}decisions/{esc(year)}.html#{found}">{found}</a>'

        def link(match: re.Match[str]) -> str:
            kind, found = match.group(1), match.group(2) or match.group(3)
            if kind == "advocate" and found in self.known_advocates:
                return f'{kind}/<a href="{up}advocates/{found}.html">{found}</a>'
            if kind != "advocate" and found in self.known_decisions:
                return (f"{kind}/" if kind else "") + decision_link(found)
            return match.group(0)

        # the same in every language (a text not translated is one string for all)
        return shared(self.public, "linked ids", (text_html, up), lambda: _ID.sub(link, text_html))

    def ways_in(self) -> tuple[str, str]:
        points = []
        for purposes in self.guide_topics():
            points += [self.guide.entry_point(point) for point in purposes]
        page = self.guide_page(
            "rules/ways-in.html",
            points,
            shift=0,
            title=self.words.text("advoc-site-section-ways-in"),
            title_key="advoc-site-section-ways-in",
            extra=self.web_form(propose_url(self.public.manifest), "advoc-site-propose"),
        )
        return page

    def guide_topics(self) -> list[list[Any]]:
        return [self.guide._entry_points(purposes) for purposes in TOPICS.values()]

    def guide_page(
        self,
        path: str,
        sections: list[str],
        shift: int,
        title: str = "",
        title_key: str | None = None,
        extra: str = "",
    ) -> tuple[str, str]:
        """A page of the guide's text: with `shift` 1, its `##` heading is the page's h1;
        `extra` (HTML) comes first."""
        text = "\n\n".join(section for section in sections if section)
        lines = text.split("\n")
        if shift and lines and lines[0].startswith("## "):
            title, lines = lines[0][3:], lines[1:]
            title_key = None
        marked = self.ui("advoc-guide-decisions")  # the guide's words, where they fell back
        body = (extra + "\n" if extra else "") + guide_html(lines, shift, marked)
        return self.page(path, title or "Rules", body, title_key=title_key)


# An id in registry text (HTML), as `kind/id`, or bare (a decision's, which is a
# slug with a hyphen: a plain word is no id, and not worth a look); never inside
# an attribute the renderer wrote (`lang="en"`).
_ID = re.compile(
    r"(?<![\w/#.=\"-])(?:(advocate|decision)/([a-z0-9][a-z0-9-]*)|([a-z0-9]+(?:-[a-z0-9]+)+))"
    r"(?![\w/.\"-])"
)


def _has(words: Messages, key: str) -> bool:
    return words.has(key)


def human_time(value: str, language: str) -> str:
    """`2026-11-23` as `23 November 2026` (de: `23. November 2026`); a timestamp with
    its time in UTC, to the minute. Values that do not parse are shown as written."""
    day = to_date(value)
    if day is not None:
        return _day_text(day, language) or value
    moment = to_datetime(value)
    if moment is None:
        return value
    shown_day = _day_text(moment.date(), language)
    shown_time = _time_text(moment.hour, moment.minute, language)
    pattern = _datetime_pattern(language)
    if not (shown_day and shown_time and pattern):
        return value
    return pattern.replace("{1}", shown_day).replace("{0}", f"{shown_time} UTC")


# Each day, each minute of the day and each language's pattern is written by CLDR
# once: 40,000 decision timestamps share a few thousand days.
@cache
def _day_text(day: date, language: str) -> str:
    from babel.dates import format_date  # here: only pages show dates (14 ms)

    try:
        return str(format_date(day, "long", locale=_locale(language)))
    except (ValueError, LookupError):
        return ""


@cache
def _time_text(hour: int, minute: int, language: str) -> str:
    from babel.dates import format_time  # as in _day_text

    try:
        return str(format_time(time(hour, minute), "short", locale=_locale(language)))
    except (ValueError, LookupError):
        return ""


@cache
def _datetime_pattern(language: str) -> str:
    from babel.dates import get_datetime_format  # as in _day_text

    try:
        return str(get_datetime_format("long", locale=_locale(language)))
    except (ValueError, LookupError):
        return ""


@cache
def country_name(code: str, language: str) -> str:
    """A country's name in `language` (CLDR), else its code."""
    try:
        return str(_locale(language).territories.get(code.upper(), code))
    except (ValueError, LookupError):
        return code


@cache
def language_name(code: str, language: str) -> str:
    """A language's name in `language` (CLDR), else its code."""
    try:
        names = _locale(language).languages
        return str(names.get(code.replace("-", "_")) or names.get(code.split("-")[0]) or code)
    except (ValueError, LookupError):
        return code


def list_html(items: list[str], language: str) -> str:
    """Items joined as the language joins a list (`a, b and c`, `a, b und c`)."""
    if len(items) < 2:
        return "".join(items)
    from babel.lists import format_list  # as in human_time

    try:
        return str(format_list(items, locale=_locale(language)))
    except (ValueError, LookupError):
        return ", ".join(items)


@cache
def _locale(language: str) -> Any:
    """The Babel locale for `language` (or the first of its chain Babel knows),
    parsed once: Babel parses a locale given by name on every call."""
    from babel import Locale, UnknownLocaleError  # as in human_time

    for code in chain(language):
        candidate = code.replace("-", "_")
        if candidate in ("zh_hans", "zh_hant"):
            candidate = "zh_" + candidate[3:].capitalize()
        try:
            return Locale.parse(candidate)
        except (UnknownLocaleError, ValueError):
            continue
    return Locale.parse("en")


def guide_html(lines: list[str], shift: int, ui: str) -> str:
    """The guide's lines as HTML: `##`/`###` headings, numbered steps, bullets, paragraphs."""
    out: list[str] = []
    open_list = ""
    for line in lines:
        kind = "ol" if _numbered(line) else "ul" if line.startswith("- ") else ""
        if open_list and kind != open_list:
            out.append(f"</{open_list}>")
            open_list = ""
        if kind and not open_list:
            out.append(f"<{kind}{ui}>")
            open_list = kind
        if kind == "ol":
            out.append(f"<li>{to_html(line.split('. ', 1)[1])}</li>")
        elif kind == "ul":
            out.append(f"<li>{to_html(line[2:])}</li>")
        elif line.startswith("### "):
            out.append(f"<h{3 - shift}{ui}>{to_html(line[4:])}</h{3 - shift}>")
        elif line.startswith("## "):
            out.append(f"<h{2 - shift}{ui}>{to_html(line[3:])}</h{2 - shift}>")
        elif line.strip():
            out.append(f"<p{ui}>{to_html(line)}</p>")
    if open_list:
        out.append(f"</{open_list}>")
    return "\n".join(out)


def _numbered(line: str) -> bool:
    number, dot, _ = line.partition(". ")
    return bool(dot) and number.isdigit()


def contacts_html(contacts: Any) -> str:
    items = []
    for contact in contacts or []:
        if isinstance(contact, dict):
            items.append(f"{name_html(str(contact.get('target')))} ({esc(contact.get('channel'))})")
    return "; ".join(items)
