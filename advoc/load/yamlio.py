"""The only place that reads YAML.

Registry files are read with libyaml's event parser and built into plain
dicts, lists and scalars by `_Builder`, one event at a time. Working from
events instead of PyYAML's constructors lets one iterative pass enforce the
format's rules (YAML 1.2 core-schema scalars, one document, no anchors,
aliases, tags, directives, merge keys or repeated keys, at most 64 levels)
without recursion, so that no input can exhaust the stack, and it is about
twice as fast as `yaml.CSafeLoader`.

Positions are not kept while loading: `locate` re-reads one file to find the
line of a path, for the few files that have a finding.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import yaml
from yaml import events as ev
from yaml._yaml import CParser
from yaml.nodes import ScalarNode, SequenceNode

from advoc.model.findings import Path

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 64

# What YAML does not allow in a stream (its printable set leaves out C0 and C1
# controls but tab, line feed and carriage return, and the noncharacters U+FFFE
# and U+FFFF), and the line and paragraph separators and a BOM inside the text.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
_LONE_CR = re.compile("\r(?!\n)")
_FORBIDDEN_NAMES = {
    "\x00": "a NUL byte",
    "\r": "a carriage return not followed by a line feed",
    "\u2028": "a line separator (U+2028)",
    "\u2029": "a paragraph separator (U+2029)",
    "\ufeff": "a byte-order mark after the start of the file",
    "\ufffe": "the noncharacter U+FFFE",
    "\uffff": "the noncharacter U+FFFF",
}

# YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#103-core-schema).
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+")
_OCT = re.compile(r"0o[0-7]+")
_HEX = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_INF = re.compile(r"[-+]?\.(inf|Inf|INF)")
_NAN = frozenset((".nan", ".NaN", ".NAN"))
_MAYBE_NOT_STRING = frozenset("0123456789-+.~nNtTfF")


class YamlProblem(Exception):
    """Why a file cannot be read: `code` is `yaml-syntax` or `file-unsafe`."""

    def __init__(self, code: str, message: str, line: int = 1, column: int | None = None) -> None:
        super().__init__(code, message, line, column)
        self.code = code
        self.message = message
        self.line = line
        self.column = column


def decode(data: bytes) -> str:
    """Bytes to text, refusing what the format forbids before any parsing."""
    if len(data) > MAX_BYTES:
        raise YamlProblem("file-unsafe", f"the file is larger than 1 MiB ({len(data)} bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        hint = " (it looks like UTF-16)" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
        raise YamlProblem(
            "file-unsafe",
            f"the file is not valid UTF-8{hint}: byte {exc.start} cannot be decoded; "
            "save it as UTF-8",
            line,
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    bad = _FORBIDDEN.search(text) or ("\r" in text and _LONE_CR.search(text))
    if bad:
        char = bad.group()
        name = _FORBIDDEN_NAMES.get(char[0], f"the control character U+{ord(char[0]):04X}")
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - text.rfind("\n", 0, bad.start())
        raise YamlProblem("file-unsafe", f"the file holds {name}; remove it", line, column)
    return text


def dump(data: Any) -> str:
    """Plain data as block-style YAML: safe, keys in their order, text as written
    (not escaped). Strings that a YAML 1.1 reader would take for something else
    (`NO`, `yes`, `2026-01-01`, `0123`) are quoted, so every reader gets strings."""
    return yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=1000
    )


def parse_bytes(data: bytes) -> Any:
    return parse(decode(data))


def parse(text: str) -> Any:
    """Text of one registry file to plain data, or `YamlProblem`."""
    flat = _flat(text)
    if flat is not None:
        return flat
    if _composable(text):
        try:
            return _result(_build(_Composer(text).get_single_node(), 0))
        except (yaml.MarkedYAMLError, yaml.reader.ReaderError):
            pass  # read it again event by event, which reports the first problem
    return parse_by_events(text)


def parse_by_events(text: str) -> Any:
    """`parse` on its slower, general path only (the tests compare the two)."""
    try:
        builder = _Builder()
        for event in _events(text):
            builder.feed(event)
        return builder.result()
    except yaml.MarkedYAMLError as exc:
        problem = _from_libyaml(exc)
        # libyaml may report a problem at the end of the stream, past the last line
        lines = text.count("\n") + (0 if text.endswith("\n") else 1)
        problem.line = max(1, min(problem.line, lines))
        raise problem from None
    except yaml.reader.ReaderError as exc:  # text that did not come through `decode`
        where = exc.position if isinstance(exc.position, int) else 0
        line = text.count("\n", 0, where) + 1
        column = where - text.rfind("\n", 0, where)
        raise YamlProblem(
            "file-unsafe",
            f"the file holds U+{exc.character:04X}, which YAML does not allow; remove it",
            line,
            column,
        ) from None


class VersionReader:
    """Reads many versions of one file as `parse_bytes` does, parsing only what
    is new in each: `advoc history` reads hundreds of versions of a record, and
    each differs from the one before in a field or two.

    A version whose lines show its top-level entries plainly (each starts at a
    line's start with `key:`; every other line is indented, a `- ` item of the
    entry above, a comment or blank) is read entry by entry, and an entry's
    text seen in an earlier version gives the value it gave then. Anything
    else, and any entry that cannot be read alone, is read whole by `parse`,
    which also gives every problem its line. Values are shared between the
    versions read: treat them as read-only.
    """

    def __init__(self) -> None:
        self._entries: dict[str, tuple[str, Any]] = {}

    def parse_bytes(self, data: bytes) -> Any:
        text = decode(data)
        entries = _top_level_entries(text)
        if entries is None:
            return parse(text)
        result: dict[str, Any] = {}
        for entry in entries:
            known = self._entries.get(entry)
            if known is None:
                try:
                    alone = parse(entry)
                except YamlProblem:
                    return parse(text)
                if len(alone) != 1:
                    return parse(text)
                known = self._entries[entry] = next(iter(alone.items()))
            key, value = known
            if key in result:
                return parse(text)  # a repeated key: `parse` says where
            result[key] = value
        return result


_ENTRY_KEY = r"[A-Za-z0-9_][A-Za-z0-9_-]*:(?: |$)"
_ENTRY_START = re.compile("^" + _ENTRY_KEY, re.MULTILINE)
# A line that neither starts an entry nor belongs to one: it begins with
# something other than a space, `#` or a `- ` item (`...`, `---`, a tab, a
# quote...). Such a file is read whole: after `...`, for one, the entries
# each read alone, but the file holds two documents.
_OTHER_LINE = re.compile(f"^(?:-(?! |$)|(?=[^ #\n-])(?!{_ENTRY_KEY}))", re.MULTILINE)
_COMMENTS = re.compile(r"(?:#[^\n]*\n|\n)*")


def _top_level_entries(text: str) -> list[str] | None:
    """The text of each top-level entry, or None if lines alone cannot tell them."""
    if _OTHER_LINE.search(text):
        return None
    starts = [match.start() for match in _ENTRY_START.finditer(text)]
    if not starts or not _COMMENTS.fullmatch(text, 0, starts[0]):
        return None
    return [text[start:end] for start, end in zip(starts, [*starts[1:], len(text)], strict=True)]


# The fast path: libyaml composes the node tree in C and `_build` turns it into
# data. It is taken only when the text cannot hold what the event path refuses:
# an anchor needs `&`, an alias `*`, a tag `!`, a directive `%` at a line start;
# and since every mapping or list needs an indicator of its own (one of `[{-?:`),
# their count bounds the depth, which keeps libyaml's recursion far from the
# stack's limit.
_COMPOSE_LIMIT = 2000


def _composable(text: str) -> bool:
    if "&" in text or "*" in text or "!" in text or text.startswith("%") or "\n%" in text:
        return False
    indicators = (
        text.count("[") + text.count("{") + text.count("-") + text.count(":") + text.count("?")
    )
    return indicators <= _COMPOSE_LIMIT


# The fastest path, for the many files that are one flat mapping of plain words
# (a vote: `decision: ...`, `user: ...`, `position: ...`, `date: "..."`): read line
# by line, each line a comment or `key: value` with a plain scalar that cannot be
# anything but what it looks like, or a quoted one with no quote or backslash in
# it. Anything else (an indented line, a flow or block indicator, a comment after
# a value, a repeated key, a character YAML does not print) goes to libyaml,
# which also finds the problems. A property test holds the two to the same data.
_FLAT_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?: +(.*))?")
_FLAT_START = frozenset("#'\"[]{},&*!|>%@`-?: ")


def _flat(text: str) -> dict[str, Any] | None:
    if "\r" in text or "\t" in text or "\ufffe" in text or "\uffff" in text:
        return None
    mapping: dict[str, Any] = {}
    for line in text.split("\n"):
        if not line or line[0] == "#":
            continue
        match = _FLAT_LINE.fullmatch(line)
        if match is None:
            return None
        key, value = match.group(1), (match.group(2) or "").rstrip(" ")
        if key in mapping or key == "<<":
            return None
        quote = value[:1]
        if quote in ("'", '"') and len(value) >= 2 and value[-1] == quote:
            inner = value[1:-1]  # quoted: text, when nothing in it needs reading
            if quote in inner or "\\" in inner:
                return None
            mapping[key] = inner
            continue
        if value and (
            value[0] in _FLAT_START or " #" in value or ": " in value or value[-1] == ":"
        ):
            return None
        mapping[key] = _resolve(value, None)
    return mapping or None


class _Composer(CParser):
    """libyaml's composer with a resolver that does nothing: `_build` resolves."""

    def descend_resolver(self, *args: Any) -> None:
        pass

    def ascend_resolver(self, *args: Any) -> None:
        pass

    def resolve(self, *args: Any) -> str:
        return ""


