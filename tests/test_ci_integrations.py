"""The CI integrations a registry adds in a few lines, run for real without the hosts.

The README's snippets are the ones run here: the GitHub workflow is checked by
GitHub's JSON Schema and by actionlint, the action's comment script runs in
node against a recorder of its requests, the GitLab component's job runs in
gitlab-ci-local's shell executor on real repositories (its merge-request note
goes to a local HTTP server that records it), and the pre-commit hook runs
from a clone with `pre-commit try-repo`.
"""

from __future__ import annotations

import http.server
import json
import os
import re
import shutil
import site
import subprocess
import sys
import threading
import venv
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import parse_qs

import feedparser
import pytest
from conftest import GIT_ENV, PROJECT, git, need, project_repo
from icalendar import Calendar

README = (PROJECT / "README.md").read_text(encoding="utf-8")
BIN = Path(sys.executable).parent
GITLAB_CI_LOCAL = PROJECT / ".ci" / "npm" / "node_modules" / ".bin" / "gitlab-ci-local"
NODE = shutil.which("node")
BROKEN = "registry/advocates/broken.yaml"


def readme_snippet(first_line: str) -> str:
    """The README's fenced YAML block that starts with `first_line`."""
    for block in re.findall(r"```yaml\n(.*?)```", README, re.DOTALL):
        if block.startswith(first_line + "\n"):
            return str(block)
    raise AssertionError(f"README.md has no YAML block starting with {first_line!r}")


def tool(name: str, *args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / name), *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **GIT_ENV},
        timeout=600,
        check=False,
    )


def check_schema(schema: str, *files: Path) -> None:
    checked = tool("check-jsonschema", "--builtin-schema", schema, *files)
    assert checked.returncode == 0, checked.stdout + checked.stderr


# --- GitHub ---------------------------------------------------------------------


def lint_readme_workflow(root: Path, name: str) -> str:
    """The README's workflow `.github/workflows/NAME`, checked by GitHub's schema and
    by actionlint as it would sit in a repository; returns its text."""
    workflow = root / ".github" / "workflows" / name
    workflow.parent.mkdir(parents=True)
    snippet = readme_snippet(f"# .github/workflows/{name}")
    workflow.write_text(snippet, encoding="utf-8")
    check_schema("vendor.github-workflows", workflow)
    git(root, "init", "--quiet")
    linted = tool("actionlint", "-no-color", workflow, cwd=root)
    assert linted.returncode == 0, linted.stdout + linted.stderr
    return snippet


def test_the_action_matches_githubs_schema() -> None:
    check_schema("vendor.github-actions", PROJECT / "action.yml")


def test_the_readme_workflow_matches_githubs_schema_and_actionlint(tmp_path: Path) -> None:
    assert "uses: wikimedia/advoc@COMMIT" in lint_readme_workflow(tmp_path, "registry.yml")


def test_the_readme_site_workflow_matches_githubs_schema_and_actionlint(tmp_path: Path) -> None:
    snippet = lint_readme_workflow(tmp_path, "site.yml")
    assert 'cron: "7 * * * *"' in snippet  # every hour
    # its export step, run as written, writes the site the Pages artifact uploads
    [export] = re.findall(r"- run: (advoc export .*)", snippet)
    repo = project_repo(tmp_path / "registry")
    ran = subprocess.run(
        export, shell=True, cwd=repo, capture_output=True, text=True, timeout=600, check=False
    )
    assert ran.returncode == 0, ran.stderr
    uploaded = re.search(r"upload-pages-artifact@\S+\n\s+with:\n\s+path: (\S+)", snippet)
    assert uploaded is not None
    assert (repo / uploaded.group(1) / "en" / "decisions.atom").is_file()


def _workflow_using_this_action(root: Path, inputs: dict[str, str]) -> Path:
    """A repository with this action at its root and a workflow that uses it as `./`,
    so that actionlint reads the action's own metadata."""
    workflow = root / ".github" / "workflows" / "registry.yml"
    workflow.parent.mkdir(parents=True)
    shutil.copy(PROJECT / "action.yml", root / "action.yml")
    with_lines = "".join(f"          {key}: {value}\n" for key, value in inputs.items())
    workflow.write_text(
        "on: [pull_request]\n"
        "jobs:\n  advoc:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n        with:\n          fetch-depth: 0\n"
        "      - uses: ./\n        id: advoc\n        with:\n" + with_lines +
        "      - run: test -f \"$REPORT\"\n        env:\n"
        "          REPORT: ${{ steps.advoc.outputs.junit-report }}\n",
        encoding="utf-8",
    )  # fmt: skip
    git(root, "init", "--quiet")
    return workflow


