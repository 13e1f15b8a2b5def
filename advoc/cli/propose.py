"""`advoc propose ...`: file a change as one validated commit on a new branch."""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable, Sequence
from enum import Enum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, get_type_hints

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
from advoc.errors import ExitCode, UsageError
from advoc.git.repo import author_name, require_identity, worktree_changes
from advoc.model.kinds import TOP_FOLDERS
from advoc.model.requirements import REQUIRED
from advoc.model.timeutil import now
from advoc.propose import build as propose
from advoc.propose.build import Scope
from advoc.propose.submit import Base, Outcome, Request
from advoc.propose.submit import propose as propose_change
from advoc.report.escape import visible
from advoc.report.output import json_text

if TYPE_CHECKING:
    from advoc.propose.build import Proposal

Build = Callable[..., "Proposal"]

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


DECISION_TYPES = (
    "role-grant", "role-removal", "confirmation", "campaign", "blackout", "banner",
    "statement", "rule-change", "ratification",
)  # fmt: skip


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _ask(value: Any, option: str, question: str, choices: Sequence[str] = ()) -> Any:
    """A required value: given, asked for on a terminal (listing the valid
    `choices`, when there are any), or a usage error that lists them."""
    if value not in (None, [], ""):
        return value
    listed = f" ({', '.join(choices)})" if choices else ""
    if _interactive():
        return typer.prompt(visible(question + listed))
    hint = f"Add {option} VALUE to the command."
    if choices:
        hint += f" One of: {', '.join(choices)}."
    raise UsageError(f"{option} is required.", hint=visible(hint))


COMMON: dict[str, tuple[Any, Any]] = {
    # name: (annotation, default), added to every subcommand by `proposal_command`
    "branch": (BranchOption, None),
    "push": (PushOption, False),
    "remote": (RemoteOption, "origin"),
    "merge_request": (MergeRequestOption, False),
    "dry_run": (DryRunOption, False),
    "base": (BaseOption, None),
    "as_of": (AsOfOption, None),
    "registry": (RegistryOption, None),
    "output_format": (TextOrJsonOption, TextOrJson["text"]),
}


def _request(options: dict[str, Any]) -> Request:
    """How to submit, from the options every proposal takes."""
    if options["merge_request"] and not options["push"]:
        raise UsageError(
            "--merge-request works with --push.",
            hint="Add --push (and --remote NAME, if it is not origin).",
        )
    return Request(
        registry_root(options["registry"]),
        options["base"],
        as_of_date(options["as_of"]),
        branch=options["branch"],
        dry_run=options["dry_run"],
        remote=options["remote"] if options["push"] else None,
        merge_request=options["merge_request"],
    )


def _user(start: Base, given: str | None) -> str:
    """The wiki username recorded: --as, or git's user.name (never invented)."""
    if given:
        return given
    require_identity(start.root)
    return author_name(start.root)


def _write(outcome: Outcome, output_format: Any) -> None:
    if output_format.value == "json":
        sys.stdout.write(json_text(outcome.to_dict()))
    else:
        _render(outcome)
    if outcome.pushed is False:
        raise typer.Exit(ExitCode.USAGE)  # the host refused the push


_OPTION_NAMES = {
    "as_user": "--as",
    "decision_type": "--type",
    "record_id": "--id",
    "commit_message": "--message",
    "decision_id": "DECISION",
    "feedback_id": "FEEDBACK",
}


def _require_text(values: dict[str, Any]) -> None:
    """Refuse an argument that is not valid UTF-8 (the shell passed raw bytes)."""
    for key, value in values.items():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str):
                try:
                    item.encode("utf-8")
                except UnicodeEncodeError:
                    option = _OPTION_NAMES.get(key, "--" + key.replace("_", "-"))
                    raise UsageError(
                        f"The value given for {option} is not valid UTF-8 text.",
                        hint="Type it again, or set your terminal to UTF-8.",
                    ) from None


Confirm = Callable[[dict[str, Any], dict[str, Any]], None]


def proposal_command(
    name: str,
    confirm: Confirm | None = None,
    scope: Callable[[dict[str, Any]], Scope] | None = None,
) -> Callable[[Build], Build]:
    """Register `build(start, **its own options) -> Proposal` as `advoc propose NAME`,
    with the options every proposal takes added to its signature once, here.
    `confirm(own options, common options)` runs first: it may warn, ask, or refuse.
    `scope(own options)` names the part of the registry the proposal reads and can
    affect; without it, the whole registry is read and validated."""

    def register(build: Build) -> Build:
        run = _proposed if scope is None else partial(_proposed, scope=scope)
        propose_app.command(name, epilog=EPILOG)(with_proposal_options(build, confirm, run))
        return build

    return register


ProposalRun = Callable[[Request, Build, dict[str, Any]], Outcome]


