"""A way in without git: the site's links into the code host's forms, and
`advoc propose from-issue`, which turns a submitted form into the proposal."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from conftest import PROJECT, git, project_repo, run, write_registry
from test_audit import ADA, audit, commit, start
from typer.testing import CliRunner

from advoc.cli.app import app
from advoc.errors import RefusedError
from advoc.export.wayin import feedback_url, form_url, propose_url, vote_url
from advoc.load import schemas
from advoc.model.forms import FORMS
from advoc.propose.issue import parse_form

GITHUB = {"repository": {"host": "github", "url": "https://github.com/example/registry"}}
GITLAB = {"repository": {"host": "gitlab", "url": "https://gitlab.example.org/net/registry"}}


def rendered(**fields: str) -> str:
    """An issue's body as GitHub renders a submitted form: a heading per field."""
    return "".join(
        f"### {label}\n\n{value or '_No response_'}\n\n" for label, value in fields.items()
    )


def registry_with_vote(tmp_path: Path) -> Path:
    root = start(tmp_path / "network")
    write_registry(root, {"registry/advocates/ada-lovelace.yaml": ADA})
    (root / "registry/decisions/2026-statement.yaml").write_text(
        "id: 2026-statement\ntitle: A statement\ntype: statement\nprocess: rule-change\n"
        "status: open\nopened: 2026-01-01T00:00:00Z\n"
    )
    commit(root, "Ada joins; a statement is put to the vote")
    return root


def from_issue(root: Path, body: str, *extra: str, login: str = "ada-l") -> object:
    path = root.parent / "issue.md"
    path.write_text(body, encoding="utf-8")
    return run(
        "propose", "from-issue", "--body", str(path), "--author-login", login,
        "--author-id", "4242", *extra, cwd=root,
    )  # fmt: skip


def state(root: Path) -> tuple[str, str, str]:
    return (
        git(root, "rev-parse", "HEAD"),
        git(root, "status", "--porcelain", "--untracked-files=all"),
        git(root, "for-each-ref"),
    )


def test_a_vote_form_becomes_a_commit_by_the_voters_account(tmp_path: Path) -> None:
    root = registry_with_vote(tmp_path)
    before = state(root)
    body = rendered(Decision="2026-statement", Position="support", Comment="Yes & <b>now</b>")
    result = from_issue(root, body, "--format", "json")
    assert result.exit_code == 0, result.stderr
    outcome = result.json()
    branch, commit_id = outcome["branch"], outcome["commit"]
    author = git(root, "log", "-1", "--format=%an <%ae>", commit_id).strip()
    assert author == "ada-l <4242+ada-l@users.noreply.github.com>"
    [path] = outcome["files"]
    vote = yaml.safe_load(git(root, "show", f"{commit_id}:{path}"))
    assert vote["user"] == "Ada Lovelace" and vote["position"] == "support"
    assert vote["comment"] == "Yes & <b>now</b>"  # stored as text; every output escapes it
    assert state(root)[0:2] == before[0:2]  # the checkout is untouched
    git(root, "merge", "--quiet", "--no-edit", branch)
    assert audit(root, "HEAD~1..HEAD")[:2] == (0, [])  # audit ties the vote to Ada


def test_the_same_vote_from_gitlab_uses_gitlabs_address(tmp_path: Path) -> None:
    root = registry_with_vote(tmp_path)
    template = (PROJECT / "ci/gitlab/issue_templates/vote.md").read_text(encoding="utf-8")
    body = template.replace("### Decision\n\n", "### Decision\n\n2026-statement\n").replace(
        "### Position\n\n", "### Position\n\noppose\n"
    )
    git(root, "config", "user.email", "ignored@example.org")
    # on GitLab the record lists accounts.gitlab
    advocate = root / "registry/advocates/ada-lovelace.yaml"
    advocate.write_text(ADA.replace("github: ada-l", "gitlab: ada-l"), encoding="utf-8")
    commit(root, "Ada moves to GitLab")
    result = from_issue(root, body, "--host", "gitlab", "--format", "json")
    assert result.exit_code == 0, result.stderr
    author = git(root, "log", "-1", "--format=%ae", result.json()["commit"]).strip()
    assert author == "4242-ada-l@users.noreply.gitlab.com"


