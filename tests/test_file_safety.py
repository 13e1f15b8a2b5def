"""Exports touch only what they wrote, and a bad environment ends in one clear line.

Every test runs the installed `advoc` as a subprocess on real files and real
git repositories: a closed stdout, a C locale or a stray GIT_DIR are the
process's surroundings, which no in-process runner reproduces.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ADVOC, PROJECT, git, project_repo, write_registry

FOO = "registry/advocates/foo.yaml"
BAR = "registry/advocates/bar.yaml"


def advoc(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    assert ADVOC, "advoc is not installed"
    return subprocess.run(
        [ADVOC, *args], cwd=cwd, capture_output=True, env=env or dict(os.environ), check=False
    )


def one_clear_line(done: subprocess.CompletedProcess[bytes], code: int, *words: str) -> str:
    """The exit code, and stderr one `advoc:` sentence and its hint, no traceback."""
    said = done.stderr.decode("utf-8", "replace")
    assert done.returncode == code, said
    lines = said.splitlines()
    assert lines[0].startswith("advoc: ") and "internal error" not in said, said
    assert len(lines) <= 2 and all(line.startswith(("advoc: ", "hint: ")) for line in lines)
    for word in words:
        assert word in said, said
    return said


def registry(root: Path) -> Path:
    return write_registry(
        root, {BAR: "id: bar\nusername: Bar Public\nlanguages: [en]\nregions: [ssa]\n"}
    )


def export_html(root: Path, site: Path) -> subprocess.CompletedProcess[bytes]:
    return advoc("export", "--format", "html", "--out", str(site), "--registry", str(root))


def tree(folder: Path) -> dict[str, bytes | str]:
    """Everything under `folder`, without following a link: a file's bytes, a link's target."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[relative] = "-> " + os.readlink(path)
        elif path.is_file():
            found[relative] = path.read_bytes()
    return found


# --- a file advoc did not write is never overwritten ---------------------------------


def test_a_page_of_yours_where_a_new_advocate_page_goes_is_refused(tmp_path: Path) -> None:
    root = registry(tmp_path / "network")
    site = tmp_path / "site"
    assert export_html(root, site).returncode == 0
    mine = site / "en" / "advocates" / "foo.html"
    mine.write_text("my own page", encoding="utf-8")
    assert export_html(root, site).returncode == 0  # no advocate foo yet: left alone
    write_registry(root, {FOO: "id: foo\nusername: Foo Public\nlanguages: [en]\n"})
    before = tree(site)
    done = export_html(root, site)
    one_clear_line(done, 2, "en/advocates/foo.html", "did not write", "Nothing was written")
    assert tree(site) == before
    assert mine.read_text(encoding="utf-8") == "my own page"


def test_a_page_advoc_wrote_that_became_a_link_is_not_written_through(tmp_path: Path) -> None:
    root = registry(tmp_path / "network")
    site = tmp_path / "site"
    assert export_html(root, site).returncode == 0
    outside = tmp_path / "outside.html"
    outside.write_text("not advoc's", encoding="utf-8")
    page = site / "en" / "advocates" / "bar.html"
    page.unlink()
    page.symlink_to(outside)
    before = tree(site)
    one_clear_line(export_html(root, site), 2, "bar.html", "symbolic link")
    assert tree(site) == before and outside.read_text(encoding="utf-8") == "not advoc's"


def test_a_folder_that_became_a_link_is_neither_written_nor_deleted_through(
    tmp_path: Path,
) -> None:
    root = registry(tmp_path / "network")
    site = tmp_path / "site"
    assert export_html(root, site).returncode == 0
    # Written through: the advocates' pages go into a folder that is now a link.
    elsewhere = tmp_path / "elsewhere"
    shutil.move(site / "en" / "advocates", elsewhere)
    (site / "en" / "advocates").symlink_to(elsewhere)
    (elsewhere / "bar.html").write_text("kept", encoding="utf-8")
    before, theirs = tree(site), tree(elsewhere)
    one_clear_line(export_html(root, site), 2, "advocates", "symbolic link")
    assert tree(site) == before and tree(elsewhere) == theirs
    # Deleted through: a stale page of the earlier export under a folder now a link.
    (site / "en" / "advocates").unlink()
    shutil.move(elsewhere, site / "en" / "advocates")
    old = tmp_path / "old"
    old.mkdir()
    (old / "page.html").write_text("someone else's", encoding="utf-8")
    (site / "old").symlink_to(old)
    marker = site / ".advoc-export"
    listed = json.loads(marker.read_text(encoding="utf-8"))
    listed["files"].append("old/page.html")
    marker.write_text(json.dumps(listed), encoding="utf-8")
    before = tree(site)
    one_clear_line(export_html(root, site), 2, "old", "symbolic link")
    assert tree(site) == before
    assert (old / "page.html").read_text(encoding="utf-8") == "someone else's"


