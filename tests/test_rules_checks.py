"""The rules-of-engagement checks: what their messages say, how they move with the
as-of date, and the places where advoc does not (yet) do what the format says.

The exact findings of each check (code, file, line) are pinned by the case
folders `cases/negative/rules-*` and `cases/positive/rules-*`, which
test_cases.py runs; this file reads the same folders for their messages.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest
from conftest import CASES, findings_of, run, vote_files, write_registry

AS_OF = "2026-11-01"
NEGATIVE = CASES / "negative"
RULES_CASES = sorted(
    path for kind in ("negative", "positive") for path in (CASES / kind).glob("rules-*")
)


def report(root: Path, as_of: str = AS_OF, *extra: str) -> list[dict[str, Any]]:
    result = run("validate", "--registry", str(root), "--as-of", as_of, "--format", "json", *extra)
    assert result.exit_code in (0, 1), result.stdout + result.stderr
    return result.json()["findings"]


@functools.cache
def case_findings(name: str, as_of: str = AS_OF) -> tuple[dict[str, Any], ...]:
    return tuple(report(NEGATIVE / name, as_of))


def message(name: str, file: str, line: int, as_of: str = AS_OF) -> str:
    """The message of the one finding of case `name` at file:line."""
    found = [
        f for f in case_findings(name, as_of) if f["file"].endswith(file) and f["line"] == line
    ]
    assert len(found) == 1, case_findings(name, as_of)
    return found[0]["message"]


def field(name: str, file: str, line: int) -> str:
    found = [f for f in case_findings(name) if f["file"].endswith(file) and f["line"] == line]
    assert len(found) == 1
    return found[0]["field"]


def codes(findings: list[dict[str, Any]], code: str) -> list[tuple[str, str, int]]:
    return sorted((f["severity"], f["file"], f["line"]) for f in findings if f["code"] == code)


# --- messages say what is wrong, with the numbers ---------------------------------


def message_of(name: str, code: str) -> str:
    found = [f for f in case_findings(name) if f["code"] == code]
    assert len(found) == 1, found
    return str(found[0]["message"])


def test_vote_duplicate_names_the_user_and_the_first_vote() -> None:
    text = message_of("rules-vote-duplicate", "vote-duplicate")
    assert "'Foo bar'" in text and "foo-bar-2fb9f1e447f9.yaml" in text
    assert {f["field"] for f in case_findings("rules-vote-duplicate")} == {"user"}
    misfiled = message_of("rules-vote-duplicate", "vote-misfiled")
    assert "must be named foo-bar-2fb9f1e447f9.yaml, not foo-bar-copy.yaml" in misfiled


def test_vote_window_gives_the_vote_and_the_window() -> None:
    early = message("rules-vote-window", "early-voter-9301092328e9.yaml", 6)
    assert "2026-03-01T11:59:00+01:00" in early and "before" in early
    assert "2026-03-01T12:00:00+01:00" in early and "'statement-2026'" in early
    late = message("rules-vote-window", "late-voter-9f0a0b7aab66.yaml", 6)
    assert "2026-03-10T11:01:00Z" in late and "after" in late
    assert field("rules-vote-window", "late-voter-9f0a0b7aab66.yaml", 6) == "date"


def test_a_vote_after_the_maximum_duration_names_the_end_of_the_window() -> None:
    late = message("rules-vote-after-max-duration", "late-voter-9f0a0b7aab66.yaml", 6)
    assert "2026-03-04T12:01:00Z" in late and "2026-03-04T12:00:00Z" in late
    assert "statement-vote" in late and "remove it" in late


def test_tally_mismatch_gives_both_counts() -> None:
    text = message("rules-tally-mismatch", "statement-2026.yaml", 8)
    assert "3 support, 1 oppose" in text
    assert "2 support, 1 oppose" in text


def test_process_type_names_what_the_process_applies_to() -> None:
    text = message("rules-process-type", "banner-2026.yaml", 3)
    assert "banner" in text and "'statement-vote'" in text and "applies to statement" in text


def test_process_duration_gives_how_long_and_the_limit() -> None:
    short = message("rules-process-duration", "statement-short.yaml", 7)
    assert "open 6 days 23 hours 59 minutes" in short and "at least 7d" in short
    long = message("rules-process-duration", "statement-long.yaml", 7)
    assert "open 30 days 1 minute" in long and "at most 30d" in long


def test_process_quorum_gives_participants_and_quorum() -> None:
    for file in ("statement-listed.yaml", "statement-tallied.yaml"):
        text = message("rules-process-quorum", file, 5)
        assert "4 participants" in text and "at least 5" in text and "no-consensus" in text


def test_process_threshold_gives_the_support_and_the_threshold() -> None:
    text = message("rules-process-threshold", "statement-2026.yaml", 5)
    assert "74% support (74 of 100 who took a side)" in text and "at least 75%" in text
    text = message("rules-process-threshold", "banner-2026.yaml", 5)
    assert "66.7% support (2 of 3" in text and "at least 67%" in text


def test_process_outcome_gives_the_votes() -> None:
    text = message("rules-process-outcome", "statement-rejected.yaml", 5)
    assert "recorded as rejected" in text and "3 participants, 66.7% support" in text


def test_ratification_errors_say_why_the_ratifier_fails() -> None:
    late = message("rules-ratification-missing", "ratify-late.yaml", 8)
    assert "1 minute after the deadline (2026-04-01 08:00 UTC)" in late
    wrong = message("rules-ratification-missing", "ratify-wrong-process.yaml", 4)
    assert "'other-vote', not under 'community-vote'" in wrong
    rejected = message("rules-ratification-missing", "ratify-not-adopted.yaml", 5)
    assert "not adopted (status rejected)" in rejected


def test_ratification_warning_says_whether_the_deadline_is_ahead_or_passed() -> None:
    ahead = message("rules-ratification-missing", "banner-ahead.yaml", 5)
    assert "2026-11-19 00:00 UTC" in ahead and "still ahead" in ahead
    passed = message("rules-ratification-missing", "banner-passed.yaml", 5)
    assert "2026-10-31 00:00 UTC" in passed and "has passed" in passed


@pytest.mark.parametrize(
    ("line", "why"),
    [
        (7, "not adopted (status withdrawn)"),
        (10, "a statement decision, not role-grant or confirmation"),
        (13, "'community-vote', not under 'role-grant'"),
        (16, "do not name the advocate 'ada-lovelace'"),
        (19, "do not name the role 'spokesperson'"),
        (
            21,
            "starts on 2026-02-10, before the decision 'grant-evening' granting it closed "
            "(2026-02-11)",
        ),
    ],
)
def test_role_unbacked_says_why(line: int, why: str) -> None:
    assert why in message("rules-role-unbacked", "ada-lovelace.yaml", line)


@pytest.mark.parametrize(
    ("line", "why"),
    [
        (14, "a role-grant decision, not role-removal"),
        (19, "not adopted (status withdrawn)"),
        (24, "'community-vote', not under 'role-removal'"),
        (29, "do not name the advocate 'ada-lovelace'"),
    ],
)
def test_role_ended_says_why(line: int, why: str) -> None:
    assert why in message("rules-role-ended", "ada-lovelace.yaml", line)


def test_role_term_gives_the_length_and_the_last_allowed_end() -> None:
    too_long = message("rules-role-term", "ada-lovelace.yaml", 7)
    assert "366 days" in too_long and "365d" in too_long and "2027-02-11" in too_long
    no_end = message("rules-role-term", "ada-lovelace.yaml", 9)
    assert "365d" in no_end and "no later than 2027-02-11" in no_end
    assert field("rules-role-term", "ada-lovelace.yaml", 9) == "roles[1]"


def test_role_expiring_gives_the_end_and_the_days_left() -> None:
    text = message("rules-role-expiring", "ada-lovelace.yaml", 7)
    assert "2026-12-01" in text and "in 30 days" in text and "confirmation" in text
    assert "in 1 day;" in message("rules-role-expiring", "ada-lovelace.yaml", 15)


def test_media_contact_messages() -> None:
    assert "contact channel" in message("rules-media-contact", "ada-lovelace.yaml", 4)
    assert "public-facing role" in message("rules-media-contact", "bob.yaml", 4)
    lapsed = message("rules-media-contact", "cy.yaml", 4)
    assert "2026-11-01" in lapsed and "lapsed" in lapsed


def test_campaign_advocate_names_the_advocate_and_the_period() -> None:
    text = message("rules-campaign-advocate", "liability-2026.yaml", 9)
    assert "'cy'" in text and "2026-03-01 to 2026-07-31" in text
    assert field("rules-campaign-advocate", "liability-2026.yaml", 10) == "advocates[3]"


def test_feedback_unanswered_gives_the_due_date() -> None:
    text = message("rules-feedback-unanswered", "overdue.yaml", 7)
    assert "2026-09-30" in text and "30d" in text and "2026-10-30" in text


def test_rule_unadopted_names_the_decision() -> None:
    text = message("rules-rule-unadopted", "by-statement.yaml", 4)
    assert "'statement-2026'" in text and "statement decision" in text
    assert "status rejected" in message("rules-rule-unadopted", "by-rejected.yaml", 4)


# --- time alone never makes files invalid -----------------------------------------


@pytest.mark.parametrize("case", RULES_CASES, ids=lambda path: path.name)
def test_errors_do_not_depend_on_the_as_of_date(case: Path) -> None:
    """Whatever day it is, the same errors: what time changes is only warnings."""
    errors = {
        as_of: {
            (f["code"], f["file"], f["line"])
            for f in report(case, as_of)
            if f["severity"] == "error"
        }
        for as_of in ("2000-01-01", AS_OF, "2040-01-01")
    }
    assert errors["2000-01-01"] == errors[AS_OF] == errors["2040-01-01"]


def test_role_expiring_moves_with_the_as_of_date() -> None:
    file = "registry/advocates/ada-lovelace.yaml"
    assert codes(report(NEGATIVE / "rules-role-expiring", "2026-10-01"), "role-expiring") == []
    # On 2026-11-02 the role ending that day is no longer active; 2026-12-02 is 30 days away.
    assert codes(report(NEGATIVE / "rules-role-expiring", "2026-11-02"), "role-expiring") == [
        ("warning", file, 7),
        ("warning", file, 11),
    ]


def test_ratification_deadline_passes_with_the_as_of_date() -> None:
    ahead = message("rules-ratification-missing", "banner-ahead.yaml", 5, as_of="2026-11-19")
    assert "still ahead" in ahead
    passed = message("rules-ratification-missing", "banner-ahead.yaml", 5, as_of="2026-11-20")
    assert "has passed" in passed


def test_feedback_becomes_overdue_the_day_after_it_was_due() -> None:
    found = codes(
        report(NEGATIVE / "rules-feedback-unanswered", "2026-11-02"), "feedback-unanswered"
    )
    assert [file for _, file, _ in found] == [
        "registry/feedback/due-today.yaml",
        "registry/feedback/overdue.yaml",
    ]


def test_media_contact_mandate_had_not_lapsed_while_the_role_ran() -> None:
    found = codes(report(NEGATIVE / "rules-media-contact", "2026-05-31"), "media-contact")
    assert ("warning", "registry/advocates/cy.yaml", 4) not in found
    assert len(found) == 2


def test_warnings_fail_only_with_strict() -> None:
    case = NEGATIVE / "rules-role-expiring"
    assert run("validate", "--registry", str(case), "--as-of", AS_OF).exit_code == 0
    assert run("validate", "--registry", str(case), "--as-of", AS_OF, "--strict").exit_code == 1


# --- smaller edges, on registries written here --------------------------------------

BASE = {
    "rules/processes/rule-change.yaml": (
        "id: rule-change\nname: Rules\napplies_to: [rule-change]\nadopted_by: adopt-rules\n"
    ),
    "registry/decisions/adopt-rules.yaml": (
        "id: adopt-rules\ntitle: Adopt\ntype: rule-change\nprocess: rule-change\n"
        "status: adopted\nopened: 2025-01-01\nclosed: 2025-01-20\n"
        "subjects: {rules: [process/rule-change, process/vote]}\n"
    ),
    "rules/processes/vote.yaml": (
        "id: vote\nname: Vote\napplies_to: [statement, ratification, role-grant, "
        "role-removal, confirmation]\nadopted_by: adopt-rules\n"
    ),
}


def statement(decision_id: str, body: str, status: str = "adopted", process: str = "vote") -> str:
    return (
        f"id: {decision_id}\ntitle: A statement\ntype: statement\nprocess: {process}\n"
        f"status: {status}\nopened: 2026-03-01T00:00:00Z\nclosed: 2026-03-10T00:00:00Z\n{body}"
    )


def test_a_tally_counts_each_user_once(tmp_path: Path) -> None:
    """Two votes by one user (a vote-duplicate) count as their last one for the tally."""
    root = write_registry(
        tmp_path,
        {
            **BASE,
            "registry/decisions/s.yaml": statement("s", "tally: {support: 0, oppose: 1}\n"),
            **vote_files(
                "s",
                "{user: Ada_Lovelace, position: support, file: a}",
                "{user: ada Lovelace, position: oppose, file: b}",
            ),
        },
    )
    found = findings_of(root, "--as-of", AS_OF)
    assert {code for _, code, _, _ in found} == {"vote-duplicate", "vote-misfiled"}


def test_usernames_differing_past_the_first_character_are_different_users(
    tmp_path: Path,
) -> None:
    root = write_registry(
        tmp_path,
        {
            **BASE,
            "registry/decisions/s.yaml": statement("s", ""),
            **vote_files(
                "s", "{user: foo bar, position: support}", "{user: Foo Bar, position: support}"
            ),
        },
    )
    assert findings_of(root, "--as-of", AS_OF) == set()


def test_process_rules_apply_to_adopted_decisions_only(tmp_path: Path) -> None:
    process = (
        "id: strict\nname: Strict\napplies_to: [statement]\nmin_duration: 30d\nquorum: 50\n"
        "threshold: 0.9\nadopted_by: adopt-rules\n"
    )
    files = {**BASE, "rules/processes/strict.yaml": process}
    for status in ("withdrawn", "overturned"):
        files[f"registry/decisions/{status}.yaml"] = statement(
            status, "tally: {support: 1, oppose: 0}\n", status=status, process="strict"
        )
    assert findings_of(write_registry(tmp_path, files), "--as-of", AS_OF) == set()


def test_feedback_response_from_the_manifest(tmp_path: Path) -> None:
    feedback = (
        "id: f\nabout: decision/adopt-rules\nauthor: anonymous\ndate: 2026-10-10\n"
        "kind: question\nsummary: Why?\nstatus: open\n"
    )
    root = write_registry(
        tmp_path,
        {
            **BASE,
            "advoc.yaml": "advoc: 2\nname: Test\ndefault_language: en\nfeedback_response: 14d\n",
            "registry/feedback/f.yaml": feedback,
        },
    )
    # Due by 2026-10-24: overdue on 2026-10-25, not on 2026-10-24.
    assert findings_of(root, "--as-of", "2026-10-24") == set()
    assert findings_of(root, "--as-of", "2026-10-25") == {
        ("warning", "feedback-unanswered", "registry/feedback/f.yaml", 7)
    }


ROLE = (
    "id: speaker\nname: Speaker\npublic_facing: true\ngrant_process: vote\n"
    "removal_process: vote\nadopted_by: adopt-rules\n"
)


def grant(decision_id: str, kind: str, closed: str, process: str = "vote") -> str:
    return (
        f"id: {decision_id}\ntitle: {kind}\ntype: {kind}\nprocess: {process}\nstatus: adopted\n"
        f"opened: 2026-01-01T00:00:00Z\nclosed: {closed}\n"
        "subjects: {advocates: [ada], roles: [speaker]}\n"
    )


def test_a_role_ended_by_decision_is_not_active_after_that_decision_closed(
    tmp_path: Path,
) -> None:
    """The removal closed on 2026-06-01 (UTC) before the assignment's own end: the
    media contact's mandate lapsed then."""
    ada = (
        "id: ada\nusername: Ada\nlanguages: [en]\nmedia_contact: true\n"
        "contact: [{channel: wiki, target: 'User talk:Ada'}]\n"
        "roles:\n  - role: speaker\n    start: 2026-02-01\n    end: 2027-02-01\n"
        "    granted_by: grant\n    ended_by: removal\n"
    )
    root = write_registry(
        tmp_path,
        {
            **BASE,
            "rules/roles/speaker.yaml": ROLE,
            "registry/decisions/grant.yaml": grant("grant", "role-grant", "2026-01-20T00:00:00Z"),
            "registry/decisions/removal.yaml": grant(
                "removal", "role-removal", "2026-06-01T10:00:00+02:00"
            ),
            "registry/advocates/ada.yaml": ada,
        },
    )
    assert findings_of(root, "--as-of", "2026-05-31") == set()
    assert findings_of(root, "--as-of", "2026-06-02") == {
        ("warning", "media-contact", "registry/advocates/ada.yaml", 4)
    }


