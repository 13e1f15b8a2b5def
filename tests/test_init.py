"""`advoc init`: a new registry with the default rules, committed in a new git
repository or inside an existing one."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import git, run, write_registry

from advoc.load.yamlio import parse_bytes


def test_init_creates_a_valid_registry_in_a_new_repository(tmp_path: Path) -> None:
    target = tmp_path / "network"
    result = run("init", str(target))
    assert result.exit_code == 0, result.stdout + result.stderr
    assert (target / "advoc.yaml").is_file()
    for folder in (
        "registry/advocates",
        "registry/decisions",
        "rules/roles",
        "rules/processes",
        "rules/principles",
        "rules/entry-points",
        "registry/feedback",
    ):
        assert (target / folder).is_dir(), folder
    assert git(target, "rev-list", "--count", "HEAD").strip() == "1"
    assert git(target, "status", "--porcelain", "--untracked-files=all") == ""
    assert "advoc.yaml" in git(target, "ls-files").split()
    validated = run("validate", "--registry", str(target))
    assert validated.exit_code == 0, validated.stdout


def test_init_copies_the_default_rules(tmp_path: Path) -> None:
    target = tmp_path / "network"
    assert run("init", str(target)).exit_code == 0
    assert list((target / "rules" / "roles").glob("*.yaml")), "no default roles were copied"
    assert list((target / "rules" / "processes").glob("*.yaml")), "no default processes"


def test_init_commits_as_gits_identity(tmp_path: Path) -> None:
    target = tmp_path / "network"
    assert run("init", str(target)).exit_code == 0
    author = git(target, "log", "-1", "--format=%an <%ae>|%cn <%ce>").strip()
    assert author == "Test Author <author@example.org>|Test Committer <committer@example.org>"


def test_init_uses_the_identity_from_git_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / ".gitconfig").write_text(
        "[user]\n\tname = Config User\n\temail = config@example.org\n", encoding="utf-8"
    )
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    for who in ("AUTHOR", "COMMITTER"):
        monkeypatch.delenv(f"GIT_{who}_NAME")
        monkeypatch.delenv(f"GIT_{who}_EMAIL")
    target = tmp_path / "network"
    result = run("init", str(target))
    assert result.exit_code == 0, result.stderr
    log = subprocess.run(
        ["git", "log", "-1", "--format=%an <%ae>"],
        cwd=target,
        capture_output=True,
        text=True,
        check=True,
    )
    assert log.stdout.strip() == "Config User <config@example.org>"


def test_init_refuses_without_a_git_identity(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty_home = tmp_path / "home"
    empty_home.mkdir()
    for who in ("AUTHOR", "COMMITTER"):
        for what in ("NAME", "EMAIL", "DATE"):
            monkeypatch.delenv(f"GIT_{who}_{what}", raising=False)
    monkeypatch.delenv("EMAIL", raising=False)
    monkeypatch.setenv("HOME", str(empty_home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(empty_home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    target = tmp_path / "network"
    result = run("init", str(target))
    assert result.exit_code == 2
    assert not target.exists() or not any(target.iterdir()), "init created files"
    assert "git config" in result.stderr
    assert "user.name" in result.stderr and "user.email" in result.stderr
    assert "Traceback" not in result.stderr


def test_init_refuses_an_existing_registry(tmp_path: Path) -> None:
    root = write_registry(tmp_path / "network", {})
    manifest = (root / "advoc.yaml").read_bytes()
    result = run("init", str(root))
    assert result.exit_code == 2
    assert "already exists" in result.stderr
    assert (root / "advoc.yaml").read_bytes() == manifest
    assert not (root / "rules").exists()
    assert not (root / ".git").exists()


def test_init_refuses_a_folder_with_a_registry_folder(tmp_path: Path) -> None:
    (tmp_path / "network" / "rules").mkdir(parents=True)
    result = run("init", str(tmp_path / "network"))
    assert result.exit_code == 2
    assert not (tmp_path / "network" / "advoc.yaml").exists()


def test_init_in_the_current_folder(tmp_path: Path) -> None:
    result = run("init", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "advoc.yaml").is_file()
    assert run("validate", cwd=tmp_path).exit_code == 0


def test_init_refuses_a_bad_language(tmp_path: Path) -> None:
    result = run("init", str(tmp_path / "network"), "--language", "English")
    assert result.exit_code == 2
    assert "English" in result.stderr
    assert not (tmp_path / "network" / "advoc.yaml").exists()


def test_init_names_the_network(tmp_path: Path) -> None:
    target = tmp_path / "network"
    name = 'Wikimedia "advocacy": Norge'
    assert run("init", str(target), "--name", name, "--language", "nb").exit_code == 0
    from advoc.load.yamlio import parse_bytes

    manifest = parse_bytes((target / "advoc.yaml").read_bytes())
    assert manifest["name"] == name
    assert manifest["default_language"] == "nb"
    assert manifest["advoc"] == 2


REGISTRY = ("advoc.yaml", "registry", "rules")


def existing_repository(root: Path) -> Path:
    """A repository with history of its own, a staged change, an unstaged change
    and an untracked file, none of them the registry's."""
    root.mkdir()
    (root / "README.md").write_text("Our network\n", encoding="utf-8")
    (root / "notes.txt").write_text("first\n", encoding="utf-8")
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--no-verify", "-m", "Our own start")
    (root / "README.md").write_text("Our network, staged\n", encoding="utf-8")
    git(root, "add", "README.md")
    (root / "README.md").write_text("Our network, staged, then edited\n", encoding="utf-8")
    (root / "notes.txt").write_text("first\nsecond, not staged\n", encoding="utf-8")
    (root / "new.txt").write_text("untracked\n", encoding="utf-8")
    return root