def test_a_marker_that_is_a_link_is_not_trusted(tmp_path: Path) -> None:
    root = registry(tmp_path / "network")
    site = tmp_path / "site"
    assert export_html(root, site).returncode == 0
    elsewhere = tmp_path / "marker.json"
    shutil.move(site / ".advoc-export", elsewhere)
    (site / ".advoc-export").symlink_to(elsewhere)
    before = tree(site)
    one_clear_line(export_html(root, site), 2, "did not write")
    assert tree(site) == before


# --- where --out cannot be written ---------------------------------------------------


def test_a_dangling_link_as_out_is_refused(tmp_path: Path) -> None:
    root = registry(tmp_path / "network")
    link = tmp_path / "site"
    link.symlink_to(tmp_path / "nowhere" / "site")
    one_clear_line(export_html(root, link), 2, "symbolic link", "does not exist")
    assert link.is_symlink() and not (tmp_path / "nowhere").exists()


@pytest.mark.parametrize("output_format", ["html", "csv", "json"])
def test_out_inside_a_regular_file_is_refused(tmp_path: Path, output_format: str) -> None:
    root = registry(tmp_path / "network")
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mine", encoding="utf-8")
    out = str(a_file / "site")
    done = advoc("export", "--format", output_format, "--out", out, "--registry", str(root))
    one_clear_line(done, 2, "cannot write", "Not a directory")
    assert a_file.read_text(encoding="utf-8") == "mine"


def test_out_in_a_read_only_folder_is_refused(tmp_path: Path) -> None:
    """A read-only mount stops root too, where permission bits would not."""
    root = registry(tmp_path / "network")
    folder = tmp_path / "ro"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "--bind", "-o", "ro", str(folder), str(folder)], capture_output=True, check=False
    )
    if mounted.returncode != 0:
        pytest.skip("cannot make a read-only bind mount here (needs root in a namespace)")
    try:
        one_clear_line(export_html(root, folder / "site"), 2, "cannot write", "Read-only")
    finally:
        subprocess.run(["umount", str(folder)], check=True)
    assert list(folder.iterdir()) == []


