"""`advoc migrate`: a registry moved to the current format, as one proposal."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from advoc.cli.propose import with_proposal_options
from advoc.propose.submit import Base, Outcome, Request, submit_request
from advoc.propose.upgrade import migration_base

if TYPE_CHECKING:
    from advoc.propose.build import Proposal

EPILOG = """\
Examples:\n
  advoc migrate --dry-run      show the change, create nothing\n
  advoc migrate                the change as a commit on a new branch, to review\n
  advoc migrate --push         and push that branch, to open a pull request\n
"""


def _migrate(start: Base) -> Proposal:
    """Move a format 1 registry to format 2, where each vote is a file of its own
    (registry/votes/DECISION/VOTER.yaml), as one proposal: a commit on a new branch
    to review and merge. Your checkout is not touched."""
    raise AssertionError("`_migrated` builds it")  # pragma: no cover: never called


def _migrated(request: Request, build: Any, values: dict[str, Any]) -> Outcome:
    """The migration starts from the registry as format 2 would hold it: a format 1
    registry is not loaded (see `advoc.propose.upgrade`)."""
    start, proposal = migration_base(request.root, request.base)
    return submit_request(request, start, proposal)


migrate = with_proposal_options(_migrate, run=_migrated)