def user_changes(root: Path) -> tuple[str, str, str]:
    """What the user has changed, staged and left untracked outside the registry."""
    outside = ["--", ".", *(f":(exclude){name}" for name in REGISTRY)]
    return (
        git(root, "diff", *outside),
        git(root, "diff", "--cached", *outside),
        git(root, "status", "--porcelain", "--untracked-files=all", *outside),
    )


def audit_passes(root: Path, *args: str) -> None:
    result = run("audit", *args, cwd=root)
    assert result.exit_code == 0, result.stdout + result.stderr


def test_init_in_an_existing_repository_commits_what_audit_accepts(tmp_path: Path) -> None:
    root = existing_repository(tmp_path / "repo")
    before = user_changes(root)
    head = git(root, "rev-parse", "HEAD").strip()
    result = run("init", cwd=root)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "Committed them on branch main" in result.stdout
    assert "git add" not in result.stdout
    assert git(root, "rev-parse", "HEAD~1").strip() == head
    assert git(root, "symbolic-ref", "HEAD").strip() == "refs/heads/main"
    committed = git(root, "show", "--name-only", "--format=", "HEAD").split()
    assert committed and all(name.split("/")[0] in REGISTRY for name in committed)
    assert len(committed) == len(git(root, "ls-files", "--", *REGISTRY).split())
    # the same message, trailers and all, as in a new repository
    assert run("init", str(tmp_path / "fresh")).exit_code == 0
    assert git(root, "log", "-1", "--format=%B") == git(
        tmp_path / "fresh", "log", "-1", "--format=%B"
    )
    assert (
        git(root, "log", "-1", "--format=%an <%ae>").strip() == "Test Author <author@example.org>"
    )
    assert user_changes(root) == before
    assert git(root, "status", "--porcelain", "--untracked-files=all", "--", *REGISTRY) == ""
    audit_passes(root)
    audit_passes(root, f"{head}..HEAD")
    assert run("validate", cwd=root).exit_code == 0


def test_init_in_a_subfolder_of_an_existing_repository(tmp_path: Path) -> None:
    root = existing_repository(tmp_path / "repo")
    before = user_changes(root)
    result = run("init", "networks/norway", cwd=root)
    assert result.exit_code == 0, result.stdout + result.stderr
    registry = root / "networks" / "norway"
    committed = git(root, "show", "--name-only", "--format=", "HEAD").split()
    assert committed and all(name.startswith("networks/norway/") for name in committed)
    assert git(root, "status", "--porcelain", "--untracked-files=all", "--", "networks") == ""
    assert user_changes(root) == before
    audit_passes(registry)
    audit_passes(registry, "HEAD~1..HEAD")


def test_init_on_a_branch_without_commits_keeps_what_is_staged(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "--quiet", "--initial-branch=main")
    (root / "plan.txt").write_text("staged, never committed\n", encoding="utf-8")
    git(root, "add", "plan.txt")
    staged = git(root, "diff", "--cached", "--name-status")
    result = run("init", cwd=root)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert git(root, "rev-list", "--count", "HEAD").strip() == "1"
    assert "plan.txt" not in git(root, "show", "--name-only", "--format=", "HEAD").split()
    assert git(root, "diff", "--cached", "--name-status") == staged
    assert git(root, "status", "--porcelain", "--", *REGISTRY) == ""
    audit_passes(root)