def test_actionlint_reads_the_actions_inputs(tmp_path: Path) -> None:
    good = _workflow_using_this_action(tmp_path / "good", {"registry": "registry-folder"})
    linted = tool("actionlint", "-no-color", good, cwd=tmp_path / "good")
    assert linted.returncode == 0, linted.stdout + linted.stderr
    # negative: a misspelt input is caught, so the check above did read action.yml
    bad = _workflow_using_this_action(tmp_path / "bad", {"registy": "."})
    linted = tool("actionlint", "-no-color", bad, cwd=tmp_path / "bad")
    assert linted.returncode == 1
    assert "registy" in linted.stdout


_HARNESS = r"""
const upsert = require(process.argv[2]);
const scenario = JSON.parse(process.argv[3]);
const requests = [];
const refuse = (what) => {
  if (scenario.refuse === what) {
    const error = new Error("Resource not accessible by integration");
    error.status = 403;
    throw error;
  }
};
const github = {
  paginate: async (method, params) => {
    requests.push({ method, params });
    return scenario.comments;
  },
  rest: { issues: {
    listComments: "listComments",
    createComment: async (params) => {
      refuse("create");
      requests.push({ method: "createComment", params });
    },
    updateComment: async (params) => {
      refuse("update");
      requests.push({ method: "updateComment", params });
    },
  } },
};
const context = {
  repo: { owner: "network", repo: "registry" },
  payload: { pull_request: { number: 7 } },
};
const warnings = [];
const core = { warning: (message) => warnings.push(message) };
upsert({ github, context, core, body: scenario.body }).then((result) => {
  process.stdout.write(JSON.stringify({ result, requests, warnings }));
});
"""


def comment(
    tmp_path: Path, body: str, comments: list[dict[str, Any]], refuse: str = ""
) -> dict[str, Any]:
    need(NODE, "node is not installed (apt-get install nodejs)")
    assert NODE is not None
    harness = tmp_path / "harness.js"
    harness.write_text(_HARNESS, encoding="utf-8")
    scenario = json.dumps({"body": body, "comments": comments, "refuse": refuse})
    script = PROJECT / "ci" / "github" / "comment.js"
    ran = subprocess.run(
        [NODE, harness, script, scenario], capture_output=True, text=True, timeout=60, check=False
    )
    assert ran.returncode == 0, ran.stderr
    result: dict[str, Any] = json.loads(ran.stdout)
    return result


BOT = {"type": "Bot"}
DIFF = "## advoc diff\n\n- Ada Lovelace: gains role spokesperson\n"
LISTED = {
    "method": "listComments",
    "params": {"owner": "network", "repo": "registry", "issue_number": 7, "per_page": 100},
}


def test_the_first_push_creates_one_comment(tmp_path: Path) -> None:
    human = {"id": 1, "user": {"type": "User"}, "body": "<!-- advoc-diff -->\nnot advoc's"}
    sent = comment(tmp_path, DIFF, [human])
    assert sent["requests"] == [
        LISTED,
        {
            "method": "createComment",
            "params": {
                "owner": "network",
                "repo": "registry",
                "issue_number": 7,
                "body": "<!-- advoc-diff -->\n" + DIFF,
            },
        },
    ]


def test_a_later_push_edits_advocs_comment_and_never_adds_one(tmp_path: Path) -> None:
    ours = {"id": 42, "user": BOT, "body": "<!-- advoc-diff -->\nolder diff\n"}
    other = {"id": 43, "user": BOT, "body": "another bot's comment"}
    sent = comment(tmp_path, DIFF, [other, ours])
    assert sent["requests"][1:] == [
        {
            "method": "updateComment",
            "params": {
                "owner": "network",
                "repo": "registry",
                "comment_id": 42,
                "body": "<!-- advoc-diff -->\n" + DIFF,
            },
        }
    ]
    unchanged = comment(tmp_path, DIFF, [{**ours, "body": "<!-- advoc-diff -->\n" + DIFF}])
    assert unchanged["requests"] == [LISTED]
    assert unchanged["result"] == "advoc: comment unchanged"


