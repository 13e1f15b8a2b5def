"""`advoc diff`: the project's registry in a real repository, changed the way
reviewers will see it in pull requests."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import findings_of, git, project_repo, run, vote_files, write_registry

AS_OF = "2026-11-23"
MARET = "registry/advocates/maret-siri.yaml"
CONFIRM = "registry/decisions/2026-confirm-lin-shu-yu-spokesperson.yaml"
QUESTION = "registry/feedback/2026-10-lin-shu-yu-confirmation-question.yaml"
PRINCIPLE = "rules/principles/accountability-for-roles.yaml"
UNANSWERED = "registry/feedback/2026-09-campaign-translations.yaml"
CAMPAIGN = "registry/campaigns/eu-copyright-directive-2019.yaml"
SPOKESPERSON = """\
  - role: spokesperson
    start: 2026-11-10
    end: 2027-11-10
    scope:
      countries:
        - GB
    granted_by: 2026-grant-ada
"""


def edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def review_changes(root: Path) -> None:
    """A role grant naming a decision that does not exist, a decision closed with a new vote,
    feedback answered, rule text changed, a campaign removed."""
    edit(
        root,
        MARET,
        "    granted_by: 2026-grant-maret-siri-coordinator\n",
        "    granted_by: 2026-grant-maret-siri-coordinator\n" + SPOKESPERSON,
    )
    edit(root, CONFIRM, "status: open\n", "status: withdrawn\nclosed: 2026-11-09T10:00:00+08:00\n")
    write_registry(
        root,
        vote_files(
            "2026-confirm-lin-shu-yu-spokesperson", "{user: Tamar Eskenazi, position: support}"
        ),
    )
    edit(root, QUESTION, "status: open", "status: addressed")
    with open(root / QUESTION, "a", encoding="utf-8") as file:
        file.write("response:\n  by: GThériault\n  date: 2026-11-02\n  text: Answered on wiki.\n")
    edit(root, PRINCIPLE, "Every role is given", "Each role is given")
    (root / CAMPAIGN).unlink()


def test_working_tree_against_the_default_branch_in_registry_terms(tmp_path: Path) -> None:
    root = project_repo(tmp_path / "repo")
    review_changes(root)
    result = run("diff", "--as-of", AS_OF, "--format", "json", cwd=root)
    assert result.exit_code == 0, result.stderr
    shown = result.json()
    assert shown["base"]["rev"] == "merge-base(main)" and shown["head"]["working_tree"] is True
    sentences = [sentence for change in shown["changes"] for sentence in change["sentences"]]
    assert sentences == [
        "Máret Ánne Siri: gains role spokesperson (GB), 2026-11-10 → 2027-11-10, "
        "granted by decision 2026-grant-ada.",
        "Campaign eu-copyright-directive-2019 is removed (campaign/eu-copyright-directive-2019).",
        "Decision 2026-confirm-lin-shu-yu-spokesperson closed on 2026-11-09T10:00:00+08:00: "
        "withdrawn (support 6, oppose 0, neutral 1).",
        "Feedback 2026-10-lin-shu-yu-confirmation-question answered by GThériault "
        "(status now addressed): Answered on wiki.",
        "Decision 2026-confirm-lin-shu-yu-spokesperson gains a vote: Tamar Eskenazi, support.",
        sentences[5],
    ]
    assert sentences[5].startswith(
        "Principle accountability-for-roles: rule text changed, now: Each role is given"
    )
    assert shown["summary"] == {
        "added": 1,
        "removed": 1,
        "changed": 4,
        "findings_added": len(shown["findings"]["added"]),
        "findings_removed": 0,
    }
    added = {(f["code"], f["file"]) for f in shown["findings"]["added"]}
    assert ("ref-missing", MARET) in added
    assert ("ref-missing", "registry/decisions/2018-campaign-eu-copyright.yaml") in added


def test_findings_fixed_are_reported_and_shifted_lines_are_not_new(tmp_path: Path) -> None:
    root = project_repo(tmp_path / "repo")
    edit(
        root,
        MARET,
        "    granted_by: 2026-grant-maret-siri-coordinator\n",
        "    granted_by: 2026-grant-maret-siri-coordinator\n" + SPOKESPERSON,
    )
    git(root, "commit", "--quiet", "--no-verify", "-am", "Grant without a decision")
    # the next commit moves the bad assignment down two lines and removes a finding elsewhere
    edit(root, MARET, "roles:\n", "# roles follow\n\nroles:\n")
    edit(root, UNANSWERED, "status: open", "status: addressed")
    with open(root / UNANSWERED, "a", encoding="utf-8") as file:
        file.write("response:\n  by: GThériault\n  date: 2026-11-02\n  text: Answered.\n")
    git(root, "commit", "--quiet", "--no-verify", "-am", "Answer and tidy")
    shown = run("diff", "HEAD~1", "HEAD", "--as-of", AS_OF, "--format", "json", cwd=root).json()
    assert shown["findings"]["added"] == []
    assert [(f["code"], f["file"]) for f in shown["findings"]["removed"]] == [
        ("feedback-unanswered", UNANSWERED)
    ]
    assert shown["base"]["commit"] == git(root, "rev-parse", "HEAD~1").strip()
    # a comment and a blank line are no change in registry terms
    assert [change["record"] for change in shown["changes"]] == [
        "feedback/2026-09-campaign-translations"
    ]
    lines = {
        rev: {
            line
            for _, code, file, line in findings_of(root, "--as-of", AS_OF, "--rev", rev)
            if code == "ref-missing" and file == MARET
        }
        for rev in ("HEAD~1", "HEAD")
    }
    assert lines["HEAD~1"] and lines["HEAD"] and lines["HEAD~1"] != lines["HEAD"]


def test_added_records_and_closed_decisions_with_their_tally(tmp_path: Path) -> None:
    root = project_repo(tmp_path / "repo")
    edit(root, CONFIRM, "status: open\n", "status: adopted\nclosed: 2026-11-09T10:00:00+08:00\n")
    (root / "registry/advocates/tamar-eskenazi.yaml").write_text(
        "id: tamar-eskenazi\nusername: Tamar Eskenazi\nlanguages: [he]\n", encoding="utf-8"
    )
    result = run("diff", "--as-of", AS_OF, cwd=root)
    assert result.exit_code == 0, result.stderr
    assert "New advocate Tamar Eskenazi (advocate/tamar-eskenazi)." in result.stdout
    assert (
        "Decision 2026-confirm-lin-shu-yu-spokesperson closed on 2026-11-09T10:00:00+08:00: "
        "adopted (support 5, oppose 0, neutral 1)." in result.stdout
    )
    assert "Problems this change adds:" in result.stdout
    assert "process-quorum" in result.stdout


def test_markdown_for_a_pull_request(tmp_path: Path) -> None:
    root = project_repo(tmp_path / "repo")
    review_changes(root)
    result = run("diff", "main", "--as-of", AS_OF, "--format", "markdown", cwd=root)
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert text.startswith("## Registry changes: main (")
    assert "### Advocates\n\n- Máret Ánne Siri: gains role spokesperson (GB)" in text
    assert "### Feedback" in text and "### Principles" in text
    assert "<details>\n<summary>Problems added:" in text and text.rstrip().endswith("</details>")
    assert "- error `ref-missing` in `registry/advocates/maret-siri.yaml` line" in text


def test_markdown_never_lets_registry_text_become_html_or_links(tmp_path: Path) -> None:
    root = project_repo(tmp_path / "repo")
    edit(root, QUESTION, "status: open", "status: addressed")
    with open(root / QUESTION, "a", encoding="utf-8") as file:
        file.write('response:\n  by: X\n  date: 2026-11-02\n  text: "<img src=x> [a](http://x)"\n')
    text = run("diff", "--format", "markdown", cwd=root).stdout
    assert not re.search(r"(?<!\\)(<img|\]\(http)", text)
    assert "\\<img src=x\\> \\[a\\](http://x)" in text


def test_no_changes(tmp_path: Path) -> None:
    root = project_repo(tmp_path / "repo")
    result = run("diff", "--as-of", AS_OF, cwd=root)
    assert result.exit_code == 0
    assert "No record changed. No problem added or fixed." in result.stdout


def test_bad_revisions_and_no_default_branch_are_usage_errors(tmp_path: Path) -> None:
    root = project_repo(tmp_path / "repo")
    result = run("diff", "no-such-branch", cwd=root)
    assert result.exit_code == 2 and "'no-such-branch'" in result.stderr
    assert run("diff", "HEAD", "nope", cwd=root).exit_code == 2
    git(root, "branch", "--quiet", "-m", "main", "trunk")
    result = run("diff", cwd=root)
    assert result.exit_code == 2
    assert "no default branch" in result.stderr and "advoc diff BASE" in result.stderr
    assert run("diff", "trunk", cwd=root).exit_code == 0


def test_a_file_broken_on_one_side_is_not_a_removed_record(tmp_path: Path) -> None:
    root = project_repo(tmp_path / "repo")
    (root / MARET).write_text("id: maret-siri\nusername: [unclosed\n", encoding="utf-8")
    shown = run("diff", "--as-of", AS_OF, "--format", "json", cwd=root).json()
    assert [(c["record"], c["change"], c["sentences"]) for c in shown["changes"]] == [
        (
            "advocate/maret-siri",
            "changed",
            ["advocate/maret-siri: the file can no longer be read; see the problems below."],
        )
    ]
    assert ("yaml-syntax", MARET) in {(f["code"], f["file"]) for f in shown["findings"]["added"]}


def test_in_a_clone_the_base_is_where_the_branch_left_origin_head(tmp_path: Path) -> None:
    origin = project_repo(tmp_path / "origin")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", f"file://{origin}", str(clone))
    git(clone, "checkout", "--quiet", "-b", "answer")
    edit(clone, UNANSWERED, "status: open", "status: acknowledged")
    git(clone, "commit", "--quiet", "--no-verify", "-am", "Acknowledge")
    edit(origin, QUESTION, "status: open", "status: dismissed")  # not fetched: no effect
    shown = run("diff", "--as-of", AS_OF, "--format", "json", cwd=clone).json()
    assert shown["base"]["rev"] == "merge-base(origin/HEAD)"
    assert shown["base"]["commit"] == git(clone, "rev-parse", "origin/main").strip()
    assert [c["sentences"] for c in shown["changes"]] == [
        ["Feedback 2026-09-campaign-translations: status changed from open to acknowledged."]
    ]
