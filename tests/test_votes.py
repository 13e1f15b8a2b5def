"""Votes in files of their own (format 2): they merge, whatever the order, and
`advoc migrate` moves a format 1 registry to them.

Real git repositories in temporary folders and the real CLI: the vote branches
are made by `advoc propose vote` and merged by plain `git merge`.
"""

from __future__ import annotations

import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest
from conftest import CASES, git, make_repo, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advoc.load.loader import load
from advoc.load.yamlio import parse_bytes
from advoc.model.evaluation import evaluate
from advoc.model.votes import vote_file, voter_key
from advoc.propose import build
from advoc.propose.build import Scope, vote_scope
from advoc.propose.submit import ProposalRefused, _refuse_new_errors, base

NOW = "1794312000"  # 2026-11-10T12:00:00Z
OPEN = """\
id: grant-grace
title: Grant Grace the spokesperson role
type: role-grant
process: role-grant
status: open
opened: 2026-11-01T09:00:00Z
subjects:
  advocates: [grace-hopper]
  roles: [spokesperson]
"""
VOTERS = (
    ("Tamar Eskenazi", "support"),
    ("Ελένη Μαυρομμάτη", "oppose"),
    ("ليلى الحمروني", "support"),
    ("tamar_eskenazi_2", "neutral"),
    ("Lín Shū-yǔ", "support"),
    ("Oksana", "oppose"),
)


