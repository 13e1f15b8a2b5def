"""advoc export: every format of the public registry, its guard and its folder rules."""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

import html5lib
import pytest
from conftest import (
    PROJECT,
    WITHHELD_ID,
    WITHHELD_OLD_ID,
    WITHHELD_USERNAME,
    private_part,
    project_copy,
    run,
    write_registry,
)
from jsonschema import Draft202012Validator

from advoc.export.csv_export import ASSIGNMENT_COLUMNS, COLUMNS
from advoc.load import schemas
from advoc.load.loader import load
from advoc.model.messages import Messages
from advoc.model.public import public_registry
from advoc.model.votes import vote_file

AS_OF = "2026-11-23"
FORBIDDEN = [s.encode() for s in (WITHHELD_OLD_ID, WITHHELD_USERNAME, "سرو_سبز")]
HTML = "http://www.w3.org/1999/xhtml"


def export(*args: str, registry: Path = PROJECT) -> Any:
    return run("export", "--registry", str(registry), "--as-of", AS_OF, *args)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """The project's registry exported in every format that writes a folder, with
    its private part present and configured: exports must leave it out all the same."""
    root = tmp_path_factory.mktemp("export")
    patch = pytest.MonkeyPatch()
    patch.setenv("ADVOC_PRIVATE", str(private_part(root / "private")))
    folders = {}
    for output_format in ("html", "csv", "wikitext", "json"):
        folder = root / output_format
        result = export("--format", output_format, "--out", str(folder))
        assert result.exit_code == 0, result.stderr
        folders[output_format] = folder
    yield folders
    patch.undo()


def files_of(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


# --- nothing of a limited advocate, anywhere -----------------------------------------


def test_no_exported_byte_names_the_limited_advocate(exported: dict[str, Path]) -> None:
    checked = 0
    for folder in exported.values():
        for path in files_of(folder):
            data = path.read_bytes()
            for needle in FORBIDDEN:
                assert needle not in data, f"{path} holds {needle!r}"
            checked += 1
    assert checked > 100
    for output_format in ("json", "wikitext"):
        printed = export("--format", output_format)
        assert printed.exit_code == 0
        assert printed.stdout.strip()
        for needle in FORBIDDEN:
            assert needle.decode() not in printed.stdout


def test_the_withheld_advocate_is_in_the_registry_the_tests_export(tmp_path: Path) -> None:
    """The test above means something only if the withheld advocate exists, and
    with the private part present advoc itself shows them (marked private)."""
    assert WITHHELD_ID in (PROJECT / "registry" / "withheld.yaml").read_text(encoding="utf-8")
    private = private_part(tmp_path / "private")
    result = run("list", "advocates", "--registry", str(PROJECT), "--format", "json",
                 env={"ADVOC_PRIVATE": str(private)})  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert WITHHELD_USERNAME in result.stdout


# --- json ---------------------------------------------------------------------------------


def test_json_export_validates_against_its_schema() -> None:
    result = export("--format", "json", "--lang", "de")
    assert result.exit_code == 0, result.stderr
    document = result.json()
    schema = json.loads(run("schema", "export").stdout)
    assert schema == schemas.bundled("export")
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]
    assert errors == []
    assert document["advoc_export"] == 1 and document["language"] == "de"
    assert len(document["advocates"]) == 14  # 15 in the registry, one limited


def test_json_resolves_roles_and_verdicts() -> None:
    document = export("--format", "json").json()
    lin = next(a for a in document["advocates"] if a["id"] == "lin-shu-yu")
    spokesperson = next(r for r in lin["roles"] if r["role"] == "spokesperson")
    assert spokesperson["role_name"] == "Spokesperson"
    assert spokesperson["granted_by"]["id"] == "2025-grant-lin-shu-yu-spokesperson"
    assert spokesperson["granted_by"]["title"]
    verdicts = {d["verdict"] for d in document["decisions"]}
    assert "met" in verdicts
    assert all(d["evaluation"]["tally"]["participants"] >= 0 for d in document["decisions"])


def test_the_schema_refuses_a_document_with_a_visibility_field() -> None:
    document = export("--format", "json").json()
    document["advocates"][0]["visibility"] = "limited"
    validator = Draft202012Validator(schemas.bundled("export"))
    assert not validator.is_valid(document)


# --- csv ----------------------------------------------------------------------------------


def read_csv(path: Path) -> list[list[str]]:
    text = path.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff")  # spreadsheets read UTF-8 only with it
    return list(csv.reader(io.StringIO(text[1:])))