def _proposed(
    request: Request,
    build: Build,
    values: dict[str, Any],
    scope: Callable[[dict[str, Any]], Scope] | None = None,
) -> Outcome:
    """A proposal built from the registry at the base (or the part `scope` names)."""
    part = scope(values) if scope is not None else None
    return propose_change(request, lambda start: build(start, **values), part)


def with_proposal_options(
    build: Build, confirm: Confirm | None = None, run: ProposalRun = _proposed
) -> Callable[..., None]:
    """The command that runs `build` as a proposal, with the options every proposal
    takes added to its signature once, here."""
    # The command's own options, their postponed annotations resolved
    # (the return type needs no import at run time).
    hints = get_type_hints(build, localns={"Proposal": Any}, include_extras=True)
    own = [
        parameter.replace(annotation=hints[parameter.name])
        for parameter in list(inspect.signature(build).parameters.values())[1:]
    ]
    common = [
        inspect.Parameter(
            key, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation
        )
        for key, (annotation, default) in COMMON.items()
    ]

    def command(**values: Any) -> None:
        _require_text(values)
        options = {key: values.pop(key) for key in COMMON}
        if confirm is not None:
            confirm(values, options)
        _write(run(_request(options), build, values), options["output_format"])

    command.__signature__ = inspect.Signature(own + common)  # type: ignore[attr-defined]
    command.__annotations__ = {p.name: p.annotation for p in own + common}
    command.__doc__ = build.__doc__
    command.__name__ = build.__name__
    return handles_errors(command)


def _say(message: str, err: bool = False) -> None:
    """A line of propose's answer: summaries, file names, warnings and what the
    host said are registry text or remote text, so none reaches the terminal raw."""
    typer.echo(visible(message), err=err)


def _render(outcome: Any) -> None:
    say = _say
    proposal = outcome.proposal
    if outcome.commit is None:
        sys.stdout.write(visible(outcome.diff))
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


@proposal_command("advocate")
def advocate(
    start: Base,
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
) -> Proposal:
    """Add a new advocate file."""
    proposal = propose.new_advocate(
        start.registry,
        username=_ask(username, "--username", "Wiki username"),
        languages=language or [_ask(None, "--language", "A language code (e.g. en)")],
        record_id=record_id,
        name=name,
        countries=country,
        topics=topic,
        projects=project,
        groups=group,
    )
    return proposal


@proposal_command("decision")
def decision(
    start: Base,
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
    rule: Annotated[
        list[str] | None,
        typer.Option(
            "--rule",
            metavar="KIND/ID",
            help="For a rule-change: a rule it changes, adds or removes, e.g. "
            "process/role-grant (repeat). It may change no other.",
        ),
    ] = None,
    ratifies: Annotated[
        str | None,
        typer.Option(
            "--ratifies",
            metavar="DECISION",
            help="For a ratification: the urgent decision it confirms.",
        ),
    ] = None,
    scope: Annotated[
        list[str] | None,
        typer.Option(
            "--scope",
            metavar="KEY=VALUE",
            help="For a role-grant or confirmation: where the role is held, e.g. country=DE, "
            "topic=copyright, project=dewiki, group=wikimedia-deutschland (repeat). The role "
            "written when it is adopted carries it.",
        ),
    ] = None,
    wiki: Annotated[
        list[str] | None,
        typer.Option(
            "--wiki",
            help="For a blackout or banner: a wiki it acts on, by database "
            "name, e.g. dewiki (repeat).",
        ),
    ] = None,
    action_start: Annotated[
        str | None,
        typer.Option(
            "--start",
            metavar="TIMESTAMP",
            help="For a blackout or banner: when it starts, e.g. 2026-12-05T00:00:00Z.",
        ),
    ] = None,
    action_end: Annotated[
        str | None,
        typer.Option("--end", metavar="TIMESTAMP", help="For a blackout or banner: when it ends."),
    ] = None,
    record_id: Annotated[
        str | None, typer.Option("--id", help="The record's id. Default: year and title.")
    ] = None,
    as_user: AsOption = None,
) -> Proposal:
    """Open a new decision (status open, opened now, you as proposer)."""
    registry = start.registry
    chosen_type = _ask(decision_type, "--type", "Decision type", DECISION_TYPES)
    processes = [record.id for record in registry.all() if record.kind == "process"]
    if chosen_type == "rule-change" and not rule and _interactive():
        # without a terminal, new_decision says what is missing and lists the rules
        choices = propose.rule_choices(registry)
        rule = str(_ask(None, "--rule", "Rules it changes, separated by spaces", choices)).split()
    if _interactive():  # on a terminal, ask for what the type requires (choices listed)
        wanted = {item.option for item in REQUIRED.get(str(chosen_type), ())}
        if "--advocate" in wanted and not advocate:
            advocate = str(
                _ask(
                    None,
                    "--advocate",
                    "Advocates it acts on, separated by spaces",
                    _ids(registry, "advocate"),
                )
            ).split()
        if "--role" in wanted and not role:
            role = str(
                _ask(None, "--role", "Roles, separated by spaces", _ids(registry, "role"))
            ).split()
        if "--wiki" in wanted and not wiki:
            wiki = str(
                _ask(None, "--wiki", "Wikis it acts on (e.g. dewiki), separated by spaces")
            ).split()
        if "--start" in wanted and not action_start:
            action_start = _ask(None, "--start", "When it starts (e.g. 2026-12-05T00:00:00Z)")
        if "--ratifies" in wanted and not ratifies:
            ratifies = _ask(
                None,
                "--ratifies",
                "The urgent decision it ratifies",
                propose.urgent_decisions(registry),
            )
    proposal = propose.new_decision(
        registry,
        rules=rule,
        ratifies=ratifies,
        scope=_scope(scope or []),
        wikis=wiki,
        action_start=action_start,
        action_end=action_end,
        decision_type=chosen_type,
        process=_ask(process, "--process", "Process", processes),
        title=_ask(title, "--title", "Title"),
        proposer=_user(start, as_user),
        at=now(),
        record_id=record_id,
        advocates=advocate,
        roles=role,
        discussion=discussion,
    )
    return proposal


