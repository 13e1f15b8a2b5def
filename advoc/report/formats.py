"""Findings rendered for people and for CI systems: one table of formats.

`REPORTERS` both dispatches and supplies the CLI's choices for --format.
Each reporter returns the whole output as a string for stdout, and escapes
file names and messages by its own format's rules: registry text (and a file
name, which on Linux may hold a line break or bytes that are not UTF-8) is
hostile input. A name that is not UTF-8 is written with `\\xNN` for each such
byte in every format (`escape.readable_name`).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING, Any

from advoc.model.findings import Finding
from advoc.report.escape import one_line, readable_name, visible

if TYPE_CHECKING:  # importing the loader only to name a type would slow every command
    from advoc.report.report import Report


def to_dict(report: Report) -> dict[str, Any]:
    """The documented JSON shape of a report (see cli.md)."""
    return {
        "registry": str(report.root),
        "as_of": report.as_of.isoformat(),
        "summary": {
            "files": report.files,
            "records": report.records,
            "errors": report.errors,
            "warnings": report.warnings,
        },
        "findings": [finding_dict(finding) for finding in report.findings],
        **report.extra,
    }


def finding_dict(finding: Finding) -> dict[str, Any]:
    return {
        "severity": finding.severity,
        "code": finding.code,
        "file": readable_name(finding.file),
        "line": finding.line,
        "column": finding.column,
        "record": finding.record and readable_name(finding.record),
        "field": finding.field and readable_name(finding.field),
        "message": readable_name(finding.message),
    }


def render_json(report: Report) -> str:
    return json.dumps(to_dict(report), indent=2, ensure_ascii=False) + "\n"


def summary_line(report: Report) -> str:
    scope = report.scope or f"{report.files} files ({report.records} records), as of {report.as_of}"
    if not report.findings:
        return f"No problems found in {scope}."
    errors = _plural(report.errors, "error")
    warnings = _plural(report.warnings, "warning")
    return f"{errors} and {warnings} in {scope}."


def _plural(amount: int, noun: str) -> str:
    return f"{amount} {noun}{'' if amount == 1 else 's'}"


def render_text(report: Report, color: bool = False) -> str:
    """Findings grouped by file, then one summary line; colour only on a terminal."""
    from io import StringIO

    from rich.console import Console
    from rich.text import Text

    buffer = StringIO()
    console = Console(
        file=buffer,
        force_terminal=color,
        no_color=not color,
        width=10_000,
        highlight=False,
        soft_wrap=True,
        color_system="standard" if color else None,
    )
    for file, findings in groupby(report.findings, key=lambda finding: finding.file):
        console.print(Text(one_line(file), style="bold underline"))
        for finding in findings:
            console.print(_text_line(finding))
        console.print()
    style = "bold red" if report.errors else "bold yellow" if report.warnings else "green"
    console.print(Text(summary_line(report), style=style))
    return buffer.getvalue()


def _text_line(finding: Finding) -> Any:
    from rich.text import Text

    where = f"{finding.line}" + (f":{finding.column}" if finding.column else "")
    severity_style = "red" if finding.severity == "error" else "yellow"
    line = Text("  ")
    line.append(f"{where:<8}", style="dim")
    line.append(f"{finding.severity:<8}", style=severity_style)
    line.append(f"{finding.code:<21} ", style="cyan")
    line.append(one_line(finding.message))
    return line


def render_github(report: Report) -> str:
    """GitHub Actions workflow commands: annotations on the pull request's files."""
    prefix = _workspace_prefix(report.root, "GITHUB_WORKSPACE")
    lines = []
    for finding in report.findings:
        properties = ",".join(
            f"{name}={_escape_property(str(value))}"
            for name, value in (
                ("file", prefix + readable_name(finding.file)),
                ("line", finding.line),
                ("col", finding.column),
                ("title", finding.code),
            )
            if value is not None
        )
        message = _escape_data(readable_name(finding.message))
        lines.append(f"::{finding.severity} {properties}::{message}")
    lines.append(_escape_data(summary_line(report)))
    return "\n".join(lines) + "\n"


