"""Hostile and accidental file contents: each file is generated into tmp_path.

The format refuses, with `file-unsafe` before parsing or `yaml-syntax` while
parsing, whatever could crash the tool, cost minutes of CPU or hide a value
(registry-format.md, "How files are read"). None of these may stop the other
files from being checked, and none may raise a Python exception (`run` fails
the test on any exception).
"""

from __future__ import annotations

import os
import subprocess
import unicodedata
from pathlib import Path

import pytest
from conftest import ADVOC, findings_of, run, write_registry

AS_OF = "2026-11-01"
ADA = "registry/advocates/ada-lovelace.yaml"
ADA_TEXT = "id: ada-lovelace\nusername: Ada Lovelace\nlanguages: [en]\n"


def only_finding(root: Path) -> tuple[str, str, str, int]:
    found = findings_of(root, "--as-of", AS_OF)
    assert len(found) == 1, found
    return next(iter(found))


def ada(tmp_path: Path, content: str | bytes) -> Path:
    return write_registry(tmp_path, {ADA: content})


# --- YAML that costs CPU or hides values -----------------------------------


def test_billion_laughs_is_refused_as_yaml_syntax(tmp_path: Path) -> None:
    levels = [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, 10)]
    bomb = "id: ada-lovelace\nl0: &l0 lol\n" + "\n".join(levels) + "\n"
    assert len(bomb.encode()) < 1000  # a few hundred bytes that expand to 9**9 strings
    root = ada(tmp_path, bomb)
    assert only_finding(root) == ("error", "yaml-syntax", ADA, 2)


def test_alias_bomb_without_a_record_is_refused_at_the_first_anchor(tmp_path: Path) -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for previous, name in zip("abcdefghij", "bcdefghijk", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 10) + "]")
    root = ada(tmp_path, "\n".join(lines) + "\n")  # 10**11 strings once expanded
    assert only_finding(root) == ("error", "yaml-syntax", ADA, 1)


@pytest.mark.parametrize(
    "content",
    [
        pytest.param("[" * 30000, id="flow, stopped by libyaml from PyYAML 6.0.4 on"),
        pytest.param("[" * 65 + "]" * 65, id="flow, stopped by advoc's own guard"),
    ],
)
def test_deep_nesting_is_one_clear_error_at_line_1_whichever_guard_stops_it(
    tmp_path: Path, content: str
) -> None:
    """What users see may not depend on which layer refuses the file: libyaml
    (since PyYAML 6.0.4) stops at 1,000 levels, advoc at 65."""
    root = ada(tmp_path, content)
    result = run("validate", "--registry", str(root), "--format", "json", "--as-of", AS_OF)
    assert result.exit_code == 1
    [finding] = result.json()["findings"]
    assert (finding["severity"], finding["code"], finding["file"], finding["line"]) == (
        "error",
        "file-unsafe",
        ADA,
        1,
    )
    assert finding["message"].startswith("the data nests deeper than 64 levels"), finding


def test_30000_levels_of_nesting_in_a_mapping_are_refused(tmp_path: Path) -> None:
    root = ada(tmp_path, ADA_TEXT + "notes: " + "{a: " * 30000 + "}" * 30000 + "\n")
    assert only_finding(root) == ("error", "file-unsafe", ADA, 4)


def test_deep_nesting_does_not_crash_the_installed_command(tmp_path: Path) -> None:
    """A stack overflow in C would kill the process with a signal, which no
    in-process test can see: run the installed `advoc` as a subprocess."""
    advoc = ADVOC
    if advoc is None:
        pytest.skip("the advoc command is not installed")
    root = write_registry(
        tmp_path,
        {
            ADA: "[" * 30000,
            "registry/advocates/grace-hopper.yaml": "notes:\n  " + "- " * 30000 + "x\n",
            "registry/groups/deep.yaml": "{a: " * 30000,
        },
    )
    result = subprocess.run(
        [advoc, "validate", "--registry", str(root), "--format", "json", "--as-of", AS_OF],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONFAULTHANDLER": "1"},
        check=False,
    )
    assert result.returncode == 1, result.stderr  # negative: killed by a signal
    assert "Traceback" not in result.stderr
    import json

    codes = {(f["file"], f["code"]) for f in json.loads(result.stdout)["findings"]}
    assert codes == {
        (ADA, "file-unsafe"),
        ("registry/advocates/grace-hopper.yaml", "file-unsafe"),
        ("registry/groups/deep.yaml", "file-unsafe"),
    }