_SCOPE_KEYS = {"country": "countries", "topic": "topics", "project": "projects", "group": "groups"}


def _scope(given: list[str]) -> dict[str, list[str]]:
    """--scope country=DE --scope topic=copyright as a role's scope."""
    scope: dict[str, list[str]] = {}
    for item in given:
        key, equals, value = item.partition("=")
        field = _SCOPE_KEYS.get(key.strip())
        if not equals or field is None or not value.strip():
            raise UsageError(
                f"--scope '{item}' is not KEY=VALUE.",
                hint="KEY is one of: " + ", ".join(_SCOPE_KEYS) + "; e.g. --scope country=DE.",
            )
        scope.setdefault(field, []).append(value.strip())
    return scope


def _ids(registry: Any, kind: str) -> list[str]:
    return sorted(record.id for record in registry.of_kind(kind))


@proposal_command("vote", scope=lambda values: propose.vote_scope(values["decision_id"]))
def vote(
    start: Base,
    decision_id: Annotated[str, typer.Argument(metavar="DECISION", help="The decision's id.")],
    support: Annotated[bool, typer.Option("--support", help="Vote for it.")] = False,
    oppose: Annotated[bool, typer.Option("--oppose", help="Vote against it.")] = False,
    neutral: Annotated[bool, typer.Option("--neutral", help="Take part without a side.")] = False,
    comment: Annotated[str | None, typer.Option("--comment", help="Why, in a sentence.")] = None,
    as_user: AsOption = None,
) -> Proposal:
    """Add your vote to an open decision."""
    chosen = [p for p, on in (("support", support), ("oppose", oppose), ("neutral", neutral)) if on]
    if len(chosen) != 1:
        raise UsageError("Give exactly one of --support, --oppose or --neutral.")
    proposal = propose.vote(
        start.registry,
        decision_id,
        user=_user(start, as_user),
        position=chosen[0],
        at=now(),
        comment=comment,
    )
    return proposal


@proposal_command("close")
def close(
    start: Base,
    decision_id: Annotated[str, typer.Argument(metavar="DECISION", help="The decision's id.")],
    as_user: AsOption = None,
) -> Proposal:
    """Close a decision as its process says, and write or end the role it decides."""
    proposal = propose.close(start.registry, decision_id, closer=_user(start, as_user), at=now())
    return proposal


class FeedbackKind(str, Enum):
    CONCERN = "concern"
    ENDORSEMENT = "endorsement"
    SUGGESTION = "suggestion"
    QUESTION = "question"


ANONYMOUS_WARNING = """\
advoc: anonymous feedback. The file will say `author: anonymous`, and the commit
  will name the registry's identity for anonymous submissions, dated the start of
  today (UTC), never signed: your name and email are in neither.
  It cannot hide: who pushes the branch and opens the pull request (the host
  records your account), the host's and your network's logs, and your own words
  and style. To stay unknown, ask someone you trust to push it for you."""


def _confirm_anonymous(own: dict[str, Any], common: dict[str, Any]) -> None:
    """Anonymous feedback: refused with --as, explained before anything is made,
    and pushed (under the pusher's account) only when the user says yes."""
    yes = own.pop("yes")
    if not own["anonymous"]:
        return
    if own["as_user"]:
        raise UsageError(
            "--anonymous and --as contradict each other: anonymous feedback names nobody.",
            hint="Leave out --as.",
        )
    if common["output_format"].value != "json":
        typer.echo(ANONYMOUS_WARNING, err=True)
    if common["push"] and not yes and not common["dry_run"]:
        question = "Push it now, from your account?"
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            raise UsageError(
                "--push with --anonymous pushes from your own account, which the host "
                "records: say so with --yes. Nothing was created.",
                hint="Add --yes, or leave out --push and let someone you trust push the branch.",
            )
        if not typer.confirm(question, default=False, err=True):
            raise UsageError("Nothing was created: you did not confirm the push.")


