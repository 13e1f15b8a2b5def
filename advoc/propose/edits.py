"""Edits that keep the file: round-trip YAML for the few files a proposal changes.

ruamel.yaml keeps comments, key order, quoting, blank lines and long lines.
Every edit is proved: the new text is parsed again with advoc's own loader
and must equal the old data with exactly the intended changes applied, or the
edit is refused. The loader (`yamlio`) stays the only reader of registries;
ruamel is used here alone, to write.
"""

from __future__ import annotations

import copy
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from advoc.errors import RefusedError
from advoc.load import yamlio
from advoc.load.resources import shipped

Path = tuple[str | int, ...]


class Stamp(str):
    """A date or timestamp, written plain (`2026-11-23`) rather than quoted."""


@dataclass(frozen=True)
class Set:
    path: Path  # to a mapping key; the key is added (in schema order) if missing
    value: Any


@dataclass(frozen=True)
class Append:
    path: Path  # to a list; created if missing
    value: Any


Operation = Set | Append


class EditError(RefusedError):
    """An edit advoc cannot make while keeping the rest of the file: refused."""

    def __init__(self, message: str) -> None:
        super().__init__(
            message,
            hint="Make the change by hand in the file, then run `advoc propose edit`.",
        )


def _yaml(text: str = "") -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1_000_000  # never re-wrap a long line
    mapping, sequence, offset = _indents(text)
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    yaml.representer.add_representer(Stamp, _represent_stamp)
    return yaml


def _represent_stamp(representer: Any, value: Stamp) -> Any:
    # Tagged as a timestamp, the scalar resolves implicitly and is written plain.
    return representer.represent_scalar("tag:yaml.org,2002:timestamp", str(value))


_ITEM = re.compile(r"^( *)- ")
_KEY = re.compile(r"^( *)[^\s#-][^:]*:\s*(#.*)?$")


def _indents(text: str) -> tuple[int, int, int]:
    """(mapping, sequence, offset) as the file already writes them: lists under
    their key (`key:\\n  - a`, the registry's style) or flush with it (`- a`)."""
    previous_key = None
    for line in text.splitlines():
        item = _ITEM.match(line)
        if item and previous_key is not None:
            offset = len(item.group(1)) - previous_key
            return 2, offset + 2, offset
        key = _KEY.match(line)
        previous_key = len(key.group(1)) if key else None
    return 2, 4, 2


def _schema_order(kind: str) -> list[str]:
    schema = json.loads((shipped("schemas") / f"{kind}.schema.json").read_text("utf-8"))
    return list(schema.get("properties", {}))


def edit(text: str, kind: str, operations: Sequence[Operation]) -> str:
    """`text` with the operations applied, everything else as it was.

    Only the top-level fields the operations change are rewritten; every other
    line is copied from `text` as it was (ruamel writes a whole file in one
    indentation style, and a file may mix two). A byte-order mark, CRLF line
    endings and a leading `---` are kept. Anything else the round trip cannot
    keep makes the edit refused, never silently changed.
    """
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    text = text[len(bom) :]
    crlf = "\r\n" in text
    plain_text = text.replace("\r\n", "\n") if crlf else text
    old_blocks = _blocks(plain_text)
    try:
        changed = {str(operation.path[0]) for operation in operations}
        yaml = _yaml(_styled_block(old_blocks, changed) or plain_text)
        document = yaml.load(plain_text)
        order = _schema_order(kind)
        for operation in operations:
            _apply_rt(document, operation, order)
        output = io.StringIO()
        yaml.dump(document, output)
    except EditError:
        raise
    except Exception as error:  # ruamel reads some valid files differently from advoc
        raise EditError(
            f"advoc cannot rewrite this file and keep the rest of it as it is ({error})."
        ) from None
    whole = output.getvalue()
    if plain_text.startswith("---") and not whole.startswith("---"):
        whole = "---\n" + whole
    try:
        new_text = _keep_unchanged(old_blocks, _blocks(whole), changed)
        _prove(plain_text, new_text, operations)
    except EditError:
        # The text's top-level fields were not told apart right (a flow mapping
        # at the top, an explicit `? key`, a quoted value going on at the start
        # of a line): ruamel's whole file, proved the same way.
        new_text = whole
        _prove(plain_text, new_text, operations)
    new_text = new_text.replace("\n", "\r\n") if crlf else new_text
    return bom + new_text


def without(text: str, key: str) -> str:
    """`text` without the top-level field `key` (its line, the lines under it and
    the comments among them), every other line as it was; proved like `edit`."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    plain_text = text[len(bom) :]
    crlf = "\r\n" in plain_text
    plain_text = plain_text.replace("\r\n", "\n") if crlf else plain_text
    blocks = _blocks(plain_text)
    if [name for name, _ in blocks].count(key) != 1:
        raise EditError(f"advoc cannot tell where `{key}` begins and ends in this file.")
    new_text = "".join(block for name, block in blocks if name != key)
    expected = yamlio.parse(plain_text)
    expected.pop(key, None)
    try:
        actual = yamlio.parse(new_text)
    except yamlio.YamlProblem as problem:
        raise EditError(f"removing `{key}` made the file unreadable: {problem.message}") from None
    if actual != expected:
        raise EditError(f"removing `{key}` would have changed more of the file than `{key}`.")
    new_text = new_text.replace("\n", "\r\n") if crlf else new_text
    return bom + new_text


Block = tuple[str | None, str]  # a top-level key (None: what precedes the first) and its text
_TOP_KEY = re.compile(r"""^(?:'([^']*)'|"([^"\\]*)"|([^\s#'"\-][^:]*?)) *:(?:\s|$)""")