def test_feedback_and_proposal_forms(tmp_path: Path) -> None:
    root = registry_with_vote(tmp_path)
    body = rendered(About="decision/2026-statement", Kind="question", Feedback="Why now?")
    result = from_issue(root, body, "--format", "json", login="someone-else")
    assert result.exit_code == 0, result.stderr
    [path] = result.json()["files"]
    feedback = yaml.safe_load(git(root, "show", f"{result.json()['commit']}:{path}"))
    assert feedback["author"] == "someone-else" and feedback["summary"] == "Why now?"
    project = project_repo(tmp_path / "project")
    proposal = rendered(Title="Say something", Type="statement", Process="community-vote")
    made = from_issue(project, proposal, "--format", "json")
    assert made.exit_code == 0, made.stderr
    assert made.json()["command"] == "decision"


VOTE = rendered(Decision="2026-statement", Position="support")


@pytest.mark.parametrize(
    ("body", "login", "said"),
    [
        ("Just some text", "ada-l", "not made from one of advoc's forms"),
        ("", "ada-l", "not made from one of advoc's forms"),
        (rendered(Name="Ada", Position="support"), "ada-l", "not made from one of advoc's forms"),
        (rendered(Decision="2026-statement", Position=""), "ada-l", "leaves Position empty"),
        (rendered(Decision="", Position="support"), "ada-l", "leaves Decision empty"),
        ("### Decision\n\n2026-statement\n", "ada-l", "leaves Position empty"),
        (rendered(Decision="2026-statement", Position="maybe"), "ada-l", "not 'maybe'"),
        (rendered(Decision="no-such-decision", Position="support"), "ada-l", "no decision"),
        (rendered(Decision="2026-first-rules", Position="support"), "ada-l", "not open"),
        (rendered(Decision="../advocates/x", Position="support"), "ada-l", "no decision"),
        (VOTE, "mallory", "need your advocate record to list accounts.github"),
        (rendered(Decision="2026-\u202estatement", Position="support"), "ada-l", "U+202E"),
        (rendered(Decision="2026-statement", Position="support", Comment="a\x1b[2Jb"), "ada-l",
         "U+001B"),
        (rendered(Decision="2026-statement", Position="support", Comment="a\x00b"), "ada-l",
         "U+0000"),
        (rendered(Decision="2026-statement", Position="support", Comment="\ufeffhi"), "ada-l",
         "U+FEFF"),
        (rendered(Decision="2026-\nstatement", Position="support"), "ada-l", "a line break"),
        (rendered(About="advocate/nobody", Kind="question", Feedback="Hi"), "ada-l",
         "no advocate 'nobody'"),
        (rendered(About="principle/transparency", Kind="question", Feedback="Hi"), "ada-l",
         "not a principle"),
        (rendered(About="nonsense", Kind="question", Feedback="Hi"), "ada-l", "KIND/ID"),
    ],
)  # fmt: skip
def test_bad_issues_are_refused_clearly_and_change_nothing(
    tmp_path: Path, body: str, login: str, said: str
) -> None:
    root = registry_with_vote(tmp_path)
    before = state(root)
    result = from_issue(root, body, login=login)
    assert result.exit_code == 1, result.said
    assert said in result.said, result.said
    assert "Traceback" not in result.said
    assert state(root) == before  # no branch, no commit, nothing in the checkout


YAML_HOSTILE = [
    "key: value # not a comment",
    "--- !!python/object/apply:os.system ['echo pwned']",
    "*alias &anchor",
    "'single' \"double\" \\backslash",
    "yes",
    "~",
    "null",
    "1:20",
    "2024-01-05",
    "[a, b",
    "{a: b",
    "| literal\n> folded\n- item\n? key",
    "...\n---",
    "%YAML 1.1",
    "@at `tick` !tag",
    "  leading and trailing spaces are the host's to trim",
    "### A heading of my own\n\n### Position\n\noppose",
    "tabs\tand\nlines and \u2028 separators",
    "עברית \u200f(rtl) and العربية",
    "emoji 🗳️ and \U0001d518\U0001d52b (outside the BMP)",
    "<script>alert(1)</script> & <!-- not hidden here -->",
]


