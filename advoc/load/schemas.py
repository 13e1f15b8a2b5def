"""The JSON Schemas of the format, and schema errors turned into findings.

`schemas/` holds `common.schema.json` (shared definitions) and one schema per
kind referring to it. `bundled(name)` inlines the shared definitions so that
every schema advoc uses or writes out is one self-contained file, which
editors and other validators can use as they are.

Validation uses jsonschema-rs, which checks the same Draft 2020-12 schemas
about a hundred times faster than jsonschema; the test suite shows that both
give the same verdict on every example file.
"""

from __future__ import annotations

import copy
import difflib
import json
from functools import cache
from typing import Any

from advoc.load.resources import shipped
from advoc.model.findings import Finding, format_path
from advoc.model.findings import Path as DataPath
from advoc.model.text import LANGUAGE

SCHEMA_NAMES = (
    "manifest",
    "advocate",
    "group",
    "campaign",
    "decision",
    "feedback",
    "vote",
    "role",
    "process",
    "principle",
    "entry-point",
)
_COMMON_REF = "common.schema.json#/$defs/"


@cache
def _raw(name: str) -> dict[str, Any]:
    with open(shipped("schemas") / f"{name}.schema.json", encoding="utf-8") as file:
        schema: dict[str, Any] = json.load(file)
    return schema


@cache
def bundled(name: str) -> dict[str, Any]:
    """The schema of one kind (or the manifest), self-contained."""
    schema = copy.deepcopy(_raw(name))
    schema["$defs"] = {**copy.deepcopy(_raw("common")["$defs"]), **schema.get("$defs", {})}
    _localize_refs(schema)
    schema["$id"] = f"https://advoc.invalid/schemas/{name}.schema.json"
    return schema


def _localize_refs(node: Any) -> None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(_COMMON_REF):
            node["$ref"] = "#/$defs/" + ref[len(_COMMON_REF) :]
        for value in node.values():
            _localize_refs(value)
    elif isinstance(node, list):
        for value in node:
            _localize_refs(value)


@cache
def _validator(name: str) -> Any:
    import jsonschema_rs

    return jsonschema_rs.Draft202012Validator(bundled(name), validate_formats=True)


def validate(name: str, data: Any, file: str, record: str | None) -> list[Finding]:
    """Schema findings for one record (or the manifest), each with its path."""
    validator = _validator(name)
    if validator.is_valid(data):
        return []
    schema = bundled(name)
    findings = {
        (finding.path, finding.message): finding
        for finding in (
            _finding(schema, error, file, record) for error in validator.iter_errors(data)
        )
    }
    return sorted(findings.values(), key=lambda finding: finding.path)


def _finding(schema: dict[str, Any], error: Any, file: str, record: str | None) -> Finding:
    path: DataPath = tuple(error.instance_path)
    message, path = _explain(schema, error, path)
    return Finding("error", "schema", file, message, record=record, path=path)


