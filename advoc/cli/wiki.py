"""`advoc wiki ...`: the registry on a MediaWiki."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from advoc.cli.options import (
    AsOfOption,
    RegistryOption,
    as_of_date,
    handles_errors,
    registry_root,
)
from advoc.cli.propose import with_proposal_options
from advoc.cli.reporting import ReportFormatOption, rendered
from advoc.errors import ExitCode, UsageError
from advoc.export import Format, export
from advoc.export.output import texts
from advoc.export.publish import (
    plan,
    refuse_hand_edits,
    retired_parts,
    split_pages,
    summary,
    titled,
    wiki_settings,
)
from advoc.git.repo import GitError, commit_of
from advoc.load.loader import load
from advoc.propose.submit import Base
from advoc.propose.wikivotes import judge, proposal, verify, wiki_page
from advoc.report.escape import visible
from advoc.report.report import Report
from advoc.wiki.client import Wiki
from advoc.wiki.credentials import credentials

if TYPE_CHECKING:
    from advoc.propose.build import Proposal

wiki_app = typer.Typer(
    name="wiki",
    help="The registry on a MediaWiki: publish the directory's pages, take a decision's "
    "votes from its wiki page.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)

EPILOG = """\
Examples:\n
  advoc wiki publish --dry-run     what would change on the wiki, page by page\n
  ADVOC_WIKI_USER=Name@advoc ADVOC_WIKI_PASSWORD=... advoc wiki publish\n
  advoc wiki votes 2026-blackout --dry-run   the votes on its page, counted\n
"""


@wiki_app.command("publish", epilog=EPILOG)
@handles_errors
def publish(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print what would change, page by page; edit nothing.")
    ] = False,
    credentials_file: Annotated[
        Path | None,
        typer.Option(
            "--credentials",
            metavar="FILE",
            help="A file only you can read, with lines user=Name@app and password=... "
            "Default: $ADVOC_WIKI_CREDENTIALS, else $ADVOC_WIKI_USER and $ADVOC_WIKI_PASSWORD.",
        ),
    ] = None,
    language: Annotated[
        str | None, typer.Option("--lang", help="The pages' language. Default: the registry's.")
    ] = None,
    as_of: AsOfOption = None,
    registry: RegistryOption = None,
) -> None:
    """Publish the directory (the pages of `advoc export --format wikitext`) to the wiki
    advoc.yaml names, editing only the pages whose text changed."""
    root = registry_root(registry)
    loaded = load(root)
    api, prefix = wiki_settings(loaded.manifest)
    jobs = export(loaded, Format.WIKITEXT, as_of_date(as_of), language).jobs
    made = {name: data.decode("utf-8") for job in jobs for name, data in texts(job)}
    whole = titled(made, prefix)
    user_password = None if dry_run else credentials(credentials_file)
    wiki = Wiki(api)
    if user_password is not None:
        wiki.login(*user_password)
    pages = split_pages(whole, wiki.max_page_bytes())
    pages.update(retired_parts(wiki, whole, pages))
    planned = plan(pages, wiki.pages(list(pages)))
    refuse_hand_edits(planned)
    changing = [page for page in planned if page.action != "unchanged"]
    if dry_run:
        for page in changing:
            sys.stdout.write(visible(page.diff()))
        typer.echo(
            f"Dry run: {len(changing)} of {len(planned)} pages would change on {api}; "
            "nothing was edited."
        )
        return
    said = summary(_commit(root))
    for page in planned:
        if page.action == "unchanged":
            typer.echo(visible(f"unchanged: {page.title}"))
            continue
        revision = wiki.edit(page.title, page.new, said, page.old)
        typer.echo(visible(f"{page.action}d: {page.title} (revision {revision})"))
    typer.echo(f"Published to {api}: {len(changing)} of {len(planned)} pages changed.")


def _commit(root: Path) -> str | None:
    try:
        return commit_of(root, "HEAD")
    except (GitError, UsageError):
        return None


def _votes(
    start: Base,
    decision_id: Annotated[str, typer.Argument(metavar="DECISION", help="The decision's id.")],
) -> Proposal:
    """Read the votes on the decision's wiki page (its `wiki_page`), each attributed to
    the account whose revision added it, checked against the process's eligibility
    rules, and propose the valid ones as vote files (cast: wiki, the revision as
    proof): one commit on a new branch. What is not counted is listed, with why."""
    registry = start.registry
    page, api = wiki_page(registry, decision_id)
    tally = judge(registry, decision_id, Wiki(api), page)
    typer.echo(
        visible(f"{page}: {len(tally.counted)} votes counted, {len(tally.left_out)} not."),
        err=True,
    )
    for cast, why in tally.left_out:
        who = cast.user or "(hidden)"
        typer.echo(visible(f"  not counted: {who} (revision {cast.revision}): {why}"), err=True)
    return proposal(registry, decision_id, tally, api, page)


wiki_app.command("votes", epilog=EPILOG)(with_proposal_options(_votes))


@wiki_app.command("verify", epilog=EPILOG)
@handles_errors
def verify_command(
    decision_id: Annotated[str, typer.Argument(metavar="DECISION", help="The decision's id.")],
    registry: RegistryOption = None,
    as_of: AsOfOption = None,
    output_format: ReportFormatOption = None,
) -> None:
    """Check every wiki vote recorded for the decision against its wiki page's history:
    the revision is there, by the voter, adds that vote, and the page still counts it."""
    root = registry_root(registry)
    loaded = load(root)
    page, api = wiki_page(loaded, decision_id)
    findings = verify(loaded, decision_id, Wiki(api), page)
    checked = sum(
        1
        for vote in loaded.of_kind("vote")
        if vote.id.partition("/")[0] == decision_id and vote.data.get("cast") == "wiki"
    )
    report = Report(
        root, as_of_date(as_of), checked, checked, findings, command="wiki verify",
        scope=f"{checked} wiki vote{'s' if checked != 1 else ''} of {decision_id} on {page}",
    )  # fmt: skip
    sys.stdout.write(rendered(report, output_format))
    raise typer.Exit(ExitCode.FINDINGS if report.failed() else ExitCode.OK)
