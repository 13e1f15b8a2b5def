"""The fastest YAML path (one flat mapping of plain words, as a vote file is) reads
exactly what libyaml reads, and leaves every other text to it."""

from __future__ import annotations

from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from advoc.load.yamlio import YamlProblem, _flat, parse_by_events

KEYS = st.sampled_from(["id", "user", "position", "date", "decision", "yes", "n", "a_b", "<<"])
# values from the characters that decide how YAML reads a line
VALUES = st.text(
    alphabet=st.sampled_from(list("ab09 .:#-'\"[]{},&*!|>%@`?~+eE_xoZTyY\\/\u00e9\u05d0\ufffe")),
    max_size=12,
)
LINES = st.one_of(
    st.tuples(KEYS, VALUES).map(lambda kv: f"{kv[0]}: {kv[1]}"),
    st.tuples(KEYS, VALUES).map(lambda kv: f"{kv[0]}:{kv[1]}"),
    st.sampled_from(["# a comment", "", "  indented: x", "- item", "---", "...", "key:"]),
)


def full(text: str) -> Any:
    try:
        return parse_by_events(text)
    except YamlProblem as problem:
        return ("problem", problem.code)


@settings(max_examples=3000, deadline=None)
@given(st.lists(LINES, max_size=6))
@example(["user: Ada Lovelace", "date: 2026-11-01T10:00:00Z", "position: support"])
@example(["n: 0x1F", "f: .inf", "z: ~", "b: TRUE", "o: 0o17", "s: yes"])
@example(["a: b #c", "a: x"])
@example(['date: "2018-12-28T07:20:00Z"', "b: 'x'", 'c: ""', "d: 'it''s'", 'e: "a\\nb"'])
def test_the_flat_path_agrees_with_libyaml(lines: list[str]) -> None:
    text = "\n".join(lines) + "\n"
    fast = _flat(text)
    if fast is not None:
        assert full(text) == fast, text


def test_vote_files_take_the_flat_path() -> None:
    vote = (
        "# One vote, in its own file.\ndecision: 2026-statement\nuser: Ada Lovelace\n"
        "position: support\ndate: 2026-11-01T10:00:00Z\ncomment: Yes, clearly so.\n"
    )
    assert _flat(vote) == full(vote)
    assert _flat("comment: 'it''s'\n") is None  # a quote inside quotes: libyaml reads it
    assert _flat("a: b\na: c\n") is None  # a repeated key: libyaml's finding