def _workspace_prefix(root: Path, variable: str) -> str:
    """CI systems name files relative to the checkout; the registry may be a subfolder."""
    workspace = os.environ.get(variable)
    if not workspace:
        return ""
    try:
        relative = root.resolve().relative_to(Path(workspace).resolve())
    except ValueError:
        return ""
    return "" if str(relative) == "." else relative.as_posix() + "/"


def _escape_data(text: str) -> str:
    """GitHub's escaping of a workflow command's message (its toolkit's
    `escapeData`): a line break cannot end the command and start another."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """GitHub's escaping of a property (`escapeProperty`): also `:` and `,`,
    which would end the value."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


_GITLAB_SEVERITY = {"error": "major", "warning": "minor"}


def render_gitlab(report: Report) -> str:
    """A GitLab Code Quality report."""
    prefix = _workspace_prefix(report.root, "CI_PROJECT_DIR")
    issues = [
        {
            "type": "issue",
            "check_name": finding.code,
            "description": readable_name(finding.message),
            "categories": ["Style" if finding.severity == "warning" else "Bug Risk"],
            "severity": _GITLAB_SEVERITY[finding.severity],
            "fingerprint": _fingerprint(finding),
            "location": {
                "path": prefix + readable_name(finding.file),
                "lines": {"begin": finding.line or 1},
            },
        }
        for finding in report.findings
    ]
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"


def _fingerprint(finding: Finding) -> str:
    """Stable across runs and unrelated edits: no line number in it."""
    key = "\0".join((finding.code, finding.file, finding.field or "", finding.message))
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()


def render_junit(report: Report) -> str:
    """JUnit XML: one test case per file with findings (errors fail it)."""
    import xml.etree.ElementTree as ET

    name = f"advoc {report.command}"
    suites = ET.Element("testsuites", name=name)
    suite = ET.SubElement(suites, "testsuite", name=name, timestamp=str(report.as_of))
    cases = failures = 0
    for raw_file, group in groupby(report.findings, key=lambda finding: finding.file):
        findings = list(group)
        file = _xml(raw_file)
        case = ET.SubElement(
            suite, "testcase", classname=f"advoc.{report.command}", name=file, file=file
        )
        cases += 1
        errors = [finding for finding in findings if finding.severity == "error"]
        if errors:
            failures += 1
            failure = ET.SubElement(
                case, "failure", type=errors[0].code, message=f"{len(errors)} error(s) in {file}"
            )
            failure.text = "\n".join(_plain(finding) for finding in errors)
        warnings = [finding for finding in findings if finding.severity == "warning"]
        if warnings:
            ET.SubElement(case, "system-out").text = "\n".join(map(_plain, warnings))
    if cases == 0:
        ET.SubElement(suite, "testcase", classname=f"advoc.{report.command}", name="registry")
        cases = 1
    suite.set("tests", str(cases))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, "unicode") + "\n"


def _plain(finding: Finding) -> str:
    line = f"{finding.file}:{finding.line}: {finding.severity} [{finding.code}] {finding.message}"
    return _xml(line)


# What XML 1.0 cannot hold at all, not even as a character reference: C0
# controls but tab, line feed and carriage return; lone surrogates; U+FFFE, U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml(text: str) -> str:
    """Text that XML 1.0 can hold: ElementTree escapes markup but writes any
    other character as it is, so a control character would make the report
    unreadable to every XML parser; it is written as a visible escape instead."""
    return (
        _NOT_XML.sub(lambda match: visible(match.group()), text) if _NOT_XML.search(text) else text
    )


REPORTERS: dict[str, Callable[[Report], str]] = {
    "text": render_text,
    "json": render_json,
    "github": render_github,
    "gitlab": render_gitlab,
    "junit": render_junit,
}
