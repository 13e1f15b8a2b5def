"""`advoc propose ...`: file a change as one validated commit on a new branch."""

from __future__ import annotations

import json
import sys
from enum import Enum
from typing import Annotated, Any

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
from advoc.errors import UsageError

propose_app = typer.Typer(
    name="propose",
    help="File a change as a proposal: one validated commit on a new branch, ready to push "
    "and review as a pull request. Your checkout (branch, staged and unstaged work, "
    "untracked files) is never touched.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)

EPILOG = """\
Examples:\n
  advoc propose decision --type role-grant --process role-grant\n
      --title "Grant Ada the spokesperson role" --advocate ada-lovelace --role spokesperson\n
  advoc propose vote 2026-grant-ada --support --comment "Clear answers to the press"\n
  advoc propose close 2026-grant-ada --push\n
  advoc propose feedback advocate/ada-lovelace --kind endorsement --summary "Great interview"\n
  advoc propose edit -m "Fix a typo in the principles" --decision 2026-rules-update\n
  advoc propose vote 2026-grant-ada --oppose --dry-run      show the change, create nothing\n
"""

BranchOption = Annotated[
    str | None,
    typer.Option(
        "--branch",
        metavar="NAME",
        show_default=False,
        help="The new branch's name. Default: propose/<what it does>, with -2, -3... "
        "when taken. An existing branch is never moved.",
    ),
]
AsOption = Annotated[
    str | None,
    typer.Option(
        "--as",
        metavar="USERNAME",
        show_default=False,
        help="Your wiki username, recorded as proposer, voter or author. Default: "
        "git's user.name. It does not change the commit's author.",
    ),
]
PushOption = Annotated[
    bool,
    typer.Option(
        "--push",
        help="Push the new branch (only it, never forced) and print what the host answers, "
        "such as the link to open a pull request.",
    ),
]
RemoteOption = Annotated[
    str,
    typer.Option("--remote", metavar="REMOTE", help="The remote --push pushes to."),
]
MergeRequestOption = Annotated[
    bool,
    typer.Option(
        "--merge-request",
        help="With --push to GitLab: open the merge request directly (push options).",
    ),
]
DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="Validate and print the change; create nothing.")
]
BaseOption = Annotated[
    str | None,
    typer.Option(
        "--base",
        metavar="REV",
        show_default=False,
        help="Start from this commit (branch, tag or id). Default: the current "
        "commit, also on a detached HEAD as in CI.",
    ),
]


class Position(str, Enum):
    SUPPORT = "support"
    OPPOSE = "oppose"
    NEUTRAL = "neutral"


def _ask(value: Any, option: str, question: str) -> Any:
    """A required value: given, asked for on a terminal, or a usage error."""
    if value not in (None, [], ""):
        return value
    if sys.stdin.isatty() and sys.stdout.isatty():
        return typer.prompt(question)
    raise UsageError(f"{option} is required.", hint=f"Add {option} VALUE to the command.")


class _Run:
    """What every propose subcommand shares: the base, the user, the finish."""

    def __init__(self, registry: str | None, base_rev: str | None) -> None:
        from advoc.submit import base

        self.root = registry_root(registry)
        self.start = base(self.root, base_rev)
        self.registry = self.start.registry

    def user(self, given: str | None) -> str:
        if given:
            return given
        from advoc.gitrepo import author_name, require_identity

        require_identity(self.root)
        return author_name(self.root)

    def finish(
        self,
        proposal: Any,
        branch: str | None,
        push: str | None,
        merge_request: bool,
        dry_run: bool,
        as_of: str | None,
        output_format: TextOrJson,
    ) -> None:
        from advoc.submit import submit

        if merge_request and push is None:
            raise UsageError(
                "--merge-request works with --push.",
                hint="Add --push (and the remote, if it is not origin).",
            )
        outcome = submit(
            self.start,
            proposal,
            as_of=as_of_date(as_of),
            branch=branch,
            dry_run=dry_run,
            remote=push,
            merge_request=merge_request,
        )
        if output_format is TextOrJson.JSON:
            sys.stdout.write(json.dumps(outcome.to_dict(), indent=2, ensure_ascii=False) + "\n")
        else:
            _render(outcome)
        if outcome.pushed is False:
            raise typer.Exit(2)