def _blocks(text: str) -> list[Block]:
    """The text cut before each top-level key: the key's line and the lines under
    it, comments and blank lines included, up to the next top-level key."""
    blocks: list[Block] = []
    key: str | None = None
    lines: list[str] = []
    for line in text.splitlines(keepends=True):
        found = _TOP_KEY.match(line)
        if found and not line.startswith(("---", "...")):
            if lines or key is not None:
                blocks.append((key, "".join(lines)))
            key, lines = next(group for group in found.groups() if group is not None), []
        lines.append(line)
    blocks.append((key, "".join(lines)))
    return blocks


_LIST_ITEM = re.compile(r"^ *- ", re.MULTILINE)


def _styled_block(blocks: list[Block], changed: set[str]) -> str:
    """The first field an edit changes that holds a list: its lists set the
    indentation (none: the whole file's first list does)."""
    return next((text for key, text in blocks if key in changed and _LIST_ITEM.search(text)), "")


def _keep_unchanged(old: list[Block], new: list[Block], changed: set[str]) -> str:
    """The new file, each field the edit does not change copied from the old text;
    so is what precedes the first field (comments, `---`)."""
    before = dict(old)
    keys = [key for key, _ in new]
    if len(set(keys)) != len(keys) or len(dict(old)) != len(old):
        return "".join(text for _, text in new)  # a repeated key: no field is cut out safely
    parts = []
    if old[0][0] is None and new[0][0] is not None:
        parts.append(old[0][1])  # comments or `---` before the first field
    for key, text in new:
        kept = before.get(key)
        parts.append(text if kept is None or key in changed else kept)
    for index, part in enumerate(parts[:-1]):
        if not part.endswith("\n"):
            parts[index] = part + "\n"
    return "".join(parts)


def new_file(kind: str, data: dict[str, Any], comment: str | None = None) -> str:
    """A new record file, keys in the order of the kind's schema."""
    order = {key: index for index, key in enumerate(_schema_order(kind))}
    ordered = dict(sorted(data.items(), key=lambda item: order.get(item[0], len(order))))
    yaml = _yaml()
    output = io.StringIO()
    if comment:
        output.write("".join(f"# {line}\n" for line in comment.splitlines()))
    yaml.dump(_to_rt(ordered), output)
    text = output.getvalue()
    expected = _plain(ordered)
    if yamlio.parse(text) != expected:
        raise EditError("advoc wrote a new file that does not read back as intended.")
    return text


def _to_rt(value: Any) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(value, dict):
        mapping = CommentedMap()
        for key, item in value.items():
            mapping[key] = _to_rt(item)
        return mapping
    if isinstance(value, list):
        return CommentedSeq(_to_rt(item) for item in value)
    if isinstance(value, str) and not isinstance(value, Stamp) and _YAML11_SPECIAL.fullmatch(value):
        from ruamel.yaml.scalarstring import DoubleQuotedScalarString

        return DoubleQuotedScalarString(value)  # `NO` stays Norway for YAML 1.1 readers too
    return value


_YAML11_SPECIAL = re.compile(
    r"(?i:y|n|yes|no|on|off|true|false|null|~)|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+"
)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, Stamp):
        return str(value)
    return value


def _apply_rt(document: Any, operation: Operation, order: list[str]) -> None:
    *parents, last = operation.path
    node = document
    for part in parents:
        node = node[part]
    if isinstance(operation, Set):
        if isinstance(last, str) and last not in node and node is document:
            node.insert(_position(node, last, order), last, _to_rt(operation.value))
        else:
            node[last] = _to_rt(operation.value)
    else:
        from ruamel.yaml.comments import CommentedSeq

        if last not in node:
            node.insert(_position(node, str(last), order), last, CommentedSeq())
        elif node[last] is None:  # `participants:` written with no items yet
            node[last] = CommentedSeq()
        node[last].append(_to_rt(operation.value))


def _position(mapping: Any, key: str, order: list[str]) -> int:
    """Where a new top-level key goes: after the keys the schema puts before it."""
    rank = {name: index for index, name in enumerate(order)}
    wanted = rank.get(key, len(order))
    keys = list(mapping)
    position = len(keys)
    for index, existing in enumerate(keys):
        if rank.get(existing, len(order)) > wanted:
            position = index
            break
    return position


def _apply_plain(data: Any, operation: Operation) -> None:
    *parents, last = operation.path
    node = data
    for part in parents:
        node = node[part]
    if isinstance(operation, Set):
        node[last] = _plain(operation.value)
    else:
        if node.get(last) is None:
            node[last] = []
        node[last].append(_plain(operation.value))


def _prove(old_text: str, new_text: str, operations: Sequence[Operation]) -> None:
    """Refuse an edit that changed anything but the intended values."""
    expected = copy.deepcopy(yamlio.parse(old_text))
    for operation in operations:
        _apply_plain(expected, operation)
    try:
        actual = yamlio.parse(new_text)
    except yamlio.YamlProblem as problem:
        raise EditError(f"advoc's edit made the file unreadable: {problem.message}") from None
    if actual != expected:
        raise EditError(
            "advoc's edit would have changed more of the file than intended (a value "
            "written in a form the round trip rewrites), so it was not made."
        )