@pytest.mark.parametrize("where", ["rules/notes.txt", "advoc.yaml"])
def test_init_in_an_existing_repository_refuses_to_overwrite(tmp_path: Path, where: str) -> None:
    root = existing_repository(tmp_path / "repo")
    (root / where).parent.mkdir(parents=True, exist_ok=True)
    (root / where).write_text("mine\n", encoding="utf-8")
    before = user_changes(root), git(root, "rev-parse", "HEAD")
    listing = sorted(path.name for path in root.iterdir())
    result = run("init", cwd=root)
    assert result.exit_code == 2
    assert "already exists" in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.startswith("advoc: ") and result.stderr.count("\nadvoc: ") == 0
    assert (user_changes(root), git(root, "rev-parse", "HEAD")) == before
    assert sorted(path.name for path in root.iterdir()) == listing
    assert (root / where).read_text(encoding="utf-8") == "mine\n"


def test_init_refuses_a_registry_file_git_tracks_but_the_folder_lacks(tmp_path: Path) -> None:
    root = existing_repository(tmp_path / "repo")
    (root / "rules").mkdir()
    (root / "rules" / "old.yaml").write_text("id: old\n", encoding="utf-8")
    git(root, "add", "rules/old.yaml")
    (root / "rules" / "old.yaml").unlink()
    (root / "rules").rmdir()
    before = user_changes(root), git(root, "rev-parse", "HEAD")
    result = run("init", cwd=root)
    assert result.exit_code == 2
    assert "rules/old.yaml" in result.stderr
    assert (user_changes(root), git(root, "rev-parse", "HEAD")) == before
    assert not (root / "advoc.yaml").exists() and not (root / "registry").exists()


def follow(root: Path, output: str) -> None:
    """Run the commit command init printed, as a user would paste it into a shell."""
    [command] = [line.strip() for line in output.splitlines() if "git commit" in line]
    subprocess.run(["sh", "-c", command], cwd=root, check=True, capture_output=True)


def detached(root: Path) -> str:
    git(root, "checkout", "--quiet", "--detach")
    return "git switch main"


def merging(root: Path) -> str:
    git(root, "stash", "--quiet")
    git(root, "switch", "--quiet", "-c", "other")
    (root / "notes.txt").write_text("other\n", encoding="utf-8")
    git(root, "commit", "--quiet", "--no-verify", "-am", "Other notes")
    git(root, "switch", "--quiet", "main")
    (root / "notes.txt").write_text("main\n", encoding="utf-8")
    git(root, "commit", "--quiet", "--no-verify", "-am", "Main notes")
    merged = subprocess.run(["git", "merge", "other"], cwd=root, capture_output=True, check=False)
    assert merged.returncode != 0, "the merge was meant to stop on a conflict"
    return "git merge --abort"


def filtered(root: Path) -> str:
    git(root, "config", "filter.same.clean", "cat")
    (root / ".gitattributes").write_text("*.yaml filter=same\n", encoding="utf-8")
    return "true"


@pytest.mark.parametrize(
    ("state", "reason"),
    [
        (detached, "HEAD is detached"),
        (merging, "a merge is in progress"),
        (filtered, "the filter driver 'same' applies"),
    ],
)
def test_init_where_it_cannot_commit_prints_a_command_that_audit_accepts(
    tmp_path: Path, state: object, reason: str
) -> None:
    root = existing_repository(tmp_path / "repo")
    assert callable(state)
    first = state(root)
    head = git(root, "rev-parse", "HEAD")
    result = run("init", cwd=root)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert f"advoc did not commit them: {reason}" in result.stdout
    assert git(root, "rev-parse", "HEAD") == head
    subprocess.run(["sh", "-c", first], cwd=root, check=True, capture_output=True)
    git(root, "add", "--", "notes.txt")  # something else staged: the command leaves it so
    before = user_changes(root)
    follow(root, result.stdout)
    assert user_changes(root) == before
    assert git(root, "status", "--porcelain", "--untracked-files=all", "--", *REGISTRY) == ""
    audit_passes(root)


def test_init_without_a_git_identity_in_an_existing_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = existing_repository(tmp_path / "repo")
    for who in ("AUTHOR", "COMMITTER"):
        for what in ("NAME", "EMAIL", "DATE"):
            monkeypatch.delenv(f"GIT_{who}_{what}", raising=False)
    monkeypatch.delenv("EMAIL", raising=False)
    head = git(root, "rev-parse", "HEAD")
    before = user_changes(root)
    refused = run("init", "networks/norway", cwd=root)
    assert refused.exit_code == 2 and "records who founded the registry" in refused.said
    assert "--as" in refused.said and not (root / "networks").exists()
    result = run("init", "networks/norway", "--as", "Ola Nordmann", cwd=root)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "git does not know who you are, and advoc never invents an author" in result.stdout
    assert 'git config --global user.name "Your Name"' in result.stdout
    assert 'git config --global user.email "you@example.org"' in result.stdout
    assert git(root, "rev-parse", "HEAD") == head
    assert user_changes(root)[1] == before[1]
    for setting in ('user.name "Your Name"', 'user.email "you@example.org"'):
        subprocess.run(["sh", "-c", f"git config --global {setting}"], cwd=root, check=True)
    follow(root, result.stdout)
    assert git(root, "log", "-1", "--format=%an").strip() == "Your Name"
    assert user_changes(root) == before
    audit_passes(root / "networks" / "norway")


