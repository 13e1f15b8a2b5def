"""The site's Atom feeds and calendar, read back as a feed reader and a calendar would."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import feedparser
import pytest
from conftest import (
    PROJECT,
    WITHHELD_ID,
    WITHHELD_OLD_ID,
    WITHHELD_USERNAME,
    private_part,
    project_copy,
    run,
)
from icalendar import Calendar

from advoc.export import feeds
from advoc.export.feeds import ATOM, CALENDAR, atom, calendar_pages, feed_pages, head_links
from advoc.model.registry import Registry

BANNER = "2026-banner-nowiki-platform-liability"


def export_site(registry: Path, out: Path, as_of: str) -> Path:
    result = run(
        "export", "--registry", str(registry), "--as-of", as_of,
        "--format", "html", "--out", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return out


def test_the_feed_announces_an_urgent_decision_from_the_day_it_opens(tmp_path: Path) -> None:
    site = export_site(PROJECT, tmp_path / "site", "2026-10-28")
    feed = feedparser.parse((site / "en/decisions.atom").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == "Wikimedia advocacy network: decisions"
    assert feed.feed.language == "en"
    ids = [entry.id for entry in feed.entries]
    assert len(ids) == len(set(ids))  # each event once, with a stable id
    opened = next(e for e in feed.entries if e.id.endswith(f"{BANNER}:opened"))
    assert opened.title.startswith("Opened: Urgent banner on Norwegian Wikipedia")
    assert opened.link == f"decisions/2026.html#{BANNER}"
    when = datetime(*opened.updated_parsed[:6], tzinfo=timezone.utc)
    assert when == datetime(2026, 10, 27, 19, 0, tzinfo=timezone.utc)  # the hour it opened
    # newest first, and nothing that opens after the day is announced early
    times = [entry.updated_parsed for entry in feed.entries]
    assert times == sorted(times, reverse=True)
    assert not any("2026-ratify-nowiki-banner" in i for i in ids)  # opens on the 29th


def test_an_export_within_the_hour_announces_the_decision_opened_in_it(tmp_path: Path) -> None:
    """`export` judges as of an instant (now by default), not of the day's start: a
    site exported hourly announces an urgent decision the hour it opens."""
    site = export_site(PROJECT, tmp_path / "site", "2026-10-27T18:59Z")
    before = feedparser.parse((site / "en/decisions.atom").read_bytes())
    assert not any(BANNER in entry.id for entry in before.entries)
    export_site(PROJECT, site, "2026-10-27T19:30Z")  # the next hour's run, into the same folder
    feed = feedparser.parse((site / "en/decisions.atom").read_bytes())
    assert not feed.bozo
    assert feed.entries[0].id.endswith(f"{BANNER}:opened")
    page = (site / "en/decisions/2026.html").read_text(encoding="utf-8")
    banner = page[page.index(f'<article id="{BANNER}">') :]
    assert "open 30 minutes" in banner[: banner.index("</article>")]
    # the pages say the day they were made as of, as before
    home = (site / "en/index.html").read_text(encoding="utf-8")
    assert '<time datetime="2026-10-27">October 27, 2026</time>' in home


def test_a_closed_urgent_decision_says_its_outcome_and_ratification_due(tmp_path: Path) -> None:
    site = export_site(PROJECT, tmp_path / "site", "2026-10-29")
    feed = feedparser.parse((site / "de/decisions.atom").read_bytes())
    assert not feed.bozo
    closed = next(e for e in feed.entries if e.id.endswith(f"{BANNER}:closed"))
    assert closed.title.startswith("Geschlossen, angenommen: ")  # in German
    due = next(e for e in feed.entries if e.id.endswith(f"{BANNER}:ratification"))
    assert "2026-11-27 09:00 UTC" in due.title
    arabic = feedparser.parse((site / "ar/decisions.atom").read_bytes())
    assert not arabic.bozo and arabic.feed.language == "ar"


def test_the_calendar_lists_the_deadlines_ahead(tmp_path: Path) -> None:
    site = export_site(PROJECT, tmp_path / "site", "2026-10-30")
    calendar = Calendar.from_ical((site / "deadlines.ics").read_bytes())
    events = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    uids = set(events)
    assert len(uids) == len(calendar.walk("VEVENT"))
    ratification = events[f"decision-{BANNER}-ratification@wikimedia-advocacy-network.advoc"]
    assert ratification.decoded("DTSTART") == datetime(2026, 11, 27, 9, 0, tzinfo=timezone.utc)
    votes = events["decision-2026-ratify-nowiki-banner-votes-end@wikimedia-advocacy-network.advoc"]
    assert str(votes["SUMMARY"]).startswith("Votes end: Ratify the urgent banner")
    terms = [event for uid, event in events.items() if uid.startswith("term-")]
    assert terms and all(event.decoded("DTSTART") >= date(2026, 10, 30) for event in terms)


def test_every_page_links_the_feed_and_the_calendar(tmp_path: Path) -> None:
    site = export_site(PROJECT, tmp_path / "site", "2026-10-29")
    page = (site / "ar/advocates/layla-hamrouni.html").read_text(encoding="utf-8")
    assert 'type="application/atom+xml"' in page and 'href="../../ar/decisions.atom"' in page
    assert 'type="text/calendar"' in page and 'href="../../deadlines.ics"' in page


def test_hostile_titles_come_out_inert_and_parse(tmp_path: Path) -> None:
    registry = project_copy(tmp_path / "registry")
    path = registry / "registry/decisions" / f"{BANNER}.yaml"
    text = path.read_text(encoding="utf-8")
    hostile = "Banner <script>alert(1)</script> ]]> &amp; {{x}}"  # (control characters
    # never get this far: validate refuses them, and export refuses a registry with errors)
    text = text.replace(
        "  en: Urgent banner on Norwegian Wikipedia before the committee hearing on the "
        "platform liability bill",
        f'  en: "{hostile}"',
    )
    path.write_text(text, encoding="utf-8")
    site = export_site(registry, tmp_path / "site", "2026-10-29")
    raw = (site / "en/decisions.atom").read_text(encoding="utf-8")
    assert "<script>" not in raw
    feed = feedparser.parse(raw.encode("utf-8"))
    assert not feed.bozo
    opened = next(e for e in feed.entries if e.id.endswith(f"{BANNER}:opened"))
    assert opened.title == "Opened: Banner <script>alert(1)</script> ]]> &amp; {{x}}"
    calendar = Calendar.from_ical((site / "deadlines.ics").read_bytes())
    summaries = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
    assert any("<script>alert(1)</script> ]]>" in summary for summary in summaries)


def test_characters_xml_cannot_carry_are_dropped_before_the_libraries_see_them() -> None:
    from advoc.export.feeds import clean

    assert clean("a\x01b\x1bc\x7f\ufffe") == "abc"
    assert clean("tab\tnew\nline") == "tab\tnew\nline"


# --- the functions themselves, on the public view the export makes ------------------------

BASE = "https://advocacy.example.org/"


def public_of(root: Path) -> Registry:
    from advoc.load.loader import load
    from advoc.model.public import public_registry

    return public_registry(load(root))


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)


def updated(entry: Any) -> datetime:
    return datetime(*entry.updated_parsed[:6], tzinfo=timezone.utc)


def test_the_urgent_decision_enters_the_feed_the_hour_it_opens() -> None:
    public = public_of(PROJECT)
    before = feedparser.parse(atom(public, utc(2026, 10, 27, 18, 59), "en", ""))
    assert not before.bozo
    assert not any(BANNER in entry.id for entry in before.entries)
    feed = feedparser.parse(atom(public, utc(2026, 10, 27, 19, 0), "en", ""))
    assert not feed.bozo
    opened = next(e for e in feed.entries if BANNER in e.id)
    assert opened.id == f"urn:advoc:wikimedia-advocacy-network:decision:{BANNER}:opened"
    assert updated(opened) == utc(2026, 10, 27, 19, 0)
    assert opened.link == f"decisions/2026.html#{BANNER}"  # relative to en/decisions.atom
    assert feed.entries[0] is opened  # the newest
    assert opened.summary == "process urgent-action, opened 2026-10-27 19:00 UTC"
    assert feed.feed.author == "Wikimedia advocacy network"  # RFC 4287 wants one


def test_each_closed_entry_says_its_outcome_and_the_urgent_one_its_ratification() -> None:
    feed = feedparser.parse(atom(public_of(PROJECT), date(2026, 10, 29), "en", ""))
    closed = next(e for e in feed.entries if e.id.endswith(f"{BANNER}:closed"))
    assert closed.summary.startswith("A dismissible banner ran on Norwegian Bokmål Wikipedia")
    due = next(e for e in feed.entries if e.id.endswith(f"{BANNER}:ratification"))
    assert updated(due) == utc(2026, 10, 28, 9, 0)  # when it closed, and so became due
    assert due.summary == (
        "due by 2026-11-27 09:00 UTC, by an adopted decision under 'community-vote' "
        "that ratifies it"
    )
    assert all(entry.summary for entry in feed.entries)


def test_with_a_base_every_link_is_absolute() -> None:
    feed = feedparser.parse(atom(public_of(PROJECT), date(2026, 10, 29), "de", BASE))
    assert not feed.bozo
    links = {link.rel: link.href for link in feed.feed.links}
    assert links == {
        "self": "https://advocacy.example.org/de/decisions.atom",
        "alternate": "https://advocacy.example.org/de/decisions/index.html",
    }
    for entry in feed.entries:
        decision = entry.id.split(":")[4]
        assert entry.link.startswith("https://advocacy.example.org/de/decisions/20")
        assert entry.link.endswith(f".html#{decision}")
    calendar = Calendar.from_ical(
        feeds.calendar(public_of(PROJECT), date(2026, 10, 30), "en", BASE)
    )
    urls = {str(event["UID"]).split("@")[0]: str(event["URL"]) for event in calendar.walk("VEVENT")}
    assert urls[f"decision-{BANNER}-ratification"] == (
        f"https://advocacy.example.org/en/decisions/2026.html#{BANNER}"
    )
    assert all(url.startswith(BASE) for url in urls.values())


def test_a_vote_ending_within_a_day_has_its_entry(tmp_path: Path) -> None:
    """The confirmation opened 2026-10-26 02:00 UTC; with a 30-day window its votes
    end 2026-11-25 02:00 UTC, announced a day before."""
    registry = project_copy(tmp_path / "registry")
    process = registry / "rules/processes/confirmation.yaml"
    process.write_text(process.read_text(encoding="utf-8") + "max_duration: 30d\n", "utf-8")
    public = public_of(registry)
    confirm = "2026-confirm-lin-shu-yu-spokesperson"
    earlier = feedparser.parse(atom(public, utc(2026, 11, 24, 1, 59), "en", ""))
    assert not any(entry.id.endswith(f"{confirm}:closing") for entry in earlier.entries)
    feed = feedparser.parse(atom(public, utc(2026, 11, 24, 12, 0), "en", ""))
    closing = next(entry for entry in feed.entries if entry.id.endswith(f"{confirm}:closing"))
    assert updated(closing) == utc(2026, 11, 24, 2, 0)
    assert closing.title == (
        "Votes end 2026-11-25 02:00 UTC: Confirm Lin Shu-yu as spokesperson for another year"
    )
    german = feedparser.parse(atom(public, utc(2026, 11, 24, 12, 0), "de", ""))
    closing = next(entry for entry in german.entries if entry.id.endswith(f"{confirm}:closing"))
    assert "Bestätigung von Lin Shu-yu" in closing.title  # the registry's German title
    stamp = utc(2026, 11, 24, 12, 0)
    calendar = Calendar.from_ical(feeds.calendar(public, stamp))
    events = {str(event["UID"]).split("@")[0]: event for event in calendar.walk("VEVENT")}
    votes = events[f"decision-{confirm}-votes-end"]
    assert votes.decoded("DTSTART") == utc(2026, 11, 25, 2, 0)
    assert all(event.decoded("DTSTAMP") == stamp for event in events.values())
    after = Calendar.from_ical(feeds.calendar(public, utc(2026, 11, 25, 2, 1)))
    assert not any(confirm in str(event["UID"]) for event in after.walk("VEVENT"))


def test_characters_xml_forbids_never_reach_the_feed_or_the_calendar() -> None:
    """validate refuses control characters, so they are put into the loaded registry
    here: the feed and the calendar still parse, without them."""
    public = public_of(PROJECT)
    banner = public.records["decision"][BANNER]
    hostile = "Ban\x00ner\x1b <script>alert(1)</script>\x0b ]]> \ud800\ufffe\r\nnext line"
    records = {kind: dict(by_id) for kind, by_id in public.records.items()}
    records["decision"][BANNER] = replace(
        banner, data={**banner.data, "title": {"en": hostile}, "outcome": {"en": "Out\x01come"}}
    )
    public = replace(public, records=records, derived={})
    raw = atom(public, date(2026, 10, 29), "en", "")
    assert "<script>" not in raw and "\x00" not in raw and "\x1b" not in raw
    feed = feedparser.parse(raw.encode("utf-8"))
    assert not feed.bozo, feed.get("bozo_exception")
    closed = next(e for e in feed.entries if e.id.endswith(f"{BANNER}:closed"))
    assert closed.title == "Closed, adopted: Banner <script>alert(1)</script> ]]> next line"
    assert closed.summary == "Outcome"
    ics = feeds.calendar(public, date(2026, 10, 30))
    summaries = [str(event["SUMMARY"]) for event in Calendar.from_ical(ics).walk("VEVENT")]
    assert "Ratification due: Banner <script>alert(1)</script> ]]> next line" in summaries


def test_limited_and_withheld_advocates_are_in_neither(tmp_path: Path) -> None:
    """A limited advocate's term, and the withheld advocate of the private part (here
    configured), are in no feed and not in the calendar; a public term is."""
    registry = project_copy(tmp_path / "registry")
    path = registry / "registry/advocates/farhana-morshed.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "visibility: limited\n", "utf-8")
    private = private_part(tmp_path / "private")
    result = run(
        "export", "--registry", str(registry), "--as-of", "2026-11-23",
        "--format", "html", "--out", str(tmp_path / "site"),
        env={"ADVOC_PRIVATE": str(private)},
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    site = tmp_path / "site"
    made = [site / CALENDAR, *sorted(site.glob(f"*/{ATOM}"))]
    assert len(made) == 6  # the calendar and five languages' feeds
    for path in made:
        data = path.read_bytes().decode("utf-8")
        for needle in ("farhana", "Farhana", WITHHELD_ID, WITHHELD_USERNAME, WITHHELD_OLD_ID):
            assert needle not in data, (path, needle)
    calendar = Calendar.from_ical((site / CALENDAR).read_bytes())
    terms = [str(event["UID"]) for event in calendar.walk("VEVENT")]
    assert any(uid.startswith("term-") for uid in terms)  # the public ones are there
    # and in the project as it is, Farhana's term ending is in the calendar
    public = Calendar.from_ical(feeds.calendar(public_of(PROJECT), date(2026, 11, 23)))
    assert any("farhana-morshed" in str(event["UID"]) for event in public.walk("VEVENT"))


def test_head_links_point_at_the_feed_and_the_calendar() -> None:
    links = head_links("de", "../../")
    assert links.count("<link ") == 2
    assert 'type="application/atom+xml"' in links and 'href="../../de/decisions.atom"' in links
    assert 'type="text/calendar"' in links and 'href="../../deadlines.ics"' in links
    assert feed_pages(public_of(PROJECT), date(2026, 10, 29), "fr")[0][0] == "fr/decisions.atom"
    assert [path for path, _ in calendar_pages(public_of(PROJECT), date(2026, 10, 29))] == [
        "deadlines.ics"
    ]


# --- status as a Markdown notice ----------------------------------------------------------


def test_status_markdown_of_the_project() -> None:
    result = run(
        "status", "--registry", str(PROJECT), "--as-of", "2026-11-23", "--format", "markdown"
    )
    assert result.exit_code == 0, result.stderr
    notice = result.stdout
    assert notice.startswith("# Wikimedia advocacy network: what needs attention as of 2026-11-23")
    assert "- `2026-confirm-lin-shu-yu-spokesperson`: Confirm Lin Shu-yu" in notice
    assert "## Roles expiring" in notice and "farhana-morshed" in notice


def test_status_markdown_keeps_a_hostile_decision_title_inert(tmp_path: Path) -> None:
    from markdown_it import MarkdownIt

    registry = project_copy(tmp_path / "registry")
    path = registry / "registry/decisions/2026-confirm-lin-shu-yu-spokesperson.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "  en: Confirm Lin Shu-yu as spokesperson for another year",
        "  en: '*[x](javascript:alert(1))* <b>bold</b> # not a heading _u_ ]]>'",
    )
    path.write_text(text, encoding="utf-8")
    result = run(
        "status", "--registry", str(registry), "--as-of", "2026-11-23", "--format", "markdown"
    )
    assert result.exit_code == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if "javascript" in line)
    assert line.startswith("- `2026-confirm-lin-shu-yu-spokesperson`: ")
    assert r"\*\[x\](javascript:alert(1))\* \<b\>bold\</b\> \# not a heading \_u\_ \]\]\>" in line
    rendered = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(result.stdout)
    for made in ("<a ", "<em>", "<strong>", "<b>", "<h1>not"):
        assert made not in rendered, made
    assert "*[x](javascript:alert(1))* &lt;b&gt;bold&lt;/b&gt; # not a heading _u_ ]]&gt;" in (
        rendered
    )


def test_the_manifest_s_site_address_makes_the_exported_feeds_absolute(tmp_path: Path) -> None:
    root = project_copy(tmp_path / "r")
    manifest = root / "advoc.yaml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8") + "site:\n  url: https://advocacy.example.org/\n",
        encoding="utf-8",
    )
    site = export_site(root, tmp_path / "site", "2026-10-30")
    feed = feedparser.parse((site / "de/decisions.atom").read_bytes())
    assert not feed.bozo
    assert {link.rel: link.href for link in feed.feed.links}["self"] == (
        "https://advocacy.example.org/de/decisions.atom"
    )
    assert feed.entries
    assert all(
        e.link.startswith("https://advocacy.example.org/de/decisions/") for e in feed.entries
    )
    calendar = Calendar.from_ical((site / CALENDAR).read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert events
    assert all(str(event["URL"]).startswith("https://advocacy.example.org/") for event in events)


@pytest.mark.parametrize(
    "url", ["http://advocacy.example.org/", "https://advocacy.example.org/?q=1", "javascript:x"]
)
def test_a_site_address_that_is_not_plain_https_is_refused(tmp_path: Path, url: str) -> None:
    root = project_copy(tmp_path / "r")
    manifest = root / "advoc.yaml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text + f'site:\n  url: "{url}"\n', encoding="utf-8")
    result = run("validate", "--registry", str(root), "--format", "json")
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["findings"]
    assert [(f["code"], f["file"]) for f in findings if f["severity"] == "error"] == [
        ("schema", "advoc.yaml")
    ]
    line = text.count("\n") + 2  # the url's line
    assert [f["line"] for f in findings if f["code"] == "schema"] == [line]
