"""`advoc init`: a new registry with the default rules of engagement, in git.

In a new repository or inside an existing one, the registry's first commit
carries an `Advoc-Decision:` trailer for each decision that adopted the
default rules, so that `advoc audit` accepts the history from the start.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from advoc.commands.audit import TRAILER
from advoc.errors import UsageError
from advoc.git.repo import (
    IDENTITY_HINT,
    Checkout,
    GitError,
    author_name,
    checkout_state,
    commit_new_files,
    filter_driver,
    has_identity,
    init_and_commit,
    inside_work_tree,
    require_identity,
    tracked,
)
from advoc.load import yamlio
from advoc.load.loader import FORMAT_VERSION
from advoc.load.resources import shipped
from advoc.model.kinds import KIND_BY_FOLDER, KINDS
from advoc.model.layout import MANIFEST
from advoc.model.timeutil import now

MANIFEST_TEXT = """\
# The manifest of an advoc registry. `advoc validate` checks every file below
# registry/ and rules/ against format version {version}.
advoc: {version}
name: {name}
default_language: {language}
# Feedback must be answered within this time (<n>d days or <n>h hours).
feedback_response: 30d
"""


SUBJECT = "Create the advoc registry"
BODY = (
    "Manifest, folders and the movement-wide default rules of engagement, with the "
    "decision that adopted them."
)
TOPS = (MANIFEST, "registry", "rules")


@dataclass
class Created:
    """What `init` did: the files it wrote, and how they reached git's history."""

    files: list[Path]
    decisions: list[str]  # the Advoc-Decision trailers of the (suggested) commit
    new_repository: bool = False
    commit: str | None = None  # the commit advoc made, if it made one
    branch: str | None = None  # the branch it made it on
    not_committed: str | None = None  # why advoc left the commit to the user
    first: str | None = None  # what the user must do before committing


def message(decisions: list[str]) -> str:
    """The first commit's message: its trailers let `advoc audit` find the rules
    authorised from the start."""
    trailers = "".join(f"\n{TRAILER}: {decision}" for decision in decisions)
    return f"{SUBJECT}\n\n{BODY}\n{trailers}\n"


def commit_command(created: Created, cwd: Path) -> str:
    """The shell command that commits the registry as `init` would have: the same
    message and trailers, and only the registry's files (`git commit -- PATHS`
    leaves whatever else is staged staged)."""
    root = created.files[0].parent
    tops = " ".join(TOPS)
    command = (
        f"git add -- {tops} && git commit -m {shlex.quote(SUBJECT)} -m {shlex.quote(BODY)}"
        + "".join(f" --trailer {shlex.quote(f'{TRAILER}: {d}')}" for d in created.decisions)
        + f" -- {tops}"
    )
    if root == cwd:
        return command
    where = os.path.relpath(root, cwd)
    if where.startswith(".."):
        where = str(root)
    return f"cd {shlex.quote(where)} && {command}"


def init(
    path: Path,
    name: str,
    language: str,
    *,
    founder: str | None = None,
    at: datetime | None = None,
    example: bool = False,
) -> Created:
    """Create the registry in `path` (an absolute path) and commit it: in a new git
    repository, or, inside an existing one, on its checked-out branch, without
    touching anything else in that repository's index or working tree. Where
    advoc cannot commit it safely, `Created.not_committed` says why.

    The default rules are adopted by the registry's own founding decision, made
    now and proposed by `founder` (default: git's user.name). With `example`,
    the registry is instead the example network, with its fictional history."""
    _refuse_existing(path)
    checkout = None
    if _inside_repository(path):
        checkout = checkout_state(_existing(path))
        _refuse_tracked(path, checkout)
    else:
        require_identity(_existing(path))
    if not example:
        founder = _founder(founder, _existing(path))
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(
            f"advoc cannot create {path}: {error.strerror or error}. Nothing was written.",
            hint="Choose a folder you may write into.",
        ) from None
    written = [_write_manifest(path, name, language)]
    if example:
        written += _copy_example(path)
    else:
        assert founder is not None
        written += _found(path, name, founder, at or now())
    for kind in KINDS.values():
        folder = path / kind.folder
        folder.mkdir(parents=True, exist_ok=True)
        if not any(folder.iterdir()):
            (folder / ".gitkeep").touch()
            written.append(folder / ".gitkeep")
    created = Created(written, _adopting(path))
    if checkout is None:
        init_and_commit(path, TOPS, message(created.decisions))
        created.new_repository = True
        return created
    _commit_in_place(created, checkout, path)
    return created