def _build(node: Any, depth: int) -> Any:
    kind = type(node)
    if kind is ScalarNode:
        return _resolve(node.value, node.style)
    if node is None:
        return None
    if depth >= MAX_DEPTH:
        raise _problem("file-unsafe", _TOO_DEEP, node)
    if kind is SequenceNode:
        return [_build(item, depth + 1) for item in node.value]
    mapping: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = _check_key(key_node, mapping)
        mapping[key] = _build(value_node, depth + 1)
    return mapping


def _result(root: Any) -> Any:
    if root is None:
        raise YamlProblem("yaml-syntax", _EMPTY)
    if not isinstance(root, dict):
        raise YamlProblem("yaml-syntax", _NOT_MAPPING)
    return root


def _events(text: str) -> Iterator[ev.Event]:
    parser = CParser(text)
    while True:
        event = parser.get_event()
        if event is None:
            return
        yield event


class _Builder:
    def __init__(self) -> None:
        self.stack: list[dict[str, Any] | list[Any]] = []
        self.keys: list[tuple[str, ev.ScalarEvent] | None] = []
        self.root: Any = _MISSING
        self.documents = 0

    def feed(self, event: ev.Event) -> None:
        kind = type(event)
        if kind is ev.ScalarEvent:
            self._refuse_anchor_and_tag(event)
            self._add(_scalar(event), event)  # type: ignore[arg-type]
        elif kind is ev.MappingStartEvent or kind is ev.SequenceStartEvent:
            self._refuse_anchor_and_tag(event)
            if len(self.stack) >= MAX_DEPTH:
                raise _problem("file-unsafe", _TOO_DEEP, event)
            container: dict[str, Any] | list[Any] = {} if kind is ev.MappingStartEvent else []
            self._add(container, event)
            self.stack.append(container)
            self.keys.append(None)
        elif kind is ev.MappingEndEvent or kind is ev.SequenceEndEvent:
            self.stack.pop()
            self.keys.pop()
        elif kind is ev.DocumentStartEvent:
            self._document(event)  # type: ignore[arg-type]
        elif kind is ev.AliasEvent:
            raise _problem(
                "yaml-syntax",
                "aliases (*name) are not allowed in registry files; write the value out",
                event,
            )

    def _document(self, event: ev.DocumentStartEvent) -> None:
        self.documents += 1
        if self.documents > 1:
            raise _problem("yaml-syntax", _TWO_DOCUMENTS, event)
        if event.version or event.tags:
            raise _problem(
                "yaml-syntax",
                "directives such as %YAML or %TAG are not allowed; remove the line",
                event,
            )

    def _refuse_anchor_and_tag(self, event: Any) -> None:
        if event.anchor is not None:
            raise _problem(
                "yaml-syntax",
                f"anchors (&{event.anchor}) are not allowed in registry files; write the value out",
                event,
            )
        if event.tag is not None:
            written = event.tag.replace("tag:yaml.org,2002:", "!!", 1)
            raise _problem(
                "yaml-syntax",
                f"tags such as {written} are not allowed in registry files; remove it",
                event,
            )

    def _add(self, value: Any, event: Any) -> None:
        if not self.stack:
            self.root = value
            return
        parent = self.stack[-1]
        if type(parent) is list:
            parent.append(value)
            return
        assert isinstance(parent, dict)
        pending = self.keys[-1]
        if pending is None:
            self.keys[-1] = (_check_key(event, parent), event)
        else:
            parent[pending[0]] = value
            self.keys[-1] = None

    def result(self) -> Any:
        return _result(None if self.root is _MISSING else self.root)