# --- where advoc differs from the format ---------------------------------------------


@pytest.mark.parametrize(
    "tally", ["", "tally: {support: 10, oppose: 90}\n"], ids=["no-votes", "clear-no"]
)
def test_rejected_decision_under_a_process_without_rules_is_not_flagged(
    tmp_path: Path, tally: str
) -> None:
    root = write_registry(
        tmp_path,
        {
            **BASE,
            "registry/decisions/s.yaml": statement("s", tally, status="rejected"),
        },
    )
    assert findings_of(root, "--as-of", AS_OF) == set()


URGENT = (
    "id: urgent\nname: Urgent\napplies_to: [statement]\nurgent: true\n"
    "ratification: {within: 30d, process: vote}\nadopted_by: adopt-rules\n"
)
OTHER = "id: other\nname: Other\napplies_to: [ratification]\nadopted_by: adopt-rules\n"


def test_an_open_ratifier_under_the_wrong_process_is_an_error(tmp_path: Path) -> None:
    ratifier = (
        "id: r\ntitle: Ratify\ntype: ratification\nprocess: other\nstatus: open\n"
        "opened: 2026-10-21T00:00:00Z\nratifies: u\n"
    )
    root = write_registry(
        tmp_path,
        {
            **BASE,
            "rules/processes/urgent.yaml": URGENT,
            "rules/processes/other.yaml": OTHER,
            "registry/decisions/u.yaml": statement("u", "", process="urgent")
            .replace("2026-03-10T00:00:00Z", "2026-10-20T00:00:00Z")
            .replace("2026-03-01T00:00:00Z", "2026-10-19T00:00:00Z"),
            "registry/decisions/r.yaml": ratifier,
        },
    )
    assert ("error", "ratification-missing", "registry/decisions/r.yaml", 4) in findings_of(
        root, "--as-of", AS_OF
    )


