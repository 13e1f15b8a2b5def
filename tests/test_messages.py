"""Messages are read by people who are not programmers: each one names the
field, says what is wrong and how to fix it (registry-format.md: "a message
that says what is wrong and how to fix it"; cli.md: "every message says what
is wrong and what to do next")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import validated, write_registry

AS_OF = "2026-11-01"
ADA = "registry/advocates/ada-lovelace.yaml"
ADA_TEXT = "id: ada-lovelace\nusername: Ada Lovelace\nlanguages: [en]\n"


def the_finding(tmp_path: Path, files: dict[str, str | bytes], code: str) -> dict[str, Any]:
    """The one finding with `code` that `advoc validate --format json` reports."""
    root = write_registry(tmp_path, files)
    _, findings = validated(root, "--as-of", AS_OF)
    found = [finding for finding in findings if finding["code"] == code]
    assert len(found) == 1, findings
    finding: dict[str, Any] = found[0]
    return finding


def test_unknown_field_suggests_the_close_spelling(tmp_path: Path) -> None:
    finding = the_finding(tmp_path, {ADA: ADA_TEXT + "nmae: Ada Lovelace\n"}, "schema")
    assert "'nmae'" in finding["message"]
    assert "'name'" in finding["message"]
    assert finding["field"] == "nmae"
    assert finding["line"] == 4


def test_unknown_field_without_a_close_spelling_lists_the_allowed_fields(tmp_path: Path) -> None:
    files = {"registry/groups/wmno.yaml": "id: wmno\nname: WMNO\ntype: chapter\nxyzzy: 1\n"}
    message = the_finding(tmp_path, files, "schema")["message"]
    assert "'xyzzy'" in message
    for field in ("countries", "regions", "website", "contact"):
        assert field in message


def test_a_number_where_text_is_wanted_says_to_quote_it(tmp_path: Path) -> None:
    finding = the_finding(
        tmp_path, {ADA: "id: ada-lovelace\nusername: 12345\nlanguages: [en]\n"}, "schema"
    )
    assert finding["field"] == "username"
    assert "12345" in finding["message"]
    assert "quote" in finding["message"]


def test_a_leading_zero_number_says_to_quote_it(tmp_path: Path) -> None:
    finding = the_finding(
        tmp_path, {ADA: "id: ada-lovelace\nusername: 0123\nlanguages: [en]\n"}, "schema"
    )
    assert finding["field"] == "username"
    assert "quote" in finding["message"]
    assert "leading zero" in finding["message"]  # 0123 was read as 123


def test_true_where_text_is_wanted_says_to_quote_it(tmp_path: Path) -> None:
    finding = the_finding(
        tmp_path, {ADA: "id: ada-lovelace\nusername: true\nlanguages: [en]\n"}, "schema"
    )
    assert "quote" in finding["message"]


def test_a_number_as_a_title_says_to_quote_it(tmp_path: Path) -> None:
    files = {
        "registry/campaigns/c2026.yaml": (
            "id: c2026\ntitle: 2026\nstatus: planned\nstart: 2026-01-01\n"
        )
    }
    finding = the_finding(tmp_path, files, "schema")
    assert finding["field"] == "title"
    assert "quote" in finding["message"]


def test_a_bad_language_key_in_a_text_map_is_named(tmp_path: Path) -> None:
    files = {
        "registry/campaigns/c2026.yaml": (
            "id: c2026\ntitle: {en: Open access, English: Open access}\nstatus: planned\n"
            "start: 2026-01-01\n"
        )
    }
    message = the_finding(tmp_path, files, "schema")["message"]
    assert "'English'" in message
    assert "{'" not in message


def test_missing_required_field_names_it_and_says_add(tmp_path: Path) -> None:
    finding = the_finding(tmp_path, {ADA: "id: ada-lovelace\nusername: Ada Lovelace\n"}, "schema")
    assert "'languages'" in finding["message"]
    assert "add" in finding["message"]


def test_missing_field_in_a_list_item_names_the_item(tmp_path: Path) -> None:
    text = ADA_TEXT + "roles:\n  - role: spokesperson\n    start: 2026-01-01\n"
    finding = the_finding(tmp_path, {ADA: text}, "schema")
    assert finding["field"] == "roles[0]"
    assert "'granted_by'" in finding["message"]
    assert finding["line"] == 5


def test_bad_enum_lists_the_allowed_values(tmp_path: Path) -> None:
    files = {"registry/groups/wmno.yaml": "id: wmno\nname: WMNO\ntype: society\n"}
    message = the_finding(tmp_path, files, "schema")["message"]
    assert "society" in message
    for option in ("chapter", "thematic-org", "user-group", "foundation", "hub", "informal"):
        assert option in message


def test_bad_date_names_the_field_and_the_expected_form(tmp_path: Path) -> None:
    files = {
        "registry/campaigns/leap.yaml": (
            "id: leap\ntitle: Leap\nstatus: planned\nstart: 2024-02-30\n"
        )
    }
    finding = the_finding(tmp_path, files, "schema")
    assert finding["field"] == "start"
    assert "2024-02-30" in finding["message"]
    assert "YYYY-MM-DD" in finding["message"]


def test_timestamp_without_offset_shows_an_example_with_an_offset(tmp_path: Path) -> None:
    files = {
        "registry/decisions/d.yaml": (
            "id: d\ntitle: D\ntype: statement\nprocess: p\nstatus: open\n"
            "opened: 2019-03-01T10:00:00\n"
        ),
        "rules/processes/p.yaml": "id: p\nname: P\napplies_to: [statement]\n",
    }
    message = the_finding(tmp_path, files, "schema")["message"]
    assert "opened" in message
    assert "Z" in message and "+01:00" in message


def test_ref_missing_names_the_missing_file(tmp_path: Path) -> None:
    text = ADA_TEXT + "groups: [wikimedia-norge]\n"
    finding = the_finding(tmp_path, {ADA: text}, "ref-missing")
    assert "registry/groups/wikimedia-norge.yaml" in finding["message"]
    assert finding["field"] == "groups[0]"


def test_ref_missing_granted_by_as_in_the_cli_documentation(tmp_path: Path) -> None:
    text = (
        ADA_TEXT
        + "roles:\n  - role: spokesperson\n    start: 2026-01-01\n    granted_by: 2026-grant-ada\n"
    )
    root = write_registry(tmp_path, {ADA: text})
    _, findings = validated(root, "--as-of", AS_OF)
    by_field = {f["field"]: f for f in findings if f["code"] == "ref-missing"}
    finding = by_field["roles[0].granted_by"]
    assert finding["record"] == "advocate/ada-lovelace"
    assert finding["line"] == 7
    assert "2026-grant-ada" in finding["message"]
    assert "registry/decisions/2026-grant-ada.yaml" in finding["message"]
    assert "rules/roles/spokesperson.yaml" in by_field["roles[0].role"]["message"]


def test_ref_kind_says_which_kinds_are_accepted(tmp_path: Path) -> None:
    files = {
        "registry/feedback/f.yaml": (
            "id: f\nabout: role/spokesperson\nauthor: Ada Lovelace\ndate: 2026-10-01\n"
            "kind: question\nsummary: Who?\nstatus: acknowledged\n"
        )
    }
    message = the_finding(tmp_path, files, "ref-kind")["message"]
    assert "role/spokesperson" in message
    assert "advocate/" in message and "decision/" in message


def test_date_order_names_both_dates(tmp_path: Path) -> None:
    text = ADA_TEXT + (
        "roles:\n  - role: r\n    start: 2026-03-01\n    end: 2026-02-01\n    granted_by: d\n"
    )
    message = the_finding(tmp_path, {ADA: text}, "date-order")["message"]
    assert "2026-03-01" in message and "2026-02-01" in message
    assert "end" in message and "start" in message


def test_id_filename_says_how_to_fix(tmp_path: Path) -> None:
    finding = the_finding(
        tmp_path, {ADA: "id: ada\nusername: Ada Lovelace\nlanguages: [en]\n"}, "id-filename"
    )
    assert "ada-lovelace.yaml" in finding["message"]
    assert "rename" in finding["message"]


def test_id_filename_never_suggests_an_invalid_id(tmp_path: Path) -> None:
    files = {"registry/advocates/Ada.yaml": "id: ada\nusername: Ada\nlanguages: [en]\n"}
    message = the_finding(tmp_path, files, "id-filename")["message"]
    assert "id: Ada" not in message
    assert "ada.yaml" in message


def test_personal_data_says_what_was_found_and_why_it_matters(tmp_path: Path) -> None:
    text = ADA_TEXT + "notes: Call +47 22 33 44 55.\n"
    message = the_finding(tmp_path, {ADA: text}, "personal-data")["message"]
    assert "+47 22 33 44 55" in message
    assert "public" in message


def test_text_invisible_names_the_character(tmp_path: Path) -> None:
    text = "id: ada-lovelace\nusername: Ada\u200bLovelace\nlanguages: [en]\n"
    message = the_finding(tmp_path, {ADA: text}, "text-invisible")["message"]
    assert "U+200B" in message
    assert "delete" in message


def test_tab_indentation_says_to_use_spaces(tmp_path: Path) -> None:
    text = "id: ada-lovelace\nusername: Ada Lovelace\nlanguages:\n\t- en\n"
    message = the_finding(tmp_path, {ADA: text}, "yaml-syntax")["message"]
    assert "tab" in message and "spaces" in message


def test_repeated_key_names_the_key(tmp_path: Path) -> None:
    message = the_finding(tmp_path, {ADA: ADA_TEXT + "username: Ada\n"}, "yaml-syntax")["message"]
    assert "'username'" in message


def test_utf16_says_to_save_as_utf8(tmp_path: Path) -> None:
    message = the_finding(tmp_path, {ADA: ADA_TEXT.encode("utf-16")}, "file-unsafe")["message"]
    assert "UTF-8" in message
    assert "UTF-16" in message


def test_colon_in_a_plain_value_says_to_quote_it(tmp_path: Path) -> None:
    text = ADA_TEXT + "notes: Note: ask first\n"
    finding = the_finding(tmp_path, {ADA: text}, "yaml-syntax")
    assert finding["line"] == 4
    assert "quote" in finding["message"]


def test_tag_is_shown_as_written(tmp_path: Path) -> None:
    text = ADA_TEXT + 'notes: !!python/object/apply:os.system ["echo"]\n'
    message = the_finding(tmp_path, {ADA: text}, "yaml-syntax")["message"]
    assert "!!python/object/apply:os.system" in message
    assert "tag:yaml.org" not in message


def test_unclosed_quote_points_at_the_opening_quote(tmp_path: Path) -> None:
    text = 'id: ada-lovelace\nusername: "Ada Lovelace\nlanguages: [en]\nnotes: x\n'
    finding = the_finding(tmp_path, {ADA: text}, "yaml-syntax")
    assert finding["line"] == 2


def test_every_message_is_a_sentence_without_python_noise(tmp_path: Path) -> None:
    """Across a registry with many kinds of problem: no tracebacks, no 'None',
    no Python class names, and each message ends with what to do."""
    files: dict[str, str | bytes] = {
        ADA: ADA_TEXT + "nmae: x\ngroups: [nope]\nnotes: mail ada@example.org\n",
        "registry/advocates/b.yaml": b"id: b\x00\n",
        "registry/advocates/c.yaml": "id: x\nusername: C\nlanguages: [en]\n",
        "registry/advocates/d.yaml": "id: d\nusername: D\nlanguages: [en]\nusername: E\n",
        "registry/advocates/e.yml": "id: e\n",
        "registry/advocates/f.txt": "stray\n",
    }
    root = write_registry(tmp_path, files)
    _, findings = validated(root, "--as-of", AS_OF)
    messages = [finding["message"] for finding in findings]
    assert len(messages) >= 7
    for message in messages:
        assert message.strip() == message and len(message) > 20
        for noise in ("Traceback", "None", "Error(", "<class", "jsonschema", "\\n"):
            assert noise not in message, message


def test_a_line_without_a_key_is_reported_at_that_line(tmp_path: Path) -> None:
    text = ADA_TEXT + "Ada was born in London\nnotes: x\n"
    finding = the_finding(tmp_path, {ADA: text}, "yaml-syntax")
    assert finding["line"] == 4
    assert "simple key" not in finding["message"]


def test_a_tab_before_a_key_says_to_use_spaces(tmp_path: Path) -> None:
    text = "id: ada-lovelace\n\tusername: Ada Lovelace\nlanguages: [en]\n"
    finding = the_finding(tmp_path, {ADA: text}, "yaml-syntax")
    assert finding["line"] == 2
    assert "spaces" in finding["message"]
