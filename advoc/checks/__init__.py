"""The table of checks that `advoc validate` runs: `CHECKS`, one line a check.

Record checks see one record at a time and run while files load (in parallel
for large registries); registry checks see the whole index. Findings carry a
path in the record; `advoc.load.locate` turns it into a line and column.
`advoc validate --skip NAME` leaves a check out by its name.
"""

from __future__ import annotations

from collections.abc import Iterable

from advoc import parallel
from advoc.checks import codeowners, decisions, files, private, references, roles, rules, values
from advoc.checks.base import Check, Context
from advoc.errors import UsageError
from advoc.model.findings import Finding
from advoc.model.registry import Record, Registry

CHECKS: tuple[Check, ...] = (
    # Each record, as its file loads
    Check("record", decisions.vote_filed_in_place, ("vote-misfiled",)),
    Check("record", files.id_matches_file_name, ("id-filename",)),
    Check("record", values.ends_after_starts, ("date-order",)),
    Check("record", values.no_personal_data, ("personal-data",)),
    Check("record", values.no_invisible_characters, ("text-invisible",)),
    Check("record", values.no_control_characters, ("text-control",)),
    Check("record", values.usernames_fit_in_85_bytes, ("schema",)),
    # The whole registry
    Check("registry", codeowners.codeowners_up_to_date, ("codeowners-stale",)),
    Check("registry", decisions.one_vote_per_user, ("vote-duplicate",)),
    Check("registry", decisions.tally_agrees_with_votes, ("tally-mismatch",)),
    Check("registry", decisions.votes_inside_the_window, ("vote-window",), child=False),
    Check("registry", decisions.type_fits_process, ("process-type",), child=False),
    Check("registry", decisions.open_long_enough, ("process-duration",), child=False),
    Check("registry", decisions.quorum_met, ("process-quorum",), child=False),
    Check("registry", decisions.threshold_met, ("process-threshold",), child=False),
    Check("registry", decisions.outcome_fits_votes, ("process-outcome",), child=False),
    Check("registry", decisions.urgent_decisions_ratified, ("ratification-missing",), child=False),
    Check("registry", decisions.one_founding_decision, ("founding-decision",)),
    Check("registry", decisions.decisions_say_what_they_decide, ("decision-incomplete",)),
    Check("registry", decisions.closed_not_in_the_future, ("date-future",)),
    Check("registry", files.ids_are_unique, ("id-duplicate",)),
    Check("registry", references.references_resolve, ("ref-missing", "ref-kind")),
    Check("registry", roles.roles_granted_by_decision, ("role-unbacked",)),
    Check("registry", roles.roles_ended_by_decision, ("role-ended",)),
    # These two read no evaluation, but stay beside the decisions' checks so that
    # both processes finish together (measured on 30,000 records: 0.54 s and 0.44 s).
    Check("registry", roles.roles_within_term, ("role-term",), child=False),
    Check("registry", roles.roles_expiring_soon, ("role-expiring",), child=False),
    Check("registry", roles.media_contacts_have_a_mandate, ("media-contact",)),
    Check("registry", roles.campaign_advocates_have_a_mandate, ("campaign-advocate",)),
    Check("registry", rules.feedback_answered_in_time, ("feedback-unanswered",)),
    Check("registry", rules.rules_adopted_by_decision, ("rule-unadopted",)),
    # The private part: what the public files may say of the advocates it holds
    Check("registry", private.withheld_records_present, ("withheld-missing", "withheld-unlisted")),
    Check("registry", private.limited_records_are_private, ("limited-public",)),
    Check("registry", private.withheld_never_named, ("withheld-named",)),
)
CHECK_NAMES = tuple(check.name for check in CHECKS)


def checks_named(skip: Iterable[str]) -> frozenset[str]:
    """The names given to --skip, each the name of a check, or a usage error."""
    names = frozenset(skip)
    unknown = sorted(names - set(CHECK_NAMES))
    if unknown:
        raise UsageError(
            f"There is no check named {', '.join(repr(name) for name in unknown)}.",
            hint=f"The checks are: {', '.join(CHECK_NAMES)}.",
        )
    return names


def run_record_checks(
    record: Record, text: str, skip: frozenset[str] = frozenset()
) -> list[Finding]:
    return [
        finding
        for check in _RECORD_CHECKS
        if check.name not in skip
        for finding in check.run(record, text)
    ]


_RECORD_CHECKS = tuple(check for check in CHECKS if check.scope == "record")


def run_registry_checks(
    registry: Registry, context: Context, skip: frozenset[str] = frozenset()
) -> list[Finding]:
    """Every registry check; on a large registry the checks marked `child` run in
    a forked child, at the same time as the others."""
    checks = [check for check in CHECKS if check.scope == "registry" and check.name not in skip]
    if len(registry) < parallel.PARALLEL_FROM:
        return _run(checks, registry, context)
    theirs = [check for check in checks if check.child]
    mine = [check for check in checks if not check.child]
    wait = parallel.forked(lambda: _run(theirs, registry, context))
    return _run(mine, registry, context) + wait()


def _run(checks: list[Check], registry: Registry, context: Context) -> list[Finding]:
    return [finding for check in checks for finding in check.run(registry, context)]