def test_a_long_diff_is_cut_to_what_github_accepts(tmp_path: Path) -> None:
    sent = comment(tmp_path, "x" * 100_000, [])
    body = sent["requests"][1]["params"]["body"]
    assert len(body) <= 65_536
    assert "the job summary has all of it" in body


def test_a_read_only_token_warns_and_does_not_fail(tmp_path: Path) -> None:
    sent = comment(tmp_path, DIFF, [], refuse="create")
    assert sent["result"] == "advoc: no comment"
    assert sent["warnings"] == [
        "advoc could not comment on the pull request (403); see the job summary"
    ]


# --- GitLab ---------------------------------------------------------------------


def test_the_components_and_the_readme_includes_match_gitlabs_schema(tmp_path: Path) -> None:
    texts = {
        "readme.yml": readme_snippet("# .gitlab-ci.yml"),
        "readme-site.yml": readme_snippet("# .gitlab-ci.yml, with the site"),
    }
    for component in ("validate", "pages"):
        header, jobs = (PROJECT / "templates" / f"{component}.yml").read_text().split("\n---\n")
        texts |= {f"{component}-header.yml": header, f"{component}-jobs.yml": jobs}
    files = []
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        files.append(tmp_path / name)
    check_schema("vendor.gitlab-ci", *files)


