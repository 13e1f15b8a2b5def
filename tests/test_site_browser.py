"""The exported site in a real headless Chromium: links, language switch, no errors."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import Browser, find_chromium
from conftest import PROJECT, need, run

from advoc.model.messages import Messages

CHROMIUM = find_chromium()


@pytest.fixture(autouse=True)
def _chromium() -> None:
    need(CHROMIUM, "Chromium is not installed (apt-get install chromium chromium-driver)")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("site") / "site"
    result = run(
        "export", "--registry", str(PROJECT), "--as-of", "2026-11-23",
        "--format", "html", "--out", str(folder),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return folder


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Browser]:
    assert CHROMIUM is not None
    opened = Browser(CHROMIUM, tmp_path / "profile")
    try:
        yield opened
    finally:
        opened.close()


def test_a_visitor_follows_links_and_switches_language(
    site: Path, browser: Browser, tmp_path: Path
) -> None:
    browser.viewport(1200, 900)
    browser.open((site / "index.html").as_uri())
    browser.click('a[hreflang="en"]')
    assert browser.url().endswith("/en/index.html")
    assert browser.evaluate("document.querySelector('h1').textContent") == (
        "Wikimedia advocacy network"
    )
    stylesheet_applied = browser.evaluate(
        "getComputedStyle(document.querySelector('header')).borderBottomStyle"
    )
    assert stylesheet_applied == "solid"  # style.css was found and applied

    browser.click('nav[aria-label="Sections"] a[href$="advocates/index.html"]')
    browser.click('a[href$="advocates/lin-shu-yu.html"]')
    assert browser.url().endswith("/en/advocates/lin-shu-yu.html")
    assert browser.evaluate("document.querySelector('h1').textContent") == "Lin Shu-yu"
    roles = browser.evaluate("document.querySelector('table caption').textContent")
    assert "Roles held" in roles

    browser.click('nav[aria-label="Sections"] a[href$="rules/processes.html"]')
    assert browser.url().endswith("/en/rules/processes.html")

    browser.click('nav[aria-label="Language"] a[hreflang="de"]')
    assert browser.url().endswith("/de/rules/processes.html")
    assert browser.evaluate("document.documentElement.lang") == "de"
    german = browser.evaluate("document.querySelector('main [lang=\"de\"]').textContent")
    assert german  # German text from the rules, marked as German

    assert browser.console_errors() == []
    browser.screenshot(tmp_path / "processes-de.png")
    assert (tmp_path / "processes-de.png").read_bytes().startswith(b"\x89PNG")


def test_pages_fit_a_phone_screen(site: Path, browser: Browser, tmp_path: Path) -> None:
    browser.viewport(360, 740, mobile=True)
    for page in ("en/advocates/lin-shu-yu.html", "en/decisions/2026.html", "en/index.html"):
        browser.open((site / page).as_uri())
        overflow = browser.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{page} is wider than a phone screen by {overflow}px"
    browser.screenshot(tmp_path / "phone.png")
    assert browser.console_errors() == []


# --- both directions, two widths ----------------------------------------------------------

ARTIFACTS = Path(os.environ.get("ADVOC_ARTIFACTS") or PROJECT / ".artifacts") / "screenshots"
PAGES = (
    "index.html",
    "who.html",
    "advocates/layla-hamrouni.html",
    "decisions/2026.html",
    "rules/ways-in.html",
)


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize(("language", "direction"), [("de", "ltr"), ("ar", "rtl")])
def test_every_main_page_fits_in_both_directions(
    site: Path, browser: Browser, language: str, direction: str, width: int
) -> None:
    """No sideways scrolling, no console error, the page's language and direction, at
    a laptop's and a phone's width; each screenshot is kept for a person to look at."""
    browser.viewport(width, 900 if width > 1000 else 844, mobile=width < 1000)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for page in PAGES:
        browser.open((site / language / page).as_uri())
        assert browser.evaluate("document.documentElement.lang") == language
        assert browser.evaluate("document.documentElement.dir") == direction
        assert browser.evaluate("getComputedStyle(document.body).direction") == direction
        # (a phone widens its layout to fit what overflows: innerWidth grows with it)
        wide = browser.evaluate(
            "[document.documentElement.scrollWidth, window.innerWidth, document.body.scrollWidth]"
        )
        assert max(wide) <= width, f"{language}/{page} at {width}px scrolls sideways: {wide}"
        # and the content is on screen: a page pushed sideways can be blank yet not scroll
        box = browser.evaluate(
            "(() => { const r = document.querySelector('main h1').getBoundingClientRect();"
            " return [r.left, r.right, r.top]; })()"
        )
        assert 0 <= box[0] < box[1] <= width and box[2] < 900, (
            f"{language}/{page} at {width}px: the heading is off screen at {box}"
        )
        name = f"{language}-{width}-{page.replace('/', '-').removesuffix('.html')}.png"
        browser.screenshot(ARTIFACTS / name)
        assert (ARTIFACTS / name).read_bytes().startswith(b"\x89PNG")
    assert browser.console_errors() == []


def test_a_reader_in_cairo_on_a_phone_finds_who_speaks_and_how_to_take_part(
    site: Path, browser: Browser
) -> None:
    """In Arabic, at a phone's width: who speaks for Tunisia, how to reach her, who
    authorised her, what is being decided and by when, and the ways in."""
    browser.viewport(390, 844, mobile=True)
    browser.open((site / "index.html").as_uri())
    browser.click('a[hreflang="ar"]')
    assert browser.evaluate("document.documentElement.dir") == "rtl"
    browser.click('nav.sections a[href$="who.html"]')
    heading = browser.evaluate("document.querySelector('h1').textContent")
    assert heading == Messages("ar").text("advoc-site-section-who")
    tunisia = browser.evaluate(
        "document.querySelector('section[data-country=\"TN\"] h3').textContent"
    )
    assert tunisia == "تونس"  # the country's name in Arabic, from CLDR
    contact = browser.evaluate(
        "document.querySelector('section[data-country=\"TN\"] .contacts a').href"
    )
    assert contact.startswith("https://meta.wikimedia.org/wiki/User_talk:")
    browser.click('section[data-country="TN"] .mandates a')
    assert "/ar/decisions/2026.html#2026-grant-layla-hamrouni-advocate" in browser.url()
    opened = browser.evaluate(
        "document.getElementById('2026-grant-layla-hamrouni-advocate')"
        ".querySelector('time').textContent"
    )
    assert "يناير" in opened and "UTC" in opened  # 29 January, in Arabic, and the hour
    browser.click('nav.sections a[href$="ways-in.html"]')
    assert browser.url().endswith("/ar/rules/ways-in.html")
    # and how to take part without installing anything: a form on the code host
    propose = browser.evaluate("document.querySelector('.web-form a').href")
    assert propose.startswith("https://github.com/") and "template=proposal.yml" in propose
    assert browser.evaluate("document.querySelector('.web-form a').textContent") == "اقترح قرارًا"
    overflow = browser.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert browser.console_errors() == []


def test_a_reader_in_berlin_finds_who_speaks_on_copyright(site: Path, browser: Browser) -> None:
    browser.viewport(1280, 900)
    browser.open((site / "de" / "who.html").as_uri())
    names = browser.evaluate(
        "[...document.querySelectorAll('section[data-topic=\"copyright\"] li.speaker .who')]"
        ".map(e => e.dataset.advocate)"
    )
    assert names and names[0] == "sigrid-havnevik"  # a media contact comes first
    assert browser.evaluate("document.querySelector('h1').textContent") == "Wer spricht"
    browser.click('section[data-topic="copyright"] li.speaker .who a')
    assert browser.url().endswith("/de/advocates/sigrid-havnevik.html")
    feedback = browser.evaluate("document.querySelector('.web-form a').href")
    assert "template=feedback.yml" in feedback and "advocate%2Fsigrid-havnevik" in feedback
    browser.open((site / "de" / "decisions" / "2026.html").as_uri())
    vote = browser.evaluate(
        "document.getElementById('2026-confirm-lin-shu-yu-spokesperson')"
        ".querySelector('.web-form a').href"
    )
    assert "template=vote.yml" in vote  # what is being decided, and a way to vote
    assert browser.console_errors() == []


def test_left_to_right_text_on_a_right_to_left_page_keeps_its_direction(
    site: Path, browser: Browser
) -> None:
    """An English fallback on an Arabic page runs left to right, isolated, so its
    full stop stays at its end (".Granted for two years" before the stylesheet)."""
    browser.viewport(1280, 900)
    browser.open((site / "ar" / "decisions" / "2026.html").as_uri())
    english = (
        "document.getElementById('2026-grant-wairimu-gachanja-advocate')"
        ".querySelector('h2 span[lang=\"en\"]')"
    )
    assert browser.evaluate(f"getComputedStyle({english}).direction") == "ltr"
    assert browser.evaluate(f"getComputedStyle({english}).unicodeBidi") == "isolate"
    assert browser.evaluate("getComputedStyle(document.querySelector('h1')).direction") == "rtl"
    assert browser.console_errors() == []


def test_the_stylesheet_knows_every_right_to_left_language() -> None:
    from advoc.export.marked import RTL_LANGUAGES
    from advoc.export.site import stylesheet

    rule = next(line for line in stylesheet().splitlines() if line.startswith('html[dir="rtl"]'))
    assert {code for code in RTL_LANGUAGES if f":not(:lang({code}))" in rule} == RTL_LANGUAGES