@pytest.mark.parametrize("comment", YAML_HOSTILE)
def test_any_typed_comment_is_stored_as_the_text_it_is(tmp_path: Path, comment: str) -> None:
    root = registry_with_vote(tmp_path)
    body = rendered(Decision="2026-statement", Position="support", Comment=comment)
    result = from_issue(root, body, "--format", "json")
    assert result.exit_code == 0, result.said
    [path] = result.json()["files"]
    vote = yaml.safe_load(git(root, "show", f"{result.json()['commit']}:{path}"))
    expected = comment.strip().replace("<!-- not hidden here -->", "").strip()
    assert vote == {
        "decision": "2026-statement",
        "user": "Ada Lovelace",
        "position": "support",  # a heading in the comment changes no other field
        "date": vote["date"],
        "comment": expected,
    }


def test_the_body_on_standard_input_with_the_hosts_line_ends(tmp_path: Path) -> None:
    """`--body -`, as a job pipes it; GitHub's bodies come with CRLF line ends."""
    root = registry_with_vote(tmp_path)
    body = rendered(Decision="2026-statement", Position="neutral", Comment="one\ntwo")
    previous = Path.cwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(
            app,
            ["propose", "from-issue", "--body", "-", "--author-login", "ADA-L",
             "--author-id", "7", "--format", "json"],
            input=body.replace("\n", "\r\n"),
        )  # fmt: skip
    finally:
        os.chdir(previous)
    assert result.exit_code == 0, result.stderr
    commit_id, [path] = json.loads(result.stdout)["commit"], json.loads(result.stdout)["files"]
    vote = yaml.safe_load(git(root, "show", f"{commit_id}:{path}"))
    assert (vote["position"], vote["comment"]) == ("neutral", "one\ntwo")
    author = git(root, "log", "-1", "--format=%an <%ae>", commit_id).strip()
    assert (
        author == "ADA-L <7+ADA-L@users.noreply.github.com>"
    )  # the account, as the host spells it


def test_characters_no_file_can_hold_are_refused() -> None:
    """A body read from standard input with bytes that are not UTF-8 holds lone
    surrogates (Python's surrogateescape): refused before anything is written."""
    body = rendered(Decision="2026-statement", Position="support", Comment="a\udcffb")
    with pytest.raises(RefusedError, match="U\\+DCFF"):
        parse_form(body)


def test_an_account_name_that_is_not_one_is_refused(tmp_path: Path) -> None:
    root = registry_with_vote(tmp_path)
    body = rendered(Decision="2026-statement", Position="support")
    result = from_issue(root, body, login="ada l; rm -rf /")
    assert result.exit_code == 2 and "not an account name" in result.said


def test_the_gitlab_comments_are_not_values() -> None:
    form, values = parse_form("### About\n\n<!-- advocate/ID -->\nadvocate/x\n\n### Kind\n\n"
                              "question\n\n### Feedback\n\n<!-- what -->\nHello\n")  # fmt: skip
    assert (form, values) == ("feedback", {"about": "advocate/x", "kind": "question",
                                           "summary": "Hello"})  # fmt: skip


HOSTILE = ["a&b=c", "#frag", "line\nbreak", "עברית \u200f(rtl)", "100%", "x?y=z&template=evil.yml"]


@pytest.mark.parametrize("value", HOSTILE)
def test_github_addresses_carry_any_value_intact(value: str) -> None:
    for url, field, title in [
        (vote_url(GITHUB, value), "decision", f"Vote on {value}"),
        (feedback_url(GITHUB, value), "about", f"Feedback about advocate/{value}"),
    ]:
        parts = urlsplit(url or "")
        assert (parts.scheme, parts.netloc, parts.path, parts.fragment) == (
            "https", "github.com", "/example/registry/issues/new", "",
        )  # fmt: skip
        query = parse_qs(parts.query, keep_blank_values=True, strict_parsing=True)
        assert query[field] == [value if field == "decision" else f"advocate/{value}"]
        assert query["title"] == [title]
        assert len(query["template"]) == 1  # a value cannot add a field of its own


@pytest.mark.parametrize("value", HOSTILE)
def test_gitlab_addresses_carry_any_value_intact(value: str) -> None:
    parts = urlsplit(vote_url(GITLAB, value) or "")
    assert (parts.netloc, parts.path, parts.fragment) == (
        "gitlab.example.org", "/net/registry/-/issues/new", "",
    )  # fmt: skip
    query = parse_qs(parts.query, strict_parsing=True)
    assert set(query) == {"issue[title]", "issue[description]"}
    assert query["issue[title]"] == [f"Vote on {value}"]
    description = query["issue[description]"][0]
    assert description.startswith(f"### Decision\n\n{value}\n\n### Position\n\n")
    if "\n" not in value:  # (a line break in an id is refused when the form comes back)
        assert (
            parse_form(description.replace("_No response_", "support", 1))[1]["decision"] == value
        )


