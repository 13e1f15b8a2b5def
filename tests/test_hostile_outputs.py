"""Outputs that can't be forged: hostile registry text, file names and commit
metadata, each on a real registry on disk through the real CLI (and a few
through the installed `advoc` command), come out as text in every output.

Each test names the attack it stops. The rules: no traceback, the documented
exit code, and markup (terminal escapes, workflow commands, XML, wikitext,
HTML) that stays text.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ADVOC, CASES, git, make_repo, run, validated, write_registry

from advoc.export.marked import mark, strip, to_html

AS_OF = "2026-06-01"
# What no text output may hold raw: C0 controls but tab and line feed, DEL, C1
# controls, bidi embeddings, overrides and isolates, lone surrogates.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
FORGED_NAME = "bad\n::error file=x::forged.yaml"
NOT_UTF8_NAME = b"caf\xe9.yaml"


def hostile_case(root: Path) -> Path:
    """The complete example registry, with escapes and markup in Ada's record."""
    shutil.copytree(CASES / "positive/complete-registry", root)
    ada = root / "registry/advocates/ada-lovelace.yaml"
    text = ada.read_text(encoding="utf-8")
    text = text.replace(
        "name: {en: Ada Lovelace}",
        'name: {en: "Ada \\e[2J\\e]0;pwned\\a [bold]Lovelace[/bold] \\u202eevil"}',
    )
    text = text.replace(
        "notes: Speaks Norwegian and English.", 'notes: "Speaks \\x9b31m \\u2066Norwegian"'
    )
    ada.write_text(text, encoding="utf-8")
    return root


def forged_names(root: Path) -> Path:
    """A registry whose file names hold a line break and a forged workflow
    command, an escape sequence, and a byte that is not UTF-8."""
    write_registry(root, {"registry/groups/fine.yaml": "id: fine\nname: Fine\ntype: chapter\n"})
    folder = os.fsencode(root / "registry/groups")
    for name in (os.fsencode(FORGED_NAME), os.fsencode("esc\x1b[31mred.yaml"), NOT_UTF8_NAME):
        with open(os.path.join(folder, name), "wb") as file:
            file.write(b"id: other\nname: Other\ntype: chapter\n")
    return root


def assert_shown_not_obeyed(text: str) -> None:
    found = RAW.search(text)
    assert found is None, f"raw U+{ord(found.group()):04X} in {text!r}"


# --- validate: the finding -----------------------------------------------------------------


def test_escaped_control_characters_are_text_control_errors(tmp_path: Path) -> None:
    code, findings = validated(hostile_case(tmp_path / "registry"), "--as-of", AS_OF)
    controls = [finding for finding in findings if finding["code"] == "text-control"]
    assert code == 1
    assert {(f["field"], f["line"]) for f in controls} == {("name.en", 3), ("notes", 25)}
    name = next(finding for finding in controls if finding["field"] == "name.en")
    assert "U+001B ESCAPE at character 5" in name["message"] and name["column"]
    notes = next(finding for finding in controls if finding["field"] == "notes")
    assert "U+009B CONTROL SEQUENCE INTRODUCER" in notes["message"]


def test_a_raw_bidi_isolate_in_a_key_is_a_text_control_error(tmp_path: Path) -> None:
    registry = write_registry(
        tmp_path / "registry",
        {"rules/principles/p.yaml": "id: p\ntitle:\n  \u2067en: Title\ntext: Text\n"},
    )
    code, findings = validated(registry)
    assert code == 1
    (control,) = [finding for finding in findings if finding["code"] == "text-control"]
    assert "key holds U+2067 RIGHT-TO-LEFT ISOLATE" in control["message"]
    assert control["line"] == 3