def test_65_levels_are_refused_and_64_are_fine(tmp_path: Path) -> None:
    # The record's own mapping is the first level; each '[' adds one.
    deep = ADA_TEXT + "notes: " + "[" * 64 + "]" * 64 + "\n"
    shallow = (
        ADA_TEXT.replace("ada-lovelace", "grace-hopper") + "notes: " + "[" * 63 + "]" * 63 + "\n"
    )
    root = write_registry(tmp_path, {ADA: deep, "registry/advocates/grace-hopper.yaml": shallow})
    found = findings_of(root, "--as-of", AS_OF)
    assert ("error", "file-unsafe", ADA, 4) in found
    grace = {code for (_, code, file, _) in found if file.endswith("grace-hopper.yaml")}
    assert "file-unsafe" not in grace
    assert grace <= {"schema"}  # notes is not text: that is the schema's business


def test_64_levels_of_block_style_are_fine(tmp_path: Path) -> None:
    block = (
        ADA_TEXT + "notes:\n" + "".join("  " * n + "-\n" for n in range(62)) + "  " * 62 + "- x\n"
    )
    root = ada(tmp_path, block)
    assert {code for (_, code, _, _) in findings_of(root, "--as-of", AS_OF)} <= {"schema"}


# --- YAML 1.2 scalars ------------------------------------------------------


def test_unquoted_no_is_norway(tmp_path: Path) -> None:
    root = ada(tmp_path, ADA_TEXT + "countries: [NO]\n")
    assert findings_of(root, "--as-of", AS_OF) == set()


@pytest.mark.parametrize("value", ["yes", "on", "No", "off", "y", "1:20", "0x", "1_000"])
def test_yaml_1_1_booleans_and_sexagesimals_stay_strings(tmp_path: Path, value: str) -> None:
    # notes wants text: a boolean or a number would be a schema finding.
    root = ada(tmp_path, ADA_TEXT + f"notes: {value}\n")
    assert findings_of(root, "--as-of", AS_OF) == set()


@pytest.mark.parametrize("value", ["yes", "on", "NO"])
def test_yaml_1_1_booleans_are_valid_usernames(tmp_path: Path, value: str) -> None:
    root = ada(tmp_path, f"id: ada-lovelace\nusername: {value}\nlanguages: [en]\n")
    assert findings_of(root, "--as-of", AS_OF) == set()


def test_yaml_1_2_values_that_are_not_strings(tmp_path: Path) -> None:
    from advoc.load.yamlio import parse

    data = parse(
        "a: NO\nb: yes\nc: 1:20\nd: true\ne: 0123\nf: 0o17\ng: 0x1F\nh: ~\ni: 1.5\nj: 2026-01-01\n"
    )
    assert data == {
        "a": "NO",
        "b": "yes",
        "c": "1:20",
        "d": True,
        "e": 123,
        "f": 15,
        "g": 31,
        "h": None,
        "i": 1.5,
        "j": "2026-01-01",
    }


# --- bytes refused before parsing ------------------------------------------


def test_utf16_with_bom_is_refused_at_line_1(tmp_path: Path) -> None:
    root = ada(tmp_path, ADA_TEXT.encode("utf-16"))
    assert only_finding(root) == ("error", "file-unsafe", ADA, 1)


def test_latin1_is_refused_at_the_first_undecodable_byte(tmp_path: Path) -> None:
    root = ada(tmp_path, (ADA_TEXT + "notes: Café Zoë\n").encode("latin-1"))
    assert only_finding(root) == ("error", "file-unsafe", ADA, 4)


def test_nul_byte_on_line_3_is_refused_at_line_3(tmp_path: Path) -> None:
    root = ada(tmp_path, b"id: ada-lovelace\nusername: Ada Lovelace\nlanguages: [en]\x00\n")
    assert only_finding(root) == ("error", "file-unsafe", ADA, 3)


@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\x07", "bell"),
        ("\x1b", "escape"),
        ("\x85", "next line (C1)"),
        ("\x9b", "CSI (C1)"),
        ("\u2029", "paragraph separator"),
        ("\ufffe", "noncharacter U+FFFE (libyaml raised a ReaderError: exit 3)"),
        ("\uffff", "noncharacter U+FFFF"),
    ],
)
def test_other_control_characters_are_refused_at_their_line(
    tmp_path: Path, char: str, name: str
) -> None:
    root = ada(tmp_path, ADA_TEXT + f"notes: before{char}after\n")
    assert only_finding(root) == ("error", "file-unsafe", ADA, 4), name


def test_tab_inside_a_value_is_fine(tmp_path: Path) -> None:
    root = ada(tmp_path, ADA_TEXT + "notes: a\tb\n")
    assert findings_of(root, "--as-of", AS_OF) == set()


