"""Historical decisions from the public record, held against the default rules.

Each test starts from `advoc init` (the project's default rules of engagement
and the rule-change decisions that adopted them), adds one historical decision
as a registry record, and states in its docstring what the network's rules
would have said about it. The numbers are those of rules/processes/:

- community-vote: open 7d to 30d, quorum 15, threshold 0.66
- urgent-action: open 12h to 72h, quorum 5, threshold 0.75, ratified by a
  community-vote decision closed within 30d
- wiki-community-decision: no duration, quorum or threshold
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import findings_of, run, validated

AS_OF = "2026-11-01"


@pytest.fixture
def network(tmp_path: Path) -> Path:
    root = tmp_path / "network"
    result = run("init", str(root))
    assert result.exit_code == 0, result.stdout + result.stderr
    assert findings_of(root, "--as-of", AS_OF) == set()
    return root


def add(root: Path, record_id: str, text: str) -> str:
    relative = f"registry/decisions/{record_id}.yaml"
    (root / relative).write_text(text, encoding="utf-8")
    return relative


def decision(
    record_id: str,
    *,
    process: str,
    status: str,
    opened: str,
    closed: str,
    tally: str = "",
    extra: str = "",
) -> str:
    return (
        f"id: {record_id}\n"
        f"title: {record_id}\n"
        "type: blackout\n"
        f"process: {process}\n"
        f"status: {status}\n"  # line 5
        f"opened: {opened}\n"
        f"closed: {closed}\n"  # line 7
        f"{tally}{extra}{ACTIONS[record_id[:2]]}"
    )


# Where and when each blackout ran (public historical facts): a blackout decision
# names its wikis and its start.
ACTIONS = {
    "de": "projects: [dewiki]\n"
    "action: {start: '2019-03-21T00:00:00+01:00', end: '2019-03-22T00:00:00+01:00'}\n",
    "ru": "projects: [ruwiki]\n"
    "action: {start: '2012-07-10T00:00:00+04:00', end: '2012-07-11T00:00:00+04:00'}\n",
    "en": "projects: [enwiki]\n"
    "action: {start: '2012-01-18T05:00:00Z', end: '2012-01-19T05:00:00Z'}\n",
}


# --- German Wikipedia, 21 March 2019 --------------------------------------------

DE_2019 = dict(
    process="community-vote",
    status="adopted",
    opened="2019-03-01T10:00:00+01:00",
    closed="2019-03-08T10:00:00+01:00",
    tally="tally: {support: 160, oppose: 66, neutral: 7}\n",
)


def test_german_wikipedia_2019_blackout_meets_the_community_vote(network: Path) -> None:
    """The Meinungsbild ran exactly 7 days (1 to 8 March 2019, 10:00 CET), with
    233 participants (quorum 15) and 160 of 226 who took a side in favour,
    70.8% (threshold 66%): a valid adopted community-vote decision, no findings."""
    add(network, "de-wikipedia-2019-blackout", decision("de-wikipedia-2019-blackout", **DE_2019))
    assert findings_of(network, "--as-of", AS_OF) == set()
    shown = run(
        "show",
        "decision/de-wikipedia-2019-blackout",
        "--registry",
        str(network),
        "--format",
        "json",
    ).json()["evaluation"]
    assert shown["outcome_by_rules"] == "adopted"
    assert [rule["met"] for rule in shown["rules"]] == [True, True, True, True]
    assert shown["support_ratio"] == pytest.approx(160 / 226)


def test_german_wikipedia_2019_blackout_closed_an_hour_early_would_be_too_short(
    network: Path,
) -> None:
    """Counterfactual: had the Meinungsbild closed at 09:00 CET on 8 March, it
    would have been open 6 days 23 hours, short of community-vote's 7 days."""
    file = add(
        network,
        "de-wikipedia-2019-blackout",
        decision(
            "de-wikipedia-2019-blackout", **{**DE_2019, "closed": "2019-03-08T09:00:00+01:00"}
        ),
    )
    assert findings_of(network, "--as-of", AS_OF) == {("error", "process-duration", file, 7)}


