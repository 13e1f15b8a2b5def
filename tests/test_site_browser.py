"""The exported site in a real headless Chromium: links, language switch, no errors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import Browser, find_chromium
from conftest import PROJECT, need, run

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