def test_csv_has_one_file_per_kind_with_the_documented_columns(exported: dict[str, Path]) -> None:
    folder = exported["csv"]
    expected = {name.replace("_", "-") + ".csv": list(columns) for name, columns in COLUMNS.items()}
    expected["role-assignments.csv"] = list(ASSIGNMENT_COLUMNS)
    assert {p.name for p in folder.iterdir() if p.suffix == ".csv"} == set(expected)
    for name, columns in expected.items():
        rows = read_csv(folder / name)
        assert rows[0] == columns, name
        assert all(len(row) == len(columns) for row in rows[1:]), name
    advocates = read_csv(folder / "advocates.csv")
    assert advocates[0][:3] == ["id", "username", "name"]
    lin = next(row for row in advocates if row[0] == "lin-shu-yu")
    assert lin[1] == "林書瑜"
    assert lin[advocates[0].index("languages")] == "zh-hant;en;ja"
    assert len(advocates) == 15  # a header and 14 public advocates


def test_csv_needs_a_folder() -> None:
    result = export("--format", "csv")
    assert result.exit_code == 2
    assert "--out" in result.stderr and result.stdout == ""


# --- wikitext -----------------------------------------------------------------------------


def assert_tables_balanced(text: str) -> int:
    depth = tables = 0
    for line in text.splitlines():
        if line.startswith("{|"):
            assert depth == 0, "a table opens inside another"
            depth += 1
            tables += 1
        elif line.startswith("|}"):
            assert depth == 1, "a table closes that was not open"
            depth -= 1
    assert depth == 0, "a table is never closed"
    return tables


def test_wikitext_pages_have_balanced_sortable_tables(exported: dict[str, Path]) -> None:
    pages = {path.name: path.read_text(encoding="utf-8") for path in files_of(exported["wikitext"])}
    assert {"advocates.wiki", "decisions.wiki", "processes.wiki"} <= set(pages)
    assert assert_tables_balanced(pages["advocates.wiki"]) >= 8
    assert assert_tables_balanced(pages["decisions.wiki"]) == 1
    assert 'class="wikitable sortable"' in pages["decisions.wiki"]
    assert "[[User:林書瑜|林書瑜]]" in pages["advocates.wiki"]


# --- html ---------------------------------------------------------------------------------


def parse_strict(text: str) -> Element:
    parser = html5lib.HTMLParser(strict=True)
    document: Element = parser.parse(text)
    return document


def tag(element: Element) -> str:
    return element.tag.removeprefix("{" + HTML + "}")


def test_every_page_is_valid_accessible_html(exported: dict[str, Path]) -> None:
    site = exported["html"]
    pages = [p for p in files_of(site) if p.suffix == ".html"]
    assert len(pages) > 100
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert text.startswith("<!DOCTYPE html>"), page
        try:
            document = parse_strict(text)
        except html5lib.html5parser.ParseError as error:
            pytest.fail(f"{page.relative_to(site)} is not valid HTML: {error}")
        elements = list(document.iter())
        tags = [tag(element) for element in elements]
        assert tags.count("h1") == 1, page
        for landmark in ("header", "main", "footer"):
            assert tags.count(landmark) == 1, (page, landmark)
        assert "nav" in tags and "script" not in tags, page
        root = elements[0]
        assert root.get("lang"), page
        assert any(e.get("name") == "viewport" for e in elements if tag(e) == "meta"), page
        levels = [int(t[1]) for t in tags if re.fullmatch("h[1-6]", t)]
        for before, after in itertools.pairwise(levels):
            assert after <= before + 1, f"{page}: h{before} then h{after}"
        navs = [e for e in elements if tag(e) == "nav"]
        assert len({nav.get("aria-label") for nav in navs}) == len(navs), page


def test_every_link_of_the_site_leads_to_a_file(exported: dict[str, Path]) -> None:
    site = exported["html"]
    for page in files_of(site):
        if page.suffix != ".html":
            continue
        for href in re.findall(r'href="([^"]+)"', page.read_text(encoding="utf-8")):
            if href.startswith(("http://", "https://")):
                continue
            target, _, fragment = href.partition("#")
            path = (page.parent / target).resolve() if target else page
            assert path.is_file(), f"{page.relative_to(site)} links to {href}"
            if fragment:
                assert f'id="{fragment}"' in path.read_text(encoding="utf-8"), href


def test_one_tree_per_language_with_the_same_pages(exported: dict[str, Path]) -> None:
    site = exported["html"]
    trees = sorted(p.name for p in site.iterdir() if p.is_dir())
    assert trees == ["ar", "de", "en", "es", "fr"]  # ar from the manifest's `languages`
    listing = {t: sorted(str(p.relative_to(site / t)) for p in files_of(site / t)) for t in trees}
    assert all(pages == listing["en"] for pages in listing.values())
    assert (site / "style.css").is_file() and (site / ".advoc-export").is_file()


