"""What needs the community, for feed readers and calendars.

Per language, an Atom feed of decisions (`<language>/decisions.atom`): each
public decision's opening, the day before its votes end, its closing with the
outcome, and an urgent decision's ratification due. For the whole site, an
iCalendar file of deadlines (`deadlines.ics`): vote windows, ratifications due
and role terms ending. feedgen and icalendar write them, so each format's
escaping and required fields are theirs; registry text is hostile, so control
characters that XML and iCalendar cannot carry are dropped first.

The feed holds the newest `ENTRIES` events; the calendar every deadline ahead.
Entries and events are what is known as of the export's day (or instant):
nothing dated after it is announced early. Ids are stable
(`urn:advoc:<registry>:...`), so a reader that sees the same entry again does
not show it twice.

Links: Atom ids must be absolute (they are URNs), links need not be. With no
`base` (the manifest's `site.url`, `site_address`), an entry links relative to
the feed, which sits in the language's folder (`decisions/2026.html#id`), and a
reader resolves it against the feed's own address (RFC 4287 section 3.2, RFC
3986); with a `base`, links are absolute (`<base>/<language>/decisions/...`)
and calendar events carry a URL too (iCalendar's URL takes absolute URIs only).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from typing import Any, NamedTuple

from advoc.model.evaluation import evaluate, ratification, vote_window_end
from advoc.model.messages import Messages
from advoc.model.registry import Record, Registry
from advoc.model.roles import all_assignments
from advoc.model.text import localize
from advoc.model.timeutil import day_of, instant, to_date, to_datetime

# What XML 1.0 cannot carry at all (C0 controls but tab, line feed and carriage
# return; lone surrogates; U+FFFE, U+FFFF), and DEL, which it discourages.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
ATOM = "decisions.atom"
CALENDAR = "deadlines.ics"
SOON = timedelta(days=1)
# A feed is for what is new: the newest entries only (a reader that polls even
# weekly misses none on a busy network; all 20,000 decisions made an 18 MB feed).
ENTRIES = 200


def clean(text: Any) -> str:
    """Registry text that XML 1.0 and iCalendar can carry: the characters they
    cannot are dropped (markup stays, for feedgen and icalendar to escape)."""
    return _CONTROL.sub("", str(text or ""))


def one_line(text: Any) -> str:
    """`clean`, and every run of white space (line breaks too) one space: a title."""
    return " ".join(clean(text).split())


def registry_slug(public: Registry) -> str:
    name = str(localize(public.manifest.get("name"), "en", public.default_language) or "")
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "advoc"


def head_links(language: str, root: str, words: Messages | None = None) -> str:
    """The `<link>`s a page's head carries to its language's feed and to the
    calendar; `root` is the relative path from the page to the site's root
    (`../../`), `words` the page's messages when it has them already."""
    from html import escape  # (stdlib, already loaded by the site)

    words = words or Messages(language)
    return (
        f'<link rel="alternate" type="application/atom+xml" '
        f'title="{escape(words.text("advoc-feed-link-atom"))}" '
        f'href="{escape(root + language)}/{ATOM}">\n'
        f'<link rel="alternate" type="text/calendar" '
        f'title="{escape(words.text("advoc-feed-link-calendar"))}" '
        f'href="{escape(root)}{CALENDAR}">\n'
    )


def _title(public: Registry, record: Record, language: str) -> str:
    """As `advoc status` names a decision: its title in the language, else in the
    registry's default language, else its id."""
    text = localize(record.data.get("title"), language, public.default_language)
    return one_line(text) or record.id


def _link(base: str, language: str, path: str) -> str:
    """A page of the language's tree: absolute under `base`, else relative to the
    language's folder (where the feed is)."""
    return f"{base.rstrip('/')}/{language}/{path}" if base else path


def _page(record: Record) -> str:
    return f"decisions/{_year(record)}.html#{record.id}"


def _year(record: Record) -> str:
    opened = str(record.data.get("opened") or "")
    return opened[:4] if opened[:4].isdigit() else "undated"


class Moment(NamedTuple):
    """Something the feed announces, the same in every language: a decision `opened`,
    `closing` (`detail`: when its votes end), `closed`, or its `ratification` due
    (`detail`: the ratification's terms)."""

    kind: str
    decision: Record
    when: datetime
    opened: datetime
    detail: Any = None