_MISSING = object()
_TOO_DEEP = f"the data nests deeper than {MAX_DEPTH} levels; registry files need only a few"
_TWO_DOCUMENTS = (
    "the file holds more than one YAML document (a second '---'); put each record in its own file"
)
_EMPTY = "the file is empty; a record needs at least an id"
_NOT_MAPPING = "the top level of a registry file must be a mapping of fields (key: value)"


def _check_key(node: Any, mapping: dict[str, Any]) -> str:
    """A mapping key (an event or a node): a plain scalar, not `<<`, not repeated."""
    if type(node) is not ev.ScalarEvent and type(node) is not ScalarNode:
        raise _problem("yaml-syntax", "a key must be a plain word, not a list or a mapping", node)
    key: str = node.value
    if key == "<<" and not node.style:
        raise _problem(
            "yaml-syntax",
            "merge keys (<<) are not allowed in registry files; write the fields out",
            node,
        )
    if key in mapping:
        raise _problem(
            "yaml-syntax",
            f"the key '{key}' appears twice in the same mapping; keep one of them "
            "(other tools would silently use only the last)",
            node,
        )
    return key


def _scalar(event: ev.ScalarEvent) -> Any:
    return _resolve(event.value, event.style)


def _resolve(value: str, style: str | None) -> Any:
    """A scalar by the YAML 1.2 core schema: only plain scalars can be other than text."""
    if style or (value and value[0] not in _MAYBE_NOT_STRING):
        return value
    if value in _NULLS:
        return None
    if value in _BOOLS:
        return _BOOLS[value]
    if _INT.fullmatch(value):
        return int(value)
    if _OCT.fullmatch(value):
        return int(value[2:], 8)
    if _HEX.fullmatch(value):
        return int(value[2:], 16)
    if _FLOAT.fullmatch(value):
        return float(value)
    if _INF.fullmatch(value):
        return float("-inf") if value[0] == "-" else float("inf")
    if value in _NAN:
        return float("nan")
    return value