def _commit_in_place(created: Created, checkout: Checkout, path: Path) -> None:
    """Commit the new files on the checked-out branch, or say in `created` why
    not, and what to do before committing them."""
    prefix = _prefix(path, checkout)
    files = [prefix + file.relative_to(path).as_posix() for file in created.files]
    obstacle = _obstacle(checkout, files)
    if obstacle is not None:
        created.not_committed, created.first = obstacle
        return
    assert checkout.branch is not None
    try:
        created.commit = commit_new_files(checkout, files, message(created.decisions), "advoc init")
    except GitError as error:
        reason = error.message.splitlines()[0].rstrip(".")
        created.not_committed = f"git refused the commit ({reason})"
        return
    created.branch = checkout.branch.removeprefix("refs/heads/")


def _obstacle(checkout: Checkout, files: list[str]) -> tuple[str, str | None] | None:
    """Why advoc cannot commit `files` itself here, and what to do first; None if it can."""
    if not has_identity(checkout.top):
        return "git does not know who you are, and advoc never invents an author", IDENTITY_HINT
    if checkout.operation is not None:
        return (
            f"{checkout.operation} is in progress in this repository",
            f"Finish or abort {checkout.operation} first.",
        )
    if checkout.branch is None:
        return (
            "HEAD is detached: you are not on a branch",
            "Switch to the branch that should hold the registry first (git switch NAME).",
        )
    driver = filter_driver(checkout, files)
    if driver is not None:
        return (
            f"the filter driver '{driver}' applies to the registry's files, and advoc never "
            "runs the programs a repository's configuration names",
            None,
        )
    return None


def _prefix(path: Path, checkout: Checkout) -> str:
    """Where the registry sits in its repository: "" at the top, else "folder/"."""
    relative = path.relative_to(checkout.top).as_posix()
    return "" if relative == "." else relative + "/"


def _refuse_existing(path: Path) -> None:
    existing = _existing(path)
    if not existing.is_dir():
        where = "is" if existing == path else f"is inside {existing}, which is"
        raise UsageError(
            f"{path} {where} not a folder; advoc init creates a registry in a folder.",
            hint="Choose a new folder, or an existing empty one, e.g. `advoc init my-network`.",
        )
    for name in TOPS:
        if (path / name).exists() or (path / name).is_symlink():
            raise UsageError(
                f"{path / name} already exists; advoc init creates a new registry only.",
                hint="Choose an empty or new folder, e.g. `advoc init my-network`.",
            )


def _refuse_tracked(path: Path, checkout: Checkout) -> None:
    """A file git tracks where init would write, deleted from the working tree or
    only staged, would be overwritten by init's commit: refuse."""
    prefix = _prefix(path, checkout)
    found = tracked(checkout, [prefix + name for name in TOPS])
    if found:
        raise UsageError(
            f"git already tracks {found[0]}, which advoc init would write "
            "(staged or committed, though not in your working tree); advoc init creates "
            "a new registry only.",
            hint="Restore or delete it in git first (git restore --staged --worktree, or "
            "git rm --cached), or choose another folder.",
        )


def _existing(path: Path) -> Path:
    """`path`, or its nearest folder upward that exists (a dangling symbolic link
    counts as existing: it is not a folder init may create)."""
    while not path.exists() and not path.is_symlink():
        path = path.parent
    return path