def test_the_proposal_form_is_linked_empty() -> None:
    github = parse_qs(urlsplit(propose_url(GITHUB) or "").query)
    assert github == {"template": ["proposal.yml"], "title": ["Proposal: "]}
    gitlab = parse_qs(urlsplit(propose_url(GITLAB) or "").query)["issue[description]"][0]
    assert gitlab == "### Title\n\n_No response_\n\n### Type\n\n_No response_\n\n" \
        "### Process\n\n_No response_"  # fmt: skip


@pytest.mark.parametrize(
    "repository",
    [
        None,
        {"host": "github"},
        {"host": "bitbucket", "url": "https://bitbucket.org/x/y"},
        {"host": "github", "url": "http://github.com/x/y"},
        {"host": "github", "url": "javascript:alert(1)//github.com/x"},
        {"host": "github", "url": "https://evil.example@github.com/x/y"},
        {"host": "github", "url": "https://github.com/x/y?template=evil.yml"},
        {"host": "github", "url": "https://github.com/x/y#top"},
        {"host": "github", "url": "https://github.com"},
        {"host": "gitlab", "url": "https://gitlab.com/x/y\n"},
    ],
)
def test_no_usable_repository_means_no_links(repository: object) -> None:
    manifest = {} if repository is None else {"repository": repository}
    assert vote_url(manifest, "x") is feedback_url(manifest, "x") is propose_url(manifest) is None
    if repository is not None and "url" in repository:  # type: ignore[operator]
        assert not _manifest_is_valid(manifest)  # and the schema refuses it


def _manifest_is_valid(extra: dict[str, object]) -> bool:
    manifest = {"advoc": 2, "name": "N", "default_language": "en", **extra}
    return schemas.validate("manifest", manifest, "advoc.yaml", None) == []


def test_the_manifest_takes_a_repository_with_a_branch() -> None:
    repository = {"host": "gitlab", "url": "https://gitlab.com/net/sub/registry", "branch": "main"}
    assert _manifest_is_valid({"repository": repository})
    assert form_url({"repository": repository}, "vote", decision="d")
    assert not _manifest_is_valid({"repository": {**repository, "branch": "-f"}})
    assert not _manifest_is_valid({"repository": {**repository, "url": "http://gitlab.com/x"}})


def test_the_templates_ask_what_the_reader_expects() -> None:
    """Each GitHub form has the fields advoc reads, under the same labels."""
    for form, (template, _, fields) in FORMS.items():
        data = yaml.safe_load((PROJECT / "ci/github/ISSUE_TEMPLATE" / template).read_text())
        asked = {item["id"]: item["attributes"]["label"] for item in data["body"] if "id" in item}
        assert asked == dict(fields), form
        gitlab = (PROJECT / f"ci/gitlab/issue_templates/{form}.md").read_text()
        assert [f"### {label}" for _, label in fields] == [
            line for line in gitlab.splitlines() if line.startswith("### ")
        ]


def test_the_github_forms_are_valid_issue_forms() -> None:
    templates = sorted(str(p) for p in (PROJECT / "ci/github/ISSUE_TEMPLATE").glob("*.yml"))
    result = subprocess.run(
        ["check-jsonschema", "--builtin-schema", "vendor.github-issue-forms", *templates],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_site_links_each_form(tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = run(
        "export", "--registry", str(PROJECT), "--as-of", "2026-11-23",
        "--format", "html", "--out", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    decisions = (out / "en/decisions/2026.html").read_text(encoding="utf-8")
    assert "template=vote.yml&amp;title=Vote+on+2026-confirm-lin-shu-yu-spokesperson" in decisions
    advocate = (out / "ar/advocates/layla-hamrouni.html").read_text(encoding="utf-8")
    assert "template=feedback.yml" in advocate and "about=advocate%2Flayla-hamrouni" in advocate
    ways_in = (out / "de/rules/ways-in.html").read_text(encoding="utf-8")
    assert "template=proposal.yml" in ways_in and "Eine Entscheidung vorschlagen" in ways_in