def _problem(code: str, message: str, event: Any) -> YamlProblem:
    mark = event.start_mark
    return YamlProblem(code, message, mark.line + 1, mark.column + 1)


_LIBYAML_HINTS = (
    (
        "found character that cannot start any token",
        "a character that cannot start a value here, often a tab used for indentation; "
        "YAML allows only spaces for indentation",
    ),
    (
        "found a tab character that violates indentation",
        "a tab is used for indentation; YAML allows only spaces for indentation",
    ),
    (
        "could not find expected ':'",
        "this line is not a `key: value` pair; add the key and a colon, or indent it "
        "under the field it continues",
    ),
    (
        "found invalid Unicode character escape code",
        "an escape such as \\ud800 names no valid Unicode character",
    ),
    (
        "mapping values are not allowed",
        "a ':' followed by a space where no new key can start; put the value in quotes",
    ),
    ("found undefined alias", "aliases (*name) are not allowed in registry files"),
    ("found unexpected end of stream", "a quote or bracket is opened but never closed"),
)


def _from_libyaml(exc: yaml.MarkedYAMLError) -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    if (
        exc.context_mark is not None
        and exc.problem
        and ("end of stream" in exc.problem or exc.context == "while scanning a simple key")
    ):
        # where the unclosed quote or bracket opens, or the line that lacks its ':'
        mark = exc.context_mark
    problem = exc.problem or "the file is not valid YAML"
    if "maximum nesting depth" in problem:
        # libyaml 0.2.6 (PyYAML 6.0.4) stops at 1,000 levels before advoc's own
        # guard sees the 65th: the user gets the same finding whichever fires.
        return YamlProblem("file-unsafe", _TOO_DEEP, *_position(mark))
    if exc.context:
        problem = f"{problem} ({exc.context})"
    code = "file-unsafe" if "invalid Unicode" in problem else "yaml-syntax"
    for needle, hint in _LIBYAML_HINTS:
        if needle in problem:
            problem = hint
            break
    else:
        if exc.context == "expected a single document in the stream":
            return YamlProblem("yaml-syntax", _TWO_DOCUMENTS, *_position(mark))
    message = f"not valid YAML: {problem}"
    return YamlProblem(code, message, *_position(mark))