def moments(public: Registry, as_of: date | datetime) -> list[Moment]:
    """What the feeds announce, newest first. Worked out once for every language
    (the site asks before its languages are built apart): going through the
    20,000 decisions of a large registry took 0.3 s, in each language."""

    def found() -> list[Moment]:
        moment = instant(as_of)
        listed: list[Moment] = []
        for decision in public.of_kind("decision"):
            opened = to_datetime(decision.data.get("opened"))
            if opened is None or opened > moment:
                continue
            closed = to_datetime(decision.data.get("closed"))
            still_open = closed is None or closed > moment  # only these need evaluating
            listed.append(Moment("opened", decision, opened, opened))
            end = vote_window_end(public, decision) if still_open else None
            if (
                end is not None
                and end - SOON <= moment < end
                and evaluate(public, decision, as_of, as_seen_then=True).is_open
            ):
                listed.append(Moment("closing", decision, end - SOON, opened, end))
            if closed is not None and closed <= moment:
                listed.append(Moment("closed", decision, closed, opened))
                terms = ratification(public, decision, as_of)
                if terms is not None and terms.awaiting and terms.deadline is not None:
                    listed.append(Moment("ratification", decision, closed, opened, terms))
        listed.sort(key=lambda event: (event.when, event.decision.id), reverse=True)
        return listed

    return public.memo(("feeds", "moments", as_of), found)


def events(
    public: Registry, as_of: date | datetime, language: str, count: int | None = None
) -> list[dict[str, Any]]:
    """The feed's entries (the newest `count`, else all), newest first: kind,
    decision, when, title, and the summary as a function (only the entries
    written need one, and few are)."""
    words = Messages(language)
    found: list[dict[str, Any]] = []
    for kind, decision, when, opened, detail in moments(public, as_of)[:count]:
        title = _title(public, decision, language)

        def process(decision: Record = decision, opened: datetime = opened) -> str:
            """As `advoc status` says it: the process and when the decision opened."""
            name = one_line(decision.data.get("process")) or "?"
            return words.text("advoc-status-process-opened", name, _shown(opened))

        summary: Callable[[], str] = process
        if kind == "opened":
            text = words.text("advoc-feed-opened", title)
        elif kind == "closing":
            text = words.text("advoc-feed-closing", title, _shown(detail))
        elif kind == "closed":
            status = str(decision.data.get("status") or "")
            key = f"advoc-site-status-{status}"
            shown_status = words.text(key) if words.has(key) else one_line(status)
            text = words.text("advoc-feed-closed", title, shown_status)

            def outcome(decision: Record = decision, process: Callable[[], str] = process) -> str:
                text = localize(decision.data.get("outcome"), language, public.default_language)
                return clean(text).strip() or process()

            summary = outcome
        else:  # ratification
            deadline = _shown(detail.deadline)
            due = words.text("advoc-status-due-by", deadline, one_line(detail.process))

            def said(due: str = due) -> str:
                return due

            text = words.text("advoc-feed-urgent", title, deadline)
            summary = said
        found.append(
            {"kind": kind, "decision": decision, "when": when, "title": text, "summary": summary}
        )
    return found


def atom(public: Registry, as_of: date | datetime, language: str, base: str = "") -> str:
    """The Atom feed of one language's decisions as of a day (00:00 UTC) or an
    instant; links relative to the feed, or absolute under `base`."""
    from feedgen.feed import FeedGenerator  # here: only the site's feed needs it (32 ms)

    words = Messages(language)
    slug = registry_slug(public)
    name = one_line(localize(public.manifest.get("name"), language, public.default_language))
    generator = FeedGenerator()
    generator.id(f"urn:advoc:{slug}:decisions:{language}")
    generator.title(words.text("advoc-feed-title", name or slug))
    generator.language(language)
    generator.author(name=name or slug)  # RFC 4287 4.1.1: required, as no entry has one
    generator.link(href=_link(base, language, ATOM), rel="self")
    generator.link(href=_link(base, language, "decisions/index.html"), rel="alternate")
    listed = events(public, as_of, language, ENTRIES)
    generator.updated(listed[0]["when"] if listed else instant(as_of))
    for event in reversed(listed):  # feedgen puts each new entry first
        decision = event["decision"]
        entry = generator.add_entry()
        entry.id(f"urn:advoc:{slug}:decision:{decision.id}:{event['kind']}")
        entry.title(event["title"])
        entry.link(href=_link(base, language, _page(decision)))
        entry.updated(event["when"])
        entry.published(event["when"])
        summary = event["summary"]()
        if summary:
            entry.summary(summary)
        entry.category(term=event["kind"])
    return str(generator.atom_str(pretty=True).decode("utf-8"))