@pytest.fixture(scope="module")
def job_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Python for the job with the locked dependencies but not advoc: the job's
    own `pip install` puts advoc there from a commit of this repository."""
    root = tmp_path_factory.mktemp("job-python")
    venv.create(root, with_pip=False)
    [own] = (root / "lib").glob("python3*/site-packages")
    (own / "locked.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    return root / "bin"


def _registry_with_the_readme_include(
    root: Path, advoc_commit: str, broken: bool, snippet: str = "# .gitlab-ci.yml"
) -> Path:
    """The project's registry as a repository whose .gitlab-ci.yml is the README's,
    with the components included from this checkout instead of over the network."""
    repo = project_repo(root)
    for name in ("validate", "pages"):
        component = (PROJECT / "templates" / f"{name}.yml").read_text(encoding="utf-8")
        (repo / f"advoc-{name}.yml").write_text(component, encoding="utf-8")
    included = readme_snippet(snippet)
    included = re.sub(r"- remote: \S+/templates/(\w+)\.yml", r"- local: advoc-\1.yml", included)
    included = included.replace("version: COMMIT", f"version: {advoc_commit}")
    included = included.replace(
        f"version: {advoc_commit}\n",
        f"version: {advoc_commit}\n      repository: file://localhost{PROJECT}\n",
    )
    (repo / ".gitlab-ci.yml").write_text(included, encoding="utf-8")
    if broken:
        (repo / BROKEN).write_text("id: not-broken\nusername: Broken\nlanguages: [en]\n")
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--no-verify", "-m", "CI")
    git(repo, "remote", "add", "origin", "https://gitlab.example.org/network/registry.git")
    return repo


def gitlab_ci_local(
    repo: Path, job_python: Path, *variables: str, job: str = "advoc-validate"
) -> subprocess.CompletedProcess[str]:
    need(GITLAB_CI_LOCAL.exists(), "gitlab-ci-local is not installed (npm ci --prefix .ci/npm)")
    need(shutil.which("rsync"), "gitlab-ci-local needs rsync (apt-get install rsync)")
    environment = {
        **os.environ,
        "PATH": f"{job_python}{os.pathsep}{os.environ['PATH']}",
        # pip takes advoc's dependencies from the lock already installed, offline
        "PIP_NO_INDEX": "1",
        "PIP_NO_DEPS": "1",
        "PIP_NO_BUILD_ISOLATION": "0",
    }
    arguments = [str(GITLAB_CI_LOCAL), "--force-shell-executor", "--no-color"]
    for variable in variables:
        arguments += ["--variable", variable]
    return subprocess.run(
        [*arguments, job],
        cwd=repo,
        capture_output=True,
        text=True,
        env=environment,
        timeout=600,
        check=False,
    )


def advoc_commit() -> str:
    """The commit of this checkout the job installs (uncommitted edits are not in it)."""
    return git(PROJECT, "rev-parse", "HEAD").strip()


def test_the_gitlab_job_fails_on_a_broken_registry_with_reports(
    tmp_path: Path, job_python: Path
) -> None:
    repo = _registry_with_the_readme_include(tmp_path / "registry", advoc_commit(), broken=True)
    ran = gitlab_ci_local(repo, job_python)
    assert ran.returncode == 1, ran.stdout[-3000:]
    assert "FAIL" in ran.stdout
    quality = json.loads((repo / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    assert {(issue["location"]["path"], issue["severity"]) for issue in quality} >= {
        (BROKEN, "major")
    }
    junit = ElementTree.parse(repo / "advoc-junit.xml").getroot()
    failed = [
        case.get("name") for case in junit.iter("testcase") if case.find("failure") is not None
    ]
    assert BROKEN in failed


def test_the_gitlab_job_passes_on_a_clean_registry(tmp_path: Path, job_python: Path) -> None:
    repo = _registry_with_the_readme_include(tmp_path / "registry", advoc_commit(), broken=False)
    ran = gitlab_ci_local(repo, job_python)
    assert ran.returncode == 0, ran.stdout[-3000:]
    assert "PASS" in ran.stdout
    quality = json.loads((repo / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    assert all(issue["severity"] != "major" for issue in quality)
    ElementTree.parse(repo / "advoc-junit.xml")


def test_the_pages_job_publishes_the_site_with_its_feeds(tmp_path: Path, job_python: Path) -> None:
    site_include = "# .gitlab-ci.yml, with the site"
    repo = _registry_with_the_readme_include(
        tmp_path / "registry", advoc_commit(), broken=False, snippet=site_include
    )
    ran = gitlab_ci_local(repo, job_python, job="pages")
    assert ran.returncode == 0, ran.stdout[-3000:]
    public = repo / "public"
    assert (public / "index.html").is_file()
    assert (
        (public / "ar" / "who.html")
        .read_text(encoding="utf-8")
        .startswith('<!DOCTYPE html>\n<html lang="ar" dir="rtl">')
    )
    feed = feedparser.parse((public / "en" / "decisions.atom").read_bytes())
    assert not feed.bozo and feed.entries
    Calendar.from_ical((public / "deadlines.ics").read_bytes())


def test_the_pages_job_publishes_nothing_from_a_broken_registry(
    tmp_path: Path, job_python: Path
) -> None:
    site_include = "# .gitlab-ci.yml, with the site"
    repo = _registry_with_the_readme_include(
        tmp_path / "registry", advoc_commit(), broken=True, snippet=site_include
    )
    ran = gitlab_ci_local(repo, job_python, job="pages")
    assert ran.returncode == 1, ran.stdout[-3000:]
    assert "advoc publishes only a registry without errors" in ran.stdout
    assert not (repo / "public").exists()


class _GitLabNotes(http.server.BaseHTTPRequestHandler):
    """Records what the job sends to GitLab's notes API, and answers as GitLab would."""

    requests: ClassVar[list[dict[str, str]]] = []
    notes: ClassVar[list[dict[str, Any]]] = []

    def _record(self) -> str:
        length = int(self.headers.get("Content-Length") or 0)
        body = parse_qs(self.rfile.read(length).decode())["body"][0] if length else ""
        self.requests.append(
            {"method": self.command, "path": self.path, "token": self.headers["PRIVATE-TOKEN"]}
        )
        return body

    def _answer(self, data: object) -> None:
        payload = json.dumps(data).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def do_GET(self) -> None:
        self._record()
        self._answer(self.notes)

    def do_POST(self) -> None:
        note = {"id": 100 + len(self.notes), "body": self._record()}
        self.notes.append(note)
        self._answer(note)

    def do_PUT(self) -> None:
        body = self._record()
        note_id = int(self.path.rsplit("/", 1)[1])
        for note in self.notes:
            if note["id"] == note_id:
                note["body"] = body
        self._answer({"id": note_id, "body": body})

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def gitlab_api() -> Iterator[str]:
    _GitLabNotes.requests = []
    _GitLabNotes.notes = [{"id": 1, "body": "LGTM"}]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _GitLabNotes)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/api/v4"
    server.shutdown()
    server.server_close()