def _render(outcome: Any) -> None:
    say = typer.echo
    proposal = outcome.proposal
    if outcome.commit is None:
        sys.stdout.write(outcome.diff)
        say(
            f"Dry run: this is the change; nothing was created. It validates, and would be "
            f"branch {outcome.branch}."
        )
        return
    say(f"Proposal ready: branch {outcome.branch}, commit {outcome.commit[:12]}")
    say(f"  {proposal.summary}")
    for sentence in outcome.described:
        say(f"  - {sentence}")

    for path in sorted(proposal.changes):
        say(f"  {'removed' if proposal.changes[path] is None else 'changed'}: {path}")
    for warning in outcome.warnings:
        say(f"  note: {warning.file}:{warning.line}: warning [{warning.code}] {warning.message}")
    say("Your current branch and your files were not touched.")
    if outcome.remote is None:
        say(
            f"Next: git push origin {outcome.branch}   (or run again with --push), then open "
            "a pull request."
        )
    elif outcome.pushed:
        say(f"Pushed to {outcome.remote}. What the host said:")
        say("\n".join(f"  {line}" for line in outcome.push_output.splitlines()))
    else:
        say(
            f"advoc: the push to {outcome.remote} failed; the branch {outcome.branch} is kept "
            "on this computer.",
            err=True,
        )
        say("\n".join(f"  {line}" for line in outcome.push_output.splitlines()), err=True)
        say(
            f"hint: fix the cause above, then retry with: git push {outcome.remote} "
            f"{outcome.branch}",
            err=True,
        )


@propose_app.command("advocate", epilog=EPILOG)
@handles_errors
def advocate(
    username: Annotated[
        str | None, typer.Option("--username", help="Global wiki username.")
    ] = None,
    language: Annotated[
        list[str] | None, typer.Option("--language", help="A language they speak (repeat).")
    ] = None,
    record_id: Annotated[
        str | None, typer.Option("--id", help="The record's id. Default: from the username.")
    ] = None,
    name: Annotated[str | None, typer.Option("--name", help="Display name.")] = None,
    country: Annotated[
        list[str] | None, typer.Option("--country", help="ISO country code (repeat).")
    ] = None,
    topic: Annotated[list[str] | None, typer.Option("--topic", help="Topic slug (repeat).")] = None,
    project: Annotated[
        list[str] | None, typer.Option("--project", help="Home project, e.g. dewiki (repeat).")
    ] = None,
    group: Annotated[list[str] | None, typer.Option("--group", help="Group id (repeat).")] = None,
    branch: BranchOption = None,
    push: PushOption = False,
    remote: RemoteOption = "origin",
    merge_request: MergeRequestOption = False,
    dry_run: DryRunOption = False,
    base: BaseOption = None,
    as_of: AsOfOption = None,
    registry: RegistryOption = None,
    output_format: TextOrJsonOption = TextOrJson.TEXT,
) -> None:
    """Add a new advocate file."""
    from advoc import propose

    run = _Run(registry, base)
    proposal = propose.new_advocate(
        run.registry,
        username=_ask(username, "--username", "Wiki username"),
        languages=language or [_ask(None, "--language", "A language code (e.g. en)")],
        record_id=record_id,
        name=name,
        countries=country,
        topics=topic,
        projects=project,
        groups=group,
    )
    run.finish(
        proposal, branch, remote if push else None, merge_request, dry_run, as_of, output_format
    )


