"""`advoc.model.evaluation`: one decision held against its process.

Each test writes a small registry to disk, loads it with `advoc.load.loader.load`
and evaluates one decision, so that the arithmetic is checked on records read
the way `advoc validate`, `status` and `show` read them.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import vote_files, write_registry

from advoc.load.loader import load
from advoc.model.evaluation import Evaluation, evaluate, percent, ratification
from advoc.model.registry import Registry
from advoc.model.votes import counts_of, normalize_username

AS_OF = date(2026, 11, 1)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)  # type: ignore[misc]


def process(quorum: int | None = None, threshold: float | None = None, extra: str = "") -> str:
    text = "id: vote\nname: A vote\napplies_to: [statement, ratification]\n"
    if quorum is not None:
        text += f"quorum: {quorum}\n"
    if threshold is not None:
        text += f"threshold: {threshold}\n"
    return text + extra


def decision(
    body: str,
    status: str = "adopted",
    closed: str | None = "2026-03-10T00:00:00Z",
    opened: str = "2026-03-01T00:00:00Z",
    decision_id: str = "d",
) -> str:
    text = (
        f"id: {decision_id}\ntitle: A decision\ntype: statement\nprocess: vote\n"
        f"status: {status}\nopened: {opened}\n"
    )
    if closed:
        text += f"closed: {closed}\n"
    return text + body


def registry_with(
    tmp_path: Path,
    decision_text: str,
    process_text: str | None = None,
    more: dict[str, str] | None = None,
) -> Registry:
    files = {
        "rules/processes/vote.yaml": process_text or process(),
        "registry/decisions/d.yaml": decision_text,
        **(more or {}),
    }
    return load(write_registry(tmp_path, files))


def evaluated(
    tmp_path: Path,
    decision_text: str,
    process_text: str | None = None,
    as_of: date = AS_OF,
    as_seen_then: bool = False,
    votes: dict[str, str] | None = None,
) -> Evaluation:
    registry = registry_with(tmp_path, decision_text, process_text, votes)
    record = registry.get("decision", "d")
    assert record is not None, registry.findings
    return evaluate(registry, record, as_of, as_seen_then=as_seen_then)


# --- usernames and participants ------------------------------------------------


@pytest.mark.parametrize("spelling", ["Foo_bar", "foo bar", " Foo bar ", "foo_bar", "Foo bar"])
def test_spellings_of_one_user_normalize_alike(spelling: str) -> None:
    assert normalize_username(spelling) == "Foo bar"


def test_normalization_upper_cases_only_the_first_character() -> None:
    assert normalize_username("foo Bar") == "Foo Bar"
    assert normalize_username("foo bar") != normalize_username("foo Bar")
    assert normalize_username("ñandú") == "Ñandú"
    assert normalize_username("林書瑜") == "林書瑜"


def test_participants_are_distinct_users_after_normalization(tmp_path: Path) -> None:
    """Three spellings of one user (in misfiled vote files, which validate reports)
    and one other user: two participants; the repeated user counts once, with the
    position of their last file by name."""
    evaluation = evaluated(
        tmp_path,
        decision(""),
        process(quorum=3),
        votes=vote_files(
            "d",
            "{user: Foo_bar, position: support, file: a}",
            "{user: foo bar, position: oppose, file: b}",
            "{user: ' Foo bar ', position: neutral, file: c}",
            "{user: Alan Turing, position: support}",
        ),
    )
    assert evaluation.counts.participants == 2
    assert (evaluation.counts.support, evaluation.counts.oppose, evaluation.counts.neutral) == (
        1,
        0,
        1,
    )
    assert not evaluation.quorum_met


def test_tally_is_used_when_there_are_no_vote_files(tmp_path: Path) -> None:
    evaluation = evaluated(
        tmp_path, decision("tally: {support: 7, oppose: 2, neutral: 1}\n"), process(10, 0.66)
    )
    assert evaluation.counts.participants == 10
    assert evaluation.counts.ratio == pytest.approx(7 / 9)
    assert evaluation.quorum_met and evaluation.threshold_met
    assert evaluation.outcome == "adopted"


def test_the_votes_win_over_a_tally_when_both_are_given(tmp_path: Path) -> None:
    """With both, `tally-mismatch` says whether they agree; the counts come from the votes."""
    evaluation = evaluated(
        tmp_path,
        decision("tally: {support: 30, oppose: 0}\n"),
        votes=vote_files("d", "{user: Ada, position: support}"),
    )
    assert evaluation.counts.participants == 1


def test_no_votes_and_no_tally_means_zero_participants(tmp_path: Path) -> None:
    evaluation = evaluated(tmp_path, decision(""), process(quorum=1, threshold=0.5))
    assert evaluation.counts.participants == 0
    assert evaluation.counts.ratio is None
    assert not evaluation.quorum_met
    assert not evaluation.threshold_met
    assert evaluation.outcome == "no-consensus"


def test_counts_of_reads_plain_data() -> None:
    assert counts_of({}, []).participants == 0
    assert counts_of({"tally": {"support": 3}}, []).participants == 3
    cast = [{"user": "A", "position": "oppose"}]
    counts = counts_of({"tally": {"support": 9}}, cast)
    assert (counts.support, counts.oppose) == (0, 1)


# --- support ratio, quorum, threshold, outcome -----------------------------------


def test_only_neutral_votes_never_meet_a_threshold(tmp_path: Path) -> None:
    """support + oppose == 0: the threshold is not met, whatever it is."""
    evaluation = evaluated(
        tmp_path, decision("tally: {support: 0, oppose: 0, neutral: 5}\n"), process(1, 0.01)
    )
    assert evaluation.quorum_met
    assert evaluation.counts.ratio is None
    assert not evaluation.threshold_met
    assert evaluation.outcome == "rejected"


@pytest.mark.parametrize(
    ("support", "oppose", "threshold", "met"),
    [
        (2, 1, 0.66, True),  # 66.7% >= 66%
        (2, 1, 0.67, False),  # 66.7% < 67%
        (3, 1, 0.75, True),  # exactly 75%: "at least" includes the boundary
        (74, 26, 0.75, False),
        (2, 2, 0.5, True),  # a tie where half is enough
        (2, 2, 0.66, False),
        (5, 0, 1, True),  # unanimity
        (99, 1, 1, False),
    ],
)
def test_threshold_boundaries(
    tmp_path: Path, support: int, oppose: int, threshold: float, met: bool
) -> None:
    evaluation = evaluated(
        tmp_path,
        decision(f"tally: {{support: {support}, oppose: {oppose}}}\n"),
        process(threshold=threshold),
    )
    assert evaluation.threshold_met is met
    assert evaluation.outcome == ("adopted" if met else "rejected")


@pytest.mark.parametrize(("participants", "met"), [(4, False), (5, True), (6, True)])
def test_quorum_boundary_counts_neutral_votes(tmp_path: Path, participants: int, met: bool) -> None:
    evaluation = evaluated(
        tmp_path,
        decision(f"tally: {{support: 1, oppose: 0, neutral: {participants - 1}}}\n"),
        process(quorum=5),
    )
    assert evaluation.quorum_met is met


@pytest.mark.parametrize(
    ("tally", "outcome"),
    [
        ("{support: 10, oppose: 2}", "adopted"),
        ("{support: 5, oppose: 7}", "rejected"),
        ("{support: 3, oppose: 0}", "no-consensus"),  # quorum first: too few to decide
    ],
)
def test_outcome_by_the_rules(tmp_path: Path, tally: str, outcome: str) -> None:
    evaluation = evaluated(tmp_path, decision(f"tally: {tally}\n"), process(10, 0.66))
    assert evaluation.outcome == outcome


def test_a_process_without_rules_is_always_met(tmp_path: Path) -> None:
    evaluation = evaluated(tmp_path, decision(""), process())
    assert evaluation.rules() == []
    assert evaluation.quorum_met and evaluation.threshold_met
    assert evaluation.long_enough and evaluation.short_enough


def test_rules_say_what_is_required_and_what_happened(tmp_path: Path) -> None:
    evaluation = evaluated(
        tmp_path,
        decision(
            "tally: {support: 160, oppose: 66, neutral: 7}\n",
            opened="2019-03-01T10:00:00+01:00",
            closed="2019-03-08T10:00:00+01:00",
        ),
        process(15, 0.66, "min_duration: 7d\nmax_duration: 30d\n"),
    )
    rules = {rule.name: rule for rule in evaluation.rules()}
    assert list(rules) == ["duration", "max-duration", "quorum", "threshold"]
    assert rules["duration"].required == "open at least 7 days"
    assert rules["duration"].actual == "open 7 days"
    assert rules["max-duration"].required == "open at most 30 days"
    assert rules["quorum"].actual == "233 participants"
    assert rules["quorum"].required == "at least 15 participants"
    assert rules["threshold"].actual == "70.8% support (160 support, 66 oppose, 7 neutral)"
    assert rules["threshold"].required == "at least 66% support"
    assert all(rule.met for rule in rules.values())


def test_percent_shows_one_decimal_unless_whole() -> None:
    assert percent(2 / 3) == "66.7%"
    assert percent(0.75) == "75%"
    assert percent(0.66) == "66%"
    assert percent(1.0) == "100%"


def test_percent_never_rounds_a_failing_ratio_up_to_the_threshold() -> None:
    """Shown against the threshold it misses, a ratio is rounded down where needed."""
    assert percent(659 / 999, short_of=0.66) == "65.9%" != percent(0.66)
    assert percent(2499 / 2500, short_of=1.0) == "99.9%" != percent(1.0)
    assert percent(2 / 3, short_of=0.67) == "66.7%"


# --- duration and time left -------------------------------------------------------


def test_duration_is_measured_in_utc(tmp_path: Path) -> None:
    """09:00 UTC to 08:59 UTC seven days later, written in +01:00 and +02:00."""
    evaluation = evaluated(
        tmp_path,
        decision("", opened="2026-03-01T10:00:00+01:00", closed="2026-03-08T10:59:00+02:00"),
        process(extra="min_duration: 7d\n"),
    )
    assert evaluation.open_for == timedelta(days=7) - timedelta(minutes=1)
    assert not evaluation.long_enough


def test_exactly_min_and_max_duration_are_within_the_rules(tmp_path: Path) -> None:
    evaluation = evaluated(
        tmp_path,
        decision("", opened="2026-03-01T20:00:00-04:00", closed="2026-03-02T12:00:00Z"),
        process(extra="min_duration: 12h\nmax_duration: 12h\n"),
    )
    assert evaluation.open_for == timedelta(hours=12)
    assert evaluation.long_enough and evaluation.short_enough


def test_time_left_for_an_open_decision(tmp_path: Path) -> None:
    """Opened 2026-10-29 08:00 UTC under a 7-day minimum: it may close on
    2026-11-05 at 08:00 UTC, 4 days 8 hours after 00:00 UTC on 2026-11-01."""
    evaluation = evaluated(
        tmp_path,
        decision(
            "tally: {support: 3}\n", status="open", closed=None, opened="2026-10-29T09:00:00+01:00"
        ),
        process(15, 0.66, "min_duration: 7d\n"),
    )
    assert evaluation.is_open
    assert evaluation.earliest_close == utc(2026, 11, 5, 8)
    assert evaluation.time_left == timedelta(days=4, hours=8)
    assert evaluation.open_for == timedelta(days=2, hours=16)
    assert not evaluation.long_enough
    assert evaluation.outcome == "no-consensus"


def test_time_left_is_never_negative(tmp_path: Path) -> None:
    evaluation = evaluated(
        tmp_path,
        decision("", status="open", closed=None, opened="2026-10-01T00:00:00Z"),
        process(extra="min_duration: 7d\n"),
    )
    assert evaluation.time_left == timedelta(0)
    assert evaluation.long_enough


def test_time_left_is_none_without_a_minimum(tmp_path: Path) -> None:
    evaluation = evaluated(tmp_path, decision("", status="open", closed=None), process())
    assert evaluation.time_left is None
    assert evaluation.earliest_close is None


# --- as seen then -----------------------------------------------------------------

LATE_CLOSING = decision("", opened="2026-10-28T00:00:00Z", closed="2026-11-05T00:00:00Z")
LATE_VOTES = vote_files(
    "d",
    "{user: Early, position: support, date: '2026-10-28T10:00:00Z'}",
    "{user: Midnight, position: support, date: '2026-11-01T01:00:00+01:00'}",
    "{user: Undated, position: neutral}",
    "{user: Late, position: oppose, date: '2026-11-01T00:00:01Z'}",
    "{user: Later, position: oppose, date: '2026-11-04T12:00:00Z'}",
)


def test_as_seen_then_a_decision_closed_later_is_still_open(tmp_path: Path) -> None:
    """Closed 2026-11-05, seen as of 2026-11-01: open, and counting only the votes
    cast by 00:00 UTC that day (01:00 +01:00 is exactly midnight UTC; undated
    votes count)."""
    evaluation = evaluated(
        tmp_path,
        LATE_CLOSING,
        process(extra="min_duration: 7d\n"),
        as_seen_then=True,
        votes=LATE_VOTES,
    )
    assert evaluation.is_open
    assert evaluation.closed is None
    assert (evaluation.counts.support, evaluation.counts.oppose, evaluation.counts.neutral) == (
        2,
        0,
        1,
    )
    assert evaluation.time_left == timedelta(days=3)


def test_without_as_seen_then_the_record_is_judged_as_written(tmp_path: Path) -> None:
    evaluation = evaluated(
        tmp_path, LATE_CLOSING, process(extra="min_duration: 7d\n"), votes=LATE_VOTES
    )
    assert not evaluation.is_open
    assert evaluation.closed == utc(2026, 11, 5)
    assert evaluation.counts.participants == 5
    assert evaluation.open_for == timedelta(days=8)


def test_as_seen_then_changes_nothing_once_the_decision_has_closed(tmp_path: Path) -> None:
    evaluation = evaluated(
        tmp_path, LATE_CLOSING, as_of=date(2026, 11, 6), as_seen_then=True, votes=LATE_VOTES
    )
    assert not evaluation.is_open
    assert evaluation.counts.participants == 5


def test_as_seen_then_an_open_decision_counts_only_votes_cast_by_then(tmp_path: Path) -> None:
    still_open = LATE_CLOSING.replace("status: adopted", "status: open").replace(
        "closed: 2026-11-05T00:00:00Z\n", ""
    )
    evaluation = evaluated(tmp_path, still_open, as_seen_then=True, votes=LATE_VOTES)
    assert evaluation.counts.participants == 3


# --- ratification -------------------------------------------------------------------

URGENT = (
    "id: urgent\nname: Urgent\napplies_to: [statement]\nurgent: true\n"
    "ratification: {within: 30d, process: vote}\n"
)


def urgent_registry(tmp_path: Path, ratifier: str | None) -> Registry:
    more = {"rules/processes/urgent.yaml": URGENT}
    if ratifier:
        more["registry/decisions/r.yaml"] = ratifier
    text = decision("", opened="2026-10-19T00:00:00Z", closed="2026-10-20T06:00:00+02:00")
    return registry_with(tmp_path, text.replace("process: vote", "process: urgent"), more=more)


def test_ratification_deadline_and_overdue(tmp_path: Path) -> None:
    registry = urgent_registry(tmp_path, None)
    record = registry.get("decision", "d")
    assert record is not None
    ahead = ratification(registry, record, AS_OF)
    assert ahead is not None
    assert ahead.process == "vote"
    assert ahead.deadline == utc(2026, 11, 19, 4)
    assert ahead.awaiting and not ahead.overdue
    passed = ratification(registry, record, date(2026, 11, 20))
    assert passed is not None and passed.overdue


def test_a_ratifying_decision_in_time_ratifies(tmp_path: Path) -> None:
    ratifier = decision(
        "ratifies: d\n",
        decision_id="r",
        opened="2026-10-21T00:00:00Z",
        closed="2026-11-19T05:00:00+01:00",
    ).replace("type: statement", "type: ratification")
    registry = urgent_registry(tmp_path, ratifier)
    record = registry.get("decision", "d")
    assert record is not None
    terms = ratification(registry, record, date(2026, 11, 20))
    assert terms is not None
    assert terms.ratified_by is not None and terms.ratified_by.id == "r"
    assert terms.failed == []
    assert not terms.awaiting
    # As of a day before the ratifying vote closed, it was still awaited.
    before = ratification(registry, record, AS_OF)
    assert before is not None and before.awaiting


def test_ratification_only_concerns_adopted_urgent_decisions(tmp_path: Path) -> None:
    registry = registry_with(tmp_path, decision(""))
    record = registry.get("decision", "d")
    assert record is not None
    assert ratification(registry, record, AS_OF) is None