def _position(mark: Any) -> tuple[int, int | None]:
    return (1, None) if mark is None else (mark.line + 1, mark.column + 1)


def locate(text: str, path: Path) -> tuple[int, int]:
    """1-based line and column of `path` in a file's text: the key of a mapping
    entry, the item of a list, or the deepest part of the path that exists."""
    best = (1, 1)
    frames: list[_Frame] = []
    for event in _events(text):
        kind = type(event)
        if kind is ev.MappingEndEvent or kind is ev.SequenceEndEvent:
            frames.pop()
            continue
        if kind not in _NODE_EVENTS:
            continue
        here, positioned = _step(frames, event)
        if positioned and here == path[: len(here)]:
            mark: Any = event.start_mark
            best = (mark.line + 1, mark.column + 1)
            if here == path:
                return best
        if kind is not ev.ScalarEvent:
            frames.append(_Frame(here, kind is ev.MappingStartEvent))
    return best


_NODE_EVENTS = (ev.ScalarEvent, ev.MappingStartEvent, ev.SequenceStartEvent)


class _Frame:
    """A mapping or list `locate` is inside, and how far it has read into it."""

    __slots__ = ("index", "is_mapping", "key", "path")

    def __init__(self, path: Path, is_mapping: bool) -> None:
        self.path = path
        self.is_mapping = is_mapping
        self.key: str | None = None
        self.index = 0


def _step(frames: list[_Frame], event: Any) -> tuple[Path, bool]:
    """The path of the node an event starts, and whether the event's position
    stands for that path (a key stands for its entry; the entry's value does not)."""
    if not frames:
        return (), False
    frame = frames[-1]
    if not frame.is_mapping:
        frame.index += 1
        return (*frame.path, frame.index - 1), True
    if frame.key is None:
        frame.key = event.value if type(event) is ev.ScalarEvent else ""
        return (*frame.path, frame.key), True
    here: Path = (*frame.path, frame.key)
    frame.key = None
    return here, False
