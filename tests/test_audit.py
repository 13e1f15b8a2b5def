"""`advoc audit`: real histories, each commit made the way a maintainer would."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import GIT_ENV, git, run, vote_files, write_registry

RULE = "rules/principles/transparency.yaml"
PRINCIPLE = """\
id: transparency
title: Transparency
text: Decisions are taken in public.
"""


def decision(
    decision_id: str,
    status: str = "adopted",
    kind: str = "rule-change",
    rules: tuple[str, ...] = ("principle/transparency",),
) -> str:
    closed = "closed: 2026-01-20T00:00:00Z\n" if status != "open" else ""
    listed = "".join(f"    - {rule}\n" for rule in rules)
    subjects = f"subjects:\n  rules:\n{listed}" if kind == "rule-change" else ""
    return (
        f"id: {decision_id}\ntitle: A decision\ntype: {kind}\nprocess: rule-change\n"
        f"status: {status}\nopened: 2026-01-01T00:00:00Z\n{closed}{subjects}"
    )


def commit(root: Path, subject: str, *trailers: str) -> str:
    git(root, "add", "--all")
    message = subject + ("\n\n" + "\n".join(trailers) if trailers else "")
    git(root, "commit", "--quiet", "--no-verify", "--allow-empty", "-m", message)
    return git(root, "rev-parse", "HEAD").strip()


def start(root: Path) -> Path:
    """A registry whose first rules were adopted by decision 2026-first-rules."""
    write_registry(
        root,
        {RULE: PRINCIPLE, "registry/decisions/2026-first-rules.yaml": decision("2026-first-rules")},
    )
    git(root, "init", "--quiet", "--initial-branch=main")
    commit(root, "Start the registry", "Advoc-Decision: 2026-first-rules")
    return root


def decide(root: Path, decision_id: str, **fields: object) -> None:
    """Open a decision in one commit and record its outcome in the next, as the
    registry's own process does (a decision never arrives closed)."""
    path = root / f"registry/decisions/{decision_id}.yaml"
    path.write_text(decision(decision_id, "open", **fields))  # type: ignore[arg-type]
    commit(root, f"Open {decision_id}")
    path.write_text(decision(decision_id, **fields))  # type: ignore[arg-type]
    commit(root, f"Close {decision_id}")


def change_rule(root: Path, text: str) -> None:
    (root / RULE).write_text(PRINCIPLE.replace("in public.", text), encoding="utf-8")


def audit(root: Path, *args: str) -> tuple[int, list[tuple[str, str]], dict]:
    result = run("audit", "--format", "json", *args, cwd=root)
    assert result.exit_code in (0, 1), result.stderr
    report = result.json()
    return result.exit_code, [(f["code"], f["file"]) for f in report["findings"]], report


def test_a_rules_change_citing_an_adopted_rule_change_passes(tmp_path: Path) -> None:
    root = start(tmp_path)
    decide(root, "2026-openness")
    change_rule(root, "in public, with reasons.")
    commit(root, "Explain decisions", "Advoc-Decision: 2026-openness")
    code, findings, report = audit(root)
    assert (code, findings) == (0, [])
    assert report["commits"] == 4 and report["rule_commits"] == 2
    assert report["summary"]["files"] == 1  # one rules file changed in the range
    assert (
        "No problems found in 4 commits of HEAD (2 commits changing rules/)"
        in run("audit", cwd=root).stdout
    )


def test_a_rules_change_without_a_trailer_fails(tmp_path: Path) -> None:
    root = start(tmp_path)
    change_rule(root, "openly.")
    sha = commit(root, "Quietly change a rule")
    code, findings, report = audit(root)
    assert (code, findings) == (1, [("audit-no-decision", RULE)])
    message = report["findings"][0]["message"]
    assert sha[:12] in message and "Quietly change a rule" in message
    assert "Advoc-Decision: <decision id>" in message


@pytest.mark.parametrize(
    ("cited", "expected"),
    [
        ("2026-nowhere", "audit-decision-missing"),
        ("2026-still-open", "audit-decision-not-adopted"),
        ("2026-grant-someone", "audit-decision-type"),
    ],
)
def test_a_trailer_naming_an_unfit_decision_fails(
    tmp_path: Path, cited: str, expected: str
) -> None:
    root = start(tmp_path)
    decisions = root / "registry/decisions"
    (decisions / "2026-still-open.yaml").write_text(decision("2026-still-open", "open"))
    commit(root, "Add decisions")
    decide(root, "2026-grant-someone", kind="role-grant")
    change_rule(root, "openly.")
    commit(root, "Change a rule", f"Advoc-Decision: {cited}")
    code, findings, report = audit(root)
    assert (code, findings) == (1, [(expected, RULE)])
    assert report["findings"][0]["record"] == f"decision/{cited}"