def test_symbolic_link_is_refused(tmp_path: Path) -> None:
    target = Path("/etc/hostname")
    if not target.exists():
        target = tmp_path / "outside.yaml"
        target.write_text(ADA_TEXT, encoding="utf-8")
    root = write_registry(tmp_path / "registry-root", {})
    link = root / ADA
    link.parent.mkdir(parents=True)
    link.symlink_to(target)
    assert only_finding(root) == ("error", "file-unsafe", ADA, 1)


def test_symbolic_link_to_a_valid_record_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text(ADA_TEXT, encoding="utf-8")
    root = write_registry(tmp_path / "registry-root", {})
    (root / ADA).parent.mkdir(parents=True)
    (root / ADA).symlink_to(outside)
    assert only_finding(root) == ("error", "file-unsafe", ADA, 1)


def test_symbolic_link_as_a_kind_folder_is_refused(tmp_path: Path) -> None:
    elsewhere = write_registry(tmp_path / "elsewhere", {ADA: ADA_TEXT})
    root = write_registry(tmp_path / "registry-root", {})
    (root / "registry").mkdir()
    (root / "registry" / "advocates").symlink_to(elsewhere / "registry" / "advocates")
    found = findings_of(root, "--as-of", AS_OF)
    assert {(severity, code) for (severity, code, _, _) in found} == {("error", "file-unsafe")}