def test_a_confirmation_may_run_under_a_process_made_for_confirmations(tmp_path: Path) -> None:
    """The format names only the role's grant_process; advoc also accepts a confirmation
    under a process whose applies_to includes confirmation (the default rules renew roles
    that way). A deliberate reading, stated in the issue note."""
    confirmation_process = (
        "id: confirmation\nname: Confirmation\napplies_to: [confirmation]\n"
        "adopted_by: adopt-rules\n"
    )
    ada = (
        "id: ada\nusername: Ada\nlanguages: [en]\n"
        "roles:\n  - role: speaker\n    start: 2026-02-01\n    granted_by: confirm\n"
    )
    root = write_registry(
        tmp_path,
        {
            **BASE,
            "rules/roles/speaker.yaml": ROLE,
            "rules/processes/confirmation.yaml": confirmation_process,
            "registry/decisions/confirm.yaml": grant(
                "confirm", "confirmation", "2026-01-20T00:00:00Z", process="confirmation"
            ),
            "registry/advocates/ada.yaml": ada,
        },
    )
    assert findings_of(root, "--as-of", AS_OF) == set()


def test_threshold_message_never_shows_the_support_equal_to_a_threshold_it_misses(
    tmp_path: Path,
) -> None:
    process = "id: p\nname: P\napplies_to: [statement]\nthreshold: 0.66\nadopted_by: adopt-rules\n"
    root = write_registry(
        tmp_path,
        {
            **BASE,
            "rules/processes/p.yaml": process,
            "registry/decisions/s.yaml": statement(
                "s", "tally: {support: 659, oppose: 340}\n", process="p"
            ),
        },
    )
    [finding] = [f for f in report(root) if f["code"] == "process-threshold"]
    assert "66% support" not in finding["message"]
