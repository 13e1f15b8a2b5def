"""`advoc private ...`: the private part of the registry (advoc.load.private)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from advoc.cli.options import (
    AsOfOption,
    RegistryOption,
    TextOrJson,
    TextOrJsonOption,
    as_of_date,
    handles_errors,
    registry_root,
)
from advoc.load.private import new_id
from advoc.model.layout import LOCAL_CONFIG, PRIVATE_VARIABLE
from advoc.propose.migrate import Migration, migrate
from advoc.report.escape import visible
from advoc.report.output import json_text

private_app = typer.Typer(
    name="private",
    help="The private part of the registry: advocates whose safety requires that their "
    "records stay out of the public repository, kept in a second repository of restricted "
    "access that only local configuration names.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)

MIGRATE_EPILOG = """\
Examples:\n
  advoc private migrate --to ../registry-private --dry-run   what would move, changing nothing\n
  advoc private migrate --to ../registry-private\n
\n
Exit 0 when moved (or nothing to move), 1 when refused, 2 when it cannot run.
"""


@private_app.command("migrate", epilog=MIGRATE_EPILOG)
@handles_errors
def migrate_command(
    to: Annotated[
        Path,
        typer.Option(
            "--to",
            metavar="PATH",
            help="The private repository's folder: new, empty, or a clone of it; never "
            "inside the public repository.",
        ),
    ],
    branch: Annotated[
        str | None,
        typer.Option("--branch", help="The new public branch (default: private-migrate)."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would move; change nothing.")
    ] = False,
    registry: RegistryOption = None,
    as_of: AsOfOption = None,
    output_format: TextOrJsonOption = TextOrJson["text"],
) -> None:
    """Move the advocates of limited visibility out of the public repository: one commit
    on a new public branch, one in the private repository."""
    moved = migrate(
        registry_root(registry), to, as_of=as_of_date(as_of), branch=branch, dry_run=dry_run
    )
    if output_format.value == "json":
        typer.echo(json_text(moved.to_dict()))
        return
    typer.echo(visible(describe(moved)))


NEW_ID_EPILOG = """\
Examples:\n
  advoc private new-id                    w- and 10 random letters and digits\n
"""


@private_app.command("new-id", epilog=NEW_ID_EPILOG)
@handles_errors
def new_id_command() -> None:
    """Print a fresh opaque id for an advocate of the private part, made from nothing."""
    typer.echo(new_id())


def describe(moved: Migration) -> str:
    if not moved.moved:
        return "No advocate in the public registry has `visibility: limited`: nothing to move."
    count = len(moved.moved)
    who = f"{count} advocate{'s' if count != 1 else ''} of limited visibility"
    lines = [
        f"{'Would move' if moved.public_commit is None else 'Moved'} {who} to the private "
        "part of the registry:",
        *(f"  advocate/{m.old_id} -> {m.opaque}" for m in moved.moved),
        *(
            f"  {ref} renamed {new} (its id was made from theirs)"
            for ref, new in moved.renamed.items()
        ),
        *(f"  {file}: references rewritten" for file in moved.rewritten),
    ]
    if moved.public_commit is None:
        lines += ["", "Dry run: nothing was changed."]
    else:
        lines += [
            "",
            f"Public:  branch {moved.branch} ({moved.public_commit[:12]}) in {moved.root}. Their "
            "files are gone from it; registry/withheld.yaml lists the opaque ids. Review and "
            "merge it as any change (your checkout was not touched).",
            f"Private: commit {(moved.private_commit or '')[:12]} in {moved.private_root}: "
            "their full records. Give access to it only to those who must hold it.",
            "",
            "To use the private part on this computer (never commit this setting):",
            f"  export {PRIVATE_VARIABLE}={moved.private_root}",
            f"  or write `private: {moved.private_root}` in {LOCAL_CONFIG}, and add "
            "/.advoc/ to .gitignore",
        ]
    lines += ["", *history_text(moved)]
    return "\n".join(lines)


def history_text(moved: Migration) -> list[str]:
    """What git history still holds, and what it would take to rewrite it."""
    count = len(moved.history)
    lines = [
        "What the public repository's history still holds:",
        f"  their old files, with names and usernames, in every commit since the first of "
        f"the {count} commit{'s' if count != 1 else ''} that changed them (on any branch or "
        "tag: `git log --all -- PATH`). This change removes them from now on, not from the "
        "past; nor from clones, forks, the code host's caches and pull requests, or the "
        "memory of those who read them.",
    ]
    if moved.elsewhere:
        lines += [
            "  These other files of the repository (outside the registry's folders) still "
            "name them:",
            *(f"  {place}" for place in moved.elsewhere),
        ]
    paths = " ".join(f"--path {path}" for path in moved.old_paths)
    lines += [
        "",
        "Rewriting that history is your decision; advoc never does it. It breaks every "
        "clone and open pull request. If you decide to, once the branch is merged:",
        f"  git filter-repo --invert-paths {paths}",
        "  (and --replace-text FILE for the other places that named them), then",
        "  git push --force --all && git push --force --tags",
        "  and ask everyone who holds a clone or fork to delete it and clone again, and the "
        "code host to purge cached views and pull-request refs.",
    ]
    return lines