@propose_app.command("decision", epilog=EPILOG)
@handles_errors
def decision(
    decision_type: Annotated[
        str | None,
        typer.Option(
            "--type",
            help="role-grant, role-removal, confirmation, campaign, blackout, banner, "
            "statement, rule-change or ratification.",
        ),
    ] = None,
    process: Annotated[
        str | None,
        typer.Option(
            "--process", help="The process that decides it (see `advoc guide decisions`)."
        ),
    ] = None,
    title: Annotated[
        str | None, typer.Option("--title", help="What is decided, in one line.")
    ] = None,
    advocate: Annotated[
        list[str] | None,
        typer.Option("--advocate", help="Advocate id the decision acts on (repeat)."),
    ] = None,
    role: Annotated[
        list[str] | None, typer.Option("--role", help="Role id the decision acts on (repeat).")
    ] = None,
    discussion: Annotated[
        str | None, typer.Option("--discussion", help="Link to the discussion page.")
    ] = None,
    record_id: Annotated[
        str | None, typer.Option("--id", help="The record's id. Default: year and title.")
    ] = None,
    as_user: AsOption = None,
    branch: BranchOption = None,
    push: PushOption = False,
    remote: RemoteOption = "origin",
    merge_request: MergeRequestOption = False,
    dry_run: DryRunOption = False,
    base: BaseOption = None,
    as_of: AsOfOption = None,
    registry: RegistryOption = None,
    output_format: TextOrJsonOption = TextOrJson.TEXT,
) -> None:
    """Open a new decision (status open, opened now, you as proposer)."""
    from advoc import propose

    run = _Run(registry, base)
    proposal = propose.new_decision(
        run.registry,
        decision_type=_ask(decision_type, "--type", "Decision type"),
        process=_ask(process, "--process", "Process"),
        title=_ask(title, "--title", "Title"),
        proposer=run.user(as_user),
        at=propose.now(),
        record_id=record_id,
        advocates=advocate,
        roles=role,
        discussion=discussion,
    )
    run.finish(
        proposal, branch, remote if push else None, merge_request, dry_run, as_of, output_format
    )


@propose_app.command("vote", epilog=EPILOG)
@handles_errors
def vote(
    decision_id: Annotated[str, typer.Argument(metavar="DECISION", help="The decision's id.")],
    support: Annotated[bool, typer.Option("--support", help="Vote for it.")] = False,
    oppose: Annotated[bool, typer.Option("--oppose", help="Vote against it.")] = False,
    neutral: Annotated[bool, typer.Option("--neutral", help="Take part without a side.")] = False,
    comment: Annotated[str | None, typer.Option("--comment", help="Why, in a sentence.")] = None,
    as_user: AsOption = None,
    branch: BranchOption = None,
    push: PushOption = False,
    remote: RemoteOption = "origin",
    merge_request: MergeRequestOption = False,
    dry_run: DryRunOption = False,
    base: BaseOption = None,
    as_of: AsOfOption = None,
    registry: RegistryOption = None,
    output_format: TextOrJsonOption = TextOrJson.TEXT,
) -> None:
    """Add your vote to an open decision."""
    from advoc import propose

    chosen = [p for p, on in (("support", support), ("oppose", oppose), ("neutral", neutral)) if on]
    if len(chosen) != 1:
        raise UsageError("Give exactly one of --support, --oppose or --neutral.")
    run = _Run(registry, base)
    proposal = propose.vote(
        run.registry,
        decision_id,
        user=run.user(as_user),
        position=chosen[0],
        at=propose.now(),
        comment=comment,
    )
    run.finish(
        proposal, branch, remote if push else None, merge_request, dry_run, as_of, output_format
    )


@propose_app.command("close", epilog=EPILOG)
@handles_errors
def close(
    decision_id: Annotated[str, typer.Argument(metavar="DECISION", help="The decision's id.")],
    as_user: AsOption = None,
    branch: BranchOption = None,
    push: PushOption = False,
    remote: RemoteOption = "origin",
    merge_request: MergeRequestOption = False,
    dry_run: DryRunOption = False,
    base: BaseOption = None,
    as_of: AsOfOption = None,
    registry: RegistryOption = None,
    output_format: TextOrJsonOption = TextOrJson.TEXT,
) -> None:
    """Close a decision as its process says, and write or end the role it decides."""
    from advoc import propose

    run = _Run(registry, base)
    proposal = propose.close(run.registry, decision_id, closer=run.user(as_user), at=propose.now())
    run.finish(
        proposal, branch, remote if push else None, merge_request, dry_run, as_of, output_format
    )


class FeedbackKind(str, Enum):
    CONCERN = "concern"
    ENDORSEMENT = "endorsement"
    SUGGESTION = "suggestion"
    QUESTION = "question"