def test_translations_and_fallbacks_carry_their_language(exported: dict[str, Path]) -> None:
    page = (exported["html"] / "de/rules/principles.html").read_text(encoding="utf-8")
    assert '<html lang="de"' in page
    assert '<span lang="de">Transparenz</span>' in page
    assert '<span lang="en">Decisions, votes, role holders' in page  # no German text: fallback


def test_right_to_left_and_non_latin_names(exported: dict[str, Path]) -> None:
    layla = (exported["html"] / "en/advocates/layla-hamrouni.html").read_text(encoding="utf-8")
    assert '<bdi dir="rtl">ليلى الحمروني</bdi>' in layla
    lin = (exported["html"] / "en/advocates/lin-shu-yu.html").read_text(encoding="utf-8")
    assert "<bdi>林書瑜</bdi>" in lin


def main_text(path: Path) -> str:
    document = parse_strict(path.read_text(encoding="utf-8"))
    main = next(e for e in document.iter() if tag(e) == "main")
    return " ".join("".join(main.itertext()).split())


def test_the_rules_pages_say_what_advoc_guide_says(exported: dict[str, Path]) -> None:
    guide = run("guide", "--registry", str(PROJECT), "--lang", "fr").stdout
    lines = []
    for line in guide.splitlines():
        line = re.sub(r"^(#+ |[0-9]+\. |- )", "", line)
        lines.append(line)
    expected = " ".join(" ".join(lines).split())
    tree = exported["html"] / "fr/rules"
    title = Messages("fr").text("advoc-site-section-ways-in")  # the page's h1, in French
    french = Messages("fr")  # the page's h1, then its link to the proposal form
    form = (
        french.text("advoc-site-propose") + " " + french.text("advoc-site-web-form-note", "GitHub")
    )
    ways_in = main_text(tree / "ways-in.html").removeprefix(title + " ").removeprefix(form + " ")
    shown = " ".join(
        [main_text(tree / "principles.html"), ways_in, main_text(tree / "processes.html")]
    )
    assert shown == expected


# --- hostile text and non-Latin names -----------------------------------------------------

HOSTILE = "<script>alert(1)</script> |} [[Main Page]] {{delete}} ~~~~ =cmd"


def hostile_registry(root: Path) -> Path:
    return write_registry(
        root,
        {
            "registry/advocates/ada.yaml": (
                "id: ada\nusername: Ada Example\nlanguages: [en, he]\nregions: [nwe]\n"
                f"topics: [copyright]\nname:\n  en: '{HOSTILE}'\n  he: עדה דוגמה\n"
            ),
            "rules/principles/openness.yaml": (
                f"id: openness\ntitle: '{HOSTILE}'\ntext: 'Tables end with |}} and <b>bold</b>'\n"
            ),
        },
    )