def test_a_decision_adopted_only_later_does_not_count(tmp_path: Path) -> None:
    root = start(tmp_path)
    pending = root / "registry/decisions/2026-openness.yaml"
    pending.write_text(decision("2026-openness", "open"))
    commit(root, "Open the vote")
    change_rule(root, "openly.")
    early = commit(root, "Change a rule before the vote ends", "Advoc-Decision: 2026-openness")
    pending.write_text(decision("2026-openness"))
    commit(root, "Close the vote: adopted")
    code, findings, report = audit(root)
    assert (code, findings) == (1, [("audit-decision-not-adopted", RULE)])
    assert early[:12] in report["findings"][0]["message"]
    # the same change made after the adoption passes
    change_rule(root, "openly, always.")
    commit(root, "Change the rule again", "Advoc-Decision: 2026-openness")
    assert audit(root, "HEAD~1..HEAD")[:2] == (0, [])


def test_one_good_decision_among_several_is_enough(tmp_path: Path) -> None:
    root = start(tmp_path)
    change_rule(root, "openly.")
    commit(root, "Change", "Advoc-Decision: 2026-nowhere", "Advoc-Decision: 2026-first-rules")
    assert audit(root)[:2] == (0, [])


def test_a_range_checks_only_its_commits(tmp_path: Path) -> None:
    root = start(tmp_path)
    change_rule(root, "openly.")
    commit(root, "Unauthorised")
    commit(
        root,
        "Unrelated",
    )
    assert audit(root, "HEAD~1..HEAD")[:2] == (0, [])
    assert audit(root, "HEAD~2..HEAD")[1] == [("audit-no-decision", RULE)]


def test_only_files_under_the_registrys_rules_folder_count(tmp_path: Path) -> None:
    network = start(tmp_path / "network")
    shutil.move(str(network / ".git"), str(tmp_path / ".git"))
    git(tmp_path, "add", "--all")
    commit(tmp_path, "Move the registry into a folder", "Advoc-Decision: 2026-first-rules")
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "notes.txt").write_text("not the registry's rules\n")
    commit(tmp_path, "Notes outside the registry")
    code, findings, _ = audit(network)
    assert (code, findings) == (0, [])
    change_rule(network, "openly.")
    commit(tmp_path, "Change a rule")
    assert audit(network)[1] == [("audit-no-decision", RULE)]


def test_a_merge_is_judged_on_what_its_own_resolution_changed(tmp_path: Path) -> None:
    root = start(tmp_path)
    git(root, "checkout", "--quiet", "-b", "side")
    change_rule(root, "on the side.")
    commit(root, "Side change", "Advoc-Decision: 2026-first-rules")
    git(root, "checkout", "--quiet", "main")
    commit(root, "Main moves on")
    git(root, "merge", "--quiet", "--no-ff", "side", "-m", "Merge side")
    assert audit(root)[:2] == (0, [])  # the merge brings an authorised change
    git(root, "checkout", "--quiet", "-b", "other", "HEAD~1")
    (root / "registry/decisions/note.txt").write_text("x\n")
    commit(root, "Other")
    git(root, "checkout", "--quiet", "main")
    git(root, "merge", "--quiet", "--no-ff", "--no-commit", "other")
    change_rule(root, "in the merge.")
    commit(root, "Merge other, and slip a rule change in")
    assert audit(root)[1] == [("audit-no-decision", RULE)]


def test_require_signed_fails_unsigned_commits_and_says_what_to_do(tmp_path: Path) -> None:
    root = start(tmp_path)
    commit(root, "Second")
    code, findings, report = audit(root, "--require-signed")
    assert code == 1
    assert [code for code, _ in findings] == ["audit-unsigned", "audit-unsigned"]
    message = report["findings"][0]["message"]
    assert "has no signature" in message and "gpg.ssh.allowedSignersFile" in message
    assert report["require_signed"] is True


@pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="ssh-keygen is not installed")
def test_require_signed_passes_commits_signed_with_a_trusted_key(tmp_path: Path) -> None:
    key = tmp_path / "key"
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "test", "-f", str(key)], check=True
    )
    signers = tmp_path / "allowed_signers"
    signers.write_text(f"committer@example.org {(tmp_path / 'key.pub').read_text()}")
    root = tmp_path / "repo"
    write_registry(root, {RULE: PRINCIPLE})
    git(root, "init", "--quiet", "--initial-branch=main")
    for name, value in (
        ("gpg.format", "ssh"),
        ("user.signingKey", str(key)),
        ("gpg.ssh.allowedSignersFile", str(signers)),
    ):
        git(root, "config", name, value)
    (root / "registry/decisions").mkdir(parents=True)
    (root / "registry/decisions/2026-first-rules.yaml").write_text(decision("2026-first-rules"))
    git(root, "add", "--all")
    git(
        root,
        "commit",
        "--quiet",
        "--no-verify",
        "-S",
        "-m",
        "Signed start\n\nAdvoc-Decision: 2026-first-rules",
    )
    assert audit(root, "--require-signed")[:2] == (0, [])
    commit(root, "Unsigned")
    assert [code for code, _ in audit(root, "--require-signed")[1]] == ["audit-unsigned"]


def test_ci_formats_parse(tmp_path: Path) -> None:
    root = start(tmp_path)
    change_rule(root, "openly.")
    commit(root, "Unauthorised")
    github = run("audit", "--format", "github", cwd=root)
    assert github.exit_code == 1
    assert github.stdout.startswith(f"::error file={RULE},line=1,title=audit-no-decision::")
    gitlab = run("audit", "--format", "gitlab", cwd=root)
    assert json.loads(gitlab.stdout)[0]["check_name"] == "audit-no-decision"
    junit = ET.fromstring(run("audit", "--format", "junit", cwd=root).stdout)
    assert junit.get("name") == "advoc audit"
    assert junit.find("testsuite/testcase/failure").get("type") == "audit-no-decision"


def test_bad_range_and_missing_repository_are_usage_errors(tmp_path: Path) -> None:
    root = start(tmp_path / "repo")
    result = run("audit", "nowhere..HEAD", cwd=root)
    assert result.exit_code == 2 and "'nowhere'" in result.stderr
    bare = write_registry(tmp_path / "bare", {RULE: PRINCIPLE})
    result = run("audit", cwd=bare)
    assert result.exit_code == 2 and "not in a git repository" in result.stderr


def test_a_new_registry_passes_its_own_audit(tmp_path: Path) -> None:
    assert run("init", str(tmp_path / "network")).exit_code == 0
    code, findings, _ = audit(tmp_path / "network")
    assert (code, findings) == (0, [])


def test_github_annotations_by_default_on_github_actions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = start(tmp_path)
    change_rule(root, "openly.")
    commit(root, "Unauthorised")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = run("audit", cwd=root)
    assert result.exit_code == 1
    assert result.stdout.startswith("::error file=rules/principles/transparency.yaml,")


def test_a_shallow_clone_is_audited_with_a_warning(tmp_path: Path) -> None:
    origin = start(tmp_path / "origin")
    change_rule(origin, "openly.")
    commit(origin, "Unauthorised")
    commit(origin, "Later")
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "--quiet", "--depth", "1", f"file://{origin}", str(clone)],
        check=True,
        capture_output=True,
    )
    result = run("audit", "--format", "json", cwd=clone)
    assert result.exit_code == 0  # the unauthorised commit is not in this clone
    assert result.json()["shallow"] is True and result.json()["commits"] == 1
    assert result.json()["unchecked"] == [git(clone, "rev-parse", "HEAD").strip()]
    assert "only the commits this clone holds" in result.stderr
    assert "fetch-depth: 0" in result.stderr


def test_a_trailer_may_name_the_decision_as_kind_and_id(tmp_path: Path) -> None:
    root = start(tmp_path)
    change_rule(root, "openly.")
    commit(root, "Change", "Advoc-Decision: decision/2026-first-rules")
    assert audit(root)[:2] == (0, [])


# a decision authorises only the rules it names, and only once adopted -----------

PROCESS = "rules/processes/role-grant.yaml"
ROLE_GRANT = """\
id: role-grant
name: Role grant
applies_to: [role-grant]
min_duration: 7d
quorum: 5
threshold: 0.66
"""


