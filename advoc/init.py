"""`advoc init`: a new registry with the default rules of engagement, in git."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from advoc import yamlio
from advoc.checks.walk import values_at
from advoc.errors import UsageError
from advoc.gitrepo import git, require_identity
from advoc.kinds import KIND_BY_FOLDER, KINDS, REFERENCES
from advoc.registry import MANIFEST
from advoc.resources import shipped

MANIFEST_TEXT = """\
# The manifest of an advoc registry. `advoc validate` checks every file below
# registry/ and rules/ against format version {version}.
advoc: {version}
name: {name}
default_language: {language}
# Feedback must be answered within this time (<n>d days or <n>h hours).
feedback_response: 30d
"""


def init(path: Path, name: str, language: str) -> tuple[list[Path], bool]:
    """Create the registry; return the files written and whether they were committed."""
    _refuse_existing(path)
    in_repository = _inside_repository(path)
    if not in_repository:
        require_identity(path if path.exists() else path.parent)
    path.mkdir(parents=True, exist_ok=True)
    written = [_write_manifest(path, name, language)]
    written += _copy_default_rules(path)
    trailers = "".join(f"\nAdvoc-Decision: {decision}" for decision in _adopting(path))
    for kind in KINDS.values():
        folder = path / kind.folder
        folder.mkdir(parents=True, exist_ok=True)
        if not any(folder.iterdir()):
            (folder / ".gitkeep").touch()
            written.append(folder / ".gitkeep")
    if in_repository:
        return written, False
    git(path, "init", "--quiet")
    git(path, "add", "--", MANIFEST, "registry", "rules")
    git(
        path,
        "-c",
        "user.useConfigOnly=true",
        "commit",
        "--quiet",
        "--no-verify",
        "-m",
        "Create the advoc registry\n\nManifest, folders and the movement-wide default "
        "rules of engagement, with the decisions that adopted them.\n" + trailers,
    )
    return written, True


def _refuse_existing(path: Path) -> None:
    for name in (MANIFEST, "registry", "rules"):
        if (path / name).exists():
            raise UsageError(
                f"{path / name} already exists; advoc init creates a new registry only.",
                hint="Choose an empty or new folder, e.g. `advoc init my-network`.",
            )


def _inside_repository(path: Path) -> bool:
    probe = path
    while not probe.exists():
        probe = probe.parent
    return git(probe, "rev-parse", "--is-inside-work-tree", check=False).returncode == 0


def _write_manifest(path: Path, name: str, language: str) -> Path:
    if not re.fullmatch(r"[a-z]{2,3}(-[a-z0-9]{2,8})*", language):
        raise UsageError(
            f"'{language}' is not a language code.",
            hint="Use a lowercase MediaWiki code such as en, de or zh-hans.",
        )
    quoted = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    target = path / MANIFEST
    target.write_text(
        MANIFEST_TEXT.format(version=1, name=quoted, language=language), encoding="utf-8"
    )
    return target


def _copy_default_rules(path: Path) -> list[Path]:
    """The default rules, and the decisions that adopted them (with the decisions
    those refer to, such as the rules they superseded), so that the new registry
    records where its rules came from."""
    written = []
    rules = shipped("rules")
    wanted: list[str] = []
    for source in sorted(rules.rglob("*.yaml")):
        written.append(_copy(source, path / "rules" / source.relative_to(rules)))
        kind = KIND_BY_FOLDER[f"rules/{source.parent.name}"].name
        wanted += _decision_refs(kind, source)
    decisions = shipped("decisions")
    copied: set[str] = set()
    while wanted:
        decision = wanted.pop()
        source = decisions / f"{decision}.yaml"
        if decision in copied or not source.is_file():
            continue
        copied.add(decision)
        written.append(_copy(source, path / "registry" / "decisions" / source.name))
        wanted += _decision_refs("decision", source)
    return written


def _adopting(path: Path) -> list[str]:
    """The decisions that adopted the default rules, for the first commit's trailers,
    so that `advoc audit` finds the rules authorised from the start."""
    decisions = set()
    for rule in (path / "rules").rglob("*.yaml"):
        adopted_by = yamlio.parse_bytes(rule.read_bytes()).get("adopted_by")
        if isinstance(adopted_by, str):
            decisions.add(adopted_by)
    return sorted(decisions)


def _copy(source: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target


def _decision_refs(kind: str, source: Path) -> list[str]:
    """The decisions a shipped record refers to (adopted_by, supersedes, ratifies, ...)."""
    data = yamlio.parse_bytes(source.read_bytes())
    return [
        value
        for reference in REFERENCES[kind]
        if reference.targets == ("decision",)
        for _, value in values_at(data, reference.path)
        if isinstance(value, str)
    ]
