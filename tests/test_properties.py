"""Whatever bytes a record file holds, `advoc validate` answers with a report
and an exit code of 0, 1 or 2: never a Python exception (the conftest `run`
helper fails on any), and in json mode always JSON."""

from __future__ import annotations

import json
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from conftest import run, write_registry
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from advoc.commands.status import status
from advoc.errors import RefusedError
from advoc.load import yamlio
from advoc.load.loader import load
from advoc.model.votes import POSITIONS
from advoc.propose.build import close
from advoc.report.status import to_text as status_text

AS_OF = "2026-11-01"
FOLDERS = ("registry/advocates", "registry/decisions", "rules/processes", "registry/feedback")

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    database=None,  # nothing written outside tests/
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Pieces of YAML, of registry files, and of what goes wrong in them.
FRAGMENTS = [
    "id: ",
    "username: ",
    "languages: ",
    "roles:",
    "name: ",
    "notes: ",
    "countries: ",
    "opened: ",
    "closed: ",
    "about: ",
    "process: ",
    "granted_by: ",
    "en: ",
    "x: ",
    "\n",
    "\n  ",
    "\n    ",
    "\n- ",
    "\n  - ",
    "- ",
    "  ",
    " ",
    "\t",
    "\r\n",
    "\r",
    "[",
    "]",
    "{",
    "}",
    ", ",
    ": ",
    "? ",
    "#",
    " # note",
    "&a ",
    "*a",
    "&b [*a, *a]",
    "!tag ",
    "!!str ",
    "!!python/object:os.system ",
    "<<: ",
    "'",
    '"',
    "''",
    '""',
    "\\",
    '"\\ud800"',
    '"\\u202e"',
    '"\\x00"',
    '"\\L"',
    "---\n",
    "...\n",
    "%YAML 1.2\n",
    "%TAG ! tag:x,2026:\n",
    "|\n  ",
    ">-\n  ",
    "NO",
    "yes",
    "on",
    "~",
    "null",
    "true",
    "0123",
    "0o17",
    "0x1F",
    "1:20",
    ".inf",
    ".nan",
    "12345",
    "-1",
    "1e3",
    "2026-01-01",
    "2024-02-30",
    "2019-03-01T10:00:00+01:00",
    "2019-03-01T10:00:00",
    "ada-lovelace",
    "advocate/ada-lovelace",
    "role/x",
    "+47 22 33 44 55",
    "ada@example.org",
    "ü",
    "€",
    "😀",
    "\u200b",
    "\u202e",
    "\u2028",
    "\ufeff",
    "\x00",
    "\x85",
]

yamlish = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4)), max_size=40).map(
    "".join
)


def check_report(root: Path) -> dict[str, Any] | None:
    """Run validate in json mode; the report when it ran, None for a usage error."""
    result = run("validate", "--registry", str(root), "--format", "json", "--as-of", AS_OF)
    assert result.exit_code in (0, 1, 2), result.exit_code
    if result.exit_code == 2:
        assert result.stdout == ""
        assert result.stderr.startswith("advoc: ")
        return None
    report: dict[str, Any] = json.loads(result.stdout)
    errors = sum(1 for finding in report["findings"] if finding["severity"] == "error")
    assert result.exit_code == (1 if errors else 0)
    assert report["summary"]["errors"] == errors
    for finding in report["findings"]:
        assert isinstance(finding["line"], int) and finding["line"] >= 1
        assert finding["message"]
        assert (root / finding["file"]).exists() or (root / finding["file"]).is_symlink()
    return report