# --- text for a terminal or a pipe ---------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ("list", "advocates"),
        ("show", "advocate/ada-lovelace"),
        ("who",),
        ("status",),
        ("validate",),
    ],
    ids=lambda command: "-".join(command),
)
def test_text_outputs_show_escapes_instead_of_obeying_them(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    registry = hostile_case(tmp_path / "registry")
    result = run(*command, "--registry", str(registry), "--as-of", AS_OF)
    assert result.exit_code in (0, 1), result.stderr
    assert_shown_not_obeyed(result.stdout + result.stderr)


def test_the_table_shows_the_escape_and_reads_no_markup(tmp_path: Path) -> None:
    registry = hostile_case(tmp_path / "registry")
    result = run("list", "advocates", "--registry", str(registry), "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    assert "Ada \\x1b[2J\\x1b]0;pwned\\x07 [bold]Lovelace[/bold] \\u202eevil" in result.stdout


def test_guide_escapes_a_hostile_principle(tmp_path: Path) -> None:
    registry = write_registry(
        tmp_path / "registry",
        {"rules/principles/p.yaml": 'id: p\ntitle: "Open \\e[8mhidden"\ntext: "\\x9b31m red"\n'},
    )
    result = run("guide", "--registry", str(registry))
    assert result.exit_code == 0, result.stderr
    assert_shown_not_obeyed(result.stdout)
    assert "Open \\x1b[8mhidden" in result.stdout


def test_history_escapes_the_commit_metadata(tmp_path: Path) -> None:
    root = make_repo(CASES / "positive/complete-registry", tmp_path / "registry")
    ada = root / "registry/advocates/ada-lovelace.yaml"
    ada.write_text(ada.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    git(root, "commit", "-qam", "Fix \x1b[31mred\x1b[0m \u202eevil", "--author", "E\x1bvil <e@x>")
    result = run("history", "advocate/ada-lovelace", "--registry", str(root))
    assert result.exit_code == 0, result.stderr
    assert_shown_not_obeyed(result.stdout)
    assert "Fix \\x1b[31mred\\x1b[0m \\u202eevil" in result.stdout


def test_diff_escapes_what_changed(tmp_path: Path) -> None:
    root = make_repo(CASES / "positive/complete-registry", tmp_path / "registry")
    hostile_case(tmp_path / "hostile")
    shutil.copy(
        tmp_path / "hostile/registry/advocates/ada-lovelace.yaml",
        root / "registry/advocates/ada-lovelace.yaml",
    )
    for output_format in ("text", "markdown"):
        result = run("diff", "HEAD", "--registry", str(root), "--format", output_format)
        assert result.exit_code in (0, 1), result.stderr
        assert_shown_not_obeyed(result.stdout)


# --- the CI formats ------------------------------------------------------------------------


def test_a_file_name_cannot_forge_a_github_annotation(tmp_path: Path) -> None:
    registry = forged_names(tmp_path / "registry")
    code, findings = validated(registry)
    result = run("validate", "--registry", str(registry), "--format", "github")
    assert result.exit_code == 1 == code
    lines = result.stdout.splitlines()
    commands = [line for line in lines if line.startswith("::")]
    assert len(commands) == len(findings) and len(lines) == len(findings) + 1
    assert not any(line.startswith("::error file=x") for line in lines)
    assert "file=registry/groups/bad%0A%3A%3Aerror file=x%3A%3Aforged.yaml," in result.stdout
    assert "registry/groups/caf\\xe9.yaml" in result.stdout
    assert_shown_not_obeyed(result.stdout.replace("\x1b", ""))  # ESC: see the text format


def test_the_text_report_keeps_each_finding_on_its_line(tmp_path: Path) -> None:
    registry = forged_names(tmp_path / "registry")
    result = run("validate", "--registry", str(registry))
    assert result.exit_code == 1
    assert_shown_not_obeyed(result.stdout)
    assert "registry/groups/bad\\n::error file=x::forged.yaml\n" in result.stdout
    assert not any(line.startswith("::") for line in result.stdout.splitlines())


def test_junit_is_xml_a_parser_reads(tmp_path: Path) -> None:
    registry = forged_names(tmp_path / "registry")
    result = run("validate", "--registry", str(registry), "--format", "junit")
    assert result.exit_code == 1
    suites = ET.fromstring(result.stdout.encode("utf-8"))
    names = {case.get("name") for case in suites.iter("testcase")}
    assert "registry/groups/esc\\x1b[31mred.yaml" in names
    assert "registry/groups/caf\\xe9.yaml" in names
    assert FORGED_NAME.join(("registry/groups/", "")) in names  # a line break is XML


@pytest.mark.parametrize("output_format", ["text", "json", "github", "gitlab", "junit"])
def test_a_name_that_is_not_utf8_is_a_finding_in_every_format(
    tmp_path: Path, output_format: str
) -> None:
    registry = write_registry(tmp_path / "registry", {})
    os.makedirs(registry / "registry/groups")
    with open(os.fsencode(registry / "registry/groups") + b"/" + NOT_UTF8_NAME, "wb") as file:
        file.write(b"id: cafe\nname: Cafe\ntype: chapter\n")
    result = run("validate", "--registry", str(registry), "--format", output_format)
    assert result.exit_code == 1, result.stderr
    assert "internal error" not in result.stderr
    assert "caf\\xe9.yaml" in result.stdout.replace("\\\\", "\\")
    result.stdout.encode("utf-8")  # every byte of it is UTF-8
    if output_format == "gitlab":
        (issue,) = json.loads(result.stdout)
        assert issue["check_name"] == "id-filename"


# --- spreadsheets --------------------------------------------------------------------------


def test_list_csv_runs_no_formula_like_the_export(tmp_path: Path) -> None:
    registry = write_registry(
        tmp_path / "registry",
        {
            "rules/principles/a.yaml": "id: a\ntitle: '=HYPERLINK(\"http://e\")'\ntext: t\n",
            "rules/principles/b.yaml": 'id: b\ntitle: "\\t=1+1"\ntext: t\n',
            "rules/principles/c.yaml": "id: c\ntitle: '@SUM(A1)'\ntext: t\n",
        },
    )
    listed = run("list", "principles", "--registry", str(registry), "--format", "csv")
    assert listed.exit_code == 0, listed.stderr
    rows = list(csv.reader(io.StringIO(listed.stdout)))
    titles = [row[rows[0].index("title")] for row in rows[1:]]
    assert titles == ['\'=HYPERLINK("http://e")', "'=1+1", "'@SUM(A1)"]  # a title is trimmed
    out = tmp_path / "csv"
    exported = run("export", "--registry", str(registry), "--format", "csv", "--out", str(out))
    assert exported.exit_code == 0, exported.stderr
    rows = list(csv.reader(io.StringIO((out / "principles.csv").read_text(encoding="utf-8-sig"))))
    assert [row[rows[0].index("title")] for row in rows[1:]] == titles


# --- wikitext ------------------------------------------------------------------------------

WIKI_MARKUP = re.compile(r"~~~|__[A-Z]+__|\{\{|''|\[\[(?!User:)|<(?!/?nowiki>)")


def test_wikitext_carries_no_markup_from_usernames_or_urls(tmp_path: Path) -> None:
    root = shutil.copytree(CASES / "positive/complete-registry", tmp_path / "registry")
    ada = root / "registry/advocates/ada-lovelace.yaml"
    ada.write_text(
        ada.read_text(encoding="utf-8").replace(
            "username: Ada Lovelace", "username: \"Ada ~~~~ __NOTOC__ ''x'' &lt;\""
        ),
        encoding="utf-8",
    )
    decision = root / "registry/decisions/adopt-rules.yaml"
    decision.write_text(
        decision.read_text(encoding="utf-8")
        .replace(
            "discussion: https://meta.wikimedia.org/wiki/Wikimedia_Advocacy_Network/Rules",
            "discussion: \"https://example.org/~~~~/__NOTOC__/''x''\"",
        )
        .replace("title: Adopt the rules of engagement", "title: '{{delete}} ~~~ __TOC__'"),
        encoding="utf-8",
    )
    out = tmp_path / "wiki"
    result = run("export", "--registry", str(root), "--format", "wikitext", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    for page in out.iterdir():
        outside = re.sub("<nowiki>.*?</nowiki>", "", page.read_text(encoding="utf-8"))
        assert not WIKI_MARKUP.search(outside), (page.name, WIKI_MARKUP.search(outside))
    decisions = (out / "decisions.wiki").read_text(encoding="utf-8")
    assert "[https://example.org/%7E%7E%7E%7E/%5F%5FNOTOC%5F%5F/%27%27x%27%27 " in decisions
    advocates = (out / "advocates.wiki").read_text(encoding="utf-8")
    assert "[[User:Ada ~~~~" not in advocates
    assert "<nowiki>Ada ~~~~ __NOTOC__ ''x'' &amp;lt;</nowiki>" in advocates


# --- HTML ----------------------------------------------------------------------------------


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.attributes: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attributes.extend(name for name, _ in attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


FORGED_MARK = 'A\x02en" onmouseover="alert(1):1\x03'


def _parsed(page: str) -> _Elements:
    parsed = _Elements()
    parsed.feed(page)
    return parsed


def test_html_marks_cannot_be_forged_by_text() -> None:
    """The marks of `advoc.export.marked` as the site uses them, on text that
    holds the marks' characters: whether it went through `mark` or not (an id
    from a file name does not), it makes no attribute and stays text."""
    for text in (FORGED_MARK, mark(FORGED_MARK, "en"), "x" + mark(FORGED_MARK, "he") + "y"):
        shown = to_html(text)
        parsed = _parsed(f"<p>{shown}</p>")
        assert not [name for name in parsed.attributes if name.startswith("on")], shown
        assert 'en" onmouseover="alert(1):1' in "".join(parsed.text), shown
        assert "\x02" not in shown and "\x03" not in shown
    assert strip(mark(FORGED_MARK, "en")) == FORGED_MARK.replace("\x02", "\ufffd").replace(
        "\x03", "\ufffd"
    )


def test_html_export_refuses_text_with_the_marks_characters(tmp_path: Path) -> None:
    root = shutil.copytree(CASES / "positive/complete-registry", tmp_path / "registry")
    ada = root / "registry/advocates/ada-lovelace.yaml"
    ada.write_text(
        ada.read_text(encoding="utf-8").replace(
            "name: {en: Ada Lovelace}", 'name: {en: "A\\u0002en\\" onmouseover=\\"x:1\\u0003"}'
        ),
        encoding="utf-8",
    )
    out = tmp_path / "site"
    result = run("export", "--registry", str(root), "--format", "html", "--out", str(out))
    assert result.exit_code == 1 and not out.exists()
    _, findings = validated(root)
    assert ("text-control", 3) in {(f["code"], f["line"]) for f in findings}


def test_a_hostile_name_is_text_on_the_site(tmp_path: Path) -> None:
    root = shutil.copytree(CASES / "positive/complete-registry", tmp_path / "registry")
    ada = root / "registry/advocates/ada-lovelace.yaml"
    ada.write_text(
        ada.read_text(encoding="utf-8").replace(
            "name: {en: Ada Lovelace}", """name: {en: '"><b onmouseover="alert(1)">Ada</b>'}"""
        ),
        encoding="utf-8",
    )
    out = tmp_path / "site"
    result = run("export", "--registry", str(root), "--format", "html", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    page = (out / "en/advocates/ada-lovelace.html").read_text(encoding="utf-8")
    parsed = _parsed(page)
    assert not [name for name in parsed.attributes if name.startswith("on")]
    assert '"><b onmouseover="alert(1)">Ada</b>' in "".join(parsed.text)


# --- the installed command -----------------------------------------------------------------


def _installed(*args: str) -> subprocess.CompletedProcess[bytes]:
    assert ADVOC, "the advoc command is installed"
    return subprocess.run([ADVOC, *args], capture_output=True, check=False)


def test_installed_github_output_has_one_line_a_finding(tmp_path: Path) -> None:
    registry = forged_names(tmp_path / "registry")
    result = _installed("validate", "--registry", str(registry), "--format", "github")
    assert result.returncode == 1 and b"Traceback" not in result.stderr
    lines = result.stdout.decode("utf-8").splitlines()
    assert sum(line.startswith("::") for line in lines) == len(lines) - 1 == 3


@pytest.mark.parametrize("output_format", ["text", "gitlab", "junit"])
def test_installed_command_on_names_that_are_not_utf8(tmp_path: Path, output_format: str) -> None:
    registry = forged_names(tmp_path / "registry")
    result = _installed("validate", "--registry", str(registry), "--format", output_format)
    assert result.returncode == 1, result.stderr
    assert b"Traceback" not in result.stderr and b"internal error" not in result.stderr
    result.stdout.decode("utf-8")
    assert RAW.search(result.stdout.decode("utf-8")) is None or output_format != "text"


def test_installed_list_writes_no_escape_sequence(tmp_path: Path) -> None:
    registry = hostile_case(tmp_path / "registry")
    result = _installed("list", "advocates", "--registry", str(registry), "--as-of", AS_OF)
    assert result.returncode == 0 and b"Traceback" not in result.stderr
    assert b"\x1b" not in result.stdout and b"\xe2\x80\xae" not in result.stdout