def test_a_decision_about_one_principle_cannot_shorten_a_vote(tmp_path: Path) -> None:
    """The failure the issue found: a decision about one principle was accepted
    as authority for shortening the role-grant voting period from 7 days to 3."""
    root = start(tmp_path)
    (root / PROCESS).parent.mkdir()
    (root / PROCESS).write_text(ROLE_GRANT)
    (root / "registry/decisions/2026-processes.yaml").write_text(
        decision("2026-processes", rules=("process/role-grant",))
    )
    commit(root, "Adopt the role-grant process")  # nothing decides it yet: not founding
    (root / "registry/decisions/2026-openness.yaml").write_text(decision("2026-openness"))
    commit(root, "Adopt openness")
    (root / PROCESS).write_text(ROLE_GRANT.replace("7d", "3d"))
    sha = commit(root, "Shorten role-grant votes", "Advoc-Decision: 2026-openness")
    code, findings, report = audit(root, "HEAD~1..HEAD")
    assert (code, findings) == (1, [("audit-decision-scope", PROCESS)])
    message = report["findings"][0]["message"]
    assert sha[:12] in message and "process/role-grant" in message
    assert "principle/transparency" in message  # what the decision does list
    assert report["findings"][0]["record"] == "decision/2026-openness"
    # the decision that names the process authorises it
    (root / PROCESS).write_text(ROLE_GRANT.replace("7d", "5d"))
    commit(root, "Shorten role-grant votes", "Advoc-Decision: 2026-processes")
    assert audit(root, "HEAD~1..HEAD")[:2] == (0, [])


def test_a_decision_added_with_the_change_does_not_count(tmp_path: Path) -> None:
    root = start(tmp_path)
    (root / "registry/decisions/2026-openness.yaml").write_text(decision("2026-openness"))
    change_rule(root, "openly.")
    commit(root, "Adopt and apply at once", "Advoc-Decision: 2026-openness")
    code, findings, report = audit(root)
    decision_file = "registry/decisions/2026-openness.yaml"
    assert code == 1
    assert sorted(findings) == [
        ("audit-decision-closed", decision_file),
        ("audit-decision-same-commit", RULE),
    ]
    same = next(f for f in report["findings"] if f["code"] == "audit-decision-same-commit")
    assert "merge the decision first" in same["message"]


def test_a_decision_adopted_by_the_change_itself_does_not_count(tmp_path: Path) -> None:
    root = start(tmp_path)
    pending = root / "registry/decisions/2026-openness.yaml"
    pending.write_text(decision("2026-openness", "open"))
    commit(root, "Open the vote")
    pending.write_text(decision("2026-openness"))
    change_rule(root, "openly.")
    commit(root, "Close the vote and apply it", "Advoc-Decision: 2026-openness")
    code, findings, _ = audit(root)
    assert (code, findings) == (1, [("audit-decision-same-commit", RULE)])


def test_a_moved_rule_needs_both_names_listed(tmp_path: Path) -> None:
    root = start(tmp_path)
    moved = "rules/principles/openness.yaml"
    (root / "registry/decisions/2026-rename.yaml").write_text(
        decision("2026-rename", rules=("principle/openness",))
    )
    commit(root, "Adopt the new name")
    git(root, "mv", RULE, moved)
    (root / moved).write_text(PRINCIPLE.replace("transparency", "openness"))
    commit(root, "Rename the principle", "Advoc-Decision: 2026-rename")
    code, findings, _ = audit(root, "HEAD~1..HEAD")
    assert (code, findings) == (1, [("audit-decision-scope", RULE)])


def test_the_founding_commit_needs_no_decision(tmp_path: Path) -> None:
    root = tmp_path / "project"
    root.mkdir()
    git(root, "init", "--quiet", "--initial-branch=main")
    (root / "README.md").write_text("A project that later holds a registry.\n")
    commit(root, "Start a project")
    write_registry(root, {RULE: PRINCIPLE})
    commit(root, "Add the registry")  # its parent has no advoc.yaml and no rules/
    assert audit(root)[:2] == (0, [])
    change_rule(root, "openly.")
    commit(root, "Change a rule")
    assert audit(root)[:2] == (1, [("audit-no-decision", RULE)])


# --- votes tied to people ------------------------------------------------------------

ADA = """\
id: ada-lovelace
username: Ada Lovelace
languages: [en]
accounts:
  github: ada-l
  git: [ada@users.noreply.example.org]
"""