# a new registry starts with its own history -------------------------------------


def test_init_adopts_the_rules_by_a_founding_decision_of_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before, init copied three fictional decisions from 2017-2026 with invented
    voters; now its only decision is its own founding, dated the day of init."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796300000")  # 2026-12-03T12:13:20Z
    target = tmp_path / "network"
    result = run("init", str(target), "--as", "Ola Nordmann")
    assert result.exit_code == 0, result.stdout + result.stderr
    decisions = sorted((target / "registry/decisions").glob("*.yaml"))
    assert [path.name for path in decisions] == ["2026-12-03-founding.yaml"]
    founding = parse_bytes(decisions[0].read_bytes())
    assert founding["founding"] is True and founding["status"] == "adopted"
    assert founding["type"] == "rule-change" and founding["proposer"] == "Ola Nordmann"
    assert founding["opened"] == founding["closed"] == "2026-12-03T12:13:20Z"
    rules = sorted(target.glob("rules/*/*.yaml"))
    listed = set(founding["subjects"]["rules"])
    assert len(listed) == len(rules)
    for rule in rules:
        data = parse_bytes(rule.read_bytes())
        if rule.parent.name != "entry-points":  # the kinds that record their adoption
            assert data["adopted_by"] == "2026-12-03-founding", rule
    files = "\n".join(path.read_text() for path in target.rglob("*.yaml"))
    for invented in ("2017-rules-of-engagement", "2025-rules-of-engagement", "\nparticipants:"):
        assert invented not in files
    assert "2026-12-03-founding" in result.stdout
    assert run("validate", "--registry", str(target)).exit_code == 0
    audit_passes(target)


def test_the_founder_defaults_to_gits_user_name(tmp_path: Path) -> None:
    target = tmp_path / "network"
    assert run("init", str(target)).exit_code == 0
    (decision,) = (target / "registry/decisions").glob("*.yaml")
    assert parse_bytes(decision.read_bytes())["proposer"] == "Test Author"


def test_a_founder_who_cannot_be_a_wiki_username_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "network"
    result = run("init", str(target), "--as", "ola@example.org")
    assert result.exit_code == 2
    assert "cannot be recorded as the founder" in result.said and "--as" in result.said
    assert not target.exists()


def test_the_example_network_is_opt_in(tmp_path: Path) -> None:
    target = tmp_path / "demo"
    result = run("init", str(target), "--example")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "fictional" in result.stdout
    assert list((target / "registry/advocates").glob("*.yaml"))
    assert (target / "registry/decisions/2025-rules-of-engagement.yaml").is_file()
    assert not list((target / "registry/decisions").glob("*-founding.yaml"))
    assert run("validate", "--registry", str(target), "--as-of", "2026-11-01").exit_code == 0
    audit_passes(target)


def test_after_init_a_rule_changes_by_a_later_decision(tmp_path: Path) -> None:
    root = tmp_path / "network"
    assert run("init", str(root), "--as", "Ola").exit_code == 0
    decision = (
        "id: 2026-shorter-votes\ntitle: Shorter votes\ntype: rule-change\n"
        "process: rule-change\nstatus: adopted\nfounding: true\n"
        "opened: 2026-12-03T00:00:00Z\nclosed: 2026-12-03T00:00:00Z\n"
        "subjects:\n  rules: [process/role-grant]\n"
    )
    # a second founding decision, added later, is made-up history
    (root / "registry/decisions/2026-shorter-votes.yaml").write_text(decision)
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--no-verify", "-m", "Found it again")
    result = run("audit", "--format", "json", cwd=root)
    assert result.exit_code == 1
    codes = [(f["code"], f["file"]) for f in result.json()["findings"]]
    added = "registry/decisions/2026-shorter-votes.yaml"
    assert sorted(codes) == [("audit-decision-closed", added), ("audit-founding-late", added)]
    # the same decision without `founding`, adopted before the change, authorises it
    (root / "registry/decisions/2026-shorter-votes.yaml").write_text(
        decision.replace("founding: true\n", "")
    )
    git(root, "commit", "--quiet", "--no-verify", "-am", "An ordinary decision")
    process = root / "rules/processes/role-grant.yaml"
    process.write_text(process.read_text().replace("min_duration: 7d", "min_duration: 5d"))
    git(root, "commit", "--quiet", "--no-verify", "-am", "Shorter", "--trailer",
        "Advoc-Decision: 2026-shorter-votes")  # fmt: skip
    audit_passes(root, "HEAD~2..HEAD")