def test_out_in_a_folder_without_write_permission_is_refused(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root ignores permission bits; the read-only mount test covers root")
    root = registry(tmp_path / "network")
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        one_clear_line(export_html(root, folder / "site"), 2, "cannot write")
    finally:
        folder.chmod(0o755)


def test_codeowners_to_a_link_or_under_a_file_is_refused(tmp_path: Path) -> None:
    root = registry(tmp_path / "network")
    outside = tmp_path / "theirs"
    outside.write_text("someone else's\n", encoding="utf-8")
    link = tmp_path / "CODEOWNERS"
    link.symlink_to(outside)
    dangling = tmp_path / "dangling"
    dangling.symlink_to(tmp_path / "nowhere")
    for out, words in [
        (link, ("not a regular file",)),
        (dangling, ("not a regular file",)),
        (outside / "CODEOWNERS", ("cannot write", "not a folder")),
        (outside / "sub" / "CODEOWNERS", ("cannot write", "not a folder")),
    ]:
        done = advoc("export", "--format", "codeowners", "--out", str(out), "--registry", str(root))
        one_clear_line(done, 2, *words)
    assert outside.read_text(encoding="utf-8") == "someone else's\n"
    assert not (tmp_path / "nowhere").exists()


def test_init_onto_a_regular_file_is_refused(tmp_path: Path) -> None:
    a_file = tmp_path / "network"
    a_file.write_text("mine", encoding="utf-8")
    one_clear_line(advoc("init", str(a_file)), 2, "not a folder")
    one_clear_line(advoc("init", str(a_file / "inside")), 2, "not a folder")
    assert a_file.read_text(encoding="utf-8") == "mine"


# --- git pointed elsewhere by the environment ---------------------------------------


def test_git_dir_and_work_tree_elsewhere_do_not_change_what_advoc_reads(tmp_path: Path) -> None:
    """advoc works on the repository that holds the registry: a GIT_DIR or
    GIT_WORK_TREE left in the environment (a hook, a script) is ignored."""
    root = project_repo(tmp_path / "network")
    other = tmp_path / "other"
    other.mkdir()
    git(other, "init", "--quiet", "--initial-branch=main")
    (other / "a.txt").write_text("a\n", encoding="utf-8")
    git(other, "add", "a.txt")
    git(other, "commit", "--quiet", "-m", "other")
    edited = root / "registry" / "advocates" / "lin-shu-yu.yaml"
    edited.write_text(edited.read_text(encoding="utf-8") + "bogus: 1\n", encoding="utf-8")
    plain = dict(os.environ)
    elsewhere = [
        {**plain, "GIT_WORK_TREE": str(other)},
        {**plain, "GIT_DIR": str(other / ".git")},
        {**plain, "GIT_DIR": str(other / ".git"), "GIT_WORK_TREE": str(other)},
    ]
    commands = [
        ("validate", "--changed-since", "HEAD", "--format", "json", "--as-of", "2026-11-01"),
        ("history", "advocate/lin-shu-yu"),
        ("validate", "--rev", "HEAD", "--as-of", "2026-11-01"),
    ]
    for command in commands:
        expected = advoc(*command, cwd=root, env=plain)
        assert expected.returncode in (0, 1), expected.stderr
        for env in elsewhere:
            done = advoc(*command, cwd=root, env=env)
            assert (done.returncode, done.stdout) == (expected.returncode, expected.stdout), (
                command,
                done.stderr,
            )
    edited.write_text(edited.read_text(encoding="utf-8").replace("bogus: 1\n", ""), "utf-8")
    for number, env in enumerate(elsewhere):
        done = advoc(
            "propose", "advocate", "--username", f"Zoe {number}", "--language", "sv",
            cwd=root, env=env,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert git(root, "branch", "--list", f"propose/advocate-zoe-{number}").strip()
        assert git(other, "branch", "--list").split() == ["*", "main"]


# --- stdout closed, or not UTF-8 -----------------------------------------------------


@pytest.mark.parametrize(
    "shell",
    ['"$0" list advocates --registry "$1" >&-', '"$0" list advocates --registry "$1" | head -c 0'],
    ids=["closed", "head"],
)
def test_a_closed_stdout_ends_quietly_with_the_documented_code(shell: str) -> None:
    assert ADVOC
    done = subprocess.run(
        ["bash", "-c", f"set -o pipefail; {shell}", ADVOC, str(PROJECT)],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr  # ExitCode.CLOSED
    assert done.stderr == b""


def test_a_closed_stderr_keeps_the_exit_code_of_the_error() -> None:
    assert ADVOC
    done = subprocess.run(
        ["bash", "-c", '"$0" show advocate/nobody --registry "$1" 2>&-', ADVOC, str(PROJECT)],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 2  # a usage error, though it can no longer be said


def test_a_closed_stdout_does_not_stop_an_export_into_a_folder(tmp_path: Path) -> None:
    assert ADVOC
    root = registry(tmp_path / "network")
    site = tmp_path / "site"
    shell = '"$0" export --format html --out "$1" --registry "$2" >&-'
    done = subprocess.run(
        ["bash", "-c", shell, ADVOC, str(site), str(root)],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (site / "en" / "advocates" / "bar.html").is_file()


def c_locale() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "PYTHONUTF8")}
    return {**env, "LANG": "C", "LC_ALL": "C", "PYTHONUTF8": "0"}


@pytest.mark.parametrize(
    ("advocate", "username"),
    [("layla-hamrouni", "ليلى الحمروني"), ("eleni-mavrommati", "Ελένη Μαυρομμάτη")],
)
def test_a_c_locale_prints_arabic_and_greek_names(advocate: str, username: str) -> None:
    """Under LANG=C Python's streams are ASCII: advoc writes UTF-8 there instead
    of failing on the first name outside ASCII."""
    shown = advoc("show", f"advocate/{advocate}", "--registry", str(PROJECT), env=c_locale())
    assert shown.returncode == 0, shown.stderr
    assert username.encode("utf-8") in shown.stdout
    listed = advoc("list", "advocates", "--registry", str(PROJECT), env=c_locale())
    assert listed.returncode == 0, listed.stderr
    assert "João".encode() in listed.stdout


def test_a_chosen_encoding_is_kept_and_what_it_cannot_hold_is_escaped() -> None:
    env = {**c_locale(), "PYTHONIOENCODING": "latin-1"}
    shown = advoc("show", "advocate/layla-hamrouni", "--registry", str(PROJECT), env=env)
    assert shown.returncode == 0, shown.stderr
    assert b"username \\u0644" in shown.stdout
    listed = advoc("list", "advocates", "--registry", str(PROJECT), env=env)
    assert "João".encode("latin-1") in listed.stdout
