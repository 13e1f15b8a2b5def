"""The change-description core: field paths and sentences, from records alone."""

from __future__ import annotations

from advoc.model.changes import compare, describe_changes, field_changes
from advoc.model.registry import Record
from advoc.model.votes import voter_key


def record(kind: str, record_id: str, **data: object) -> Record:
    return Record(kind, record_id, f"{kind}/{record_id}.yaml", {"id": record_id, **data})


def test_field_changes_name_dotted_paths() -> None:
    old = {"roles": [{"role": "advocate", "end": "2026-01-01"}], "topics": ["a"], "x": 1}
    new = {
        "roles": [{"role": "advocate", "end": "2027-01-01"}, {"role": "spokesperson"}],
        "topics": ["a", "b"],
        "y": 2,
    }
    changes = [
        (change.path, change.action, change.old, change.new) for change in field_changes(old, new)
    ]
    assert changes == [
        ("roles[0].end", "changed", "2026-01-01", "2027-01-01"),
        ("roles[1]", "added", None, {"role": "spokesperson"}),
        ("topics", "changed", ["a"], ["a", "b"]),
        ("x", "removed", 1, None),
        ("y", "added", None, 2),
    ]


def test_a_value_of_another_type_is_a_change() -> None:
    assert [change.path for change in field_changes({"a": 1}, {"a": True})] == ["a"]
    assert field_changes({"a": [1]}, {"a": [1]}) == []


def test_an_unchanged_nan_is_no_change_whether_or_not_it_is_one_object() -> None:
    """history shares unchanged values between versions; diff reads each
    revision anew: both must find an unchanged .nan unchanged."""
    nan = float("nan")
    for old, new in ((nan, nan), (nan, float("nan"))):
        assert (
            field_changes(
                {"score": old, "roles": [{"weight": old}]},
                {"score": new, "roles": [{"weight": new}]},
            )
            == []
        )
    assert [change.path for change in field_changes({"score": nan}, {"score": 1.0})] == ["score"]
    assert field_changes({"a": 0.0}, {"a": -0.0}) != []


def test_describe_changes_from_lists_of_records() -> None:
    ada = {"username": "Ada", "name": {"en": "Ada Lovelace", "fr": "Ada Lovelace (fr)"}}
    before = [
        record(
            "advocate",
            "ada",
            **ada,
            roles=[{"role": "advocate", "start": "2025-01-01", "granted_by": "2025-grant-ada"}],
        ),
        record("decision", "2026-vote", status="open"),
        record("vote", f"2026-vote/{voter_key('Tamar')}", user="Tamar", position="oppose"),
        record("principle", "openness", text="Old text."),
    ]
    after = [
        record(
            "advocate",
            "ada",
            **ada,
            roles=[
                {
                    "role": "advocate",
                    "start": "2025-01-01",
                    "granted_by": "2025-grant-ada",
                    "scope": {"countries": ["GB", "IE"]},
                }
            ],
        ),
        record("decision", "2026-vote", status="open"),
        record("vote", f"2026-vote/{voter_key('tamar')}", user="tamar", position="support"),
        record("vote", f"2026-vote/{voter_key('Ben')}", user="Ben", position="neutral"),
        record("group", "new-group", name="A new group"),
    ]
    assert describe_changes(before, after) == [
        "Ada Lovelace: role advocate (GB, IE): scope set to countries: GB, IE.",
        "New group new-group: A new group.",
        "Decision 2026-vote gains a vote: Ben, neutral.",
        "Decision 2026-vote: tamar changes their vote from oppose to support.",
        "Principle openness is removed (principle/openness).",
    ]
    assert describe_changes(before, before) == []
    assert [change.action for change in compare(before, after)] == [
        "changed",
        "added",
        "added",
        "changed",
        "removed",
    ]


def test_an_assignment_taken_out_of_the_file_is_lost() -> None:
    grant = {"role": "advocate", "start": "2025-01-01", "end": "2026-01-01", "granted_by": "g"}
    before = [record("advocate", "ben", username="Ben", roles=[grant])]
    after = [record("advocate", "ben", username="Ben", roles=[])]
    assert describe_changes(before, after) == [
        "Ben: loses role advocate, 2025-01-01 → 2026-01-01, granted by decision g."
    ]


def test_a_new_decision_is_opened_and_a_closed_one_recorded() -> None:
    opened = record(
        "decision",
        "2026-grant-ada",
        title={"en": "Grant Ada"},
        type="role-grant",
        process="role-grant",
        status="open",
    )
    recorded = record(
        "decision",
        "2019-blackout",
        title="Blackout",
        type="blackout",
        process="community-vote",
        status="adopted",
        tally={"support": 9, "oppose": 1, "neutral": 0},
    )
    assert describe_changes([], [opened, recorded]) == [
        "Decision 2019-blackout recorded as adopted: Blackout (blackout, process "
        "community-vote); tally: support 9, oppose 1, neutral 0.",
        "Decision 2026-grant-ada opened: Grant Ada (role-grant, process role-grant).",
    ]