@SETTINGS
@given(data=st.binary(max_size=300), folder=st.sampled_from(FOLDERS))
def test_arbitrary_bytes_as_a_record(data: bytes, folder: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = write_registry(Path(tmp), {f"{folder}/x.yaml": data})
        report = check_report(root)
        assert report is not None  # a broken record is a finding, not a usage error
        if data.strip() == b"" or b"\x00" in data:
            assert report["findings"], data


@SETTINGS
@given(text=yamlish, folder=st.sampled_from(FOLDERS))
def test_arbitrary_yamlish_text_as_a_record(text: str, folder: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = write_registry(
            Path(tmp), {f"{folder}/x.yaml": text.encode("utf-8", "surrogatepass")}
        )
        assert check_report(root) is not None


@SETTINGS
@given(text=yamlish)
def test_arbitrary_yamlish_text_as_the_manifest(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = write_registry(Path(tmp), {"advoc.yaml": "advoc: 2\n" + text})
        check_report(root)


@SETTINGS
@given(text=yamlish)
def test_the_loader_either_returns_a_mapping_or_explains(text: str) -> None:
    try:
        data = yamlio.parse_bytes(text.encode("utf-8", "surrogatepass"))
    except yamlio.YamlProblem as problem:
        assert problem.code in ("yaml-syntax", "file-unsafe")
        assert problem.line >= 1
        assert problem.message
    else:
        assert isinstance(data, dict)
        assert all(isinstance(key, str) for key in data)
        json.dumps(data, allow_nan=True).encode("utf-8")  # plain data, valid Unicode


def _outcome(parse: Any, text: str) -> Any:
    try:
        return ("data", repr(parse(text)))
    except yamlio.YamlProblem as problem:
        return ("problem", problem.code, problem.line)


def _decoded(text: str) -> str | None:
    """The text as both loading paths get it: past the byte-level guards."""
    try:
        return yamlio.decode(text.encode("utf-8", "surrogatepass"))
    except yamlio.YamlProblem:
        return None


two_paths = pytest.mark.skipif(
    not hasattr(yamlio, "parse_by_events"), reason="yamlio has one loading path only"
)


@two_paths
@SETTINGS
@given(text=yamlish)
def test_the_fast_and_the_general_loading_paths_agree(text: str) -> None:
    """yamlio has a fast path (libyaml's composer) for files that cannot hold
    anchors, tags or deep nesting; it must accept and refuse what the event
    path accepts and refuses, and read the same data."""
    decoded = _decoded(text)
    if decoded is None:
        return
    fast = _outcome(yamlio.parse, decoded)
    general = _outcome(yamlio.parse_by_events, decoded)
    assert fast[0] == general[0], (fast, general)
    if fast[0] == "data":
        assert fast == general


# Lines of registry files, whole: what `VersionReader` splits a file by.
LINES = st.one_of(
    st.sampled_from(
        [
            "id: ada",
            "id: ada-byron",
            "name: Ada",
            "roles:",
            "roles: []",
            "- role: advocate",
            "  - role: advocate",
            "    start: 2026-01-01",
            "  start: 2026-01-01",
            "- x",
            "-",
            "notes: |",
            "notes: >-",
            "notes: |+",
            "notes: |2",
            "  text",
            "   more text",
            "",
            "  ",
            "# a comment",
            "  # an indented comment",
            "title: {en: a,",
            "  fr: b}",
            "ids: [a,",
            "b: c]",
            'quoted: "a',
            'b: c"',
            "plain: a",
            "b",
            "id: &a x",
            "other: *a",
            "tagged: !!str 1",
            "---",
            "...",
            "%YAML 1.2",
            "? key",
            ": value",
            "\tname: tab",
            "name:value",
            "name : x",
            "'quoted': key",
            "<<: {a: 1}",
            "id: ada\r",
            "x: [[[[[[[[",
        ]
    ),
    yamlish.map(lambda text: text.replace("\n", " ")),
)
VERSIONS = st.tuples(
    st.lists(LINES, max_size=12),
    st.lists(st.tuples(st.integers(0, 11), LINES), max_size=6),
    st.booleans(),
)


@SETTINGS
@given(versions=VERSIONS)
@example(
    versions=(["# c", "id: a", "roles:", "- x", "notes: |", "  t", "", "# t", "z: 1"], [], True)
)
@example(versions=(["id: a", 'q: "a', 'b: c"'], [(1, "q: 1")], True))
@example(versions=(["id: a", "ids: [a,", "b: c]"], [(2, "b: d]")], False))
@example(versions=(["id: a", "b: 1", "id: b"], [(2, "c: 1")], True))
@example(versions=(["- a", "id: a"], [], True))
@example(versions=(["  x: 1", "id: a"], [], False))
@example(versions=(["id: a", "? b", "c: 1"], [], True))
@example(versions=(["id: a", "...", "b: 1"], [], True))  # a second document
def test_reading_versions_entry_by_entry_agrees_with_reading_each_whole(
    versions: tuple[list[str], list[tuple[int, str]], bool],
) -> None:
    """`VersionReader` (for `advoc history`) reads a file entry by entry, reusing
    entries seen in earlier versions; every version must read exactly as
    `parse_bytes` reads it: the same data, or the same problem at the same line."""
    lines, edits, final_newline = versions
    reader = yamlio.VersionReader()
    texts = ["\n".join(lines)]
    for index, line in edits:  # each version changes one line of the one before
        changed = texts[-1].split("\n")
        if changed and changed != [""]:
            changed[index % len(changed)] = line
        texts.append("\n".join(changed))
    for text in texts:
        data = (text + "\n" if final_newline else text).encode("utf-8", "surrogatepass")
        assert _outcome_bytes(reader.parse_bytes, data) == _outcome_bytes(yamlio.parse_bytes, data)


def _outcome_bytes(parse: Any, data: bytes) -> Any:
    try:
        return ("data", repr(parse(data)))
    except yamlio.YamlProblem as problem:
        return ("problem", problem.code, problem.message, problem.line, problem.column)


# Strings that may appear in a file: no controls, surrogates or separators.
printable = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\ufeff"),
    max_size=60,
)


@SETTINGS
@given(value=printable)
def test_a_double_quoted_value_reads_back_exactly(value: str) -> None:
    text = "notes: " + json.dumps(value, ensure_ascii=False) + "\n"
    assert yamlio.parse(text) == {"notes": value}


@SETTINGS
@given(value=printable)
def test_a_single_quoted_value_reads_back_exactly(value: str) -> None:
    if value != value.strip(" ") or "\n" in value:
        return  # YAML folds leading/trailing spaces of multi-line scalars; not this test's business
    text = "notes: '" + value.replace("'", "''") + "'\n"
    assert yamlio.parse(text) == {"notes": value}


@SETTINGS
@given(text=yamlish)
@example(text='id: x\nusername: "Ada\n')
def test_every_finding_points_at_a_line_of_its_file(text: str) -> None:
    data = text.encode("utf-8", "surrogatepass")
    with tempfile.TemporaryDirectory() as tmp:
        root = write_registry(Path(tmp), {"registry/advocates/x.yaml": data})
        report = check_report(root)
        assert report is not None
        lines = max(1, len(data.splitlines()))
        for finding in report["findings"]:
            assert finding["line"] <= lines, (finding, text)


# --- the last guard: one Aho-Corasick pass finds what one `in` per needle finds ---

GUARD_NEEDLES = ["ab", "abc", "bca", "Zoë Example", "Zoë_Example", "x-1", "ağa", "日本"]


def _guard_registry() -> Any:
    from advoc.model.registry import Record, Registry

    limited = {
        f"hidden-{index}": Record(
            "advocate",
            f"hidden-{index}",
            f"registry/advocates/hidden-{index}.yaml",
            {"id": f"hidden-{index}", "username": username, "visibility": "limited"},
        )
        for index, username in enumerate(GUARD_NEEDLES)
    }
    return Registry(Path("."), {}, {"advocate": limited})


GUARD_REGISTRY = _guard_registry()
GUARD_TEXT = st.lists(
    st.sampled_from(["a", "b", "c", "Zoë", " ", "_", "Example", "x", "-1", "ğ", "日", "本", "<"])
    | st.text(max_size=3),
    max_size=40,
).map("".join)


@SETTINGS
@given(text=GUARD_TEXT)
@example(text="ababcab")  # overlapping needles: abc inside ababc, bca across the join
@example(text="Zoë_Example and hidden-7")
def test_guard_automaton_agrees_with_a_search_per_needle(text: str) -> None:
    from advoc.model.public import hidden, leaks

    needles = hidden(GUARD_REGISTRY).needles()
    assert leaks(text, GUARD_REGISTRY) == [needle for needle in needles if needle in text]


@SETTINGS
@given(
    words=st.lists(st.text(alphabet="ab😀é_<", min_size=1, max_size=4), min_size=1, max_size=8),
    text=st.text(alphabet="ab😀é_< ", max_size=40),
)
@example(words=["ab", "abc", "bca", "c"], text="ababcab")  # overlapping, nested, at the end
@example(words=["😀a", "a"], text="😀😀a")  # places in UTF-8 bytes, not in characters
def test_guard_search_finds_every_occurrence_at_its_place(words: list[str], text: str) -> None:
    """The automaton reports what a search per word from each place would find: every
    occurrence, overlapping and nested ones too, as (start, stop) in UTF-8 bytes."""
    from advoc.model.public import Search, utf8

    words = sorted(set(words))
    search = Search(words)
    expected = sorted(
        (len(utf8(text[:start])), len(utf8(text[:start])) + len(utf8(word)), word)
        for word in words
        for start in range(len(text))
        if text.startswith(word, start)
    )
    assert sorted(search.occurrences(utf8(text))) == expected
    assert sorted(search.spans(utf8(text))) == [(start, stop) for start, stop, _ in expected]
    assert search.occurs_in(utf8(text)) == bool(expected)


# Public advocates whose names hold a hidden needle: an occurrence inside one is theirs.
# Two are a needle as it is: a namesake of a hidden username (let through wherever it
# stands), and a hidden id (refused wherever it stands, even as a public name).
GUARD_PUBLIC_NAMES = ["Zoë Examples", "abca", "日本語", "x-1x", "Saağa", "ağa", "hidden-5"]


def _guard_registry_with_public_names() -> Any:
    from advoc.model.registry import Record, Registry

    advocates = dict(GUARD_REGISTRY.records["advocate"])
    for index, name in enumerate(GUARD_PUBLIC_NAMES):
        advocates[f"public-{index}"] = Record(
            "advocate",
            f"public-{index}",
            f"registry/advocates/public-{index}.yaml",
            {"id": f"public-{index}", "username": f"Public {index}", "name": name},
        )
    return Registry(Path("."), {}, {"advocate": advocates})


GUARD_NAMES_REGISTRY = _guard_registry_with_public_names()


# pieces of text around the needles and the public names, in 1 to 4 UTF-8 bytes a character
GUARD_PIECES = ["a", "b", "c", "Zoë", " ", "_", "Example", "Examples", "x", "-1", "ğ", "日"]
GUARD_PIECES += ["本", "語", "Saağa", "abca", "é", "😀", "\u0301", "ß", "hidden-3", "<"]


def _named_by_hand(text: str, registry: Any) -> list[str]:
    """`named` written the slow way, on characters: each needle at each place, alone
    (no letter, digit or underscore on either side), and not inside a public name
    (an id counts even there)."""
    from advoc.model.public import hidden, spellings

    secret = hidden(registry)
    needles = [needle for needle in secret.needles() if needle]
    names = {spelling for name in GUARD_PUBLIC_NAMES for spelling in (name, *spellings(name))}
    names |= {f"Public {index}" for index in range(len(GUARD_PUBLIC_NAMES))}

    def places(word: str) -> list[int]:
        return [start for start in range(len(text)) if text.startswith(word, start)]

    def word_character(character: str) -> bool:
        return character.isalnum() or character == "_"

    covers = [
        (start, start + len(name))
        for name in names
        if any(needle in name for needle in needles)
        for start in places(name)
    ]
    found = set()
    for needle in needles:
        for start in places(needle):
            stop = start + len(needle)
            before = text[start - 1] if start > 0 else " "
            after = text[stop] if stop < len(text) else " "
            if word_character(before) or word_character(after):
                continue
            inside = any(low <= start and stop <= high for low, high in covers)
            if needle in secret.ids or not inside:
                found.add(needle)
    return sorted(found)


@SETTINGS
@given(
    text=st.lists(
        st.sampled_from(GUARD_PIECES) | st.text(max_size=3),
        max_size=40,
    ).map("".join)
)
@example(text="Zoë Examples and Zoë Example")  # inside a public name, then alone
@example(text="😀ab😀 éab abé 日本語 日本")  # a 4-byte, 2-byte and 3-byte neighbour
@example(text="ağa Saağa hidden-3x hidden-3")
@example(text="_hidden-3 hidden-3_ 9hidden-3 (hidden-3). <b>hidden-3</b>")  # ASCII neighbours
@example(text="ağa Ağa hidden-5 Zoë Example")  # a namesake, an id, a needle alone
def test_guard_judges_words_on_bytes_as_on_characters(text: str) -> None:
    """The last guard searches UTF-8 bytes and judges where a word ends on bytes; it
    names exactly what a search on characters names."""
    from advoc.model.public import named, utf8

    assert named(utf8(text), GUARD_NAMES_REGISTRY) == _named_by_hand(text, GUARD_NAMES_REGISTRY)


# --- `status` says "may close now" exactly when `propose close` would close it ---------

BASE = datetime(2026, 11, 1, tzinfo=timezone.utc)
HOURS = st.integers(min_value=0, max_value=400)


@st.composite
def decisions_and_instants(draw: st.DrawFn) -> tuple[dict[str, str], datetime]:
    """A process with an optional minimum and maximum duration (minimum <= maximum),
    an open decision under it opened at some minute, its votes, and an as-of instant."""
    minimum = draw(st.none() | HOURS)
    maximum = draw(st.none() | st.integers(min_value=minimum or 0, max_value=500))
    opened = BASE + timedelta(minutes=draw(st.integers(0, 300 * 60)))
    process = "id: vote\nname: A vote\napplies_to: [statement]\n"
    process += f"min_duration: {minimum}h\n" if minimum is not None else ""
    process += f"max_duration: {maximum}h\n" if maximum is not None else ""
    process += f"quorum: {draw(st.integers(0, 3))}\nthreshold: 0.5\n"
    votes = draw(st.lists(st.tuples(st.integers(-10, 600), st.sampled_from(POSITIONS)), max_size=5))
    decision = (
        "id: d\ntitle: A statement\ntype: statement\nprocess: vote\nstatus: open\n"
        f"opened: {opened:%Y-%m-%dT%H:%M:%SZ}\n"
    )
    if votes:
        decision += "participants:\n" + "".join(
            f"  - user: voter {n}\n    position: {position}\n"
            f"    date: {opened + timedelta(hours=hours):%Y-%m-%dT%H:%M:%SZ}\n"
            for n, (hours, position) in enumerate(votes)
        )
    as_of = BASE + timedelta(minutes=draw(st.integers(0, 1000 * 60)))
    files = {"rules/processes/vote.yaml": process, "registry/decisions/d.yaml": decision}
    return files, as_of


@SETTINGS
@given(decisions_and_instants())
def test_status_may_close_now_exactly_when_close_succeeds(
    case: tuple[dict[str, str], datetime],
) -> None:
    files, as_of = case
    with tempfile.TemporaryDirectory() as folder:
        registry = load(write_registry(Path(folder), files))
        said = "may close now" in status_text(registry, status(registry, as_of), "en")
        try:
            proposal = close(registry, "d", closer="Closer", at=as_of)
        except RefusedError:
            closed = False
        else:
            closed = True
            written = yamlio.parse_bytes(proposal.changes["registry/decisions/d.yaml"] or b"")
            assert written["status"] in ("adopted", "rejected", "no-consensus")
        assert said == closed, (files, as_of)