def test_file_over_1_mib_is_refused(tmp_path: Path) -> None:
    padding = "# " + "x" * 100 + "\n"
    big = ADA_TEXT + padding * (1024 * 1024 // len(padding) + 1)
    assert len(big.encode()) > 1024 * 1024
    root = ada(tmp_path, big)
    assert only_finding(root) == ("error", "file-unsafe", ADA, 1)


def test_file_of_exactly_1_mib_is_read(tmp_path: Path) -> None:
    head = ADA_TEXT + "notes: "
    exact = head + "x" * (1024 * 1024 - len(head) - 1) + "\n"
    assert len(exact.encode()) == 1024 * 1024
    root = ada(tmp_path, exact)
    assert findings_of(root, "--as-of", AS_OF) == set()


def test_lone_surrogate_escape_is_refused(tmp_path: Path) -> None:
    root = ada(tmp_path, ADA_TEXT + 'notes: "\\ud800"\n')
    assert only_finding(root) == ("error", "file-unsafe", ADA, 4)


def test_surrogate_pair_written_as_two_escapes_is_refused_or_joined(tmp_path: Path) -> None:
    """ "\\ud83d\\ude00" is JSON's way of writing one emoji; YAML has no such
    pairing, so each half is a lone surrogate. Whatever advoc does, the value it
    keeps must be valid Unicode (encodable as UTF-8)."""
    from advoc.load import yamlio

    try:
        data = yamlio.parse(ADA_TEXT + 'notes: "\\ud83d\\ude00"\n')
    except yamlio.YamlProblem as problem:
        assert problem.code == "file-unsafe"
        assert problem.line == 4
    else:
        data["notes"].encode("utf-8")


def test_line_separator_in_a_value_is_refused_at_its_line(tmp_path: Path) -> None:
    root = ada(tmp_path, ADA_TEXT + "name: Ada\u2028Lovelace\n")
    assert only_finding(root) == ("error", "file-unsafe", ADA, 4)


def test_escaped_line_separator_is_refused_or_harmless(tmp_path: Path) -> None:
    root = ada(tmp_path, ADA_TEXT + 'notes: "a\\Lb"\n')
    found = findings_of(root, "--as-of", AS_OF)
    assert found in (set(), {("error", "file-unsafe", ADA, 4)})


def test_carriage_return_without_line_feed_is_refused(tmp_path: Path) -> None:
    root = ada(tmp_path, b"id: ada-lovelace\rusername: Ada Lovelace\rlanguages: [en]\r")
    assert only_finding(root) == ("error", "file-unsafe", ADA, 1)


def test_lone_carriage_return_on_line_3_is_refused_at_line_3(tmp_path: Path) -> None:
    root = ada(tmp_path, b"id: ada-lovelace\nusername: Ada Lovelace\nlanguages: [en]\rnotes: x\n")
    assert only_finding(root) == ("error", "file-unsafe", ADA, 3)


def test_crlf_is_fine(tmp_path: Path) -> None:
    root = ada(tmp_path, ADA_TEXT.replace("\n", "\r\n").encode())
    assert findings_of(root, "--as-of", AS_OF) == set()


def test_crlf_lines_are_counted_like_lf(tmp_path: Path) -> None:
    root = ada(tmp_path, (ADA_TEXT + "nmae: Ada\n").replace("\n", "\r\n").encode())
    assert only_finding(root) == ("error", "schema", ADA, 4)


def test_bom_at_the_start_is_fine(tmp_path: Path) -> None:
    root = ada(tmp_path, b"\xef\xbb\xbf" + ADA_TEXT.encode())
    assert findings_of(root, "--as-of", AS_OF) == set()


def test_bom_at_the_start_does_not_shift_lines(tmp_path: Path) -> None:
    root = ada(tmp_path, b"\xef\xbb\xbf" + (ADA_TEXT + "nmae: Ada\n").encode())
    assert only_finding(root) == ("error", "schema", ADA, 4)


def test_bom_in_the_middle_is_refused_at_its_line(tmp_path: Path) -> None:
    root = ada(tmp_path, ADA_TEXT.encode() + b"notes: \xef\xbb\xbfhidden\n")
    assert only_finding(root) == ("error", "file-unsafe", ADA, 4)


def test_two_boms_at_the_start_are_refused(tmp_path: Path) -> None:
    root = ada(tmp_path, b"\xef\xbb\xbf\xef\xbb\xbf" + ADA_TEXT.encode())
    assert only_finding(root) == ("error", "file-unsafe", ADA, 1)


def test_a_directory_named_like_a_record_does_not_crash(tmp_path: Path) -> None:
    root = write_registry(tmp_path, {"registry/advocates/ada-lovelace.yaml/README.md": "x\n"})
    found = findings_of(root, "--as-of", AS_OF)
    assert {code for (_, code, _, _) in found} <= {"file-misplaced", "file-unsafe"}


def test_unreadable_file_is_reported_not_raised(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root can read any file")
    root = ada(tmp_path, ADA_TEXT)
    (root / ADA).chmod(0)
    try:
        assert only_finding(root) == ("error", "file-unsafe", ADA, 1)
    finally:
        (root / ADA).chmod(0o644)


# --- one bad file never stops the others ------------------------------------


def test_one_broken_file_does_not_stop_the_others(tmp_path: Path) -> None:
    root = write_registry(
        tmp_path,
        {
            "registry/advocates/broken.yaml": b"id: broken\x00\n",
            "registry/advocates/deep.yaml": "[" * 30000,
            "registry/advocates/bomb.yaml": "a: &a [x]\nb: [*a, *a]\n",
            "registry/advocates/grace-hopper.yaml": (
                "id: grace-hopper\nusername: Grace Hopper\nlanguages: [en]\n"
                "groups: [no-such-group]\n"
            ),
        },
    )
    assert findings_of(root, "--as-of", AS_OF) == {
        ("error", "file-unsafe", "registry/advocates/broken.yaml", 1),
        ("error", "file-unsafe", "registry/advocates/deep.yaml", 1),
        ("error", "yaml-syntax", "registry/advocates/bomb.yaml", 1),
        ("error", "ref-missing", "registry/advocates/grace-hopper.yaml", 4),
    }


def test_a_reference_to_an_unreadable_record_is_not_also_ref_missing(tmp_path: Path) -> None:
    """The broken file is reported once; records naming it are not blamed too."""
    root = write_registry(
        tmp_path,
        {
            "registry/groups/wikimedia-norge.yaml": (
                "id: wikimedia-norge\n\tname: Wikimedia Norge\n"
            ),
            ADA: ADA_TEXT + "groups: [wikimedia-norge]\n",
        },
    )
    assert findings_of(root, "--as-of", AS_OF) == {
        ("error", "yaml-syntax", "registry/groups/wikimedia-norge.yaml", 2),
    }


# --- ids that collide only on some file systems ------------------------------


def _both_exist(folder: Path, *names: str) -> bool:
    return len({entry.name for entry in folder.iterdir()} & set(names)) == len(names)


def test_ids_differing_only_in_case_collide(tmp_path: Path) -> None:
    """`Ada.yaml` next to `ada.yaml`: the two clash on a case-insensitive file
    system (macOS, Windows). Stored in the test, not in cases/, so that the
    project itself can be checked out there."""
    root = write_registry(
        tmp_path,
        {
            "registry/advocates/ada.yaml": "id: ada\nusername: Ada Lovelace\nlanguages: [en]\n",
            "registry/advocates/Ada.yaml": "id: ada\nusername: Ada King\nlanguages: [en]\n",
        },
    )
    if not _both_exist(root / "registry/advocates", "ada.yaml", "Ada.yaml"):
        pytest.skip("this file system does not keep names differing only in case apart")
    found = findings_of(root, "--as-of", AS_OF)
    # Ada.yaml declares id ada: its file name, not its id, is what others refer to.
    assert ("error", "id-filename", "registry/advocates/Ada.yaml", 1) in found
    duplicates = [item for item in found if item[1] == "id-duplicate"]
    assert len(duplicates) == 1
    assert duplicates[0][2] in ("registry/advocates/ada.yaml", "registry/advocates/Ada.yaml")
    assert len(found) == 2


def test_ids_differing_only_in_unicode_normalization_collide(tmp_path: Path) -> None:
    nfc = unicodedata.normalize("NFC", "zoë") + ".yaml"
    nfd = unicodedata.normalize("NFD", "zoë") + ".yaml"
    assert nfc != nfd
    group = "id: zoe\nname: Zoë\ntype: informal\n"
    root = write_registry(
        tmp_path, {f"registry/groups/{nfc}": group, f"registry/groups/{nfd}": group}
    )
    if not _both_exist(root / "registry/groups", nfc, nfd):
        pytest.skip("this file system normalizes file names")
    found = findings_of(root, "--as-of", AS_OF)
    # Neither file name is a valid id; both declare id zoe.
    assert ("error", "id-filename", f"registry/groups/{nfc}", 1) in found
    assert ("error", "id-filename", f"registry/groups/{nfd}", 1) in found
    duplicates = [item for item in found if item[1] == "id-duplicate"]
    assert len(duplicates) == 1
    assert duplicates[0][2] in (f"registry/groups/{nfc}", f"registry/groups/{nfd}")
    assert len(found) == 3


def test_same_id_in_two_kinds_is_no_duplicate(tmp_path: Path) -> None:
    root = write_registry(
        tmp_path,
        {
            "registry/advocates/wikimedia-norge.yaml": (
                "id: wikimedia-norge\nusername: Wikimedia Norge\nlanguages: [nb]\n"
            ),
            "registry/groups/wikimedia-norge.yaml": (
                "id: wikimedia-norge\nname: Wikimedia Norge\ntype: chapter\n"
            ),
        },
    )
    assert findings_of(root, "--as-of", AS_OF) == set()


# --- dates, times and offsets are never phone numbers ---------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Opened 2019-03-21T10:00:00+01:00, closed 2019-03-28T10:00:00+01:00.",
        "Met at 10:00 UTC+01:00 on 2019-03-21.",
        "UTC+1 2019-03-21",
        "Date: Thu, 21 Mar 2019 10:00:00 +0100",
        "2019-03-21 10:00:00 +0100 (git log)",
        "+2019-03-21",
        "Law LOV-2018-06-15-40 in force 2019-01-01.",
        "Sent 10:00 +0100 2026-01-01 12:00",
    ],
)
def test_dates_times_and_offsets_are_not_phone_numbers(tmp_path: Path, text: str) -> None:
    root = ada(tmp_path, ADA_TEXT + f"notes: '{text}'\n")
    assert findings_of(root, "--as-of", AS_OF) == set()