def test_hostile_text_is_escaped_in_every_format(tmp_path: Path) -> None:
    registry = hostile_registry(tmp_path / "registry")
    for output_format in ("html", "wikitext", "csv"):
        result = export(
            "--format", output_format, "--out", str(tmp_path / output_format), registry=registry
        )
        assert result.exit_code == 0, result.stderr
    for page in files_of(tmp_path / "html"):
        text = page.read_text(encoding="utf-8")
        assert "<script" not in text and "<b>" not in text, page
        if page.suffix == ".html":
            parse_strict(text)
    advocate = (tmp_path / "html/en/advocates/ada.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in advocate
    for page in files_of(tmp_path / "wikitext"):
        text = page.read_text(encoding="utf-8")
        assert_tables_balanced(text)
        outside = re.sub("<nowiki>.*?</nowiki>", "", text)
        assert "[[Main Page]]" not in outside and "<script>" not in outside
        for line in text.splitlines():
            assert not line.startswith("|}") or line == "|}", line
    wiki = (tmp_path / "wikitext/advocates.wiki").read_text(encoding="utf-8")
    assert "<nowiki>&lt;script>alert(1)&lt;/script> |} [[Main Page]] {{delete}} ~~~~ =cmd" in wiki
    rows = read_csv(tmp_path / "csv/principles.csv")
    assert rows[1][1] == HOSTILE  # starts with <, not a formula: kept as written


def test_a_formula_is_not_run_by_a_spreadsheet(tmp_path: Path) -> None:
    registry = write_registry(
        tmp_path / "registry",
        {"rules/principles/sums.yaml": "id: sums\ntitle: '=SUM(A1:A9)'\ntext: '@here'\n"},
    )
    assert (
        export("--format", "csv", "--out", str(tmp_path / "csv"), registry=registry).exit_code == 0
    )
    rows = read_csv(tmp_path / "csv/principles.csv")
    assert rows[1][1:3] == ["'=SUM(A1:A9)", "'@here"]


def test_hebrew_text_is_right_to_left(tmp_path: Path) -> None:
    registry = hostile_registry(tmp_path / "registry")
    result = export(
        "--format", "html", "--lang", "he", "--out", str(tmp_path / "site"), registry=registry
    )
    assert result.exit_code == 0, result.stderr
    page = (tmp_path / "site/he/advocates/ada.html").read_text(encoding="utf-8")
    assert '<span lang="he" dir="rtl">עדה דוגמה</span>' in page
    assert '<html lang="he" dir="rtl">' in page
    parse_strict(page)


# --- the output folder ----------------------------------------------------------------------


def test_a_folder_holding_other_files_is_refused_and_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    result = export("--format", "html", "--out", str(folder))
    assert result.exit_code == 2
    assert "did not write" in result.stderr and "notes.txt" in result.stderr
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_a_file_as_the_output_folder_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "site"
    target.write_text("a file", encoding="utf-8")
    result = export("--format", "csv", "--out", str(target))
    assert result.exit_code == 2 and "is a file" in result.stderr
    assert target.read_text(encoding="utf-8") == "a file"


def test_exporting_again_replaces_its_own_files_and_keeps_the_users(tmp_path: Path) -> None:
    registry = hostile_registry(tmp_path / "registry")
    public = "id: bo-nordqvist\nusername: Bo Nordqvist\nlanguages: [sv]\n"
    write_registry(registry, {"registry/advocates/bo-nordqvist.yaml": public})
    site = tmp_path / "site"
    assert export("--format", "html", "--out", str(site), registry=registry).exit_code == 0
    assert (site / "en/advocates/bo-nordqvist.html").is_file()
    (site / "CNAME").write_text("directory.example.org", encoding="utf-8")
    limited = public + "visibility: limited\n"
    write_registry(registry, {"registry/advocates/bo-nordqvist.yaml": limited})
    again = export("--format", "html", "--out", str(site), registry=registry)
    assert again.exit_code == 0, again.stderr
    assert not (site / "en/advocates/bo-nordqvist.html").exists()  # no longer public
    assert (site / "CNAME").read_text(encoding="utf-8") == "directory.example.org"
    for page in files_of(site):
        assert b"Bo Nordqvist" not in page.read_bytes()


def test_a_registry_with_errors_is_not_published(tmp_path: Path) -> None:
    registry = write_registry(
        tmp_path / "registry", {"registry/advocates/ada.yaml": "id: ada\nlanguages: [en]\n"}
    )
    result = export("--format", "html", "--out", str(tmp_path / "site"), registry=registry)
    assert result.exit_code == 1
    assert "advoc validate" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()


def test_the_last_guard_refuses_and_writes_nothing(tmp_path: Path) -> None:
    """Free text that names a limited advocate would publish them: refused, nothing written,
    and the refusal does not repeat the name."""
    registry = write_registry(
        tmp_path / "registry",
        {
            "registry/advocates/quiet-one.yaml": (
                "id: quiet-one\nusername: Sahra Quietwater\nlanguages: [so]\nvisibility: limited\n"
            ),
            "registry/advocates/loud-one.yaml": (
                "id: loud-one\nusername: Loud One\nlanguages: [en]\nregions: [ssa]\n"
                "notes: Works with Sahra Quietwater on the copyright file.\n"
            ),
        },
    )
    for output_format in ("html", "csv", "json"):  # the formats that publish notes
        site = tmp_path / output_format
        result = export("--format", output_format, "--out", str(site), registry=registry)
        assert result.exit_code == 1, output_format
        assert "limited visibility" in result.stderr and "Sahra" not in result.stderr
        assert not site.exists(), output_format
    printed = export("--format", "json", registry=registry)
    assert printed.exit_code == 1 and printed.stdout == ""
    wiki = export("--format", "wikitext", registry=registry)
    assert wiki.exit_code == 0 and "Sahra" not in wiki.stdout


def test_a_public_namesake_is_still_published(tmp_path: Path) -> None:
    """Two people may share a name: the public one is exported (the same guard as list
    and who), while nothing of the limited one is."""
    registry = write_registry(
        tmp_path / "registry",
        {
            "registry/advocates/quiet-one.yaml": (
                "id: quiet-one\nusername: Sahra Quietwater\nlanguages: [so]\nvisibility: limited\n"
            ),
            "registry/advocates/loud-one.yaml": (
                "id: loud-one\nusername: Loud One\nname: Sahra Quietwater\nlanguages: [en]\n"
                "regions: [ssa]\n"
            ),
        },
    )
    printed = export("--format", "json", registry=registry)
    assert printed.exit_code == 0, printed.stderr
    assert "Sahra Quietwater" in printed.stdout and "quiet-one" not in printed.stdout


def test_a_public_namesakes_talk_page_link_is_still_published(tmp_path: Path) -> None:
    """The site links the public one's talk page: the name percent-encoded in the
    address is theirs too (found on the 10,000-advocate site, where it was refused)."""
    registry = write_registry(
        tmp_path / "registry",
        {
            "registry/advocates/quiet-one.yaml": (
                "id: quiet-one\nusername: Adébáyọ̀ Moyo\nlanguages: [yo]\nvisibility: limited\n"
            ),
            "registry/advocates/loud-one.yaml": (
                "id: loud-one\nusername: Adébáyọ̀ Moyo 2\nname: Adébáyọ̀ Moyo\nlanguages: [en]\n"
                "contact:\n  - {channel: wiki, target: 'User talk:Adébáyọ̀ Moyo'}\n"
            ),
        },
    )
    result = export("--format", "html", "--out", str(tmp_path / "site"), registry=registry)
    assert result.exit_code == 0, result.stderr
    page = (tmp_path / "site/en/advocates/loud-one.html").read_text(encoding="utf-8")
    assert 'href="https://meta.wikimedia.org/wiki/User_talk:Ad%C3%A9b%C3%A1y' in page
    assert "quiet-one" not in page


@pytest.mark.parametrize("language", ["../../escape", "EN", "en/", ""])
def test_a_language_that_is_not_a_code_is_refused(tmp_path: Path, language: str) -> None:
    result = export("--format", "html", "--lang", language, "--out", str(tmp_path / "site"))
    assert result.exit_code == 2
    assert "not a language code" in result.stderr
    assert not (tmp_path / "site").exists() and not (tmp_path / "escape").exists()


def test_a_grant_shared_with_a_limited_advocate_is_shown_as_not_public(tmp_path: Path) -> None:
    """A decision naming a limited advocate is left out, and so is its id (which
    often names them) where a public advocate's role points at it."""
    registry = write_registry(
        tmp_path / "registry",
        {
            "registry/advocates/pat-public.yaml": (
                "id: pat-public\nusername: Pat Public\nlanguages: [en]\nregions: [nwe]\n"
                "roles:\n  - role: advocate\n    start: 2025-01-10\n"
                "    granted_by: grant-pat-and-hana-hidden\n"
            ),
            "registry/advocates/hana-hidden.yaml": (
                "id: hana-hidden\nusername: Hana Hidden\nlanguages: [en]\nvisibility: limited\n"
            ),
            "registry/decisions/grant-pat-and-hana-hidden.yaml": (
                "id: grant-pat-and-hana-hidden\ntitle: Grant Pat Public and Hana Hidden\n"
                "type: role-grant\nprocess: role-grant\nstatus: adopted\nopened: 2025-01-01\n"
                "closed: 2025-01-09\nsubjects:\n  advocates: [pat-public, hana-hidden]\n"
                "  roles: [advocate]\n"
            ),
        },
    )
    document = export("--format", "json", registry=registry).json()
    assert document["decisions"] == []
    assert document["advocates"][0]["roles"][0]["granted_by"] == {"public": False}
    assert Draft202012Validator(schemas.bundled("export")).is_valid(document)
    for output_format in ("html", "csv", "wikitext"):
        folder = tmp_path / output_format
        assert (
            export("--format", output_format, "--out", str(folder), registry=registry).exit_code
            == 0
        )
        for path in files_of(folder):
            assert b"hana-hidden" not in path.read_bytes() and b"Hana" not in path.read_bytes()
    page = (tmp_path / "html/en/advocates/pat-public.html").read_text(encoding="utf-8")
    assert "a decision that is not public" in page


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(one: str, other: str) -> float:
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_stylesheet_colours_meet_wcag_aa_contrast() -> None:
    from advoc.export.site import stylesheet

    css = stylesheet()
    colours = dict(re.findall(r"--([a-z-]+): (#[0-9a-f]{6});", css))
    assert {"text", "link", "visited", "muted", "band", "met", "not-met"} <= set(colours)
    for background in ("#ffffff", colours["band"]):
        for name in ("text", "link", "visited", "muted", "met", "not-met"):
            ratio = _contrast(colours[name], background)
            assert ratio >= 4.5, f"{name} on {background}: {ratio:.2f}"
    assert "@media (max-width" in css  # narrow screens get their own layout


def test_marked_text_becomes_spans_with_language_and_direction() -> None:
    from advoc.export.marked import mark, strip, to_html

    one = mark("Transparenz <&>", "de")
    assert to_html(one) == '<span lang="de">Transparenz &lt;&amp;&gt;</span>'
    mixed = f"To become a {mark('محامي', 'ar')}, ask {mark('Ada', 'en')}."
    assert to_html(mixed) == (
        'To become a <span lang="ar" dir="rtl">محامي</span>, ask <span lang="en">Ada</span>.'
    )
    assert strip(mixed) == "To become a محامي, ask Ada."
    assert to_html("no <marks>") == "no &lt;marks&gt;"


def test_a_part_refused_in_the_forked_child_is_refused_again_not_a_crash(tmp_path: Path) -> None:
    """When the child fails, this process builds the parts it did not build itself
    again, over what the child had staged: the user gets the refusal, and nothing
    is written. (Whichever process takes the refused part, the outcome is this.)"""
    from advoc.errors import RefusedError
    from advoc.export.output import write

    def part(name: str) -> Callable[[], list[tuple[str, bytes]]]:  # as the guard yields
        return lambda: [(f"{name}/index.html", f"<p>{name}</p>\n".encode())]

    def refused() -> list[tuple[str, bytes]]:
        raise RefusedError("The export would contain the id of a limited advocate.")

    jobs = [part("root"), part("en"), part("de"), refused]
    out = tmp_path / "site"
    with pytest.raises(RefusedError):
        write(jobs, out)
    assert not out.exists()


def test_an_advocate_named_like_a_page_of_the_site_is_refused(tmp_path: Path) -> None:
    """An advocate `index` would replace the list of advocates (and, exported again,
    move a file twice): refused, and nothing written."""
    registry = write_registry(
        tmp_path / "registry",
        {"registry/advocates/index.yaml": "id: index\nusername: Index Person\nlanguages: [en]\n"},
    )
    site = tmp_path / "site"
    result = export("--format", "html", "--out", str(site), registry=registry)
    assert result.exit_code == 1, result.stdout + result.stderr
    assert "en/advocates/index.html" in result.stderr and "another id" in result.stderr
    assert "Traceback" not in result.stderr
    assert not site.exists()


def test_when_this_process_refuses_first_the_child_is_stopped(tmp_path: Path) -> None:
    """The forked child must not go on staging pages into a folder this process
    has already removed."""
    import os
    import time

    from advoc.errors import RefusedError
    from advoc.export.output import write

    here = os.getpid()

    def part() -> Iterator[tuple[str, bytes]]:
        """Refused in this process, slow in the child, whichever part each takes."""
        if os.getpid() == here:
            raise RefusedError("The export would contain the id of a limited advocate.")
        time.sleep(1.5)
        yield "late/index.html", b"<p>late</p>\n"

    out = tmp_path / "site"
    with pytest.raises(RefusedError):
        write([part, part], out)
    time.sleep(2.5)
    assert not out.exists(), sorted(str(p) for p in out.rglob("*"))


def test_a_page_that_fails_after_a_leak_does_not_hide_the_refusal(tmp_path: Path) -> None:
    from advoc.errors import RefusedError
    from advoc.export.output import guarded
    from advoc.load.loader import load

    registry = load(
        write_registry(
            tmp_path / "registry",
            {
                "registry/advocates/quiet-one.yaml": (
                    "id: quiet-one\nusername: Sahra Quietwater\nlanguages: [so]\n"
                    "visibility: limited\n"
                ),
            },
        )
    )

    def pages() -> Iterator[tuple[str, str]]:
        yield "a.html", "<p>Sahra Quietwater</p>"
        raise ValueError("a page that cannot be built")

    with pytest.raises(RefusedError, match=re.escape("limited visibility, in a.html.")):
        list(guarded(pages(), registry))


# --- who speaks: the site and `advoc who` give the same answer ----------------------------


def _speakers_on_page(page: Path, dimension: str) -> dict[str, list[str]]:
    text = page.read_text(encoding="utf-8")
    found: dict[str, list[str]] = {}
    for section in re.finditer(
        rf'<section id="[^"]+" class="speakers" data-{dimension}="([^"]+)">(.*?)</section>',
        text,
        re.S,
    ):
        found[section.group(1)] = re.findall(r'data-advocate="([^"]+)"', section.group(2))
    return found


@pytest.mark.parametrize("language", ["en", "ar"])
def test_who_speaks_page_lists_what_advoc_who_lists(
    exported: dict[str, Path], language: str
) -> None:
    everyone = json.loads(
        run("who", "--registry", str(PROJECT), "--as-of", "2026-11-23", "--format", "json").stdout
    )["advocates"]
    page = exported["html"] / language / "who.html"
    for dimension, field, scoped in (
        ("country", "countries", "countries"),
        ("topic", "topics", "topics"),
    ):
        shown = _speakers_on_page(page, dimension)
        expected_values = {
            value
            for speaker in everyone
            for role in speaker["roles"]
            for value in (role["scope"].get(scoped) or speaker[field])
        }
        assert set(shown) == expected_values
        for value, ids in shown.items():
            said = json.loads(
                run(
                    "who",
                    "--registry",
                    str(PROJECT),
                    "--as-of",
                    "2026-11-23",
                    f"--{dimension}",
                    value,
                    "--lang",
                    language,
                    "--format",
                    "json",
                ).stdout
            )
            assert ids == [speaker["id"] for speaker in said["advocates"]], (dimension, value)
    text = page.read_text(encoding="utf-8")
    # each mandate links the decision that authorised it
    assert 'href="decisions/2026.html#2026-grant-layla-hamrouni-advocate"' in text
    assert 'href="https://meta.wikimedia.org/wiki/User_talk:' in text


def test_contacts_are_links_only_where_safe() -> None:
    from advoc.export.contacts import contact_url

    manifest = {"wiki": {"api": "https://de.wikipedia.org/w/api.php", "prefix": "X"}}
    assert contact_url({"channel": "wiki", "target": "User talk:Zoë & Co"}, manifest) == (
        "https://de.wikipedia.org/wiki/User_talk:Zo%C3%AB_%26_Co"
    )
    assert contact_url({"channel": "wiki", "target": "meta:Talk:Advocacy"}, {}) == (
        "https://meta.wikimedia.org/wiki/Talk:Advocacy"
    )
    assert contact_url({"channel": "wiki", "target": "fr:Paris"}, {}) == (
        "https://fr.wikipedia.org/wiki/Paris"
    )
    assert contact_url({"channel": "wiki", "target": "WP:NPOV"}, {}) == (
        "https://meta.wikimedia.org/wiki/WP:NPOV"
    )
    assert contact_url({"channel": "email", "target": "press@example.org"}, {}) == (
        "mailto:press@example.org"
    )
    assert contact_url({"channel": "web", "target": "javascript:alert(1)"}, {}) is None
    assert contact_url({"channel": "web", "target": 'https://ok.example/"><x>'}, {}) == (
        'https://ok.example/"><x>'  # escaped where it is written, as an attribute
    )
    assert contact_url({"channel": "email", "target": "a@b.org\nBcc: c@d.org"}, {}) is None
    assert contact_url({"channel": "matrix", "target": "#advocacy:matrix.org"}, {}) == (
        "https://matrix.to/#/#advocacy:matrix.org"
    )
    assert contact_url({"channel": "irc", "target": "#wikimedia"}, {}) is None


def test_record_ids_in_registry_text_link_to_their_pages(exported: dict[str, Path]) -> None:
    """A decision's outcome names another decision: a link to it, as every id of a
    public record written in text is; attributes advoc wrote are never touched."""
    page = (exported["html"] / "en/decisions/2026.html").read_text(encoding="utf-8")
    assert (
        '<a href="../decisions/2026.html#2026-banner-nowiki-platform-liability">'
        "2026-banner-nowiki-platform-liability</a>"
    ) in page
    from datetime import date

    from advoc.export.site import Tree
    from advoc.load.loader import load
    from advoc.model.public import public_registry

    registry = load(PROJECT)
    tree = Tree(public_registry(registry), date(2026, 11, 23), "en", ["en"], registry)
    tree.known_decisions.add("en")  # a decision whose id is also an attribute's value
    tree.decision_years["en"] = "2026"
    linked = tree.linked_ids(
        '<span lang="en">advocate/lin-shu-yu, decision/en, advocate/nobody</span>', ""
    )
    assert linked == (
        '<span lang="en">advocate/<a href="advocates/lin-shu-yu.html">lin-shu-yu</a>, '
        'decision/<a href="decisions/2026.html#en">en</a>, advocate/nobody</span>'
    )


def test_exporting_again_rewrites_only_the_pages_that_changed(tmp_path: Path) -> None:
    """A page with the same bytes as before keeps its file (same inode, same
    time); a changed or damaged page is written anew; the folder then holds
    exactly what an export into an empty folder holds."""
    registry = project_copy(tmp_path / "registry")
    site = tmp_path / "site"
    assert export("--format", "html", "--out", str(site), registry=registry).exit_code == 0

    def identities() -> dict[str, tuple[int, int]]:
        return {
            path.relative_to(site).as_posix(): (path.stat().st_ino, path.stat().st_mtime_ns)
            for path in files_of(site)
            if path.name != ".advoc-export"
        }

    first = identities()
    damaged = site / "en/rules/principles.html"
    damaged.write_bytes(damaged.read_bytes().replace(b"</main>", b"<p>edited</p></main>"))
    first[damaged.relative_to(site).as_posix()] = (
        damaged.stat().st_ino,
        damaged.stat().st_mtime_ns,
    )
    advocate = registry / "registry/advocates/gabrielle-theriault.yaml"
    text = advocate.read_text(encoding="utf-8")
    assert "\ntopics:\n  - privacy\n" in text
    advocate.write_text(text.replace("  - privacy\n", "  - copyright\n", 1), encoding="utf-8")
    again = export("--format", "html", "--out", str(site), registry=registry)
    assert again.exit_code == 0, again.stderr
    second = identities()
    assert second.keys() == first.keys()
    rewritten = {path for path in first if first[path] != second[path]}
    kept = len(first) - len(rewritten)
    assert f"wrote {len(rewritten)} files into {site}; {kept} unchanged" in again.stderr
    assert f"en/advocates/{advocate.stem}.html" in rewritten  # changed
    assert "en/rules/principles.html" in rewritten  # damaged by hand: made right again
    assert "style.css" not in rewritten and "en/rules/processes.html" not in rewritten
    assert len(rewritten) < len(first) / 2

    fresh = tmp_path / "fresh"
    assert export("--format", "html", "--out", str(fresh), registry=registry).exit_code == 0
    assert {p.relative_to(fresh).as_posix(): p.read_bytes() for p in files_of(fresh)} == {
        p.relative_to(site).as_posix(): p.read_bytes() for p in files_of(site)
    }


def test_the_namesakes_worked_out_before_serve_only_the_same_names(tmp_path: Path) -> None:
    """The spellings of public names that hold a hidden one are kept between exports
    (`reuse.names_known`) under a digest of the names: a public advocate renamed
    after the hidden person is judged afresh, and a damaged kept list is not read."""
    quiet = "id: quiet-one\nusername: Sahra Quietwater\nlanguages: [so]\nvisibility: limited\n"
    loud = "id: loud-one\nusername: Loud One\nname: {name}\nlanguages: [en]\nregions: [ssa]\n"
    registry = write_registry(
        tmp_path / "registry",
        {
            "registry/advocates/quiet-one.yaml": quiet,
            "registry/advocates/loud-one.yaml": loud.format(name="Someone Else"),
        },
    )
    first = export("--format", "json", registry=registry)
    assert first.exit_code == 0, first.stderr
    (registry / "registry/advocates/loud-one.yaml").write_text(loud.format(name="Sahra Quietwater"))
    again = export("--format", "json", registry=registry)
    assert again.exit_code == 0, again.stderr
    assert "Sahra Quietwater" in again.stdout
    [kept] = (Path(os.environ["HOME"]) / ".cache" / "advoc").glob("*.names")
    kept.write_bytes(b"\x00damaged")
    damaged = export("--format", "json", registry=registry)
    assert damaged.exit_code == 0, damaged.stderr
    assert damaged.stdout == again.stdout


def test_a_vote_by_a_limited_advocate_counts_and_names_no_one(tmp_path: Path) -> None:
    """The public view keeps a limited advocate's vote, so that tallies add up, under
    a name of no one; their username is found however the vote spells it."""
    registry = project_copy(tmp_path / "registry")
    (registry / "registry/advocates/hidden-one.yaml").write_text(
        "id: hidden-one\nusername: Hidden One\nvisibility: limited\n"
        "languages: [en]\ncountries: [NG]\n",
        encoding="utf-8",
    )
    decision = "2024-grant-sigrid-havnevik-advocate"
    before = len(list((registry / "registry/votes" / decision).glob("*.yaml")))
    spelled = "hidden_One"  # a wiki reads it as Hidden One
    (registry / vote_file(decision, spelled)).write_text(
        f"decision: {decision}\nuser: {spelled}\nposition: oppose\n"
        "date: 2024-08-28T10:00:00Z\ncomment: Hidden One's reasons\n",
        encoding="utf-8",
    )
    public = public_registry(load(registry))
    votes = [vote for vote in public.of_kind("vote") if vote.id.startswith(f"{decision}/")]
    assert len(votes) == before + 1
    (withheld,) = (vote for vote in votes if vote.data.get("user") == "(withheld)")
    assert withheld.id == f"{decision}/withheld-1"
    assert withheld.data["position"] == "oppose"
    assert not any("idden" in json.dumps(vote.data) for vote in votes)
