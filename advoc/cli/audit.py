from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import Annotated

import typer

from advoc.cli.options import RegistryOption, as_of_date, handles_errors, registry_root
from advoc.cli.reporting import ReportFormatOption, rendered
from advoc.commands.audit import audit as run_audit
from advoc.commands.audit import shallow_warning
from advoc.errors import ExitCode, RefusedError, UsageError
from advoc.load.loader import load
from advoc.model.findings import Finding
from advoc.propose.wikivotes import verify
from advoc.wiki.client import Wiki

EPILOG = """\
Examples:\n
  advoc audit                               the whole history of the current branch\n
  advoc audit origin/main..HEAD             only the commits of this branch (for CI)\n
  advoc audit --require-signed --format junit > audit.xml\n
\n
A commit that changes rules/ must end its message with a trailer such as\n
  Advoc-Decision: 2026-quorum-change\n
naming a decision that, before that commit, is adopted, of type rule-change, and
lists every rule the commit changes. Every vote added is its voter's: committed
by them, or on a wiki with its revision (--wiki checks those on the wiki).
Merge commits are checked for the changes their own conflict resolution made;
what they merge is checked in the merged commits.\n
\n
Exit codes: 0 every commit passes; 1 a commit fails; 2 advoc could not run
(not a git repository, a revision that does not exist).
"""


@handles_errors
def audit(
    revisions: Annotated[
        str | None,
        typer.Argument(
            metavar="[RANGE]",
            help="The commits to check: a revision (all its history) or a range such as "
            "origin/main..HEAD. Default: HEAD.",
            show_default=False,
        ),
    ] = None,
    registry: RegistryOption = None,
    require_signed: Annotated[
        bool,
        typer.Option("--require-signed", help="Also require a verified signature on every commit."),
    ] = False,
    wiki: Annotated[
        bool,
        typer.Option(
            "--wiki",
            help="Also check every recorded wiki vote against its decision's wiki page "
            "(as `advoc wiki verify`), when the wiki can be reached.",
        ),
    ] = False,
    output_format: ReportFormatOption = None,
) -> None:
    """Check the history: every change to rules/ names an adopted rule-change decision,
    and every vote is its voter's."""
    root = registry_root(registry)
    report = run_audit(root, revisions, require_signed, as_of_date(None))
    if wiki:
        checked = sorted(report.findings + _wiki_findings(root), key=Finding.sort_key)
        report = dataclasses.replace(report, findings=checked)
    if report.extra["shallow"]:
        typer.echo(f"advoc: warning: {shallow_warning()}", err=True)
    sys.stdout.write(rendered(report, output_format))
    raise typer.Exit(ExitCode.FINDINGS if report.failed() else ExitCode.OK)


def _wiki_findings(root: Path) -> list[Finding]:
    """`advoc wiki verify` of every page that proves a recorded wiki vote; a wiki that
    cannot be reached is a warning that its votes were not checked."""
    registry = load(root)
    pages: dict[tuple[str, str, str], int] = {}
    for vote in registry.of_kind("vote"):
        proof = vote.data.get("proof")
        if vote.data.get("cast") == "wiki" and isinstance(proof, dict):
            key = (vote.id.partition("/")[0], str(proof.get("wiki")), str(proof.get("page")))
            pages[key] = pages.get(key, 0) + 1
    findings: list[Finding] = []
    for (decision_id, api, page), count in sorted(pages.items()):
        try:
            findings += verify(registry, decision_id, Wiki(api), page)
        except (UsageError, RefusedError) as problem:
            findings.append(
                Finding(
                    "warning",
                    "wiki-vote-unchecked",
                    f"registry/votes/{decision_id}",
                    f"{count} wiki vote{'s' if count != 1 else ''} of {decision_id} on {page} "
                    f"not checked: {problem.message}",
                    line=1,
                )
            )
    return findings
