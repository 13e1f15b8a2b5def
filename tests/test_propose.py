"""`advoc propose`: one validated commit on a new branch, and the user's checkout untouched.

Every test runs the real CLI against a real git repository in a temporary
folder. `Checkout` takes a byte-for-byte picture of everything the user owns
(HEAD, branch, index, working tree incl. untracked files, other refs), so a
test can prove a command left it alone, whether the command succeeded or not.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ADVOC, CASES, git, make_repo, project_repo, run

from advoc.load.yamlio import parse_bytes
from advoc.model.votes import vote_file

NOW = "2026-11-10T12:00:00Z"
EPOCH = "1794312000"  # 2026-11-10T12:00:00Z
LATER = "1795521600"  # 2026-11-24T12:00:00Z, 14 days on
# A small proposal that is valid on the fixture registry.
FEEDBACK = (
    "feedback",
    "advocate/ada-lovelace",
    "--kind",
    "question",
    "--summary",
    "When?",
    "--as",
    "Q",
)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = make_repo(CASES / "positive" / "complete-registry", tmp_path / "network")
    # The user's own work in progress: staged, unstaged and untracked.
    (root / "registry/groups/wikimedia-norge.yaml").write_text(
        (root / "registry/groups/wikimedia-norge.yaml").read_text() + "# staged note\n"
    )
    git(root, "add", "registry/groups/wikimedia-norge.yaml")
    (root / "registry/advocates/ada-lovelace.yaml").write_text(
        (root / "registry/advocates/ada-lovelace.yaml").read_text() + "# unstaged note\n"
    )
    (root / "notes.txt").write_text("untracked draft\n")
    return root


class Checkout:
    """Everything of the user's that a proposal must not change."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.state = self._take()

    def _take(self) -> dict[str, object]:
        root = self.root
        files = {}
        for path in sorted(root.rglob("*")):
            if ".git" not in path.relative_to(root).parts and path.is_file():
                files[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
        return {
            "status": git(root, "status", "--porcelain=v2", "--branch", "--untracked-files=all"),
            "cached": git(root, "diff", "--cached", "--binary"),
            "unstaged": git(root, "diff", "--binary"),
            "head": (root / ".git/HEAD").read_text(),
            "index": hashlib.sha256((root / ".git/index").read_bytes()).hexdigest(),
            "files": files,
        }

    def refs(self) -> str:
        return git(self.root, "for-each-ref", "--format=%(refname) %(objectname)")

    def unchanged(self) -> bool:
        return self._take() == self.state


def propose(root: Path, *args: str) -> object:
    return run("propose", *args, "--registry", str(root))


def branches(root: Path) -> set[str]:
    return set(git(root, "branch", "--format=%(refname:short)").split())


def changed_files(root: Path, branch: str) -> set[str]:
    return set(git(root, "diff", "--name-only", f"{branch}~1", branch).split())


def show(root: Path, revision: str, path: str) -> dict[str, object]:
    """The file at `revision` as advoc reads it (timestamps stay text)."""
    return parse_bytes(git(root, "show", f"{revision}:{path}").encode("utf-8"))


def trailers(root: Path, branch: str) -> list[str]:
    body = git(root, "log", "-1", "--format=%B", branch)
    parsed = subprocess.run(
        ["git", "interpret-trailers", "--parse"],
        input=body,
        text=True,
        capture_output=True,
        check=True,
    ).stdout
    return parsed.splitlines()


# every subcommand: the branch, the tree, the untouched checkout ---------------


def test_new_decision(repo: Path) -> None:
    before = Checkout(repo)
    result = propose(
        repo,
        "decision",
        "--type",
        "role-grant",
        "--process",
        "role-grant",
        "--title",
        "Grant Grace the spokesperson role",
        "--advocate",
        "ada-lovelace",
        "--role",
        "spokesperson",
        "--as",
        "Ada Lovelace",
    )
    assert result.exit_code == 0, result.stdout + result.stderr
    branch = "propose/decision-2026-grant-grace-the-spokesperson-role"
    assert branch in branches(repo)
    path = "registry/decisions/2026-grant-grace-the-spokesperson-role.yaml"
    assert changed_files(repo, branch) == {path}
    data = show(repo, branch, path)
    assert data["status"] == "open" and data["opened"] == NOW
    assert data["proposer"] == "Ada Lovelace"
    assert data["subjects"] == {"advocates": ["ada-lovelace"], "roles": ["spokesperson"]}
    assert before.unchanged()
    assert git(repo, "rev-parse", f"{branch}~1") == git(repo, "rev-parse", "HEAD")
    assert "Advoc-Proposal: decision" in trailers(repo, branch)


def test_new_advocate_with_an_id_from_the_username(repo: Path) -> None:
    before = Checkout(repo)
    result = propose(
        repo,
        "advocate",
        "--username",
        "Zoë Ångström",
        "--language",
        "sv",
        "--language",
        "en",
        "--country",
        "SE",
    )
    assert result.exit_code == 0, result.stdout + result.stderr
    path = "registry/advocates/zoe-angstrom.yaml"
    assert changed_files(repo, "propose/advocate-zoe-angstrom") == {path}
    data = show(repo, "propose/advocate-zoe-angstrom", path)
    assert data == {
        "id": "zoe-angstrom",
        "username": "Zoë Ångström",
        "languages": ["sv", "en"],
        "countries": ["SE"],
    }
    assert before.unchanged()


def test_an_advocate_whose_username_gives_no_id_needs_one(repo: Path) -> None:
    before, refs = Checkout(repo), Checkout(repo).refs()
    result = propose(repo, "advocate", "--username", "سرو سبز", "--language", "fa")
    assert result.exit_code == 2
    assert "--id" in result.stderr
    assert before.unchanged() and Checkout(repo).refs() == refs


def test_vote(repo: Path) -> None:
    open_decision(repo)
    before = Checkout(repo)
    result = propose(
        repo, "vote", "grant-grace", "--support", "--comment", "Yes: clearly", "--as", "Tamar"
    )
    assert result.exit_code == 0, result.stdout + result.stderr
    branch = "propose/vote-grant-grace-tamar"
    assert changed_files(repo, branch) == {vote_file("grant-grace", "Tamar")}
    data = show(repo, branch, vote_file("grant-grace", "Tamar"))
    assert data == {
        "decision": "grant-grace",
        "user": "Tamar",
        "position": "support",
        "date": NOW,
        "comment": "Yes: clearly",
    }
    assert before.unchanged()
    assert "Advoc-Record: decision/grant-grace" in trailers(repo, branch)


def test_close_adopted_grant_writes_the_role(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    open_decision(repo, votes=("support", "support", "support", "oppose"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", LATER)
    before = Checkout(repo)
    result = propose(repo, "close", "grant-grace", "--as", "Closer")
    assert result.exit_code == 0, result.stdout + result.stderr
    branch = "propose/close-grant-grace"
    assert changed_files(repo, branch) == {
        "registry/decisions/grant-grace.yaml",
        "registry/advocates/grace-hopper.yaml",
    }
    decision = show(repo, branch, "registry/decisions/grant-grace.yaml")
    assert decision["status"] == "adopted"
    assert decision["closed"] == "2026-11-24T12:00:00Z"
    grace = show(repo, branch, "registry/advocates/grace-hopper.yaml")
    assert grace["roles"][-1] == {
        "role": "spokesperson",
        "start": "2026-11-24",
        "end": "2027-11-24",
        "granted_by": "grant-grace",
    }
    assert "Advoc-Decision: grant-grace" in trailers(repo, branch)
    body = git(repo, "log", "-1", "--format=%B", branch)
    assert "gains role spokesperson, 2026-11-24 → 2027-11-24, granted by decision grant-grace" in (
        body
    )
    assert "at least 3 participants: 4 participants (met)" in body
    assert before.unchanged()

    # The closed registry validates with no errors.
    git(repo, "stash", "--include-untracked")
    git(repo, "checkout", "--quiet", branch)
    checked = run("validate", "--registry", str(repo), "--as-of", "2026-11-25", "--format", "json")
    assert checked.json()["summary"]["errors"] == 0, checked.stdout


def test_close_without_quorum_is_no_consensus_and_writes_no_role(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_decision(repo, votes=("support",))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", LATER)
    result = propose(repo, "close", "grant-grace", "--as", "Closer")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert changed_files(repo, "propose/close-grant-grace") == {
        "registry/decisions/grant-grace.yaml"
    }
    assert (
        show(repo, "propose/close-grant-grace", "registry/decisions/grant-grace.yaml")["status"]
        == "no-consensus"
    )
    assert not any(
        line.startswith("Advoc-Decision") for line in trailers(repo, "propose/close-grant-grace")
    )


def test_close_too_early_is_refused(repo: Path) -> None:
    open_decision(repo, opened="2026-11-08T12:00:00Z")
    before, refs = Checkout(repo), Checkout(repo).refs()
    result = propose(repo, "close", "grant-grace")
    assert result.exit_code == 1
    assert "no earlier than 2026-11-15 12:00 UTC" in result.stderr
    assert before.unchanged() and Checkout(repo).refs() == refs


def test_close_adopted_removal_ends_the_role(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    open_decision(
        repo,
        decision_type="role-removal",
        advocate="ada-lovelace",
        votes=("support", "support", "support"),
    )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", LATER)
    result = propose(repo, "close", "grant-grace", "--as", "Closer")
    assert result.exit_code == 0, result.stdout + result.stderr
    ada = show(repo, "propose/close-grant-grace", "registry/advocates/ada-lovelace.yaml")
    assert ada["roles"][0]["ended_by"] == "grant-grace"
    assert ada["roles"][0]["end"] == "2026-11-24"


def test_feedback_and_respond(repo: Path) -> None:
    before = Checkout(repo)
    result = propose(
        repo,
        "feedback",
        "advocate/ada-lovelace",
        "--kind",
        "endorsement",
        "--summary",
        "Calm and precise on the radio",
        "--anonymous",
    )
    assert result.exit_code == 0, result.stdout + result.stderr
    path = "registry/feedback/2026-11-10-ada-lovelace.yaml"
    data = show(repo, "propose/feedback-2026-11-10-ada-lovelace", path)
    assert data["author"] == "anonymous" and data["status"] == "open"
    result = propose(
        repo, "respond", "banner-question", "--text", "Yes, in March.", "--as", "Ada Lovelace"
    )
    assert result.exit_code == 0, result.stdout + result.stderr
    data = show(repo, "propose/respond-banner-question", "registry/feedback/banner-question.yaml")
    assert data["response"] == {
        "by": "Ada Lovelace",
        "date": "2026-11-10",
        "text": "Yes, in March.",
    }
    assert data["status"] == "addressed"
    assert before.unchanged()


def test_edit_turns_the_users_edits_into_a_proposal_and_keeps_them(repo: Path) -> None:
    before = Checkout(repo)
    result = propose(repo, "edit", "-m", "Ada's notes")
    assert result.exit_code == 0, result.stdout + result.stderr
    branch = "propose/ada-s-notes"
    assert changed_files(repo, branch) == {
        "registry/groups/wikimedia-norge.yaml",
        "registry/advocates/ada-lovelace.yaml",
    }
    assert git(repo, "show", f"{branch}:registry/advocates/ada-lovelace.yaml").endswith(
        "# unstaged note\n"
    )
    assert "notes.txt" not in git(repo, "ls-tree", "-r", "--name-only", branch)
    assert git(repo, "log", "-1", "--format=%s", branch).strip() == "Ada's notes"
    assert before.unchanged()


def test_edit_with_nothing_to_propose(tmp_path: Path) -> None:
    root = make_repo(CASES / "positive" / "complete-registry", tmp_path / "clean")
    result = propose(root, "edit")
    assert result.exit_code == 1
    assert "no edits" in result.stderr


# refusals create nothing ------------------------------------------------------


def test_a_proposal_that_adds_errors_is_refused_and_creates_nothing(repo: Path) -> None:
    open_decision(repo)
    before, refs = Checkout(repo), Checkout(repo).refs()
    objects = git(repo, "count-objects", "-v")
    result = propose(repo, "vote", "grant-grace", "--support", "--as", "Bad|Name")
    assert result.exit_code == 1
    assert "refused" in result.stderr and "registry/votes/grant-grace/" in result.stderr
    assert "[schema]" in result.stderr and "Traceback" not in result.stderr
    assert before.unchanged() and Checkout(repo).refs() == refs
    assert git(repo, "count-objects", "-v") == objects


def test_a_second_vote_by_the_same_user_changes_their_one_file(repo: Path) -> None:
    open_decision(repo, votes=("support",))
    result = propose(repo, "vote", "grant-grace", "--oppose", "--as", "Voter 1")
    assert result.exit_code == 0, result.stdout + result.stderr
    branch = "propose/vote-grant-grace-voter-1"
    assert changed_files(repo, branch) == {vote_file("grant-grace", "voter_1")}
    assert show(repo, branch, vote_file("grant-grace", "voter_1"))["position"] == "oppose"
    assert "changes their vote on decision grant-grace from support to oppose" in git(
        repo, "log", "-1", "--format=%B", branch
    )


def test_an_existing_branch_is_never_moved(repo: Path) -> None:
    git(repo, "branch", "taken")
    taken = git(repo, "rev-parse", "taken")
    before = Checkout(repo)
    result = propose(
        repo,
        *FEEDBACK,
        "--branch",
        "taken",
    )
    assert result.exit_code == 1
    assert "already exists" in result.stderr
    assert git(repo, "rev-parse", "taken") == taken
    assert before.unchanged()


def test_a_generated_branch_name_that_is_taken_gets_a_suffix(repo: Path) -> None:
    git(repo, "branch", "propose/feedback-2026-11-10-ada-lovelace")
    result = propose(repo, *FEEDBACK)
    assert result.exit_code == 0, result.stderr
    # The record id is free, the branch name was not.
    assert "propose/feedback-2026-11-10-ada-lovelace-2" in branches(repo)


@pytest.mark.parametrize("name", ["-f", "--force", "a..b", "refs/heads/x", "has space", "x.lock"])
def test_unsafe_branch_names_are_refused(repo: Path, name: str) -> None:
    before, refs = Checkout(repo), Checkout(repo).refs()
    result = propose(
        repo,
        *FEEDBACK,
        f"--branch={name}",
    )
    assert result.exit_code == 2
    assert "cannot be used" in result.stderr
    assert before.unchanged() and Checkout(repo).refs() == refs


def test_no_git_identity_is_refused(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "GIT_AUTHOR_NAME",
        "GIT_AUTHOR_EMAIL",
        "GIT_COMMITTER_NAME",
        "GIT_COMMITTER_EMAIL",
        "EMAIL",
    ):
        monkeypatch.delenv(name, raising=False)
    before, refs = Checkout(repo), Checkout(repo).refs()
    result = propose(repo, *FEEDBACK)
    assert result.exit_code == 2
    assert "git does not know who you are" in result.stderr
    assert "git config --global user.name" in result.stderr
    assert before.unchanged() and Checkout(repo).refs() == refs


def test_a_missing_value_is_an_error_when_no_one_can_be_asked(repo: Path) -> None:
    result = propose(repo, "decision", "--process", "role-grant", "--title", "x", "--as", "A")
    assert result.exit_code == 2
    assert "--type is required" in result.stderr


def test_dry_run_prints_the_change_and_creates_nothing(repo: Path) -> None:
    before, refs = Checkout(repo), Checkout(repo).refs()
    objects = git(repo, "count-objects", "-v")
    result = propose(
        repo,
        *FEEDBACK,
        "--dry-run",
    )
    assert result.exit_code == 0, result.stderr
    assert "+summary: When?" in result.stdout and "nothing was created" in result.stdout
    assert before.unchanged() and Checkout(repo).refs() == refs
    assert git(repo, "count-objects", "-v") == objects


def test_json_output(repo: Path) -> None:
    result = propose(
        repo,
        *FEEDBACK,
        "--format",
        "json",
    )
    data = result.json()
    assert data["branch"] == "propose/feedback-2026-11-10-ada-lovelace"
    assert data["commit"] == git(repo, "rev-parse", data["branch"]).strip()
    assert data["files"] == ["registry/feedback/2026-11-10-ada-lovelace.yaml"]
    assert data["records"] == ["feedback/2026-11-10-ada-lovelace"]


# hostile repositories -----------------------------------------------------------


def test_hooks_and_fsmonitor_never_run(repo: Path) -> None:
    marker = repo.parent / "marker"
    hooks = repo / ".git/hooks"
    for hook in (
        "pre-commit",
        "commit-msg",
        "post-commit",
        "reference-transaction",
        "post-checkout",
        "pre-push",
        "post-index-change",
    ):
        (hooks / hook).write_text(f"#!/bin/sh\necho {hook} >> {marker}\n")
        (hooks / hook).chmod(0o755)
    monitor = repo.parent / "fsmonitor.sh"
    monitor.write_text(f"#!/bin/sh\necho fsmonitor >> {marker}\n")
    monitor.chmod(0o755)
    git(repo, "config", "core.fsmonitor", str(monitor))
    remote = repo.parent / "remote.git"
    git(repo.parent, "init", "--quiet", "--bare", str(remote))
    git(repo, "remote", "add", "origin", str(remote))
    result = propose(
        repo,
        *FEEDBACK,
        "--push",
    )
    assert result.exit_code == 0, result.stdout + result.stderr
    assert not marker.exists(), marker.read_text()


def test_detached_head_works_from_the_current_commit(repo: Path) -> None:
    git(repo, "stash", "--include-untracked")
    git(repo, "checkout", "--quiet", "--detach")
    head = git(repo, "rev-parse", "HEAD")
    before = Checkout(repo)
    result = propose(repo, *FEEDBACK)
    assert result.exit_code == 0, result.stderr
    assert git(repo, "rev-parse", "propose/feedback-2026-11-10-ada-lovelace~1") == head
    assert before.unchanged()


def test_base_names_the_starting_commit(repo: Path) -> None:
    open_decision(repo)
    result = propose(
        repo,
        "vote",
        "grant-grace",
        "--neutral",
        "--as",
        "T",
        "--base",
        "propose/decision-grant-grace",
    )
    assert result.exit_code == 0, result.stderr
    assert git(repo, "rev-parse", "propose/vote-grant-grace-t~1") == git(
        repo, "rev-parse", "propose/decision-grant-grace"
    )


# pushing ------------------------------------------------------------------------


def test_push_sends_only_the_new_branch(repo: Path) -> None:
    remote = repo.parent / "remote.git"
    git(repo.parent, "init", "--quiet", "--bare", str(remote))
    git(repo, "remote", "add", "origin", str(remote))
    git(repo, "branch", "private-work")
    result = propose(
        repo,
        *FEEDBACK,
        "--push",
    )
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "Pushed to origin" in result.stdout
    assert set(git(remote, "branch", "--format=%(refname:short)").split()) == {
        "propose/feedback-2026-11-10-ada-lovelace"
    }


def test_merge_request_push_options(repo: Path) -> None:
    remote = repo.parent / "remote.git"
    git(repo.parent, "init", "--quiet", "--bare", str(remote))
    git(remote, "config", "receive.advertisePushOptions", "true")
    git(repo, "remote", "add", "gitlab", str(remote))
    result = propose(
        repo,
        *FEEDBACK,
        "--push",
        "--remote",
        "gitlab",
        "--merge-request",
    )
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "propose/feedback-2026-11-10-ada-lovelace" in git(remote, "branch")


def test_a_failed_push_keeps_the_branch_and_says_how_to_retry(repo: Path) -> None:
    git(repo, "remote", "add", "origin", str(repo.parent / "missing.git"))
    result = propose(
        repo,
        *FEEDBACK,
        "--push",
    )
    assert result.exit_code == 2
    assert "propose/feedback-2026-11-10-ada-lovelace" in branches(repo)
    assert "git push origin propose/feedback-2026-11-10-ada-lovelace" in result.stderr


def test_merge_request_needs_push(repo: Path) -> None:
    result = propose(
        repo,
        *FEEDBACK,
        "--merge-request",
    )
    assert result.exit_code == 2 and "--push" in result.stderr


# round trip ---------------------------------------------------------------------

HAND_WRITTEN = """\
# A decision written by hand: comments, quoting and long lines stay as they are.
id: grant-grace
title:
  en: 'Grant Grace the spokesperson role'   # single quotes, kept
  ar: "منح غريس دور المتحدثة"
  hi: ग्रेस को प्रवक्ता की भूमिका देना
type: role-grant
process: role-grant

status: open    # still open
opened: "2026-11-01T09:00:00+01:00"
subjects: {advocates: [grace-hopper], roles: [spokesperson]}
outcome: "A long outcome that goes on and on, well past any sensible line width, because people write like that on wikis and nobody wraps their lines by hand."
closers:
  # who closes it
  - Voter_1
"""  # noqa: E501


def closed(text: str) -> str:
    """`text` as `advoc propose close grant-grace --as Tamar` leaves it, at NOW without
    votes: status and its closing time set, Tamar added to the closers."""
    text = text.replace("status: open    # still open", "status: no-consensus # still open")
    opened = next(line for line in text.splitlines(keepends=True) if line.startswith("opened:"))
    newline = "\r\n" if opened.endswith("\r\n") else "\n"
    return text.replace(opened, f"{opened}closed: {NOW}{newline}") + f"  - Tamar{newline}"


def test_round_trip_changes_only_the_edited_lines(repo: Path) -> None:
    assert close_on(repo, HAND_WRITTEN.encode()) == closed(HAND_WRITTEN).encode()


def test_an_urgent_decision_past_its_maximum_duration_closes_as_of_its_end(
    repo: Path,
) -> None:
    """Opened 2026-11-01 09:00 under urgent-action (at most 72 hours), closed on
    2026-11-10: recorded as closed 2026-11-04 09:00, decided by the votes cast by then."""
    open_decision(
        repo, votes=("support", "support", "oppose"), decision_type="statement",
        process="urgent-action",
    )  # fmt: skip
    result = propose(repo, "close", "grant-grace", "--as", "Closer")
    assert result.exit_code == 0, result.stdout + result.stderr
    decision = show(repo, "propose/close-grant-grace", "registry/decisions/grant-grace.yaml")
    assert decision["closed"] == "2026-11-04T09:00:00Z"
    # 2 of 3 who took a side is short of the 75% the process requires.
    assert decision["status"] == "rejected"
    body = git(repo, "log", "-1", "--format=%B", "propose/close-grant-grace")
    assert "maximum duration (72h) had passed" in body


def test_a_vote_after_the_maximum_duration_is_refused(repo: Path) -> None:
    open_decision(repo, decision_type="statement", process="urgent-action")
    before, refs = Checkout(repo), Checkout(repo).refs()
    result = propose(repo, "vote", "grant-grace", "--support", "--as", "Late")
    assert result.exit_code == 1
    assert "votes on decision grant-grace ended at 2026-11-04 09:00 UTC" in result.stderr
    assert "advoc propose close grant-grace" in result.stderr
    assert before.unchanged() and Checkout(repo).refs() == refs


def test_a_vote_inside_the_window_of_an_urgent_decision_is_taken(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_decision(repo, decision_type="statement", process="urgent-action")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1793696400")  # 2026-11-03T09:00:00Z
    result = propose(repo, "vote", "grant-grace", "--support", "--as", "In time")
    assert result.exit_code == 0, result.stdout + result.stderr


# helpers ------------------------------------------------------------------------


def open_decision(
    repo: Path,
    votes: tuple[str, ...] = (),
    decision_type: str = "role-grant",
    advocate: str = "grace-hopper",
    opened: str = "2026-11-01T09:00:00Z",
    process: str = "role-grant",
) -> None:
    """Commit an open decision on branch propose/decision-grant-grace and make it HEAD's
    content too (as if the proposal had been merged), leaving the user's work alone."""
    text = (
        "id: grant-grace\ntitle: Grant Grace the spokesperson role\n"
        f"type: {decision_type}\nprocess: {process}\nstatus: open\n"
        f"opened: {opened}\nsubjects:\n  advocates: [{advocate}]\n"
        "  roles: [spokesperson]\n"
    )
    files = {"registry/decisions/grant-grace.yaml": text}
    for n, position in enumerate(votes, start=1):
        files[vote_file("grant-grace", f"voter_{n}")] = (
            f"decision: grant-grace\nuser: voter_{n}\nposition: {position}\n"
            f"date: 2026-11-0{n}T10:00:00Z\n"
        )
    env = {**os.environ, "GIT_INDEX_FILE": str(repo.parent / "aside-index")}
    run_git = lambda *args, data=None: subprocess.run(  # noqa: E731
        ["git", *args], cwd=repo, env=env, input=data, capture_output=True, text=True, check=True
    ).stdout.strip()
    run_git("read-tree", "HEAD")
    for path, content in files.items():
        blob = run_git("hash-object", "-w", "--stdin", data=content)
        run_git("update-index", "--add", "--cacheinfo", f"100644,{blob},{path}")
    tree = run_git("write-tree")
    commit = run_git("commit-tree", tree, "-p", "HEAD", "-m", "open grant-grace")
    run_git("update-ref", "refs/heads/propose/decision-grant-grace", commit)
    # Move the user's branch forward without touching their index or files.
    branch = git(repo, "symbolic-ref", "--short", "HEAD").strip()
    run_git("update-ref", f"refs/heads/{branch}", commit)
    (repo.parent / "aside-index").unlink()


# the README's walk-through, with the installed command ---------------------------


def test_the_readme_walk_through_with_the_installed_command(tmp_path: Path) -> None:
    """Open a decision, vote on it, close it: each step a branch; the role lands in
    the advocate's file and the registry on the last branch validates."""
    advoc = ADVOC
    assert advoc, "advoc is not installed"
    root = project_repo(tmp_path / "network")

    def step(epoch: str, *args: str) -> str:
        done = subprocess.run(
            [advoc, "propose", *args, "--format", "json"],
            cwd=root,
            capture_output=True,
            text=True,
            env={**os.environ, "SOURCE_DATE_EPOCH": epoch},
        )
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        return str(json.loads(done.stdout)["branch"])

    branch = step(
        EPOCH,
        "decision",
        "--type",
        "role-grant",
        "--process",
        "role-grant",
        "--title",
        "Grant Eleni Mavrommati the advocate role",
        "--advocate",
        "eleni-mavrommati",
        "--role",
        "advocate",
        "--as",
        "Ελένη Μαυρομμάτη",
    )
    decision = "2026-grant-eleni-mavrommati-the-advocate-role"
    for number in range(10):
        branch = step(
            EPOCH,
            "vote",
            decision,
            "--support" if number < 8 else "--oppose",
            "--as",
            f"Example Voter {number}",
            "--base",
            branch,
        )
    closed = step(LATER, "close", decision, "--as", "Example Closer", "--base", branch)
    eleni = show(root, closed, "registry/advocates/eleni-mavrommati.yaml")
    assert eleni["roles"][-1] == {
        "role": "advocate",
        "start": "2026-11-24",
        "end": "2028-11-23",
        "granted_by": decision,
    }
    assert git(root, "status", "--porcelain") == ""
    assert git(root, "rev-parse", "--abbrev-ref", "HEAD").strip() == "main"
    checked = subprocess.run(
        [advoc, "validate", "--rev", closed, "--as-of", "2026-11-25", "--format", "json"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert json.loads(checked.stdout)["summary"]["errors"] == 0, checked.stdout


def test_hostile_text_never_becomes_an_option_or_an_unsafe_ref(repo: Path) -> None:
    result = propose(
        repo,
        "decision",
        "--type",
        "statement",
        "--process",
        "community-vote",
        "--title",
        "--force ../../HEAD.lock @{-1} ~^: *?[\\",
        "--as",
        "A",
    )
    assert result.exit_code == 0, result.stdout + result.stderr
    made = branches(repo) - {"main"}
    assert made == {"propose/decision-2026-force-head-lock-1"}


def test_a_repository_without_commits(tmp_path: Path) -> None:
    root = tmp_path / "empty"
    shutil.copytree(CASES / "positive" / "complete-registry", root)
    git(root, "init", "--quiet")
    result = propose(root, *FEEDBACK)
    assert result.exit_code == 2
    assert "no commits yet" in result.stderr


def test_outside_git(tmp_path: Path) -> None:
    root = tmp_path / "plain"
    shutil.copytree(CASES / "positive" / "complete-registry", root)
    result = propose(root, *FEEDBACK)
    assert result.exit_code == 2
    assert "not in a git repository" in result.stderr


def test_a_missing_value_is_asked_for_on_a_terminal(tmp_path: Path, repo: Path) -> None:
    """On a terminal, advoc asks for --summary instead of failing."""
    import pty

    advoc = ADVOC
    assert advoc
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [advoc, "propose", "feedback", "advocate/ada-lovelace", "--kind", "question", "--as", "Q"],
        cwd=repo,
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
    )
    os.close(terminal)
    seen = b""
    while b"Summary" not in seen:
        try:
            chunk = os.read(controller, 1024)
        except OSError:  # advoc exited without asking
            chunk = b""
        assert chunk, f"advoc did not ask for the summary: {seen.decode()}"
        seen += chunk
    os.write(controller, b"Who pays the travel?\n")

    output = b""
    try:
        while chunk := os.read(controller, 1024):
            output += chunk
    except OSError:  # the terminal closes when advoc exits
        pass
    assert process.wait(timeout=60) == 0, output.decode()
    data = show(
        repo,
        "propose/feedback-2026-11-10-ada-lovelace",
        "registry/feedback/2026-11-10-ada-lovelace.yaml",
    )
    assert data["summary"] == "Who pays the travel?"


# found in review --------------------------------------------------------------


def test_edit_never_rewrites_the_users_index(repo: Path) -> None:
    for path in (repo / "rules").rglob("*.yaml"):
        os.utime(path)  # stat data changes, content does not: git would refresh the index
    index = (repo / ".git/index").read_bytes()
    result = propose(repo, "edit", "-m", "notes")
    assert result.exit_code == 0, result.stderr
    assert (repo / ".git/index").read_bytes() == index


@pytest.mark.parametrize("setup", ["tag", "remote", "parent", "child", "head"])
def test_branch_names_that_would_be_ambiguous_or_conflict(repo: Path, setup: str) -> None:
    name = {
        "tag": "v1",
        "remote": "origin/main",
        "parent": "team/x",
        "child": "team",
        "head": "HEAD",
    }[setup]
    if setup == "tag":
        git(repo, "tag", "v1")
    elif setup == "remote":
        git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    elif setup == "parent":
        git(repo, "branch", "team")
    elif setup == "child":
        git(repo, "branch", "team/y")
    refs = Checkout(repo).refs()
    result = propose(repo, *FEEDBACK, f"--branch={name}")
    assert result.exit_code == 2, result.stdout
    assert "cannot be used" in result.stderr
    assert Checkout(repo).refs() == refs


def test_a_branch_named_like_the_default_folder_is_explained(repo: Path) -> None:
    git(repo, "branch", "propose")
    result = propose(repo, *FEEDBACK)
    assert result.exit_code == 1
    assert "a branch named 'propose' exists" in result.stderr and "--branch" in result.stderr


def test_a_close_adds_to_an_empty_closers_list(repo: Path) -> None:
    text = HAND_WRITTEN.split("closers:")[0] + "closers:\n"
    new = parse_bytes(close_on(repo, text.encode()))
    assert new["closers"] == ["Tamar"] and new["status"] == "no-consensus"


def test_a_crlf_file_keeps_its_line_endings(repo: Path) -> None:
    text = HAND_WRITTEN.replace("\n", "\r\n")
    assert close_on(repo, text.encode()) == closed(text).encode()


def test_an_edit_the_round_trip_cannot_keep_is_refused_not_a_bug() -> None:
    """ruamel would rewrite a fractional timestamp in the very list the edit adds to:
    the edit is refused, and the hint says how to make it by hand."""
    from advoc.propose.edits import Append, EditError, edit

    text = "id: x\nroles:\n  - role: r\n    start: 2026-11-02T09:00:00.5+01:00\n"
    with pytest.raises(EditError) as refused:
        edit(text, "advocate", [Append(("roles",), {"role": "s"})])
    assert "not made" in str(refused.value) and "propose edit" in (refused.value.hint or "")


def test_edit_leaves_out_untracked_files_that_are_not_records(repo: Path) -> None:
    (repo / "registry/advocates/.ada-lovelace.yaml.swp").write_bytes(b"\x00swap")
    (repo / "registry/advocates/notes.txt~").write_text("draft\n")
    result = propose(repo, "edit", "-m", "notes")
    assert result.exit_code == 0, result.stderr
    assert "left out" in result.stderr and "notes.txt~" in result.stderr
    tree = git(repo, "ls-tree", "-r", "--name-only", "propose/notes")
    assert ".swp" not in tree and "notes.txt~" not in tree


def test_edit_of_the_rules_needs_a_decision(repo: Path) -> None:
    role = repo / "rules/roles/spokesperson.yaml"
    role.write_text(role.read_text().replace("Speaks to journalists", "Speaks to the press"))
    refs = Checkout(repo).refs()
    result = propose(repo, "edit", "-m", "reword")
    assert result.exit_code == 1
    assert "--decision" in result.stderr
    assert Checkout(repo).refs() == refs
    result = propose(repo, "edit", "-m", "reword", "--decision", "adopt-rules")
    assert result.exit_code == 0, result.stderr
    assert "Advoc-Decision: adopt-rules" in trailers(repo, "propose/reword")


def test_edit_of_a_rule_the_decision_does_not_name_is_refused_before_anything(
    repo: Path,
) -> None:
    decision = repo / "registry/decisions/adopt-rules.yaml"
    decision.write_text(decision.read_text().replace("    - role/spokesperson\n", ""))
    git(repo, "commit", "--quiet", "--no-verify", "-am", "adopt-rules without the role")
    role = repo / "rules/roles/spokesperson.yaml"
    role.write_text(role.read_text().replace("Speaks to journalists", "Speaks to the press"))
    before = Checkout(repo)
    result = propose(repo, "edit", "-m", "reword", "--decision", "adopt-rules")
    assert result.exit_code == 1
    assert "does not authorise these edits: role/spokesperson" in result.said
    assert "rules/roles/spokesperson.yaml" in result.said
    assert "Nothing was created" in result.said and "--rule KIND/ID" in result.said
    assert before.unchanged() and Checkout(repo).refs() == before.refs()


def test_edit_of_the_rules_citing_a_decision_not_adopted_is_refused(repo: Path) -> None:
    role = repo / "rules/roles/spokesperson.yaml"
    role.write_text(role.read_text().replace("Speaks to journalists", "Speaks to the press"))
    refs = Checkout(repo).refs()
    result = propose(repo, "edit", "-m", "reword", "--decision", "grant-ada")
    assert result.exit_code == 1, result.stderr
    assert "only by an adopted rule-change decision" in result.said
    assert Checkout(repo).refs() == refs


def test_a_rule_change_decision_names_its_rules(repo: Path) -> None:
    base = (
        "decision", "--type", "rule-change", "--process", "rule-change",
        "--title", "Shorter role-grant votes", "--as", "Ada",
    )  # fmt: skip
    refs = Checkout(repo).refs()
    missing = propose(repo, *base)
    assert missing.exit_code == 2
    assert "--rule KIND/ID" in missing.said and "process/role-grant" in missing.said
    wrong = propose(repo, *base, "--rule", "advocate/ada-lovelace")
    assert wrong.exit_code == 2 and "not a rule written as KIND/ID" in wrong.said
    elsewhere = propose(
        repo, "decision", "--type", "statement", "--process", "community-vote",
        "--title", "A statement", "--rule", "process/role-grant", "--as", "Ada",
    )  # fmt: skip
    assert elsewhere.exit_code == 2 and "--rule is for rule-change" in elsewhere.said
    assert Checkout(repo).refs() == refs
    made = propose(repo, *base, "--rule", "process/role-grant", "--rule", "principle/new-principle")
    assert made.exit_code == 0, made.stderr
    data = show(
        repo,
        "propose/decision-2026-shorter-role-grant-votes",
        "registry/decisions/2026-shorter-role-grant-votes.yaml",
    )
    assert data["subjects"] == {"rules": ["process/role-grant", "principle/new-principle"]}


def test_edit_stores_line_endings_as_git_add_would(tmp_path: Path) -> None:
    root = make_repo(CASES / "positive" / "complete-registry", tmp_path / "crlf")
    git(root, "config", "core.autocrlf", "true")
    path = root / "registry/advocates/ada-lovelace.yaml"
    path.write_bytes(
        path.read_bytes()
        .replace(b"\n", b"\r\n")
        .replace(b"Speaks Norwegian", b"Speaks Norwegian well")
    )
    result = run("propose", "edit", "-m", "crlf", "--registry", str(root))
    assert result.exit_code == 0, result.stderr
    changed = git(root, "diff", "--numstat", "propose/crlf~1", "propose/crlf")
    assert changed.split()[:2] == ["1", "1"], changed


def test_an_argument_that_is_not_utf8(repo: Path) -> None:
    result = propose(repo, *FEEDBACK[:-2], "--as", "bad \udcff")
    assert result.exit_code == 2
    assert "not valid UTF-8" in result.stderr and "--as" in result.stderr


def close_on(repo: Path, content: bytes) -> bytes:
    """Commit `content` as grant-grace, close it, and return the file the proposal wrote."""
    path = repo / "registry/decisions/grant-grace.yaml"
    path.write_bytes(content)
    git(repo, "add", str(path))
    git(repo, "commit", "--quiet", "--no-verify", "-m", "hand-written decision")
    result = propose(repo, "close", "grant-grace", "--as", "Tamar")
    assert result.exit_code == 0, result.stdout + result.stderr
    return subprocess.run(
        ["git", "show", "propose/close-grant-grace:registry/decisions/grant-grace.yaml"],
        cwd=repo,
        capture_output=True,
        check=True,
    ).stdout


def test_fields_the_edit_does_not_touch_are_kept_byte_for_byte(repo: Path) -> None:
    """A timestamp ruamel would rewrite, and a list flush with its key while the
    closers' list is indented: both outside what the close changes, both kept."""
    text = HAND_WRITTEN.replace(
        '"2026-11-01T09:00:00+01:00"', "2026-11-01T09:00:00.5+01:00"
    ).replace(
        "subjects: {advocates: [grace-hopper], roles: [spokesperson]}\n",
        "subjects:\n  advocates:\n  - grace-hopper\n  roles:\n  - spokesperson\n",
    )
    assert close_on(repo, text.encode()) == closed(text).encode()


def test_a_byte_order_mark_is_kept(repo: Path) -> None:
    text = "\ufeff" + HAND_WRITTEN
    assert close_on(repo, text.encode()) == closed(text).encode()


def test_filter_drivers_never_run_and_line_endings_still_convert(repo: Path) -> None:
    """A clean or process filter is a command the repository's configuration names:
    `propose edit` hashes the user's files without running it. core.autocrlf,
    git's own conversion, still applies: a file written with CRLF whose content
    is unchanged is not proposed."""
    marker = repo.parent / "marker"
    # `-c filter.e=q.clean=` would set filter.e instead: names holding `=` too
    (repo / ".gitattributes").write_text(
        "*.yaml filter=evil\nregistry/advocates/*.yaml filter=e=q\n"
    )
    git(repo, "add", ".gitattributes")
    git(repo, "commit", "--quiet", "--no-verify", "-m", "attributes")
    git(repo, "config", "filter.e=q.clean", f"echo clean-e=q >> {marker}; cat")
    git(repo, "config", "filter.evil.clean", f"echo clean >> {marker}; cat")
    git(repo, "config", "filter.evil.process", f"sh -c 'echo process >> {marker}'")
    git(repo, "config", "filter.evil.required", "true")
    git(repo, "config", "core.autocrlf", "true")
    campaign = repo / "registry/campaigns/open-access-2026.yaml"
    campaign.write_bytes(campaign.read_bytes().replace(b"\n", b"\r\n"))  # the same, in CRLF
    feedback = repo / "registry/feedback/2026-11-10-ada-lovelace.yaml"
    assert not feedback.exists()
    result = propose(repo, *FEEDBACK, "--dry-run")
    assert result.exit_code == 0, result.stdout + result.stderr
    grace = repo / "registry/advocates/grace-hopper.yaml"
    grace.write_text(grace.read_text().replace("languages:", "# edited\nlanguages:"))
    result = propose(repo, "edit", "-m", "a comment", "--format", "json")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "registry/campaigns/open-access-2026.yaml" not in result.json()["files"]
    assert "registry/advocates/grace-hopper.yaml" in result.json()["files"]
    assert not marker.exists(), marker.read_text()


def test_a_leading_document_marker_is_kept(repo: Path) -> None:
    text = "---\n" + HAND_WRITTEN.split("\n", 1)[1]  # no comment between `---` and the fields
    assert close_on(repo, text.encode()) == closed(text).encode()


def test_a_list_written_flush_with_its_key_stays_so_when_a_close_adds_to_it() -> None:
    """The indentation comes from the changed field that holds a list, not from the
    first changed field (`status` has none)."""
    from advoc.propose.edits import Append, Set, edit

    text = "id: x\nstatus: open\nclosers:\n- Ada\n"
    operations = [Set(("status",), "adopted"), Append(("closers",), "Grace")]
    expected = "id: x\nstatus: adopted\nclosers:\n- Ada\n- Grace\n"
    assert edit(text, "decision", operations) == expected


def test_a_file_whose_fields_cannot_be_told_apart_is_still_edited() -> None:
    """A top-level flow mapping has no field lines to keep: ruamel's whole file,
    proved as always, is written instead of a refusal."""
    from advoc.propose.edits import Append, edit

    text = "{id: x, closers: []}\n"
    assert edit(text, "decision", [Append(("closers",), "Ada")]) == "{id: x, closers: [Ada]}\n"


# proposals that say what they decide -------------------------------------------------


def test_a_role_grant_with_a_scope_gives_the_role_that_scope(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = propose(
        repo, "decision", "--type", "role-grant", "--process", "role-grant",
        "--title", "Grace speaks for Germany on copyright", "--advocate", "grace-hopper",
        "--role", "spokesperson", "--scope", "country=DE", "--scope", "topic=copyright",
        "--as", "Ada Lovelace", "--id", "grant-grace-de",
    )  # fmt: skip
    assert result.exit_code == 0, result.stdout + result.stderr
    branch = "propose/decision-grant-grace-de"
    path = "registry/decisions/grant-grace-de.yaml"
    assert show(repo, branch, path)["scope"] == {"countries": ["DE"], "topics": ["copyright"]}


def test_a_blackout_says_its_wikis_and_its_window(repo: Path) -> None:
    result = propose(
        repo, "decision", "--type", "blackout", "--process", "urgent-action",
        "--title", "Black out German Wikipedia", "--wiki", "dewiki", "--wiki", "dewikivoyage",
        "--start", "2026-11-12T00:00:00Z", "--end", "2026-11-13T00:00:00Z",
        "--as", "Ada Lovelace", "--id", "blackout-de",
    )  # fmt: skip
    assert result.exit_code == 0, result.stdout + result.stderr
    data = show(repo, "propose/decision-blackout-de", "registry/decisions/blackout-de.yaml")
    assert data["projects"] == ["dewiki", "dewikivoyage"]
    assert data["action"] == {"start": "2026-11-12T00:00:00Z", "end": "2026-11-13T00:00:00Z"}


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--type", "role-grant", "--process", "role-grant", "--role", "spokesperson"),
         "the advocates it acts on (--advocate)"),
        (("--type", "blackout", "--process", "urgent-action", "--start", "2026-11-12"),
         "the wikis it acts on (--wiki)"),
        (("--type", "ratification", "--process", "community-vote"),
         "the urgent decision it ratifies (--ratifies)"),
        (("--type", "ratification", "--process", "community-vote", "--ratifies", "grant-ada"),
         "not taken under an urgent process"),
        (("--type", "role-grant", "--process", "role-grant", "--advocate", "grace-hopper",
          "--role", "spokesperson", "--scope", "planet=Mars"), "KEY is one of"),
    ],
)  # fmt: skip
def test_a_decision_that_does_not_say_what_it_decides_is_refused(
    repo: Path, args: tuple[str, ...], said: str
) -> None:
    before, refs = Checkout(repo), Checkout(repo).refs()
    result = propose(repo, "decision", *args, "--title", "Something", "--as", "Ada Lovelace")
    assert result.exit_code in (1, 2), result.stdout
    assert said in result.stderr and "Traceback" not in result.stderr
    assert before.unchanged() and Checkout(repo).refs() == refs


def test_a_ratification_names_the_urgent_decision(repo: Path) -> None:
    result = propose(
        repo, "decision", "--type", "ratification", "--process", "community-vote",
        "--title", "Ratify the banner", "--ratifies", "banner-2026", "--as", "Ada Lovelace",
        "--id", "ratify-again",
    )  # fmt: skip
    assert result.exit_code == 0, result.stdout + result.stderr
    path = "registry/decisions/ratify-again.yaml"
    assert show(repo, "propose/decision-ratify-again", path)["ratifies"] == "banner-2026"


def test_close_writes_the_decisions_scope_into_the_role(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_decision(repo, votes=("support", "support", "support"))
    # the open decision limits the role to Norway
    path = "registry/decisions/grant-grace.yaml"
    text = git(repo, "show", f"HEAD:{path}") + "scope:\n  countries: ['NO']\n"
    environment = {**os.environ, "GIT_INDEX_FILE": str(repo.parent / "scope-index")}
    run_git = lambda *args, data=None: subprocess.run(  # noqa: E731
        ["git", *args], cwd=repo, env=environment, input=data, capture_output=True, text=True,
        check=True,
    ).stdout.strip()  # fmt: skip
    run_git("read-tree", "HEAD")
    blob = run_git("hash-object", "-w", "--stdin", data=text)
    run_git("update-index", "--add", "--cacheinfo", f"100644,{blob},{path}")
    commit = run_git("commit-tree", run_git("write-tree"), "-p", "HEAD", "-m", "scope")
    branch = git(repo, "symbolic-ref", "--short", "HEAD").strip()
    run_git("update-ref", f"refs/heads/{branch}", commit)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", LATER)
    result = propose(repo, "close", "grant-grace", "--as", "Closer")
    assert result.exit_code == 0, result.stdout + result.stderr
    grace = show(repo, "propose/close-grant-grace", "registry/advocates/grace-hopper.yaml")
    assert grace["roles"][-1]["scope"] == {"countries": ["NO"]}