@propose_app.command("feedback", epilog=EPILOG)
@handles_errors
def feedback(
    about: Annotated[str, typer.Argument(metavar="KIND/ID", help="advocate/ID or decision/ID.")],
    kind: Annotated[
        FeedbackKind | None, typer.Option("--kind", help="What kind of feedback.")
    ] = None,
    summary: Annotated[str | None, typer.Option("--summary", help="The feedback, briefly.")] = None,
    anonymous: Annotated[
        bool, typer.Option("--anonymous", help="Record the author as anonymous.")
    ] = False,
    record_id: Annotated[
        str | None, typer.Option("--id", help="The record's id. Default: date and subject.")
    ] = None,
    as_user: AsOption = None,
    branch: BranchOption = None,
    push: PushOption = False,
    remote: RemoteOption = "origin",
    merge_request: MergeRequestOption = False,
    dry_run: DryRunOption = False,
    base: BaseOption = None,
    as_of: AsOfOption = None,
    registry: RegistryOption = None,
    output_format: TextOrJsonOption = TextOrJson.TEXT,
) -> None:
    """Give feedback about an advocate or a decision."""
    from advoc import propose

    run = _Run(registry, base)
    chosen = (
        kind.value
        if kind
        else _ask(None, "--kind", "Kind (concern/endorsement/suggestion/question)")
    )
    proposal = propose.feedback(
        run.registry,
        about,
        kind=chosen,
        summary=_ask(summary, "--summary", "Summary"),
        author="anonymous" if anonymous else run.user(as_user),
        at=propose.now(),
        record_id=record_id,
    )
    run.finish(
        proposal, branch, remote if push else None, merge_request, dry_run, as_of, output_format
    )


class ResponseStatus(str, Enum):
    ACKNOWLEDGED = "acknowledged"
    ADDRESSED = "addressed"
    DISMISSED = "dismissed"
    ESCALATED = "escalated"


@propose_app.command("respond", epilog=EPILOG)
@handles_errors
def respond(
    feedback_id: Annotated[str, typer.Argument(metavar="FEEDBACK", help="The feedback's id.")],
    text: Annotated[str | None, typer.Option("--text", help="Your answer.")] = None,
    status: Annotated[
        ResponseStatus, typer.Option("--status", help="The feedback's new status.")
    ] = ResponseStatus.ADDRESSED,
    as_user: AsOption = None,
    branch: BranchOption = None,
    push: PushOption = False,
    remote: RemoteOption = "origin",
    merge_request: MergeRequestOption = False,
    dry_run: DryRunOption = False,
    base: BaseOption = None,
    as_of: AsOfOption = None,
    registry: RegistryOption = None,
    output_format: TextOrJsonOption = TextOrJson.TEXT,
) -> None:
    """Answer feedback."""
    from advoc import propose

    run = _Run(registry, base)
    proposal = propose.respond(
        run.registry,
        feedback_id,
        by=run.user(as_user),
        text=_ask(text, "--text", "Your answer"),
        status=status.value,
        at=propose.now(),
    )
    run.finish(
        proposal, branch, remote if push else None, merge_request, dry_run, as_of, output_format
    )


@propose_app.command("edit", epilog=EPILOG)
@handles_errors
def edit(
    commit_message: Annotated[
        str | None, typer.Option("--message", "-m", help="The commit's summary line.")
    ] = None,
    decision_id: Annotated[
        str | None,
        typer.Option(
            "--decision",
            help="The adopted decision that authorises the change (needed for rules/).",
        ),
    ] = None,
    branch: BranchOption = None,
    push: PushOption = False,
    remote: RemoteOption = "origin",
    merge_request: MergeRequestOption = False,
    dry_run: DryRunOption = False,
    base: BaseOption = None,
    as_of: AsOfOption = None,
    registry: RegistryOption = None,
    output_format: TextOrJsonOption = TextOrJson.TEXT,
) -> None:
    """Turn your uncommitted edits under registry/ and rules/ into a proposal.

    Your edits stay in your working tree as they are; the proposal is a copy of them.
    """
    from advoc import propose
    from advoc.gitrepo import worktree_changes
    from advoc.kinds import TOP_FOLDERS

    run = _Run(registry, base)
    changes = worktree_changes(run.root, run.start.revision.commit, TOP_FOLDERS)
    proposal = propose.from_edits(run.registry, changes, commit_message, decision_id)
    run.finish(
        proposal, branch, remote if push else None, merge_request, dry_run, as_of, output_format
    )
