"""The layout the README's "Developing" section draws holds: each folder of advoc
imports only from the folders below it, git runs only in advoc/git, and imports
inside functions are the few that start-up time needs, each saying what it saves."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import PROJECT

PACKAGE = PROJECT / "advoc"

# Each part and the parts it may import from: the folders below it in the README.
BELOW: dict[str, set[str]] = {
    "errors": set(),
    "parallel": set(),
    "model": {"errors"},
    "git": {"errors"},
    "wiki": {"errors"},
    "checks": {"model", "errors", "parallel"},
    "load": {"checks", "model", "git", "errors", "parallel"},
    "report": {"load", "model", "errors"},
    "commands": {"report", "load", "checks", "model", "git", "errors", "parallel"},
    "propose": {"commands", "report", "load", "checks", "model", "git", "errors", "wiki"},
    "export": {"commands", "report", "load", "model", "errors", "parallel", "wiki"},
    "cli": {"export", "propose", "commands", "report", "load", "checks", "model", "git", "wiki",
            "errors", "parallel"},
}  # fmt: skip


def _modules() -> list[tuple[str, Path, ast.Module]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if len(relative.parts) == 1 and relative.stem in ("__init__", "__main__"):
            continue
        part = relative.parts[0].removesuffix(".py")
        found.append((part, path, ast.parse(path.read_text(encoding="utf-8"))))
    return found


def _advoc_imports(tree: ast.AST) -> list[ast.ImportFrom | ast.Import]:
    return [
        node
        for node in ast.walk(tree)
        if (isinstance(node, ast.ImportFrom) and (node.module or "").startswith("advoc."))
        or (
            isinstance(node, ast.Import)
            and any(alias.name.startswith("advoc.") for alias in node.names)
        )
    ]


def _target(node: ast.ImportFrom | ast.Import) -> str:
    name = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
    return (name or "").split(".")[1]


def test_every_part_is_in_the_drawing() -> None:
    assert {part for part, _, _ in _modules()} == set(BELOW)


def test_each_folder_imports_only_from_the_folders_below_it() -> None:
    upward = [
        f"{path.relative_to(PROJECT)}:{node.lineno} imports advoc.{_target(node)}"
        for part, path, tree in _modules()
        for node in _advoc_imports(tree)
        if _target(node) != part and _target(node) not in BELOW[part]
    ]
    assert upward == []


def test_only_advoc_git_runs_git_or_any_other_program() -> None:
    found = []
    for part, path, tree in _modules():
        if part == "git":
            continue
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [f"{node.module}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Attribute) and node.attr.startswith(("posix_spawn", "exec")):
                names = [f"os.{node.attr}"]
            for name in names:
                if name.split(".")[0] == "subprocess" or name in (
                    "advoc.git.repo.git", "advoc.git.repo._run", "os.posix_spawn",
                    "os.posix_spawnp", "os.execv", "os.execvp",
                ):  # fmt: skip
                    found.append(f"{path.relative_to(PROJECT)}:{node.lineno} {name}")
    assert found == []


def test_an_import_inside_a_function_says_what_it_saves() -> None:
    """Only the measured start-up paths import inside a function, and each such
    import (or the comment just above it) gives the figure."""
    unexplained = []
    for _, path, tree in _modules():
        lines = path.read_text(encoding="utf-8").splitlines()
        for function in ast.walk(tree):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in _advoc_imports(function):
                nearby = " ".join(lines[max(0, node.lineno - 5) : node.end_lineno])
                if not re.search(r"\d+(\.\d+)? ?(ms|s)\b|see there|start-up", nearby):
                    unexplained.append(f"{path.relative_to(PROJECT)}:{node.lineno}")
    assert unexplained == []
