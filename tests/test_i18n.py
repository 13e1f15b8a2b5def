"""advoc's own words: the message files translators work on, and the CLDR rules
(through Babel) that choose plural forms, write dates and name countries."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from babel import Locale
from conftest import PROJECT, run

from advoc.export.site import country_name, human_time, list_html
from advoc.model.messages import Html, Messages, categories, choose_form, shipped

FOLDER = PROJECT / "advoc" / "messages"
PLACEHOLDER = re.compile(r"\$\d+")


def load(language: str) -> dict[str, str]:
    data = json.loads((FOLDER / f"{language}.json").read_text(encoding="utf-8"))
    assert isinstance(data.get("@metadata", {}).get("authors"), list), language
    return {key: value for key, value in data.items() if not key.startswith("@")}


def test_the_shipped_languages_are_english_german_french_spanish_and_arabic() -> None:
    assert shipped()[0] == "en"
    assert {"en", "de", "fr", "es", "ar"} <= set(shipped())


def test_every_key_is_documented_for_translators_and_every_doc_has_a_message() -> None:
    english, documented = load("en"), load("qqq")
    assert set(english) - set(documented) == set(), "undocumented keys"
    assert set(documented) - set(english) == set(), "documented keys with no English message"
    assert all(text.strip() for text in documented.values())


@pytest.mark.parametrize("language", [code for code in shipped() if code != "en"])
def test_every_message_exists_in_english_with_the_same_placeholders(language: str) -> None:
    english, translated = load("en"), load(language)
    assert set(translated) - set(english) == set(), f"{language} has keys English lacks"
    for key, text in translated.items():
        assert set(PLACEHOLDER.findall(text)) == set(PLACEHOLDER.findall(english[key])), (
            f"{language} {key}: placeholders differ from English"
        )
        assert text.count("{{") == text.count("}}"), f"{language} {key}: unbalanced braces"


def test_the_checks_above_fail_for_a_bad_file(tmp_path: Path) -> None:
    """The rules the tests hold the files to, tried on broken copies."""
    english = load("en")
    broken = dict(english)
    broken["advoc-site-footer"] = "advoc $1"  # $2 lost in translation
    assert set(PLACEHOLDER.findall(broken["advoc-site-footer"])) != set(
        PLACEHOLDER.findall(english["advoc-site-footer"])
    )
    assert {"advoc-site-new"} - set(load("qqq"))  # a key nobody documented is caught


@pytest.mark.parametrize(
    ("language", "number", "expected"),
    [
        ("en", 1, "1 principle"),
        ("en", 0, "0 principles"),
        ("en", 2, "2 principles"),
        ("de", 1, "1 Grundsatz"),
        ("de", 7, "7 Grundsätze"),
        ("fr", 0, "0 principe"),  # French counts 0 and 1 as one
        ("fr", 1, "1 principe"),
        ("fr", 2, "2 principes"),
        ("ar", 0, "لا مبادئ"),
        ("ar", 1, "مبدأ واحد"),
        ("ar", 2, "مبدآن"),
        ("ar", 3, "3 مبادئ"),
        ("ar", 11, "11 مبدأً"),
        ("ar", 100, "100 مبدأ"),
        ("es", 1, "1 principio"),
        ("es", 1234, "1234 principios"),
    ],
)
def test_plural_forms_follow_cldr(language: str, number: int, expected: str) -> None:
    said = Messages(language).text("advoc-site-home-principles-note", number)
    assert said.replace("\u00a0", " ").replace(".", "").replace(",", "") == expected


def test_the_form_chosen_is_the_one_babel_names() -> None:
    """advoc's choice and Babel's category agree for every shipped language and the
    numbers 0-200: the form at the category's place in the language's order."""
    for language in shipped():
        order = categories(language)
        rule = Locale.parse(language).plural_form
        for number in range(201):
            form = choose_form(language, number, list(order))
            assert form == rule(number), (language, number)


def test_explicit_forms_and_fallbacks() -> None:
    assert choose_form("en", 0, ["0=none", "one", "other"]) == "none"
    assert choose_form("en", 5, ["0=none", "one", "other"]) == "other"
    assert choose_form("ar", 7, ["one", "other"]) == "other"  # fewer forms: the last
    assert Messages("de-at").text("advoc-site-section-who") == "Wer spricht"
    assert Messages("xx").text("advoc-site-section-who") == "Who speaks"
    assert Messages("xx").language_of("advoc-site-section-who") == "en"
    with pytest.raises(KeyError):
        Messages("en").text("advoc-no-such-message")


def test_parameters_are_escaped_in_html_unless_already_html() -> None:
    words = Messages("en")
    said = words.html("advoc-site-ended-by", "<script>alert(1)</script>")
    assert "<script>" not in said and "&lt;script&gt;" in said
    assert words.html("advoc-site-ended-by", Html("<a href='x'>y</a>")) == (
        "ended by <a href='x'>y</a>"
    )
    assert words.text("advoc-site-decisions-of", 2026) == "Decisions of 2,026"  # a number
    assert words.text("advoc-site-decisions-of", "2026") == "Decisions of 2026"  # a year


def test_dates_countries_and_lists_are_written_for_people() -> None:
    assert human_time("2026-11-23", "en") == "November 23, 2026"
    assert human_time("2026-11-23", "de") == "23. November 2026"
    assert "نوفمبر" in human_time("2026-11-23", "ar")
    assert human_time("2026-02-09T08:00:00+03:00", "en") == "February 9, 2026, 5:00\u202fAM UTC"
    assert human_time("not a date", "de") == "not a date"
    assert country_name("DE", "fr") == "Allemagne"
    assert country_name("TN", "ar") == "تونس"
    assert country_name("ZZ-nope", "en") == "ZZ-nope"
    assert list_html(["a", "b", "c"], "de") == "a, b und c"
    assert date(2026, 1, 1)  # (dates above are strings, as the registry writes them)


def test_every_site_page_takes_its_words_from_the_messages(tmp_path: Path) -> None:
    """No English word of advoc's is left on the German and Arabic home pages."""
    out = tmp_path / "site"
    result = run(
        "export", "--registry", str(PROJECT), "--as-of", "2026-11-23",
        "--format", "html", "--out", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    for language in ("de", "ar"):
        home = (out / language / "index.html").read_text(encoding="utf-8")
        shown = re.sub(r"<[^>]+>", " ", home)  # the words a reader sees
        for english in ("Skip to the content", "Who speaks", "Published from", "advocates"):
            assert english not in shown, (language, english)
        assert f'lang="{language}"' in home
    assert 'dir="rtl"' in (out / "ar" / "who.html").read_text(encoding="utf-8")
    decisions = (out / "de" / "decisions" / "2026.html").read_text(encoding="utf-8")
    assert "mindestens 10 Teilnehmende" in decisions  # a process's rules, in German too
    assert "participants" not in re.sub(r"<[^>]+>", " ", decisions)