def _explain(schema: dict[str, Any], error: Any, path: DataPath) -> tuple[str, DataPath]:
    kind = error.kind
    keyword = kind.name
    where = _field_name(path)
    parent = _subschema(schema, error.schema_path[:-1])
    if keyword == "required":
        why = f" ({parent['description']})" if "description" in parent else ""
        return f"{_in(where)}the required field '{kind.property}' is missing{why}; add it", path
    if keyword == "additionalProperties":
        name = kind.unexpected[0]
        allowed = sorted(parent.get("properties", {}))
        close = difflib.get_close_matches(name, allowed, n=1)
        hint = f"did you mean '{close[0]}'?" if close else "allowed here: " + ", ".join(allowed)
        return f"unknown field '{name}' ({hint})", (*path, name)
    if keyword == "type":
        return f"{where}: {_type_problem(error.instance, kind.types)}", path
    if keyword == "anyOf" and parent.get("title") == "text":
        return _text_problem(where, error.instance, path)
    if keyword == "enum":
        options = ", ".join(str(option) for option in kind.options)
        if len(kind.options) > 30:
            return f"{where}: {error.instance!r} is not {_describe(parent)}", path
        return f"{where}: {error.instance!r} is not one of: {options}", path
    if keyword in ("pattern", "format", "anyOf", "minLength", "maxLength", "propertyNames"):
        return f"{where}: {error.instance!r} is not {_describe(parent)}", path
    if keyword == "not" and "description" in parent:
        forbidden = parent["not"].get("required", [])  # a field that must not be there
        at = (*path, forbidden[0]) if len(forbidden) == 1 else path
        return f"{_in(where)}{parent['description']}", at
    if keyword == "const":
        return f"{where}: must be {kind.value!r}, not {error.instance!r}", path
    if keyword == "uniqueItems":
        return f"{where}: lists the same value twice; remove the repeat", path
    if keyword == "minItems":
        return f"{where}: needs at least {kind.limit} item(s)", path
    return f"{where}: {error.message}", path


def _text_problem(where: str, value: Any, path: DataPath) -> tuple[str, DataPath]:
    """Text is a string, or a map from language code to string: say which part is wrong."""
    if isinstance(value, dict):
        for key, item in value.items():
            if not LANGUAGE.fullmatch(str(key)):
                return (
                    f"{where}: '{key}' is not a language code; write the text as a string, "
                    "or as a map from language codes to text, e.g. {en: ..., de: ...}",
                    (*path, key),
                )
            if not isinstance(item, str) or not item:
                return f"{key}: {_type_problem(item, ['string'])}", (*path, key)
        return f"{where}: the map holds no text; give at least one language", path
    return f"{where}: {_type_problem(value, ['string'])}", path


def _in(where: str) -> str:
    return f"{where}: " if where != "the record" else ""


def _field_name(path: DataPath) -> str:
    """The field's own name, with list indexes after it: `roles[0].start` -> `start`."""
    for index in range(len(path) - 1, -1, -1):
        if isinstance(path[index], str):
            return format_path(path[index:])
    return format_path(path) if path else "the record"


def _describe(subschema: dict[str, Any]) -> str:
    title = subschema.get("title")
    description = subschema.get("description")
    if title and description:
        return f"a valid {title} ({description})"
    return f"valid here ({description})" if description else "valid here"


_JSON_TYPES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping of fields",
}


def _type_problem(value: Any, wanted: list[str]) -> str:
    want = " or ".join(_JSON_TYPES.get(name, name) for name in wanted)
    if "string" in wanted and isinstance(value, (int, float)) and not isinstance(value, bool):
        return (
            f"expected {want} but found the number {value}; put the value in quotes "
            "(numbers such as 0123 lose their leading zero unless quoted)"
        )
    if "array" in wanted and isinstance(value, str):
        return f"expected {want} but found a single value; write it as a list: [{value}]"
    if "string" in wanted and isinstance(value, bool):
        return f"expected {want} but found {str(value).lower()}; put the value in quotes"
    if value is None:
        return f"expected {want} but the value is empty"
    return f"expected {want} but found {_JSON_TYPES.get(_json_type(value), 'something else')}"


def _json_type(value: Any) -> str:
    for python_type, name in (
        (bool, "boolean"),
        (int, "integer"),
        (float, "number"),
        (str, "string"),
        (list, "array"),
        (dict, "object"),
    ):
        if isinstance(value, python_type):
            return name
    return "null"


def _subschema(schema: dict[str, Any], schema_path: Any) -> dict[str, Any]:
    """The schema object at a jsonschema-rs `schema_path` (which already follows $ref)."""
    node: Any = schema
    for part in schema_path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return {}
    while isinstance(node, dict) and "$ref" in node and len(node) == 1:
        node = _subschema(schema, node["$ref"].removeprefix("#/").split("/"))
    return node if isinstance(node, dict) else {}