def test_a_merge_request_gets_one_note_edited_on_each_push(
    tmp_path: Path, job_python: Path, gitlab_api: str
) -> None:
    repo = _registry_with_the_readme_include(tmp_path / "registry", advoc_commit(), broken=False)
    base = git(repo, "rev-parse", "HEAD").strip()
    advocate = repo / "registry" / "advocates" / "lin-shu-yu.yaml"
    advocate.write_text(advocate.read_text() + "notes: Also reachable on the village pump.\n")
    git(repo, "commit", "--quiet", "--all", "-m", "A note for Lin Shu-yu")
    merge_request = (
        f"CI_API_V4_URL={gitlab_api}", "CI_PROJECT_ID=12", "CI_MERGE_REQUEST_IID=3",
        f"CI_MERGE_REQUEST_DIFF_BASE_SHA={base}", "ADVOC_GITLAB_TOKEN=glpat-test",
    )  # fmt: skip
    notes = "/api/v4/projects/12/merge_requests/3/notes"
    listed = {"method": "GET", "path": f"{notes}?sort=asc&order_by=created_at&per_page=100"}

    first = gitlab_ci_local(repo, job_python, *merge_request)
    assert first.returncode == 0, first.stdout[-3000:]
    second = gitlab_ci_local(repo, job_python, *merge_request)
    assert second.returncode == 0, second.stdout[-3000:]

    assert [{k: r[k] for k in ("method", "path")} for r in _GitLabNotes.requests] == [
        listed, {"method": "POST", "path": notes},
        listed, {"method": "PUT", "path": f"{notes}/101"},
    ]  # fmt: skip
    assert {r["token"] for r in _GitLabNotes.requests} == {"glpat-test"}
    [human, ours] = _GitLabNotes.notes
    assert human == {"id": 1, "body": "LGTM"}
    assert ours["body"].startswith("<!-- advoc-diff -->\n")
    assert "Lin Shu-yu" in ours["body"]
    assert (repo / "advoc-audit-junit.xml").exists()


# --- pre-commit -----------------------------------------------------------------


def test_the_readme_pre_commit_hook_refuses_a_broken_file(tmp_path: Path) -> None:
    """`pre-commit try-repo` installs the hook from a clone of this repository, as
    the README's snippet does from its URL, and runs it on a registry."""
    config = readme_snippet("# .pre-commit-config.yaml")
    assert "rev: COMMIT" in config
    assert "- id: advoc-validate" in config
    clone = tmp_path / "advoc"
    git(tmp_path, "clone", "--quiet", str(PROJECT), str(clone))
    repo = project_repo(tmp_path / "registry")
    (repo / BROKEN).write_text("id: not-broken\nusername: Broken\nlanguages: [en]\n")
    git(repo, "add", BROKEN)
    # the hook's environment gets the locked versions of advoc's dependencies
    constraints = tmp_path / "constraints.txt"
    locked = (PROJECT / "requirements" / "test.txt").read_text(encoding="utf-8")
    constraints.write_text(re.sub(r" \\\n\s+--hash=\S+", "", locked), encoding="utf-8")
    ran = subprocess.run(
        [str(BIN / "pre-commit"), "try-repo", str(clone), "advoc-validate", "--all-files"],
        cwd=repo,
        capture_output=True,
        text=True,
        env={
            **os.environ, **GIT_ENV, "PIP_CONSTRAINT": str(constraints),
            "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        },
        timeout=600,
        check=False,
    )  # fmt: skip
    assert ran.returncode == 1, ran.stdout + ran.stderr
    assert "advoc validate" in ran.stdout
    assert BROKEN in ran.stdout
    assert "Failed" in ran.stdout


# --- the README's own install command -----------------------------------------


def test_ci_installs_what_the_readme_tells_a_newcomer_to_install() -> None:
    first = re.search(r"```sh\n(python3 -m venv .*?)\n```", README)
    assert first is not None
    steps = [step.strip() for step in first.group(1).split("&&")]
    ci = (PROJECT / ".ci" / "run").read_text(encoding="utf-8")
    for step in steps:
        if step.startswith("pip install"):
            pattern = re.escape(step).replace(
                "pip\\ install", r"pip install(?: --quiet)?(?: --require-hashes)?"
            )
            assert re.search(pattern, ci), f".ci/run does not run the README's step: {step}"
    assert "advoc validate" in steps


def test_the_readme_issue_workflow_matches_githubs_schema_and_actionlint(tmp_path: Path) -> None:
    snippet = lint_readme_workflow(tmp_path, "issue-to-proposal.yml")
    assert "advoc propose from-issue --body issue.md" in snippet
    assert "${{ github.event.issue.body }}" not in snippet.split("run: |")[1]  # no injection