def commit_as(root: Path, email: str, subject: str, *trailers: str) -> None:
    """A commit authored by `email`, as a voter's own commit would be."""
    git(root, "add", "--all")
    message = subject + ("\n\n" + "\n".join(trailers) if trailers else "")
    subprocess.run(
        ["git", "commit", "--quiet", "--no-verify", "-m", message],
        cwd=root,
        check=True,
        env={**os.environ, **GIT_ENV, "GIT_AUTHOR_NAME": email.split("@")[0],
             "GIT_AUTHOR_EMAIL": email},
    )  # fmt: skip


def with_open_vote(tmp_path: Path) -> Path:
    """A registry with Ada's record and an open statement decision."""
    root = start(tmp_path)
    write_registry(root, {"registry/advocates/ada-lovelace.yaml": ADA})
    (root / "registry/decisions/2026-statement.yaml").write_text(
        decision("2026-statement", "open", kind="statement")
    )
    commit(root, "Ada joins; a statement is put to the vote")
    return root


def vote(root: Path, user: str, position: str = "support") -> str:
    """Write `user`'s vote file on 2026-statement (the manifest stays as it is)."""
    [(path, text)] = vote_files("2026-statement", f"{{user: {user}, position: {position}}}").items()
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    (root / path).write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "email", ["ada@users.noreply.example.org", "ADA@users.noreply.example.org",
              "12345+ada-l@users.noreply.github.com", "ada-l@users.noreply.github.com"],
)  # fmt: skip
def test_a_vote_committed_by_its_voter_passes(tmp_path: Path, email: str) -> None:
    root = with_open_vote(tmp_path)
    vote(root, "Ada Lovelace")
    commit_as(root, email, "Ada votes")
    assert audit(root, "HEAD~1..HEAD")[:2] == (0, [])


def test_a_vote_committed_by_someone_else_names_both(tmp_path: Path) -> None:
    root = with_open_vote(tmp_path)
    path = vote(root, "Ada_Lovelace")
    commit_as(root, "mallory@example.org", "A vote for Ada")
    code, findings, report = audit(root, "HEAD~1..HEAD")
    assert (code, findings) == (1, [("audit-vote-author", path)])
    message = report["findings"][0]["message"]
    assert "mallory@example.org" in message and "'Ada_Lovelace'" in message
    assert "ada@users.noreply.example.org" in message


def test_a_vote_by_someone_without_a_record_cannot_be_proved(tmp_path: Path) -> None:
    root = with_open_vote(tmp_path)
    path = vote(root, "Nobody Known")
    commit_as(root, "nobody@example.org", "A vote")
    code, findings, report = audit(root, "HEAD~1..HEAD")
    assert (code, findings) == (1, [("audit-vote-author", path)])
    assert "no advocate record" in report["findings"][0]["message"]
    assert "cast: wiki" in report["findings"][0]["message"]


def test_addresses_added_with_the_vote_do_not_prove_it(tmp_path: Path) -> None:
    """Adding your own address to someone's record in the vote's own commit proves nothing."""
    root = with_open_vote(tmp_path)
    record = root / "registry/advocates/ada-lovelace.yaml"
    record.write_text(ADA.replace("[ada@users.noreply.example.org]", "[mallory@example.org]"))
    path = vote(root, "Ada Lovelace")
    commit_as(root, "mallory@example.org", "Ada votes, says Mallory")
    assert audit(root, "HEAD~1..HEAD")[1] == [("audit-vote-author", path)]


def test_a_wiki_vote_is_proved_by_its_revision_not_by_the_commit(tmp_path: Path) -> None:
    root = with_open_vote(tmp_path)
    proof = '{wiki: "https://meta.wikimedia.org/w/api.php", page: "Talk:S", revision: 7}'
    write_registry(
        root,
        vote_files(
            "2026-statement",
            "{user: Someone Else, position: oppose, cast: wiki, proof: PROOF}".replace(
                "PROOF", proof
            ),
        ),
    )
    commit_as(root, "steward@example.org", "Import a wiki vote")
    assert audit(root, "HEAD~1..HEAD")[:2] == (0, [])