def calendar(
    public: Registry, as_of: date | datetime, language: str | None = None, base: str = ""
) -> str:
    """The deadlines that lie ahead as of a day (00:00 UTC) or an instant, as one
    iCalendar file in `language` (the registry's default language unless given);
    with `base`, each event links its page there. DTSTAMP is the as-of instant,
    so the same registry and day give the same bytes."""
    return calendar_text(public, as_of, deadlines(public, as_of, language, base))


Deadline = tuple[str, "datetime | date", str, str]  # uid, when, summary, link ("": none)


def deadlines(
    public: Registry, as_of: date | datetime, language: str | None = None, base: str = ""
) -> list[Deadline]:
    """The calendar's events, in its order (see `calendar`)."""
    language = language or public.default_language
    words = Messages(language)
    moment, day = instant(as_of), day_of(as_of)
    found: list[Deadline] = []

    def add(uid: str, when: datetime | date, summary: str, page: str) -> None:
        found.append((uid, when, one_line(summary), _link(base, language, page) if base else ""))

    for decision in sorted(public.of_kind("decision"), key=lambda record: record.id):
        opened = to_datetime(decision.data.get("opened"))
        if opened is None or opened > moment:  # not announced before it opens
            continue
        closed = to_datetime(decision.data.get("closed"))
        end = vote_window_end(public, decision) if closed is None or closed > moment else None
        if (
            end is not None
            and end >= moment
            and evaluate(public, decision, as_of, as_seen_then=True).is_open
        ):
            add(
                f"decision-{decision.id}-votes-end",
                end,
                words.text("advoc-feed-calendar-window", _title(public, decision, language)),
                _page(decision),
            )
        terms = ratification(public, decision, as_of)
        if terms and terms.awaiting and terms.deadline is not None and terms.deadline >= moment:
            add(
                f"decision-{decision.id}-ratification",
                terms.deadline,
                words.text("advoc-feed-calendar-ratification", _title(public, decision, language)),
                _page(decision),
            )
    for assignment in all_assignments(public):
        end_day = to_date(assignment.data.get("end"))
        if end_day is None or end_day < day or not assignment.active_on(public, day):
            continue
        advocate = assignment.advocate
        role = assignment.role(public)
        role_name = (
            localize(role.data.get("name"), language, public.default_language)
            if role
            else assignment.role_id
        )
        who = localize(advocate.data.get("name"), language, public.default_language)
        add(
            f"term-{advocate.id}-{assignment.role_id}-{end_day.isoformat()}",
            end_day,
            words.text("advoc-feed-calendar-term", role_name, who or advocate.id),
            f"advocates/{advocate.id}.html",
        )
    return found


def calendar_text(public: Registry, as_of: date | datetime, events: list[Deadline]) -> str:
    """`events` as one iCalendar file, stamped with the as-of instant."""
    from icalendar import Calendar, Event  # here: only the site's calendar needs it (44 ms)

    slug = registry_slug(public)
    moment = instant(as_of)
    cal = Calendar()
    cal.add("prodid", f"-//advoc//{slug}//EN")
    cal.add("version", "2.0")
    for uid, when, summary, link in events:
        event = Event()
        event.add("uid", f"{uid}@{slug}.advoc")
        event.add("dtstamp", moment)
        event.add("dtstart", when)
        event.add("summary", summary)
        if link:
            event.add("url", link)
        cal.add_component(event)
    return str(cal.to_ical().decode("utf-8"))


def site_address(public: Registry) -> str:
    """Where the site is published (the manifest's `site.url`), or "" when the
    manifest does not say: the feeds' links are then relative to the feed."""
    site = public.manifest.get("site")
    url = site.get("url") if isinstance(site, dict) else None
    return url if isinstance(url, str) else ""


def feed_pages(
    public: Registry, as_of: date | datetime, language: str, base: str = ""
) -> list[tuple[str, str]]:
    """The files one language's tree adds for feed readers: its Atom feed."""
    return [(f"{language}/{ATOM}", atom(public, as_of, language, base))]


def calendar_pages(
    public: Registry, as_of: date | datetime, language: str | None = None, base: str = ""
) -> list[tuple[str, str]]:
    """The files the site's root adds, once for all languages: the calendar."""
    return [(CALENDAR, calendar(public, as_of, language, base))]


def _shown(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