@proposal_command("feedback", confirm=_confirm_anonymous)
def feedback(
    start: Base,
    about: Annotated[str, typer.Argument(metavar="KIND/ID", help="advocate/ID or decision/ID.")],
    kind: Annotated[
        FeedbackKind | None, typer.Option("--kind", help="What kind of feedback.")
    ] = None,
    summary: Annotated[str | None, typer.Option("--summary", help="The feedback, briefly.")] = None,
    anonymous: Annotated[
        bool,
        typer.Option(
            "--anonymous",
            help="Name nobody: the file says anonymous, and the commit names the "
            "registry's identity for anonymous submissions (advoc.yaml `anonymous`).",
        ),
    ] = False,
    yes: Annotated[
        bool, typer.Option("--yes", help="With --anonymous --push: push without asking.")
    ] = False,
    record_id: Annotated[
        str | None, typer.Option("--id", help="The record's id. Default: date and subject.")
    ] = None,
    as_user: AsOption = None,
) -> Proposal:
    """Give feedback about an advocate or a decision."""
    chosen = (
        kind.value
        if kind
        else _ask(None, "--kind", "Kind (concern/endorsement/suggestion/question)")
    )
    proposal = propose.feedback(
        start.registry,
        about,
        kind=chosen,
        summary=_ask(summary, "--summary", "Summary"),
        author="anonymous" if anonymous else _user(start, as_user),
        at=now(),
        record_id=record_id,
        anonymous=anonymous,
    )
    return proposal


class ResponseStatus(str, Enum):
    ACKNOWLEDGED = "acknowledged"
    ADDRESSED = "addressed"
    DISMISSED = "dismissed"
    ESCALATED = "escalated"


@proposal_command("respond")
def respond(
    start: Base,
    feedback_id: Annotated[str, typer.Argument(metavar="FEEDBACK", help="The feedback's id.")],
    text: Annotated[str | None, typer.Option("--text", help="Your answer.")] = None,
    status: Annotated[
        ResponseStatus, typer.Option("--status", help="The feedback's new status.")
    ] = ResponseStatus.ADDRESSED,
    as_user: AsOption = None,
) -> Proposal:
    """Answer feedback."""
    proposal = propose.respond(
        start.registry,
        feedback_id,
        by=_user(start, as_user),
        text=_ask(text, "--text", "Your answer"),
        status=status.value,
        at=now(),
    )
    return proposal


@proposal_command("edit")
def edit(
    start: Base,
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
) -> Proposal:
    """Turn your uncommitted edits under registry/ and rules/ into a proposal.

    Your edits stay in your working tree as they are; the proposal is a copy of them.
    """

    changes, left_out = worktree_changes(
        start.root, start.revision.commit, TOP_FOLDERS, start.revision.oid
    )
    if left_out:
        typer.echo(
            "advoc: note: untracked files that are not records were left out: "
            + visible(", ".join(left_out))
            + " (git add them to include them).",
            err=True,
        )
    return propose.from_edits(start.registry, changes, commit_message, decision_id)


class Host(str, Enum):
    GITHUB = "github"
    GITLAB = "gitlab"


@proposal_command("from-issue")
def from_issue(
    start: Base,
    body_file: Annotated[
        str,
        typer.Option(
            "--body",
            metavar="FILE",
            help="The issue's body, as the host renders the form: a file, or - to read "
            "standard input.",
        ),
    ],
    login: Annotated[
        str, typer.Option("--author-login", help="The issue author's account name on the host.")
    ],
    account_id: Annotated[
        str, typer.Option("--author-id", help="The issue author's numeric account id.")
    ],
    host: Annotated[Host, typer.Option("--host", help="Where the issue was filed.")] = Host.GITHUB,
) -> Proposal:
    """Turn an issue filed through the site's vote, feedback or proposal form into
    the proposal it asks for, authored by the issue's author (for a CI job).

    The commit's author is the host's no-reply address of the author's account,
    which is what `advoc audit` ties a vote to.
    """
    from advoc.propose import issue  # here: only this command reads issues (1 ms)

    try:
        body = sys.stdin.read() if body_file == "-" else Path(body_file).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"Cannot read the issue's body from {body_file}: {error}.") from None
    return issue.proposal(
        start.registry, body, host=host.value, login=login, account_id=account_id, at=now()
    )