@pytest.mark.parametrize("change", ["add", "change", "remove"])
def test_votes_after_the_decision_closed_are_errors(tmp_path: Path, change: str) -> None:
    root = with_open_vote(tmp_path)
    path = vote(root, "Ada Lovelace")
    commit_as(root, "ada@users.noreply.example.org", "Ada votes")
    (root / "registry/decisions/2026-statement.yaml").write_text(
        decision("2026-statement", kind="statement")
    )
    commit(root, "Close the statement")
    if change == "add":
        (root / path).unlink()  # Ada moves her vote: removed, and added under another name
        path = path.replace("/ada-lovelace-", "/ada-lovelace-late-")
        (root / path).write_text("decision: 2026-statement\nuser: Ada Lovelace\nposition: oppose\n")
    elif change == "change":
        vote(root, "Ada Lovelace", "oppose")
    else:
        (root / path).unlink()
    commit_as(root, "ada@users.noreply.example.org", f"{change} a vote after the close")
    code, findings, report = audit(root, "HEAD~1..HEAD")
    assert code == 1 and ("audit-vote-after-close", path) in findings
    assert {code for code, _ in findings} == {"audit-vote-after-close"}
    assert "already adopted" in report["findings"][0]["message"]


def test_a_decision_arriving_adopted_with_invented_votes_is_caught(tmp_path: Path) -> None:
    """One commit: a decision dated 2020, already adopted, with three invented votes."""
    root = start(tmp_path)
    write_registry(root, {"registry/advocates/ada-lovelace.yaml": ADA})
    commit(root, "Ada joins")
    (root / "registry/decisions/2020-grant.yaml").write_text(
        decision("2020-grant", kind="statement").replace("2026-01", "2020-01")
    )
    files = vote_files(
        "2020-grant",
        "{user: Ada Lovelace, position: support}",
        "{user: Invented One, position: support}",
        "{user: Invented Two, position: support}",
    )
    write_registry(root, files)
    commit_as(root, "mallory@example.org", "Record an old decision")
    code, findings, _ = audit(root, "HEAD~1..HEAD")
    assert code == 1
    assert sorted(findings) == sorted(
        [("audit-decision-closed", "registry/decisions/2020-grant.yaml")]
        + [("audit-vote-author", path) for path in files]
    )
    # The same commit, marked as an import of historical records, is accepted.
    source = "Advoc-Import: https://meta.wikimedia.org/wiki/Old_vote"
    git(root, "commit", "--quiet", "--amend", "-m", f"Record an old decision\n\n{source}")
    assert audit(root, "HEAD~1..HEAD")[:2] == (0, [])


def test_signed_votes_need_a_verified_signature(tmp_path: Path) -> None:
    root = with_open_vote(tmp_path)
    manifest = root / "advoc.yaml"
    manifest.write_text(manifest.read_text() + "signed_votes: true\n")
    commit(root, "Votes must be signed")
    path = vote(root, "Ada Lovelace")
    commit_as(root, "ada@users.noreply.example.org", "Ada votes, unsigned")
    code, findings, report = audit(root, "HEAD~1..HEAD")
    assert (code, findings) == (1, [("audit-vote-author", path)])
    assert "has no signature" in report["findings"][0]["message"]
    assert "signed_votes" in report["findings"][0]["message"]


def test_objects_read_ahead_are_the_objects_read_one_by_one(tmp_path: Path) -> None:
    """`ObjectReader.prefetch` (one `git cat-file` for every name, as `audit` asks)
    answers exactly as reading each name alone: files, folders, missing paths,
    names with spaces and with a word that looks like git's "missing"."""
    from advoc.git.repo import ObjectReader

    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "--quiet", "--initial-branch=main")
    (root / "a b").mkdir()
    (root / "a b" / "c d.yaml").write_bytes(b"id: x\n")
    (root / "missing 12").write_bytes(b"")  # an empty file whose name ends like a size
    (root / "plain.yaml").write_bytes("name: Ελένη\n".encode())
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--no-verify", "-m", "files")
    head = git(root, "rev-parse", "HEAD").strip()
    names = [
        f"{head}:a b/c d.yaml",
        f"{head}:a b",
        f"{head}:missing 12",
        f"{head}:plain.yaml",
        f"{head}:not there.yaml",
        f"{head}:a b/not there 12",
        f"{head}:x y",  # git answers "<name> missing": three words, as a found object's
        "0" * 40,
    ]
    with ObjectReader(root) as alone:
        expected = [(alone.read(name), alone.exists(name)) for name in names]
    with ObjectReader(root) as ahead:
        ahead.prefetch(names)
        got = [(ahead.read(name), ahead.exists(name)) for name in names]
    assert got == expected
    assert expected[0] == (b"id: x\n", True)
    assert expected[1] == (None, True)  # a folder: there, but not a file
    assert expected[2] == (b"", True)
    assert expected[4] == expected[5] == expected[6] == expected[7] == (None, False)