def test_german_wikipedia_2019_blackout_with_two_thirds_exactly_would_pass(network: Path) -> None:
    """Counterfactual: 2 of every 3 who took a side (66.7%) is above the 0.66
    threshold; 65 of 100 (65%) is below it and makes `adopted` an error."""
    add(
        network,
        "de-two-thirds",
        decision("de-two-thirds", **{**DE_2019, "tally": "tally: {support: 150, oppose: 75}\n"}),
    )
    file = add(
        network,
        "de-below",
        decision("de-below", **{**DE_2019, "tally": "tally: {support: 65, oppose: 35}\n"}),
    )
    assert findings_of(network, "--as-of", AS_OF) == {("error", "process-threshold", file, 5)}


# --- Russian Wikipedia, 10 July 2012 ---------------------------------------------

RU_2012 = dict(
    process="urgent-action",
    status="adopted",
    # As this project's registry dates it: the poll on 9 July 2012, the blackout from
    # midnight Moscow time (then UTC+4), i.e. 20 hours later.
    opened="2012-07-09",
    closed="2012-07-10T00:00:00+04:00",
    tally="tally: {support: 292, oppose: 22}\n",
)


def test_russian_wikipedia_2012_blackout_as_urgent_action_awaits_ratification(
    network: Path,
) -> None:
    """Under urgent-action: open 20 hours (12h to 72h is allowed), 314
    participants (quorum 5), 292 of 314 in favour, 93% (threshold 75%): adopted
    correctly. But no community vote ratified it; the deadline was 8 August
    2012, 20:00 UTC, long passed on 2026-11-01: a ratification-missing warning,
    not an error (exit 0; --strict fails)."""
    file = add(
        network, "ru-wikipedia-2012-blackout", decision("ru-wikipedia-2012-blackout", **RU_2012)
    )
    assert findings_of(network, "--as-of", AS_OF) == {("warning", "ratification-missing", file, 5)}
    exit_code, [finding] = validated(network, "--as-of", AS_OF)
    assert exit_code == 0
    assert "2012-08-08 20:00 UTC" in finding["message"] and "has passed" in finding["message"]
    strict = run("validate", "--registry", str(network), "--as-of", AS_OF, "--strict")
    assert strict.exit_code == 1


def test_russian_wikipedia_2012_blackout_seen_within_its_ratification_window(
    network: Path,
) -> None:
    """As of 20 July 2012, ten days after the blackout, the ratification
    deadline (8 August) was still ahead, and `advoc status` lists it as awaiting
    ratification."""
    add(network, "ru-wikipedia-2012-blackout", decision("ru-wikipedia-2012-blackout", **RU_2012))
    result = run(
        "validate", "--registry", str(network), "--as-of", "2012-07-20", "--format", "json"
    )
    [finding] = result.json()["findings"]
    assert finding["code"] == "ratification-missing" and "still ahead" in finding["message"]
    status = run(
        "status", "--registry", str(network), "--as-of", "2012-07-20", "--format", "json"
    ).json()
    assert status["awaiting_ratification"] == [
        {
            "id": "ru-wikipedia-2012-blackout",
            "process": "community-vote",
            "deadline": "2012-08-08 20:00 UTC",
            "overdue": False,
        }
    ]


def test_russian_wikipedia_2012_blackout_recorded_as_overturned_needs_nothing(
    network: Path,
) -> None:
    """As this project records it (overturned: the Arbitration Committee found
    consensus had not been established), it is no longer an adopted urgent
    decision: nothing to ratify, no findings."""
    add(
        network,
        "ru-wikipedia-2012-blackout",
        decision("ru-wikipedia-2012-blackout", **{**RU_2012, "status": "overturned"}),
    )
    assert findings_of(network, "--as-of", AS_OF) == set()


