"""The site's Atom feeds and calendar, read back as a feed reader and a calendar would."""

from __future__ import annotations

import shutil
from datetime import date, datetime, timezone
from pathlib import Path

import feedparser
from conftest import PROJECT, run
from icalendar import Calendar

BANNER = "2026-banner-nowiki-platform-liability"


def export_site(registry: Path, out: Path, as_of: str) -> Path:
    result = run(
        "export", "--registry", str(registry), "--as-of", as_of,
        "--format", "html", "--out", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return out


def copy_of_project(root: Path) -> Path:
    root.mkdir()
    shutil.copy(PROJECT / "advoc.yaml", root)
    for top in ("registry", "rules"):
        shutil.copytree(PROJECT / top, root / top)
    return root


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
    registry = copy_of_project(tmp_path / "registry")
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
