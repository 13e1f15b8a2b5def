"""The public registry as a static website: plain HTML and one stylesheet, no script.

One tree of pages per published language (`en/`, `de/`, ...; see
`document.languages_of`), every page linking to its counterparts in the
others. Registry text that has no translation falls back to the default
language and says so with a `lang` attribute; advoc's own words are English
and marked `lang="en"` in the other trees. The rules pages are `advoc guide`'s
text, section by section, so the two can never disagree.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from typing import Any

from advoc import __version__
from advoc.commands.guide import TOPICS
from advoc.export.document import DocumentBuilder, languages_of
from advoc.export.marked import MarkedGuide, MarkedResolver, direction, name_html, strip, to_html
from advoc.export.output import Pages
from advoc.model.registry import Registry

REGIONS = {
    "ceeca": "Central and Eastern Europe and Central Asia",
    "eseap": "East, Southeast Asia and the Pacific",
    "lac": "Latin America and the Caribbean",
    "ssa": "Sub-Saharan Africa",
    "mena": "Middle East and North Africa",
    "sa": "South Asia",
    "na": "North America",
    "nwe": "Northern and Western Europe",
}
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
VERDICTS = {
    "open": "still open",
    "met": "every rule of its process was met",
    "not-met": "not every rule of its process was met",
    "no-process": "its process is not in the registry",
}
SECTIONS = (
    ("index.html", "Home"),
    ("advocates/index.html", "Advocates"),
    ("campaigns.html", "Campaigns"),
    ("decisions/index.html", "Decisions"),
    ("rules/principles.html", "Rules of engagement"),
    ("rules/processes.html", "Processes"),
    ("rules/ways-in.html", "Ways in"),
)
GROUPINGS = (
    ("region", "regions", "Advocates by region"),
    ("country", "countries", "Advocates by country"),
    ("topic", "topics", "Advocates by topic"),
    ("language", "languages", "Advocates by language"),
)


_ESCAPED = re.compile("[&<>\"']")


def esc(value: Any) -> str:
    text = str(value)
    return html.escape(text) if _ESCAPED.search(text) else text


def site_jobs(public: Registry, as_of: date, only: str | None = None) -> list[Callable[[], Pages]]:
    """The site in parts: its root files, then one tree per language, each page
    made when it is asked for (a language's pages are never all held at once)."""
    languages = [only] if only else languages_of(public)

    def root() -> Pages:
        return [("style.css", stylesheet()), ("index.html", chooser(public, languages))]

    def tree(language: str) -> Callable[[], Pages]:
        def pages() -> Pages:
            for path, text in Tree(public, as_of, language, languages).pages():
                yield f"{language}/{path}", text

        return pages

    return [root, *(tree(language) for language in languages)]


def stylesheet() -> str:
    return resources.files("advoc.export").joinpath("style.css").read_text(encoding="utf-8")


def chooser(public: Registry, languages: list[str]) -> str:
    name = esc(public.manifest.get("name") or "Advocacy network")
    links = "".join(
        f'<li><a href="{esc(language)}/index.html" hreflang="{esc(language)}" '
        f'lang="{esc(language)}">{esc(LANGUAGE_NAMES.get(language, language))}</a></li>'
        for language in languages
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<title>{name}</title>\n<link rel="stylesheet" href="style.css">\n</head>\n<body>\n'
        f'<header><p class="site">{name}</p></header>\n<main id="main">\n<h1>{name}</h1>\n'
        f'<nav aria-label="Languages"><p>Choose a language:</p><ul class="languages">{links}'
        f"</ul></nav>\n</main>\n<footer><p>Published with advoc {esc(__version__)}.</p>"
        "</footer>\n</body>\n</html>\n"
    )


@dataclass
class Tree:
    """The pages of one language."""

    public: Registry
    as_of: date
    language: str
    languages: list[str]
    document: dict[str, Any] = field(init=False)
    guide: MarkedGuide = field(init=False)
    ui: str = field(init=False)  # the attributes of an element holding advoc's own words
    name: str = field(init=False)
    decision_years: dict[str, str] = field(init=False)
    labels: dict[str, str] = field(init=False, default_factory=dict)  # advocate id: link text
    others: list[str] = field(init=False)  # the other languages' codes, escaped
    links: list[tuple[str, str]] = field(init=False)  # the language switch's, less the path

    def __post_init__(self) -> None:
        resolver = MarkedResolver(self.public, self.as_of, self.language)
        builder = DocumentBuilder(self.public, self.as_of, self.language, resolver)
        self.document = builder.build()
        self.guide = MarkedGuide(self.public, self.language)
        self.ui = "" if self.language == "en" else ' lang="en"'
        if direction(self.language) == "rtl":
            self.ui += ' dir="ltr"'
        self.name = esc(self.public.manifest.get("name") or "Advocacy network")
        self.decision_years = {d["id"]: year_of(d) for d in self.document["decisions"]}
        self.others = [esc(other) for other in self.languages if other != self.language]
        self.links = []
        for other in self.languages:
            rtl = ' dir="rtl"' if direction(other) == "rtl" else ""
            current = ' aria-current="true"' if other == self.language else ""
            label = esc(LANGUAGE_NAMES.get(other, other))
            self.links.append(
                (
                    f"{esc(other)}/",
                    f'" hreflang="{esc(other)}" lang="{esc(other)}"{rtl}{current}>{label}</a></li>',
                )
            )

    # --- the frame every page shares ---------------------------------------------

    def page(self, path: str, title: str, body: str, heading: str | None = None) -> tuple[str, str]:
        """A whole page; `title` is advoc's words unless `heading` gives the h1's HTML."""
        up = "../" * path.count("/")
        root = "../" + up
        heading = (
            f"<h1{self.ui}>{to_html(title)}</h1>" if heading is None else f"<h1>{heading}</h1>"
        )
        alternates = "".join(
            f'<link rel="alternate" hreflang="{other}" href="{root}{other}/{path}">\n'
            for other in self.others
        )
        text = (
            f'<!DOCTYPE html>\n<html lang="{esc(self.language)}" '
            f'dir="{direction(self.language)}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(strip(title))} · {self.name}</title>\n"
            f'<link rel="stylesheet" href="{root}style.css">\n{alternates}</head>\n<body>\n'
            f'<a class="skip" href="#main"{self.ui}>Skip to the content</a>\n'
            f'<header>\n<p class="site"><a href="{up}index.html">{self.name}</a></p>\n'
            f"{self.sections(path, up)}{self.switch(path, root)}</header>\n"
            f'<main id="main">\n{heading}\n{body}\n</main>\n'
            f"<footer{self.ui}><p>Published from the registry by advoc {esc(__version__)}, "
            f"as of {esc(self.document['as_of'])}. Advocates whose safety requires it are "
            "not listed.</p></footer>\n</body>\n</html>\n"
        )
        return path, text

    def sections(self, path: str, up: str) -> str:
        items = []
        for target, label in SECTIONS:
            current = ' aria-current="page"' if target == path else ""
            items.append(f'<li><a href="{up}{target}"{current}>{label}</a></li>')
        return f'<nav aria-label="Sections"{self.ui}><ul>{"".join(items)}</ul></nav>\n'

    def switch(self, path: str, root: str) -> str:
        """The language switch; every page of a tree has the same, but for its path."""
        if len(self.languages) < 2:
            return ""
        items = "".join(f'<li><a href="{root}{head}{path}{tail}' for head, tail in self.links)
        return f'<nav aria-label="Language" class="languages"{self.ui}><ul>{items}</ul></nav>\n'

    # --- the pages ---------------------------------------------------------------

    def pages(self) -> Iterable[tuple[str, str]]:
        yield self.home()
        yield self.advocate_list()
        for grouping in GROUPINGS:
            yield self.grouped(*grouping)
        for advocate in self.document["advocates"]:
            yield self.advocate(advocate)
        yield self.campaigns()
        yield from self.decisions()
        yield self.guide_page("rules/principles.html", [self.guide.principles()], shift=1)
        yield self.guide_page("rules/processes.html", [self.guide.decisions()], shift=1)
        yield self.ways_in()

    def home(self) -> tuple[str, str]:
        document = self.document
        active = sum(1 for a in document["advocates"] if any(r["active"] for r in a["roles"]))
        counts = [
            (
                "advocates/index.html",
                f"{len(document['advocates'])} advocates",
                f"{active} hold a role today",
            ),
            ("campaigns.html", f"{len(document['campaigns'])} campaigns", ""),
            (
                "decisions/index.html",
                f"{len(document['decisions'])} decisions",
                "with how each met its process",
            ),
            (
                "rules/principles.html",
                "Rules of engagement",
                f"{len(document['principles'])} principles",
            ),
            ("rules/processes.html", "Processes", "how roles are given and decisions taken"),
            ("rules/ways-in.html", "Ways in", "how to join, start an activity, give feedback"),
        ]
        items = "".join(
            f'<li><a href="{target}">{label}</a>{": " + note if note else ""}</li>'
            for target, label, note in counts
        )
        body = (
            f"<p{self.ui}>Who represents the Wikimedia community in public policy, in which "
            "roles, on whose decision, and the rules they work under. Everything here comes "
            "from the network's public registry.</p>\n"
            f'<ul{self.ui} class="overview">{items}</ul>'
        )
        return self.page("index.html", self.name_text(), body, heading=self.name)

    def name_text(self) -> str:
        return str(self.public.manifest.get("name") or "Advocacy network")

    def advocate_link(self, advocate: dict[str, Any], up: str) -> str:
        shown = self.labels.get(advocate["id"])
        if shown is None:  # an advocate is linked from up to six pages: labelled once
            label = to_html(advocate["name"]) if advocate.get("name") else ""
            username = name_html(str(advocate.get("username") or advocate["id"]))
            shown = self.labels[advocate["id"]] = f"{label} ({username})" if label else username
        return f'<a href="{up}advocates/{esc(advocate["id"])}.html">{shown}</a>'

    def advocate_list(self) -> tuple[str, str]:
        rows = []
        for advocate in self.sorted_advocates(self.document["advocates"]):
            roles = ", ".join(
                to_html(role["role_name"] or role["role"])
                for role in advocate["roles"]
                if role["active"]
            )
            rows.append(
                f"<tr><td>{self.advocate_link(advocate, '../')}</td>"
                f"<td>{esc(', '.join(advocate.get('countries') or []))}</td>"
                f"<td>{esc(', '.join(advocate.get('languages') or []))}</td>"
                f"<td>{esc(', '.join(advocate.get('topics') or []))}</td>"
                f"<td>{roles}</td></tr>"
            )
        groupings = "".join(
            f'<li><a href="by-{key}.html">{label}</a></li>' for key, _, label in GROUPINGS
        )
        body = (
            f'<nav aria-label="Groupings"{self.ui}><ul>{groupings}</ul></nav>\n'
            f'<div class="table"><table>\n<caption{self.ui}>Every public advocate, with the '
            "roles they hold today</caption>\n"
            f'<thead{self.ui}><tr><th scope="col">Advocate</th><th scope="col">Countries'
            '</th><th scope="col">Languages</th><th scope="col">Topics</th>'
            '<th scope="col">Roles today</th></tr></thead>\n'
            f"<tbody>{''.join(rows)}</tbody>\n</table></div>"
        )
        return self.page("advocates/index.html", "Advocates", body)

    def sorted_advocates(self, advocates: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        return sorted(
            advocates,
            key=lambda a: (strip(a.get("name") or "") or str(a.get("username"))).casefold(),
        )

    def grouped(self, key: str, field_name: str, title: str) -> tuple[str, str]:
        groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for advocate in self.document["advocates"]:
            for value in advocate.get(field_name) or []:
                groups[str(value)].append(advocate)
        label: Callable[[str], str] = {
            "region": lambda code: esc(REGIONS.get(code, code)),
            "language": lambda code: f"{esc(LANGUAGE_NAMES.get(code, code))} ({esc(code)})",
        }.get(key, esc)
        sections = []
        for value in sorted(groups, key=lambda v: label(v).casefold()):
            links = "".join(
                f"<li>{self.advocate_link(advocate, '../')}</li>"
                for advocate in self.sorted_advocates(groups[value])
            )
            sections.append(
                f'<section id="{esc(key)}-{esc(value)}"><h2>{label(value)}</h2>'
                f"<ul>{links}</ul></section>"
            )
        if not sections:
            sections.append(f"<p{self.ui}>No public advocate yet.</p>")
        return self.page(f"advocates/by-{key}.html", title, "\n".join(sections))

    def advocate(self, advocate: dict[str, Any]) -> tuple[str, str]:
        facts = [
            ("Username", name_html(str(advocate.get("username") or ""))),
            ("Languages", esc(", ".join(advocate.get("languages") or []))),
            ("Countries", esc(", ".join(advocate.get("countries") or []))),
            ("Regions", esc(", ".join(REGIONS.get(r, r) for r in advocate.get("regions") or []))),
            ("Home wikis", esc(", ".join(advocate.get("home_projects") or []))),
            ("Groups", ", ".join(to_html(g["title"] or g["id"]) for g in advocate["groups"])),
            ("Topics", esc(", ".join(advocate.get("topics") or []))),
            ("Media contact", "yes" if advocate.get("media_contact") else ""),
            ("Contact", contacts_html(advocate.get("contact"))),
        ]
        rows = "".join(
            f"<dt{self.ui}>{label}</dt><dd>{value}</dd>" for label, value in facts if value
        )
        body = [f'<dl class="facts">{rows}</dl>']
        if advocate.get("notes"):
            body.append(f"<p>{to_html(advocate['notes'])}</p>")
        body.append(f"<h2{self.ui}>Roles</h2>")
        body.append(
            self.roles_table(advocate["roles"])
            if advocate["roles"]
            else f"<p{self.ui}>No role yet.</p>"
        )
        if advocate["campaigns"]:
            links = "".join(
                f'<li><a href="../campaigns.html#{esc(c["id"])}">{to_html(c["title"] or c["id"])}'
                f"</a> ({esc(c['status'])})</li>"
                for c in advocate["campaigns"]
            )
            body += [f"<h2{self.ui}>Campaigns</h2>", f"<ul>{links}</ul>"]
        username = str(advocate.get("username") or advocate["id"])
        return self.page(
            f"advocates/{advocate['id']}.html",
            advocate.get("name") or username,
            "\n".join(body),
            heading=to_html(advocate["name"]) if advocate.get("name") else name_html(username),
        )

    def roles_table(self, roles: list[dict[str, Any]]) -> str:
        rows = []
        for role in roles:
            scope = "; ".join(
                f"{esc(key)}: {esc(', '.join(map(str, values)))}"
                for key, values in (role.get("scope") or {}).items()
            )
            rows.append(
                f"<tr><td>{to_html(role['role_name'] or role['role'] or '')}</td>"
                f'<td{self.ui}>{scope}</td><td class="date">{esc(role["start"] or "")}</td>'
                f'<td class="date">{esc(role["end"] or "")}</td>'
                f"<td{self.ui}>{'held today' if role['active'] else 'not held today'}</td>"
                f"<td>{self.decision_link(role['granted_by'])}"
                + (
                    f"<br>ended by {self.decision_link(role['ended_by'])}"
                    if role["ended_by"]
                    else ""
                )
                + "</td></tr>"
            )
        return (
            f'<div class="table"><table>\n<caption{self.ui}>Roles held, and the decision '
            "behind each</caption>\n"
            f'<thead{self.ui}><tr><th scope="col">Role</th><th scope="col">Scope</th>'
            '<th scope="col">From</th><th scope="col">Until</th><th scope="col">Today</th>'
            '<th scope="col">Decided by</th></tr></thead>\n'
            f"<tbody>{''.join(rows)}</tbody>\n</table></div>"
        )

    def decision_link(self, summary: dict[str, Any] | None, up: str = "../") -> str:
        if not summary:
            return ""
        if summary.get("public") is False:
            return f"<span{self.ui}>a decision that is not public</span>"
        decision_id = str(summary["id"])
        year = self.decision_years.get(decision_id, "undated")
        return (
            f'<a href="{up}decisions/{esc(year)}.html#{esc(decision_id)}">'
            f"{to_html(summary.get('title') or decision_id)}</a>"
        )

    def campaigns(self) -> tuple[str, str]:
        articles = []
        for campaign in self.document["campaigns"]:
            advocates = "".join(
                f"<li>{self.advocate_link(a, '')}</li>" for a in campaign["advocates"]
            )
            decisions = "".join(
                f"<li>{self.decision_link(d, '')} ({esc(d['status'])})</li>"
                for d in campaign["decisions"]
            )
            law = campaign.get("law") or {}
            parts = [
                f'<article id="{esc(campaign["id"])}"><h2>{to_html(campaign["title"])}</h2>',
                f"<p{self.ui}>{esc(campaign['status'])}, from {esc(campaign['start'])}"
                + (f" to {esc(campaign['end'])}" if campaign.get("end") else "")
                + (
                    f"; countries {esc(', '.join(campaign['countries']))}"
                    if campaign.get("countries")
                    else ""
                )
                + (
                    f"; topics {esc(', '.join(campaign['topics']))}"
                    if campaign.get("topics")
                    else ""
                )
                + "</p>",
            ]
            if campaign.get("description"):
                parts.append(f"<p>{to_html(campaign['description'])}</p>")
            if law:
                parts.append(
                    f"<p><span{self.ui}>The law:</span> {to_html(law.get('name') or '')} "
                    f"{esc(law.get('identifier') or '')} ({esc(law.get('jurisdiction') or '')})"
                    "</p>"
                )
            if advocates:
                parts.append(f"<h3{self.ui}>Advocates</h3><ul>{advocates}</ul>")
            if decisions:
                parts.append(f"<h3{self.ui}>Decisions</h3><ul>{decisions}</ul>")
            articles.append("\n".join(parts) + "</article>")
        if not articles:
            articles.append(f"<p{self.ui}>No campaign yet.</p>")
        return self.page("campaigns.html", "Campaigns", "\n".join(articles))

    def decisions(self) -> Iterable[tuple[str, str]]:
        by_year: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for decision in self.document["decisions"]:
            by_year[year_of(decision)].append(decision)
        years = sorted(by_year, reverse=True)
        items = "".join(
            f'<li><a href="{esc(year)}.html">{esc(year)}</a>: {len(by_year[year])} '
            f"decision{'s' if len(by_year[year]) != 1 else ''}</li>"
            for year in years
        )
        body = (
            f"<p{self.ui}>Every public decision, year by year, with how it stood against the "
            "rules of its process: duration, quorum and support.</p>\n"
            f'<ul{self.ui} class="years">{items}</ul>'
        )
        yield self.page("decisions/index.html", "Decisions", body)
        for year in years:
            ordered = sorted(by_year[year], key=lambda d: (str(d.get("opened")), d["id"]))
            body = "\n".join(self.decision(decision) for decision in ordered)
            yield self.page(f"decisions/{year}.html", f"Decisions of {year}", body)

    def decision(self, decision: dict[str, Any]) -> str:
        evaluation = decision["evaluation"]
        process = (
            f'<a href="../rules/processes.html">{to_html(decision["process_name"])}</a>'
            if decision["process_name"]
            else esc(decision.get("process") or "")
        )
        tally = evaluation["tally"]
        lines = [
            f'<article id="{esc(decision["id"])}"><h2>{to_html(decision["title"])}</h2>',
            f"<p{self.ui}>{esc(decision.get('type'))} decision under {process}, "
            f"<strong>{esc(decision.get('status'))}</strong>; opened "
            f"{esc(decision.get('opened'))}"
            + (f", closed {esc(decision['closed'])}" if decision.get("closed") else "")
            + f". {tally['support']} support, {tally['oppose']} oppose, "
            f"{tally['neutral']} neutral.</p>",
            f'<p{self.ui} class="verdict {esc(decision["verdict"])}">Process: '
            f"{VERDICTS[decision['verdict']]}.</p>",
        ]
        if evaluation["rules"]:
            rules = "".join(
                f"<li>{esc(rule['required'])}: {esc(rule['actual'])}, "
                f"{'met' if rule['met'] else 'not met'}</li>"
                for rule in evaluation["rules"]
            )
            lines.append(f"<ul{self.ui}>{rules}</ul>")
        terms = evaluation.get("ratification")
        if terms:
            state = (
                f"ratified by {esc(terms['ratified_by'])}"
                if terms["ratified_by"]
                else "overdue: not ratified"
                if terms["overdue"]
                else "awaiting ratification"
            )
            lines.append(f"<p{self.ui}>Urgent decision: {state}.</p>")
        if decision.get("outcome"):
            lines.append(f"<p>{to_html(decision['outcome'])}</p>")
        if isinstance(decision.get("imported"), str):
            lines.append(
                f"<p{self.ui}>Imported: taken elsewhere and recorded here afterwards, from "
                f"{esc(decision['imported'])}.</p>"
            )
        if isinstance(decision.get("discussion"), str):
            lines.append(
                f'<p><a href="{esc(decision["discussion"])}"{self.ui}>The discussion</a></p>'
            )
        return "\n".join(lines) + "</article>"

    def ways_in(self) -> tuple[str, str]:
        points = []
        for purposes in self.guide_topics():
            points += [self.guide.entry_point(point) for point in purposes]
        return self.guide_page("rules/ways-in.html", points, shift=0, title="Ways in")

    def guide_topics(self) -> list[list[Any]]:
        return [self.guide._entry_points(purposes) for purposes in TOPICS.values()]

    def guide_page(
        self, path: str, sections: list[str], shift: int, title: str = ""
    ) -> tuple[str, str]:
        """A page of the guide's text: with `shift` 1, its `##` heading is the page's h1."""
        text = "\n\n".join(section for section in sections if section)
        lines = text.split("\n")
        if shift and lines and lines[0].startswith("## "):
            title, lines = lines[0][3:], lines[1:]
        return self.page(path, title or "Rules", guide_html(lines, shift, self.ui))


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


def year_of(decision: dict[str, Any]) -> str:
    opened = str(decision.get("opened") or "")
    return opened[:4] if opened[:4].isdigit() else "undated"