def test_russian_wikipedia_2012_poll_of_a_few_hours_would_be_too_short(network: Path) -> None:
    """Counterfactual: a poll of 6 hours (the public record speaks of "a few
    hours") would be short of urgent-action's 12 hours: an error, besides the
    ratification warning."""
    file = add(
        network,
        "ru-wikipedia-2012-blackout",
        decision(
            "ru-wikipedia-2012-blackout",
            **{**RU_2012, "opened": "2012-07-09T18:00:00+04:00"},
        ),
    )
    assert findings_of(network, "--as-of", AS_OF) == {
        ("error", "process-duration", file, 7),
        ("warning", "ratification-missing", file, 5),
    }


def test_russian_wikipedia_2012_blackout_ratified_in_time(network: Path) -> None:
    """Counterfactual: a community vote ratifying it, open 7 days and closed
    on 8 August 2012 at 20:00 UTC (the last minute), would have settled it."""
    add(network, "ru-wikipedia-2012-blackout", decision("ru-wikipedia-2012-blackout", **RU_2012))
    add(
        network,
        "ru-ratify",
        (
            "id: ru-ratify\ntitle: Ratify the blackout\ntype: ratification\n"
            "process: community-vote\nstatus: adopted\nratifies: ru-wikipedia-2012-blackout\n"
            "opened: 2012-08-01T20:00:00Z\nclosed: 2012-08-09T00:00:00+04:00\n"
            "tally: {support: 200, oppose: 40}\n"
        ),
    )
    assert findings_of(network, "--as-of", AS_OF) == set()


# --- English Wikipedia, 18 January 2012 --------------------------------------------

EN_2012 = dict(
    status="adopted",
    # The request for comment: first comments 13 January, outcome announced 16
    # January 2012. The split of the votes is not recorded.
    opened="2012-01-13",
    closed="2012-01-16",
)


def test_english_wikipedia_2012_sopa_blackout_as_one_wikis_decision(network: Path) -> None:
    """As this project records it, under wiki-community-decision (the wiki's own
    rules, no duration, quorum or threshold): valid, no findings."""
    add(
        network,
        "en-wikipedia-2012-sopa-blackout",
        decision("en-wikipedia-2012-sopa-blackout", process="wiki-community-decision", **EN_2012),
    )
    assert findings_of(network, "--as-of", AS_OF) == set()


def test_english_wikipedia_2012_sopa_blackout_could_not_be_a_community_vote(
    network: Path,
) -> None:
    """Under community-vote the 72-hour RfC is far short of 7 days, and without
    recorded counts it has 0 participants (quorum 15) and no support ratio
    (threshold not met): three errors."""
    file = add(
        network,
        "en-wikipedia-2012-sopa-blackout",
        decision("en-wikipedia-2012-sopa-blackout", process="community-vote", **EN_2012),
    )
    assert findings_of(network, "--as-of", AS_OF) == {
        ("error", "process-duration", file, 7),
        ("error", "process-quorum", file, 5),
        ("error", "process-threshold", file, 5),
    }


def test_english_wikipedia_2012_sopa_blackout_as_urgent_action(network: Path) -> None:
    """Under urgent-action, exactly 72 hours is the longest allowed (at most
    includes the boundary): no duration error. Without recorded counts the
    quorum and threshold are not met (errors), and no ratification followed
    (deadline 15 February 2012, passed: a warning)."""
    file = add(
        network,
        "en-wikipedia-2012-sopa-blackout",
        decision("en-wikipedia-2012-sopa-blackout", process="urgent-action", **EN_2012),
    )
    found = findings_of(network, "--as-of", AS_OF)
    assert found == {
        ("error", "process-quorum", file, 5),
        ("error", "process-threshold", file, 5),
        ("warning", "ratification-missing", file, 5),
    }