def _inside_repository(path: Path) -> bool:
    return inside_work_tree(_existing(path))


def _write_manifest(path: Path, name: str, language: str) -> Path:
    if not re.fullmatch(r"[a-z]{2,3}(-[a-z0-9]{2,8})*", language):
        raise UsageError(
            f"'{language}' is not a language code.",
            hint="Use a lowercase MediaWiki code such as en, de or zh-hans.",
        )
    quoted = _quoted(name)
    target = path / MANIFEST
    target.write_text(
        MANIFEST_TEXT.format(version=FORMAT_VERSION, name=quoted, language=language),
        encoding="utf-8",
    )
    return target


FOUNDING_TEXT = """\
# The founding decision of this registry: by it, the people who created the
# registry adopted its first rules of engagement (advoc init). Every later
# change to a rule needs a rule-change decision of the registry's own.
id: {id}
title: {title}
type: rule-change
process: rule-change
status: adopted
founding: true
opened: {moment}
closed: {moment}
proposer: {founder}
subjects:
  rules:
{rules}outcome: Adopted when the registry was created, from advoc's default rules of engagement.
"""
ADOPTED_BY = re.compile(r"^adopted_by:.*$", re.MULTILINE)
USERNAME = re.compile(r"(?=.*\S)[^#<>\[\]|{}/@:=\t\n\r]{1,85}")


def _founder(given: str | None, where: Path) -> str:
    """Who founds the registry: `--as`, or git's user.name, if a wiki username."""
    if given is None:
        if not has_identity(where):
            raise UsageError(
                "advoc init records who founded the registry, and git does not know who you are.",
                hint="Pass --as YOUR-WIKI-USERNAME, or set git's user.name. " + IDENTITY_HINT,
            )
        given = author_name(where)
    if not USERNAME.fullmatch(given) or len(given.encode("utf-8")) > 85:
        raise UsageError(
            f"'{given}' cannot be recorded as the founder: a wiki username has at most 85 "
            "bytes and none of # < > [ ] | { } / @ : =.",
            hint="Pass your wiki username with --as USERNAME.",
        )
    return given


def _found(path: Path, name: str, founder: str, at: datetime) -> list[Path]:
    """The default rules, each adopted by the registry's founding decision, and
    that decision: made now, by `founder`, listing every rule."""
    decision_id = f"{at.date().isoformat()}-founding"
    written, rules = [], []
    source_rules = shipped("rules")
    for source in sorted(source_rules.rglob("*.yaml")):
        target = path / "rules" / source.relative_to(source_rules)
        target.parent.mkdir(parents=True, exist_ok=True)
        text = source.read_text(encoding="utf-8")
        text = ADOPTED_BY.sub(f"adopted_by: {decision_id}", text)  # kinds that have one
        target.write_text(text, encoding="utf-8")
        written.append(target)
        rules.append(f"{KIND_BY_FOLDER[f'rules/{source.parent.name}'].name}/{source.stem}")
    decision = path / "registry" / "decisions" / f"{decision_id}.yaml"
    decision.parent.mkdir(parents=True, exist_ok=True)
    decision.write_text(
        FOUNDING_TEXT.format(
            id=decision_id,
            title=_quoted(f"Adopt the rules of engagement of {name}"),
            moment=at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            founder=_quoted(founder),
            rules="".join(f"    - {rule}\n" for rule in sorted(rules)),
        ),
        encoding="utf-8",
    )
    return [*written, decision]


def _quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _copy_example(path: Path) -> list[Path]:
    """The default rules as shipped and the example network, with the fictional
    history of decisions that adopted them."""
    written = []
    for name, top in (("rules", "rules"), ("example", "registry")):
        source_top = shipped(name)
        for source in sorted(source_top.rglob("*.yaml")):
            written.append(_copy(source, path / top / source.relative_to(source_top)))
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