@pytest.fixture(scope="module")
def branched(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A registry with an open decision, and one `advoc propose vote` branch per voter,
    all made from the same base."""
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", NOW)
    root = make_repo(CASES / "positive" / "complete-registry", tmp_path_factory.mktemp("m") / "r")
    (root / "registry/decisions/grant-grace.yaml").write_text(OPEN, encoding="utf-8")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--no-verify", "-m", "open grant-grace")
    for number, (user, position) in enumerate(VOTERS):
        result = run(
            "propose", "vote", "grant-grace", f"--{position}", "--as", user,
            "--branch", f"vote-{number}", "--registry", str(root),
        )  # fmt: skip
        assert result.exit_code == 0, result.stderr
    monkeypatch.undo()
    return root


def tally(root: Path) -> tuple[int, int, int]:
    registry = load(root, reuse=False)
    decision = registry.get("decision", "grant-grace")
    assert decision is not None
    counts = evaluate(registry, decision, registry_date(), as_seen_then=False).counts
    return counts.support, counts.oppose, counts.neutral


def registry_date():  # type: ignore[no-untyped-def]
    from datetime import date

    return date(2026, 11, 10)


def test_each_vote_branch_adds_one_file_of_its_own(branched: Path) -> None:
    for number, (user, _) in enumerate(VOTERS):
        changed = git(branched, "diff", "--name-only", "main", f"vote-{number}").split()
        assert changed == [vote_file("grant-grace", user)]
    keys = {voter_key(user) for user, _ in VOTERS}
    assert len(keys) == len(VOTERS)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(order=st.permutations(range(len(VOTERS))), merged=st.integers(2, len(VOTERS)))
def test_vote_branches_merge_without_conflict_in_any_order(
    branched: Path, order: list[int], merged: int
) -> None:
    """Merged by plain `git merge`, one after another, in any order: never a
    conflict, and the same tally for the same votes whatever the order."""
    chosen = order[:merged]
    git(branched, "checkout", "--quiet", "-B", "trial", "main")
    try:
        for number in chosen:
            git(branched, "merge", "--quiet", "--no-edit", "--no-ff", f"vote-{number}")
        expected = [VOTERS[number][1] for number in chosen]
        counts = tally(branched)
        assert counts == tuple(expected.count(p) for p in ("support", "oppose", "neutral"))
        assert run("validate", "--registry", str(branched), "--as-of", "2026-11-10").exit_code == 0
    finally:
        git(branched, "checkout", "--quiet", "main")
        git(branched, "branch", "--quiet", "-D", "trial")


def test_a_changed_vote_on_a_merged_branch_merges_too(
    branched: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Voting again edits the voter's own file: merged after the first vote, it
    changes that vote, and the tally counts them once."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", NOW)
    git(branched, "checkout", "--quiet", "-B", "again", "main")
    try:
        git(branched, "merge", "--quiet", "--no-edit", "vote-0")
        result = run(
            "propose", "vote", "grant-grace", "--oppose", "--as", "Tamar_Eskenazi",
            "--branch", "vote-0-again", "--registry", str(branched),
        )  # fmt: skip
        assert result.exit_code == 0, result.stderr
        git(branched, "merge", "--quiet", "--no-edit", "vote-1", "vote-0-again")
        assert tally(branched) == (0, 2, 0)
    finally:
        git(branched, "checkout", "--quiet", "main")
        git(branched, "branch", "--quiet", "-D", "again", "vote-0-again")


# --- advoc migrate ------------------------------------------------------------------

V1_DECISION = (
    OPEN
    + """\
participants:
  # the first votes
  - user: Tamar_Eskenazi
    position: oppose
    date: 2026-11-02T10:00:00Z
  - user: Ελένη Μαυρομμάτη
    position: support
    comment: "Clear answers, and a long record: yes."
  - user: tamar Eskenazi
    position: support
    date: 2026-11-03T10:00:00Z
outcome: Still open.
"""
)


def version_1(root: Path) -> Path:
    """The complete registry as format 1 held it: votes inside the decision."""
    registry = make_repo(CASES / "positive" / "complete-registry", root)
    for folder in (registry / "registry/votes").iterdir():
        votes = [parse_bytes(path.read_bytes()) for path in sorted(folder.iterdir())]
        listed = "".join(
            f"  - {{user: {vote['user']}, position: {vote['position']}}}\n" for vote in votes
        )
        with open(registry / f"registry/decisions/{folder.name}.yaml", "a") as decision:
            decision.write(f"participants:\n{listed}")
    shutil.rmtree(registry / "registry/votes")
    manifest = registry / "advoc.yaml"
    manifest.write_text(manifest.read_text().replace("advoc: 2", "advoc: 1"), encoding="utf-8")
    (registry / "registry/decisions/grant-grace.yaml").write_text(V1_DECISION, encoding="utf-8")
    git(registry, "add", "--all")
    git(registry, "commit", "--quiet", "--no-verify", "-m", "format 1")
    return registry


def test_migrate_moves_every_vote_to_its_own_file_as_one_proposal(tmp_path: Path) -> None:
    root = version_1(tmp_path / "r")
    (root / "notes.txt").write_text("my own work\n")  # untracked: stays as it is
    head = git(root, "rev-parse", "HEAD")
    refused = run("validate", "--registry", str(root))
    assert refused.exit_code == 2 and "advoc migrate" in refused.stderr
    result = run("migrate", "--registry", str(root))
    assert result.exit_code == 0, result.stderr
    assert "propose/migrate-format-2" in result.stdout
    assert git(root, "rev-parse", "HEAD") == head and (root / "notes.txt").exists()
    assert git(root, "status", "--porcelain") == "?? notes.txt\n"
    branch = "propose/migrate-format-2"
    files = set(git(root, "diff", "--name-only", "main", branch).split())
    tamar, eleni = (
        vote_file("grant-grace", user) for user in ("Tamar Eskenazi", "Ελένη Μαυρομμάτη")
    )
    assert {"advoc.yaml", "registry/decisions/grant-grace.yaml", tamar, eleni} <= files
    assert len([file for file in files if "/grant-grace/" in file]) == 2
    show = lambda path: parse_bytes(git(root, "show", f"{branch}:{path}").encode())  # noqa: E731
    assert show("advoc.yaml")["advoc"] == 2
    decision = show("registry/decisions/grant-grace.yaml")
    assert "participants" not in decision and decision["outcome"] == "Still open."
    # Tamar voted twice: the last vote, the one that counted, is kept.
    assert show(tamar) == {
        "decision": "grant-grace",
        "user": "tamar Eskenazi",
        "position": "support",
        "date": "2026-11-03T10:00:00Z",
    }
    assert show(eleni)["comment"] == "Clear answers, and a long record: yes."
    # The votes keep their voters: the commit says it imports the registry's own records.
    assert "Advoc-Import: format 1 registry" in git(root, "log", "-1", "--format=%B", branch)
    audited = run("audit", f"main..{branch}", "--registry", str(root))
    assert audited.exit_code == 0, audited.stdout
    git(root, "checkout", "--quiet", branch)
    checked = run("validate", "--registry", str(root), "--as-of", "2026-11-10")
    assert checked.exit_code == 0, checked.stdout
    again = run("migrate", "--registry", str(root))
    assert again.exit_code == 1 and "nothing to migrate" in again.stderr


def test_migrate_refuses_what_it_cannot_move_and_creates_nothing(tmp_path: Path) -> None:
    root = version_1(tmp_path / "r")
    path = root / "registry/decisions/grant-grace.yaml"
    path.write_text(V1_DECISION.replace("  - user: Tamar_Eskenazi\n", "  - user:\n"))
    git(root, "commit", "--quiet", "--no-verify", "-am", "a vote without a user")
    refs = git(root, "for-each-ref")
    result = run("migrate", "--registry", str(root))
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert "registry/decisions/grant-grace.yaml: participants[0] names no user" in result.stderr
    assert git(root, "for-each-ref") == refs


def test_migrate_dry_run_shows_the_change_and_creates_nothing(tmp_path: Path) -> None:
    root = version_1(tmp_path / "r")
    refs = git(root, "for-each-ref")
    result = run("migrate", "--dry-run", "--registry", str(root))
    assert result.exit_code == 0, result.stderr
    assert "-participants:" in result.stdout and "+advoc: 2" in result.stdout
    assert git(root, "for-each-ref") == refs


def test_show_and_the_site_say_a_decision_was_imported(tmp_path: Path) -> None:
    root = tmp_path / "r"
    shutil.copytree(CASES / "positive" / "complete-registry", root)
    path = root / "registry/decisions/grant-ada.yaml"
    source = "https://meta.wikimedia.org/wiki/Old_vote <script>x</script>"
    path.write_text(path.read_text() + f"imported: '{source}'\n", encoding="utf-8")
    shown = run("show", "decision/grant-ada", "--registry", str(root))
    assert shown.exit_code == 0, shown.stderr
    assert f"imported from {source}" in shown.stdout
    site = tmp_path / "site"
    exported = run("export", "--format", "html", "--out", str(site), "--registry", str(root))
    assert exported.exit_code == 0, exported.stderr
    pages = [page.read_text() for page in site.glob("*/decisions/2026.html")]
    assert pages and all("<script>x" not in page for page in pages)
    assert any("Imported: taken elsewhere" in page and "&lt;script&gt;" in page for page in pages)


# A vote is judged with its part of the registry -------------------------------


def test_a_vote_reads_only_its_decision_its_votes_and_the_rules(branched: Path) -> None:
    start = base(branched, "vote-0", vote_scope("grant-grace"))
    assert start.scope is not None
    listed = set(start.revision.blobs)
    assert "registry/decisions/grant-grace.yaml" in listed
    assert f"registry/{vote_file('grant-grace', VOTERS[0][0])}".removeprefix("registry/") in listed
    assert any(path.startswith("rules/") for path in listed)
    assert not [
        path
        for path in listed
        if path.startswith("registry/")
        and not path.startswith(
            ("registry/decisions/grant-grace.yaml", "registry/votes/grant-grace/")
        )
    ]
    whole = base(branched, "vote-0")
    assert len(whole.revision.blobs) > len(listed) + 5


def test_a_vote_on_an_unknown_decision_still_suggests_the_one_meant(branched: Path) -> None:
    result = run(
        "propose", "vote", "grant-grac", "--support", "--as", "Tamar Eskenazi",
        "--dry-run", "--registry", str(branched),
        env={"SOURCE_DATE_EPOCH": NOW},
    )  # fmt: skip
    assert result.exit_code == 2
    assert "There is no decision 'grant-grac'" in result.stderr
    assert "decision/grant-grace" in result.stderr  # the whole registry was read for it


COMMENTS = (None, "Clear answers to the press", "bell\x07", "<script>alert(1)</script>")
USERS = ("Tamar Eskenazi", "New Voter", "ليلى الحمروني", "Tamar\u202eEskenazi")


@pytest.mark.parametrize("comment", COMMENTS)
@pytest.mark.parametrize("user", USERS)
def test_the_part_and_the_whole_registry_judge_a_vote_alike(
    branched: Path, comment: str | None, user: str
) -> None:
    """The scope's promise: what validating the part adds is what validating the
    whole registry adds, refused or not, finding for finding."""
    at = datetime(2026, 11, 10, 12, tzinfo=timezone.utc)

    def judged(scope: Scope | None) -> tuple[str, list[tuple[str, str, str]]]:
        start = base(branched, "vote-0", scope)
        proposal = build.vote(
            start.registry, "grant-grace", user=user, position="oppose", at=at, comment=comment
        )
        try:
            added, _ = _refuse_new_errors(start, proposal, at.date())
        except ProposalRefused as refused:
            return "refused", sorted((f.code, f.file, f.message) for f in refused.findings)
        return "accepted", sorted((f.code, f.file, f.message) for f in added)

    part, whole = judged(vote_scope("grant-grace")), judged(None)
    assert part == whole
    codes = [code for code, _, _ in part[1]]
    if (comment is not None and comment.startswith("bell")) or "\u202e" in user:
        assert part[0] == "refused"
        assert set(codes) == {"text-control"}  # a bell, or a direction override
    else:
        assert part == ("accepted", [])


def test_a_vote_on_a_version_1_registry_names_migrate(tmp_path: Path) -> None:
    """The part a vote reads holds the manifest, so format 1 is told as for the whole."""
    root = version_1(tmp_path / "r")
    result = run(
        "propose", "vote", "grant-grace", "--support", "--as", "Tamar Eskenazi",
        "--registry", str(root), env={"SOURCE_DATE_EPOCH": NOW},
    )  # fmt: skip
    assert result.exit_code == 2
    assert "advoc migrate" in result.stderr
    assert git(root, "branch", "--list", "propose/*") == ""
