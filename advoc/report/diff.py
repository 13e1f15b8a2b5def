"""What `advoc diff` found, and how it is written: text and Markdown."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from advoc.model.changes import RecordChange
from advoc.model.findings import Finding, count
from advoc.model.kinds import KINDS
from advoc.report.escape import for_terminal
from advoc.report.formats import finding_dict
from advoc.report.output import json_text


@dataclass(frozen=True)
class Side:
    rev: str | None  # None: the working tree
    commit: str | None

    @property
    def label(self) -> str:
        if self.rev is None:
            return "the working tree"
        short = (self.commit or "")[:12]
        return self.rev if self.rev == short else f"{self.rev} ({short})"

    def to_dict(self) -> dict[str, Any]:
        return {"rev": self.rev, "commit": self.commit, "working_tree": self.rev is None}


@dataclass(frozen=True)
class RegistryDiff:
    base: Side
    head: Side
    changes: list[RecordChange]
    findings_added: list[Finding]
    findings_removed: list[Finding]
    shallow: bool

    def to_dict(self) -> dict[str, Any]:
        actions = [change.action for change in self.changes]
        return {
            "base": self.base.to_dict(),
            "head": self.head.to_dict(),
            "summary": {
                "added": actions.count("added"),
                "removed": actions.count("removed"),
                "changed": actions.count("changed"),
                "findings_added": len(self.findings_added),
                "findings_removed": len(self.findings_removed),
            },
            "changes": [change.to_dict() for change in self.changes],
            "findings": {
                "added": [finding_dict(finding) for finding in self.findings_added],
                "removed": [finding_dict(finding) for finding in self.findings_removed],
            },
            "shallow": self.shallow,
        }


def _heading(kind: str) -> str:
    return KINDS[kind].plural.replace("-", " ").capitalize() if kind in KINDS else kind


def _grouped(diff: RegistryDiff) -> list[tuple[str, list[str]]]:
    groups: dict[str, list[str]] = {}
    for change in diff.changes:
        sentences = change.sentences or [f"{change.ref}: layout or comments changed."]
        groups.setdefault(change.kind, []).extend(sentences)
    return [(_heading(kind), sentences) for kind, sentences in groups.items()]


def _overview(diff: RegistryDiff) -> str:
    actions = [change.action for change in diff.changes]
    if not actions:
        records = "No record changed"
    else:
        parts = [
            f"{actions.count(action)} {action}"
            for action in ("added", "removed", "changed")
            if actions.count(action)
        ]
        records = f"{len(actions)} record{'s' if len(actions) != 1 else ''}: " + ", ".join(parts)
    return f"{records}. {_findings_overview(diff)}"


def _findings_overview(diff: RegistryDiff) -> str:
    errors, warnings = count(diff.findings_added)
    fixed = len(diff.findings_removed)
    if not diff.findings_added and not fixed:
        return "No problem added or fixed."
    return (
        f"Problems added: {errors} error{'s' if errors != 1 else ''}, "
        f"{warnings} warning{'s' if warnings != 1 else ''}; fixed: {fixed}."
    )


@for_terminal
def render_text(diff: RegistryDiff) -> str:
    lines = [f"Changes from {diff.base.label} to {diff.head.label}", _overview(diff)]
    for heading, sentences in _grouped(diff):
        lines += ["", f"{heading}:", *(f"  - {sentence}" for sentence in sentences)]
    for title, findings in (
        ("Problems this change adds", diff.findings_added),
        ("Problems this change fixes", diff.findings_removed),
    ):
        if findings:
            lines += ["", f"{title}:", *(f"  - {_finding_text(item)}" for item in findings)]
    return "\n".join(lines) + "\n"


def _finding_text(finding: Finding) -> str:
    return (
        f"{finding.file}:{finding.line or 1}: {finding.severity} [{finding.code}] {finding.message}"
    )


@for_terminal
def render_markdown(diff: RegistryDiff) -> str:
    """For a pull request comment: headings, bullet lists, findings folded away."""
    lines = [
        f"## Registry changes: {_md(diff.base.label)} → {_md(diff.head.label)}",
        "",
        _md(_overview(diff)),
    ]
    for heading, sentences in _grouped(diff):
        lines += ["", f"### {heading}", "", *(f"- {_md(sentence)}" for sentence in sentences)]
    if diff.findings_added or diff.findings_removed:
        lines += ["", "<details>", f"<summary>{_md(_findings_overview(diff))}</summary>"]
        for title, findings in (("Added", diff.findings_added), ("Fixed", diff.findings_removed)):
            if findings:
                lines += ["", f"**{title}**", ""]
                lines += [f"- {_md_finding(finding)}" for finding in findings]
        lines += ["", "</details>"]
    return "\n".join(lines) + "\n"


def _md_finding(finding: Finding) -> str:
    return (
        f"{finding.severity} `{finding.code}` in `{finding.file}` line {finding.line or 1}: "
        f"{_md(finding.message)}"
    )


_MARKDOWN_SPECIAL = str.maketrans({char: f"\\{char}" for char in "\\`*_[]<>|#"} | {"&": "&amp;"})


def _md(text: str) -> str:
    """Registry text as literal markdown: no formatting, links or HTML from the data."""
    return text.translate(_MARKDOWN_SPECIAL)


# `advoc diff --format`
FORMATS: dict[str, Callable[[RegistryDiff], str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": lambda diff: json_text(diff.to_dict()),
}
