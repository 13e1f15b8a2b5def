"""`advoc status`, `advoc show` and `advoc guide` on the project's own registry.

Snapshots live in tests/snapshots/rules/ and are compared byte for byte; after
an intended change, rewrite them with
`ADVOC_BLESS=1 pytest tests/test_status_show_guide.py` and review the diff.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest
from conftest import PROJECT, SNAPSHOTS, assert_snapshot, run, write_registry

AS_OF = "2026-11-01"  # the date the README's examples use
RULES_SNAPSHOTS = SNAPSHOTS / "rules"
REGISTRY = ("--registry", str(PROJECT))


def advoc(*args: str) -> str:
    result = run(*args, *REGISTRY)
    assert result.exit_code == 0, result.stdout + result.stderr
    return result.stdout


# --- snapshots ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("status-2026-11-01.txt", ("status", "--as-of", AS_OF)),
        ("show-advocate-lin-shu-yu.txt", ("show", "advocate/lin-shu-yu", "--as-of", AS_OF)),
        (
            "show-decision-de-wikipedia-2019-blackout.txt",
            ("show", "decision/de-wikipedia-2019-blackout"),
        ),
        (
            "show-decision-2026-banner-nowiki-platform-liability.txt",
            ("show", "decision/2026-banner-nowiki-platform-liability", "--as-of", AS_OF),
        ),
        ("guide.txt", ("guide",)),
        ("guide-decisions-de.txt", ("guide", "decisions", "--lang", "de")),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_snapshot(name: str, args: tuple[str, ...]) -> None:
    assert_snapshot(RULES_SNAPSHOTS / name, advoc(*args))


def test_status_json_snapshot() -> None:
    report = json.loads(advoc("status", "--as-of", AS_OF, "--format", "json"))
    assert report["registry"] == str(PROJECT.resolve())
    report["registry"] = "<registry>"
    assert_snapshot(
        RULES_SNAPSHOTS / "status-2026-11-01.json",
        json.dumps(report, indent=2, ensure_ascii=False) + "\n",
    )


# --- status ---------------------------------------------------------------------------


def test_status_shows_every_kind_of_item_needing_attention() -> None:
    """As of the README's date: an open vote, an urgent banner awaiting its
    ratification, a spokesperson whose term ends within 30 days, feedback past
    its response time."""
    result = run("status", "--as-of", AS_OF, "--format", "json", *REGISTRY)
    assert result.exit_code == 0
    report = result.json()
    assert report["as_of"] == AS_OF
    open_ids = [item["id"] for item in report["open_decisions"]]
    assert "2026-confirm-lin-shu-yu-spokesperson" in open_ids
    assert "2026-ratify-nowiki-banner" in open_ids
    assert [item["id"] for item in report["awaiting_ratification"]] == [
        "2026-banner-nowiki-platform-liability"
    ]
    assert report["awaiting_ratification"][0]["overdue"] is False
    assert {"advocate": "lin-shu-yu", "role": "spokesperson", "end": "2026-11-20"} in report[
        "roles_expiring"
    ]
    assert [item["id"] for item in report["feedback_unanswered"]] == [
        "2026-09-campaign-translations"
    ]


def test_status_of_an_open_decision_gives_tally_rules_and_time_left() -> None:
    report = json.loads(advoc("status", "--as-of", AS_OF, "--format", "json"))
    [ratify] = [d for d in report["open_decisions"] if d["id"] == "2026-ratify-nowiki-banner"]
    # Opened 2026-10-29 08:00 UTC under community-vote (7 days): 4 days 8 hours left.
    assert ratify["earliest_close"] == "2026-11-05 08:00 UTC"
    assert ratify["time_left_hours"] == 104
    assert {rule["rule"]: rule["met"] for rule in ratify["rules"]} == {
        "duration": False,
        "max-duration": True,
        "quorum": False,
        "threshold": True,
    }


def test_status_text_counts_the_items() -> None:
    text = advoc("status", "--as-of", AS_OF)
    for heading in (
        "Open decisions (2)",
        "Urgent decisions awaiting ratification (1)",
        "Roles expiring within 30 days (1)",
        "Feedback past its response time (1)",
    ):
        assert heading in text
    assert text.rstrip().endswith("5 items need attention.")


def test_status_in_the_past_sees_a_later_closed_vote_as_open() -> None:
    """The ratification vote opened 2026-10-29; as of 2026-10-30 it had been open a day."""
    report = json.loads(advoc("status", "--as-of", "2026-10-30", "--format", "json"))
    [ratify] = [d for d in report["open_decisions"] if d["id"] == "2026-ratify-nowiki-banner"]
    assert ratify["time_left_hours"] == 6 * 24 + 8


def test_status_lang_translates_registry_text() -> None:
    text = advoc("status", "--as-of", AS_OF, "--lang", "de")
    assert "Bestätigung von Lin Shu-yu als Sprecherin" in text


# --- instants: an as-of is a moment, not a day ----------------------------------------

HOUR_OLD = {
    "rules/processes/vote.yaml": "id: vote\nname: A vote\napplies_to: [statement]\n"
    "min_duration: 12h\nmax_duration: 72h\n",
    "registry/decisions/d.yaml": "id: d\ntitle: A statement\ntype: statement\nprocess: vote\n"
    "status: open\nopened: 2026-12-03T06:04:00Z\n",
}
AN_HOUR_LATER = "1796281440"  # 2026-12-03T07:04:00Z


def test_a_decision_opened_an_hour_ago_is_open_now(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = str(write_registry(tmp_path, HOUR_OLD))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", AN_HOUR_LATER)
    report = json.loads(advoc_at(root, "status", "--format", "json"))
    assert report["as_of"] == "2026-12-03T07:04:00Z"
    [item] = report["open_decisions"]
    assert item["time_left_hours"] == 11
    shown = json.loads(advoc_at(root, "show", "decision/d", "--format", "json"))
    assert {rule["rule"]: rule["actual"] for rule in shown["evaluation"]["rules"]}[
        "duration"
    ] == "open 1 hour"


def test_as_of_takes_a_timestamp(tmp_path: Path) -> None:
    root = str(write_registry(tmp_path, HOUR_OLD))
    text = advoc_at(root, "status", "--as-of", "2026-12-03T07:04Z")
    assert "as of 2026-12-03T07:04:00Z" in text
    assert "may close in 11 hours (from 2026-12-03 18:04 UTC)" in text
    # A bare day is 00:00 UTC, before it opened.
    assert "Open decisions (0)" in advoc_at(root, "status", "--as-of", "2026-12-03")
    assert run("status", "--registry", root, "--as-of", "2026-12-03T25:00").exit_code == 2


def test_status_past_the_maximum_duration_says_the_votes_ended(tmp_path: Path) -> None:
    root = str(write_registry(tmp_path, HOUR_OLD))
    text = advoc_at(root, "status", "--as-of", "2026-12-07")
    assert "votes ended 2026-12-06 06:04 UTC (open at most 72h); may close now" in text


def advoc_at(root: str, *args: str) -> str:
    result = run(*args, "--registry", root)
    assert result.exit_code == 0, result.stdout + result.stderr
    return result.stdout


# --- validate on the project's own registry ---------------------------------------------


@pytest.mark.parametrize(
    "as_of",
    [AS_OF, datetime.now(timezone.utc).date().isoformat(), "2027-06-01", "2030-01-01"],
)
def test_project_registry_has_no_errors(as_of: str) -> None:
    result = run("validate", "--as-of", as_of, "--format", "json", *REGISTRY)
    assert result.exit_code == 0, result.stdout
    summary = result.json()["summary"]
    assert summary["errors"] == 0, result.stdout


# --- show ---------------------------------------------------------------------------------


def test_show_unknown_record_suggests_a_close_id() -> None:
    result = run("show", "decision/de-wikipedia-2019-blackoot", *REGISTRY)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "There is no decision 'de-wikipedia-2019-blackoot'" in result.stderr
    assert "Did you mean decision/de-wikipedia-2019-blackout" in result.stderr
    assert "Traceback" not in result.stderr


def test_show_unknown_kind_exits_2_and_lists_the_kinds() -> None:
    result = run("show", "nope/x", *REGISTRY)
    assert result.exit_code == 2
    assert "'nope'" in result.stderr and "advocate" in result.stderr
    assert "Traceback" not in result.stderr


def test_show_accepts_the_folder_name_as_kind() -> None:
    assert advoc("show", "decisions/de-wikipedia-2019-blackout") == advoc(
        "show", "decision/de-wikipedia-2019-blackout"
    )


def test_show_decision_json_holds_the_evaluation() -> None:
    shown = json.loads(
        advoc(
            "show",
            "decision/2026-banner-nowiki-platform-liability",
            "--as-of",
            AS_OF,
            "--format",
            "json",
        )
    )
    evaluation = shown["evaluation"]
    assert evaluation["process"] == "urgent-action"
    assert evaluation["outcome_by_rules"] == "adopted"
    assert evaluation["ratification"] == {
        "process": "community-vote",
        "deadline": "2026-11-27 09:00 UTC",
        "ratified_by": None,
        "overdue": False,
    }


def test_show_advocate_marks_roles_active_on_the_as_of_date() -> None:
    def active(as_of: str) -> dict[str, bool]:
        shown = json.loads(
            advoc("show", "advocate/lin-shu-yu", "--as-of", as_of, "--format", "json")
        )
        return {role["role"]: role["active"] for role in shown["roles"]}

    assert active(AS_OF) == {"advocate": True, "spokesperson": True}
    assert active("2026-11-20") == {"advocate": True, "spokesperson": False}


def test_show_lang_falls_back_to_the_default_language() -> None:
    """The blackout has a French title but no French outcome: the outcome is English."""
    text = advoc("show", "decision/de-wikipedia-2019-blackout", "--lang", "fr")
    assert "Fermeture de la Wikipédia en allemand" in text
    assert "Procédure : Vote de la communauté" in text  # advoc's words in French too
    assert "Résultat : The Meinungsbild" in text


# --- guide --------------------------------------------------------------------------------


def test_guide_topics_select_sections() -> None:
    join = advoc("guide", "join")
    assert "## Join the advocacy network" in join
    assert "## How decisions are taken" not in join
    decisions = advoc("guide", "decisions")
    assert decisions.startswith("## How decisions are taken")
    assert "### Urgent action" in decisions
    assert "ratified afterwards by a decision under 'Community vote', closed within 30 days" in (
        decisions
    )


def test_guide_lang_falls_back_for_text_without_that_language() -> None:
    """Process names exist in German; role descriptions only in English."""
    text = advoc("guide", "decisions", "--lang", "de")
    assert "### Gemeinschaftsabstimmung" in text
    assert "A spokesperson may speak to journalists" in text
    unknown = advoc("guide", "decisions", "--lang", "tlh")
    assert unknown == advoc("guide", "decisions")


def test_guide_lang_falls_back_on_a_registry_written_here(tmp_path: Path) -> None:
    root = write_registry(
        tmp_path,
        {
            "advoc.yaml": "advoc: 2\nname: Test\ndefault_language: nb\n",
            "rules/entry-points/join.yaml": (
                "id: join\ntitle: {nb: Bli med, de: Mitmachen}\naudience: newcomer\npurpose: join\n"
                "steps:\n  - {nb: Les reglene., en: Read the rules.}\n  - Skriv til oss.\n"
            ),
        },
    )
    result = run("guide", "join", "--lang", "de", "--registry", str(root))
    assert result.exit_code == 0, result.stderr
    assert (  # advoc's words in German
        result.stdout == ("## Mitmachen\n(für Neue)\n\n1. Les reglene.\n2. Skriv til oss.\n")
    )


def test_guide_on_a_fresh_registry(tmp_path: Path) -> None:
    root = tmp_path / "network"
    assert run("init", str(root)).exit_code == 0
    result = run("guide", "--registry", str(root))
    assert result.exit_code == 0, result.stderr
    for heading in (
        "## Join the advocacy network",
        "## How decisions are taken",
        "### To get the role: Spokesperson",
        "### Urgent action",
    ):
        assert heading in result.stdout
    # The fresh registry carries the project's default rules: the same decisions guide.
    assert run("guide", "decisions", "--registry", str(root)).stdout == advoc("guide", "decisions")


def test_guide_join_shows_the_principles_it_points_to() -> None:
    text = advoc("guide", "join")
    assert 'run "advoc guide join"' in text
    for title in ("Transparency", "Safety of advocates", "Who speaks for whom"):
        assert title in text


def test_show_before_a_decision_opened_prints_no_negative_duration() -> None:
    """The ratification vote opened on 2026-10-29; as of 2026-10-01 it had not opened."""
    text = advoc("show", "decision/2026-ratify-nowiki-banner", "--as-of", "2026-10-01")
    assert "open -" not in text


# --- status in the reader's language, and as a notice in Markdown ---------------------------


def test_status_markdown_says_what_the_text_says() -> None:
    text = advoc("status", "--as-of", "2026-11-23")
    notice = advoc("status", "--as-of", "2026-11-23", "--format", "markdown")
    assert notice.startswith("# Wikimedia advocacy network: what needs attention as of 2026-11-23")
    assert "## Open decisions (1)" in notice
    assert "- `2026-confirm-lin-shu-yu-spokesperson`: Confirm Lin Shu-yu" in notice

    def words(said: str) -> list[str]:
        return [w for w in said.replace("`", "").split() if w.strip("-#")]

    assert words(notice) == words(text)


def test_status_in_german_and_arabic_from_the_message_files() -> None:
    german = advoc("status", "--as-of", "2026-11-23", "--lang", "de")
    assert "Offene Entscheidungen (1)" in german
    assert "farhana-morshed: advocate endet am 2026-12-02 (in 9 Tagen)" in german
    assert german.rstrip().endswith("3 Punkte brauchen Aufmerksamkeit.")
    arabic = advoc("status", "--as-of", "2026-11-23", "--lang", "ar")
    assert "قرارات مفتوحة (1)" in arabic
    assert "(بعد 9 أيام)" in arabic  # Arabic's "few" form, from CLDR


def test_status_markdown_keeps_hostile_text_inert(tmp_path: Path) -> None:
    from markdown_it import MarkdownIt

    hostile = "*[x](javascript:alert(1))* <script>x</script> `c` ~~s~~ | a | &lt; ![i](y)"
    root = write_registry(
        tmp_path,
        {
            "registry/feedback/f.yaml": (
                "id: f\nabout: advocate/nobody\nauthor: Someone\ndate: 2026-01-01\n"
                f"kind: concern\nsummary: '{hostile}'\nstatus: open\n"
            ),
        },
    )
    result = run("status", "--registry", str(root), "--as-of", "2026-11-23", "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    rendered = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(result.stdout)
    for made in ("<a ", "<em>", "<script", "<del>", "<img", "<table"):
        assert made not in rendered, made
    assert rendered.count("<code>") == 1  # the feedback's id, and nothing the summary wrote
    assert "*[x](javascript:alert(1))* &lt;script&gt;x&lt;/script&gt;" in rendered