@pytest.mark.parametrize(
    "phone",
    ["+47 22 33 44 55", "+4722334455", "+44 20 7946 0958", "+1.555.123.4567", "+49-30-1234567"],
)
def test_phone_numbers_are_found(tmp_path: Path, phone: str) -> None:
    root = ada(tmp_path, ADA_TEXT + f"notes: 'Call {phone} after six.'\n")
    assert findings_of(root, "--as-of", AS_OF) == {("warning", "personal-data", ADA, 4)}


def test_reading_one_file_refuses_a_link_a_fifo_and_a_large_file(tmp_path: Path) -> None:
    """What `scan` already keeps from the loader, the read itself refuses too
    (a file may change between the two): without following a link, without
    blocking on a FIFO, without reading past the size limit."""
    from advoc.load import yamlio
    from advoc.load.sources import Folder

    (tmp_path / "plain.yaml").write_bytes(b"id: plain\n")
    (tmp_path / "link.yaml").symlink_to(tmp_path / "plain.yaml")
    os.mkfifo(tmp_path / "fifo.yaml")
    (tmp_path / "big.yaml").write_bytes(b"#" * (yamlio.MAX_BYTES + 1))
    folder = Folder(tmp_path)
    assert folder.read("plain.yaml") == b"id: plain\n"
    for name, message in (
        ("link.yaml", "symbolic link"),
        ("fifo.yaml", "not a regular file"),
        ("big.yaml", "larger than 1 MiB"),
        ("missing.yaml", "cannot be read"),
    ):
        with pytest.raises(yamlio.YamlProblem) as refused:
            folder.read(name)
        assert refused.value.code == "file-unsafe"
        assert message in refused.value.message, (name, refused.value.message)
