"""The only user of git.

git is run as a subprocess with repository-configured programs switched off,
so that reading a repository never runs its hooks or fsmonitor command.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from advoc.errors import UsageError
from advoc.git.start import FACTS_ARGS, SAFE_CONFIG, Running, environment, file_log_args

if TYPE_CHECKING:
    import subprocess
    from pathlib import Path  # not imported to run: `advoc history` works with str paths

    StrPath = str | os.PathLike[str]

T = TypeVar("T")


def git(
    root: StrPath,
    *args: str,
    check: bool = True,
    input_text: str | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    import subprocess  # here, not above: `advoc history` starts git without it

    require_git()
    result = subprocess.run(
        ["git", *SAFE_CONFIG, *args],
        cwd=root,
        env=environment(**(env or {})),
        input=input_text,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        check=False,
    )
    if check and result.returncode != 0:
        raise GitError(args, result.stderr.strip())
    return result


def require_git() -> None:
    """A usage error if there is no git to run."""
    import shutil

    if shutil.which("git") is None:
        raise UsageError("git is not installed.", hint="Install git and run the command again.")


class GitError(UsageError):
    def __init__(self, args: tuple[str, ...], stderr: str) -> None:
        hint = None
        if "not a git repository" in stderr:
            hint = "Run the command inside a git repository (or create one with `advoc init`)."
        elif "dubious ownership" in stderr:
            hint = (
                "git refuses repositories owned by another user; run advoc as the owner. "
                "advoc never changes git's safe.directory setting for you."
            )
        super().__init__(f"git {args[0]} failed: {stderr or 'no reason given'}", hint=hint)


def changed_files(root: Path, since: str, rev: str | None = None) -> set[str]:
    """Files (relative to `root`) that differ from revision `since`: committed,
    staged, unstaged and untracked changes alike; or, with `rev`, the files
    that differ between the two revisions."""
    inside = git(root, "rev-parse", "--is-inside-work-tree", check=False)
    if inside.returncode != 0:
        raise UsageError(
            f"--changed-since needs git history, but {root} is not a git repository "
            "(nor inside one).",
            hint="Run it in a clone of the registry, or leave out --changed-since.",
        )
    commit = commit_of(root, since, option="--changed-since")
    if rev is not None:
        other = commit_of(root, rev, option="--rev")
        diff = git(
            root, "diff", "-z", "--name-only", "--relative", "--no-renames", commit, other, "--"
        )
        return {name for name in diff.stdout.split("\0") if name}
    diff = git(
        root,
        "diff-index",
        "-z",
        "--name-only",
        "--relative",
        "--no-renames",
        commit,
        "--",
        env=_filter_drivers_off(root),
    )
    untracked = git(root, "ls-files", "-z", "--others", "--exclude-standard")
    return {name for name in (diff.stdout + untracked.stdout).split("\0") if name}


IDENTITY_HINT = (
    'Set your name and e-mail once: git config --global user.name "Your Name" and '
    'git config --global user.email "you@example.org".'
)


def has_identity(root: Path) -> bool:
    """Whether git knows an author and a committer from its configuration or
    environment; `user.useConfigOnly` stops it from guessing a name from the host."""
    return not any(
        git(root, "-c", "user.useConfigOnly=true", "var", who, check=False).returncode
        for who in ("GIT_AUTHOR_IDENT", "GIT_COMMITTER_IDENT")
    )


def require_identity(root: Path) -> None:
    """Refuse, with the commands that fix it, when git has no identity configured."""
    if not has_identity(root):
        raise UsageError(
            "git does not know who you are, and advoc never invents an author.",
            hint=IDENTITY_HINT,
        )


def top_level(root: Path) -> Path:
    """The top folder of the git repository holding `root`; a usage error outside one."""
    result = git(root, "rev-parse", "--show-toplevel", check=False)
    if result.returncode != 0:
        raise UsageError(
            f"{root} is not in a git repository, so it has no revisions to read.",
            hint="Run the command in a clone of the registry (or leave out --rev).",
        )
    from pathlib import Path

    return Path(result.stdout.strip()).resolve()


def commit_of(root: Path, rev: str, option: str = "revision") -> str:
    """The commit id `rev` names; a usage error (never an option) when it names none."""
    if rev.startswith("-"):
        raise UsageError(f"{option} '{rev}' is not a revision: it starts with '-'.")
    resolved = git(
        root,
        "rev-parse",
        "--verify",
        "--quiet",
        "--end-of-options",
        f"{rev}^{{commit}}",
        check=False,
    )
    if resolved.returncode != 0:
        hint = "Use a branch, tag or commit id (see `git log --oneline`)."
        if is_shallow(root):
            hint += " " + SHALLOW_HINT
        raise UsageError(
            f"{option} names '{rev}', which is not a commit in this repository.", hint=hint
        )
    return resolved.stdout.strip()


ZERO = "0" * 40


def _run(
    root: StrPath, args: list[str], data: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    import subprocess

    result = subprocess.run(
        ["git", *SAFE_CONFIG, *args],
        cwd=root,
        input=data,
        capture_output=True,
        env=env if env is not None else environment(),
        check=False,
    )
    if result.returncode != 0:
        raise GitError(tuple(args), result.stderr.decode("utf-8", "replace").strip())
    return result


def author_name(root: Path) -> str:
    """The name git would write as author (after `require_identity`)."""
    ident = git(root, "-c", "user.useConfigOnly=true", "var", "GIT_AUTHOR_IDENT").stdout
    return ident.rsplit("<", 1)[0].strip()


def is_shallow(root: Path) -> bool:
    return git(root, "rev-parse", "--is-shallow-repository", check=False).stdout.strip() == "true"


def build_commit(
    root: Path,
    base: str | None,
    changes: dict[str, bytes | None],
    message: str,
    as_added: dict[str, str] | None = None,
    identity: Identity | None = None,
) -> str:
    """A commit whose tree is `base`'s with `changes` (repository paths) applied
    (with no `base`: a first commit, without a parent, holding `changes` alone).
    Files in `as_added` (repository path -> path from `root`) are stored as
    `git add` would store them there (line endings, the repository's attributes),
    but for filter drivers, which never run (see `_filter_drivers_off`).

    Built with a temporary index of its own and git plumbing: the user's index,
    working tree, HEAD and branches are never read or written. With `identity`,
    that identity is both author and committer, at its `date`, and the commit is
    never signed (a signature names its signer): see `Identity`.
    """
    import tempfile

    with tempfile.TemporaryDirectory(prefix="advoc-") as folder:
        env = environment(GIT_INDEX_FILE=os.path.join(folder, "index"))
        _run(root, ["read-tree", base] if base else ["read-tree", "--empty"], env=env)
        filters_off = _filter_drivers_off(root)
        lines = []
        for path, content in sorted(changes.items()):
            if content is None:
                lines.append(f"0 {ZERO}\t{path}")
            else:
                # Bytes from the user's working tree are stored as `git add` would
                # store them (line endings, the repository's attributes).
                named = [f"--path={as_added[path]}"] if as_added and path in as_added else []
                hashed = _run(
                    root,
                    ["hash-object", "-w", "--stdin", *named],
                    content,
                    env=environment(**filters_off),
                )
                oid = hashed.stdout.decode().strip()
                lines.append(f"100644 {oid}\t{path}")
        _run(
            root,
            ["update-index", "-z", "--index-info"],
            "".join(line + "\0" for line in lines).encode("utf-8"),
            env=env,
        )
        tree = _run(root, ["write-tree"], env=env).stdout.decode().strip()
    parent = ["-p", base] if base else []
    unsigned = ["--no-gpg-sign"] if identity else []
    return (
        _run(
            root,
            ["commit-tree", tree, *parent, *unsigned, "-F", "-"],
            message.encode("utf-8"),
            env=identity.environment() if identity else None,
        )
        .stdout.decode()
        .strip()
    )


class Identity(NamedTuple):
    """Who a commit says made it, in place of the person running git: the
    registry's identity for anonymous submissions. `date` is git's date format
    (an instant that says less than the real one: the start of the day, UTC)."""

    name: str
    email: str
    date: str

    def environment(self) -> dict[str, str]:
        return environment(
            GIT_AUTHOR_NAME=self.name,
            GIT_AUTHOR_EMAIL=self.email,
            GIT_AUTHOR_DATE=self.date,
            GIT_COMMITTER_NAME=self.name,
            GIT_COMMITTER_EMAIL=self.email,
            GIT_COMMITTER_DATE=self.date,
        )


class Checkout(NamedTuple):
    """Where a working tree stands, for committing in it."""

    top: Path  # the top folder of the working tree
    branch: str | None  # refs/heads/NAME checked out; None when HEAD is detached
    head: str | None  # the commit HEAD names; None on a branch with no commits yet
    operation: str | None  # "a rebase", "a merge", ... in progress; None when none is


_OPERATIONS = (
    ("rebase-merge", "a rebase"),
    ("rebase-apply", "a rebase or `git am`"),
    ("MERGE_HEAD", "a merge"),
    ("CHERRY_PICK_HEAD", "a cherry-pick"),
    ("REVERT_HEAD", "a revert"),
    ("sequencer", "a cherry-pick or revert of several commits"),
    ("BISECT_LOG", "a bisect"),
)


def checkout_state(root: Path) -> Checkout:
    """The branch, commit and unfinished operation of the working tree holding `root`."""
    top = top_level(root)
    branch = git(top, "symbolic-ref", "--quiet", "HEAD", check=False).stdout.strip()
    head = git(top, "rev-parse", "--verify", "--quiet", "HEAD^{commit}", check=False)
    where = git(top, "rev-parse", *(arg for name, _ in _OPERATIONS for arg in ("--git-path", name)))
    operation = next(
        (
            what
            for (_, what), path in zip(_OPERATIONS, where.stdout.splitlines(), strict=True)
            if os.path.lexists(os.path.join(top, path))
        ),
        None,
    )
    return Checkout(
        top,
        branch if branch.startswith("refs/heads/") else None,
        head.stdout.strip() if head.returncode == 0 else None,
        operation,
    )


def tracked(checkout: Checkout, paths: list[str]) -> list[str]:
    """The files under `paths` (repository paths, taken literally) that git tracks:
    in the index, or in HEAD's commit (even when deleted from the working tree)."""
    literal = {"GIT_LITERAL_PATHSPECS": "1"}
    found = git(checkout.top, "ls-files", "-z", "--", *paths, env=literal).stdout.split("\0")
    if checkout.head:
        found += git(
            checkout.top,
            "ls-tree",
            "-r",
            "-z",
            "--name-only",
            checkout.head,
            "--",
            *paths,
            env=literal,
        ).stdout.split("\0")
    return sorted({name for name in found if name})


def filter_driver(checkout: Checkout, paths: list[str]) -> str | None:
    """The name of a filter driver git's configuration defines and the repository's
    attributes apply to one of `paths`, or None. advoc stores files with filter
    drivers off (see `_filter_drivers_off`), so where one applies it would not
    store them as `git add` does."""
    configured = _configured_filters(checkout.top)
    if not configured:
        return None
    fields = git(
        checkout.top,
        "check-attr",
        "-z",
        "--stdin",
        "filter",
        input_text="".join(f"{path}\0" for path in paths),
    ).stdout.split("\0")
    return min(set(fields[2::3]) & configured, default=None)


def commit_new_files(checkout: Checkout, paths: list[str], message: str, action: str) -> str:
    """Commit the new files at `paths` (repository paths, none of them tracked yet)
    on the checked-out branch, and nothing else.

    The commit is built aside with `build_commit`. Then the user's index gains
    these files alone, as `git add` would store them (whatever else it holds,
    staged changes included, stays as it was), and last the branch moves, only
    if it still is where `checkout` saw it. A GitError when either step fails:
    the branch has not moved, and the files are at most staged."""
    assert checkout.branch is not None
    top = checkout.top
    changes: dict[str, bytes | None] = {path: (top / path).read_bytes() for path in paths}
    commit = build_commit(top, checkout.head, changes, message, {path: path for path in paths})
    git(top, "update-index", "--add", "--", *paths, env=_filter_drivers_off(top))
    git(
        top,
        "update-ref",
        "-m",
        f"{action}: {message.splitlines()[0]}",
        checkout.branch,
        commit,
        checkout.head or ZERO,
    )
    return commit


def branch_name_problem(root: Path, name: str) -> str | None:
    """Why `name` cannot be a new branch's name, or None when it can."""
    if not name or name.startswith("-"):
        return "a branch name cannot be empty or start with '-'"
    if name.startswith("refs/") or "@{" in name or name in ("@", "HEAD"):
        return "write the branch's own name, without refs/, @{...} or HEAD"
    checked = git(root, "check-ref-format", "--branch", name, check=False)
    if checked.returncode != 0 or checked.stdout.strip() != name:
        return (
            "git does not accept it as a branch name "
            "(no spaces, '..', '~', '^', ':', '?', '*', '[' or backslash)"
        )
    for other in (f"refs/tags/{name}", f"refs/remotes/{name}", f"refs/{name}"):
        if git(root, "show-ref", "--verify", "--quiet", other, check=False).returncode == 0:
            return f"it would be ambiguous with {other}"
    parts = name.split("/")
    for end in range(1, len(parts)):
        prefix = "/".join(parts[:end])
        if branch_exists(root, prefix):
            return f"a branch named '{prefix}' exists, so no branch can be named '{prefix}/...'"
    if git(root, "for-each-ref", "--count=1", f"refs/heads/{name}/", check=False).stdout.strip():
        return f"branches named '{name}/...' exist, so no branch can be named '{name}'"
    return None


def create_branch(root: Path, name: str, commit: str) -> bool:
    """Create branch `name` at `commit` only if it does not exist yet (atomically:
    of two racing creations one fails). False when it already exists."""
    result = git(
        root, "update-ref", "-m", "advoc propose", f"refs/heads/{name}", commit, ZERO, check=False
    )
    if result.returncode == 0:
        return True
    if branch_exists(root, name):
        return False
    raise GitError(("update-ref",), result.stderr.strip())


def branch_exists(root: Path, name: str) -> bool:
    return (
        git(root, "rev-parse", "--verify", "--quiet", f"refs/heads/{name}", check=False).returncode
        == 0
    )


def push(root: Path, remote: str, branch: str, options: list[str]) -> tuple[bool, str]:
    """Push only `branch` (never forced); (succeeded, what git and the host said)."""
    args = ["push", "--porcelain"]
    for option in options:
        args += ["-o", option]
    args += ["--", remote, f"refs/heads/{branch}:refs/heads/{branch}"]
    result = git(root, *args, check=False)
    said = "\n".join(part.strip() for part in (result.stderr, result.stdout) if part.strip())
    return result.returncode == 0, said


def worktree_changes(
    root: Path, base: str, tops: tuple[str, ...], base_oid: Callable[[str], str | None]
) -> tuple[dict[str, bytes | None], list[str]]:
    """The user's edits under `tops` of the registry in `root` (working tree
    against `base`: staged, unstaged, and untracked `.yaml` files), as
    {registry-relative path: bytes, or None when deleted}, and the untracked
    files left out (editor swap files, notes: `git add` them to include them).

    Reads the working tree and writes nothing: plumbing (`diff-index`) never
    refreshes the user's index, so a file whose time stamps alone changed is
    told apart by hashing it as `git add` would (`base_oid` gives the blob id
    each path has in `base`).
    """
    filters_off = _filter_drivers_off(root)
    diff = git(
        root,
        "diff-index",
        "-z",
        "--name-only",
        "--no-renames",
        "--relative",
        base,
        "--",
        *tops,
        env=filters_off,
    )
    untracked = git(root, "ls-files", "-z", "--others", "--exclude-standard", "--", *tops)
    new = [name for name in untracked.stdout.split("\0") if name]
    left_out = sorted(name for name in new if not name.endswith(".yaml"))
    wanted = {n for n in diff.stdout.split("\0") if n} | {n for n in new if n.endswith(".yaml")}
    present = sorted(name for name in wanted if (root / name).exists() and "\n" not in name)
    for name in present:
        path = root / name
        if path.is_symlink() or not path.is_file():
            raise UsageError(f"{name} is not a regular file; advoc proposes only record files.")
    hashed = git(
        root,
        "hash-object",
        "--stdin-paths",
        input_text="".join(f"{n}\n" for n in present),
        env=filters_off,
    )
    same = {
        name
        for name, oid in zip(present, hashed.stdout.split(), strict=True)
        if base_oid(name) == oid
    }
    changes: dict[str, bytes | None] = {}
    for name in sorted(wanted - same):
        path = root / name
        changes[name] = path.read_bytes() if path.exists() else None
    return changes, left_out


def _filter_drivers_off(root: Path) -> dict[str, str]:
    """The environment that switches off every filter driver git's configuration
    defines: comparing or hashing a file as `git add` would runs a driver's
    clean or process command, a command the repository's configuration names,
    like a hook. git's own line-ending conversion (core.autocrlf, `text`
    attributes) still applies.

    Given as GIT_CONFIG_COUNT entries, which take any driver name (`-c` would
    split one holding `=`), after any the user's environment already has."""
    names = _configured_filters(root)
    first = int(os.environ.get("GIT_CONFIG_COUNT", "0") or 0)
    settings = [
        (f"filter.{name}.{setting}", value)
        for name in sorted(names)
        for setting, value in (("clean", ""), ("process", ""), ("required", "false"))
    ]
    env = {"GIT_CONFIG_COUNT": str(first + len(settings))} if settings else {}
    for index, (key, value) in enumerate(settings, start=first):
        env[f"GIT_CONFIG_KEY_{index}"] = key
        env[f"GIT_CONFIG_VALUE_{index}"] = value
    return env


def _configured_filters(root: Path) -> set[str]:
    """The names of the filter drivers git's configuration defines."""
    listed = git(root, "config", "-z", "--name-only", "--get-regexp", r"^filter\.", check=False)
    if listed.returncode not in (0, 1):  # 1: no filter configured
        raise GitError(("config", "--get-regexp"), listed.stderr.strip())
    names = {key[len("filter.") : key.rindex(".")] for key in listed.stdout.split("\0") if key}
    return names - {""}


SHALLOW_HINT = (
    "This is a shallow clone: git holds only the latest commits, so older changes are "
    "missing. Fetch the whole history with `git fetch --unshallow`; in CI, use "
    "actions/checkout with `fetch-depth: 0` (GitHub Actions) or set the variable "
    "`GIT_DEPTH: 0` (GitLab CI)."
)
_NULL_BLOB = "0" * 40


def repository_prefix(root: Path, command: str) -> str:
    """Where the registry sits in its repository: "" at the top, else "folder/".

    A usage error when `root` is not inside a git repository, since `command`
    reads history.
    """
    return repository_facts(root, command)[0]


def repository_facts(
    root: StrPath, command: str, running: Running | None = None
) -> tuple[str, bool]:
    """`repository_prefix`, and whether the clone is shallow, from one git call
    (`running`, when the command started it early)."""
    if running is None:
        require_git()
        running = Running(str(root), FACTS_ARGS)
    output = running.output()
    returncode, stderr = running.finish()
    if returncode != 0:
        if "dubious ownership" in stderr:
            raise GitError(("rev-parse",), stderr.strip())
        raise UsageError(
            f"advoc {command} reads the registry's git history, but {root} is not in a "
            "git repository.",
            hint="Run it in a clone of the registry (git clone URL), not in a downloaded copy.",
        )
    prefix, _, shallow = output.partition("\n")
    return prefix.strip(), shallow.strip() == "true"


class Commit(NamedTuple):
    id: str
    author: str
    email: str
    date: str  # ISO 8601, the author date
    subject: str


class FileVersion(NamedTuple):
    """One commit's change to one file, as `git log --raw` reports it."""

    commit: Commit
    status: str  # A added, M modified, D deleted, R renamed, C copied, T type changed
    old_blob: str | None  # None when the file did not exist before
    new_blob: str | None  # None when the commit deletes it
    old_path: str | None  # the path before a rename or copy
    path: str  # relative to the top of the repository


def file_history(
    root: StrPath, path: str, convert: Callable[[bytes | None], T], log: Running | None = None
) -> Generator[tuple[FileVersion, T | None, T | None], None, None]:
    """Every commit that changed the file at `path` (relative to `root`), newest first,
    following renames, with the version before and after as `convert` makes them
    from the bytes (None where there is no such version; `convert` is given None
    when the object is missing, as in a shallow clone).

    `log` is the `git log` of this file, if the command started it early
    (`gitstart.FileLog`). One `git log` and one `git cat-file --batch`: each
    commit is given as soon as the log reports it and its versions are read,
    while the log walks on through older commits.
    """
    import codecs

    log = log or Running(str(root), file_log_args(path))

    reader = ObjectReader(root)
    contents: dict[str, T] = {}

    def versions(chunks: list[str]) -> Iterator[tuple[FileVersion, T | None, T | None]]:
        changes = [version for chunk in chunks if chunk for version in _log_chunk(chunk)]
        wanted = list(
            dict.fromkeys(
                blob
                for version in changes
                for blob in (version.new_blob, version.old_blob)
                if blob and blob not in contents
            )
        )
        for start in range(0, len(wanted), 48):
            # 48 names (3.1 KB with SHA-256 ids) fit in the smallest pipe Linux
            # gives (one page): git answers only what it has read, and its
            # answers are read next.
            batch = wanted[start : start + 48]
            for blob in batch:
                reader.request(blob)
            reader.flush()
            for blob in batch:
                contents[blob] = convert(reader.receive())
        for version in changes:
            old = contents[version.old_blob] if version.old_blob else None
            new = contents[version.new_blob] if version.new_blob else None
            yield version, old, new

    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    pending = ""
    try:
        for block in log.blocks():
            pending += decoder.decode(block)
            *complete, pending = pending.split("\x1e")
            yield from versions(complete)
        yield from versions([pending + decoder.decode(b"", final=True)])
    finally:
        reader.close()
        returncode, stderr = log.finish()
    if returncode != 0:
        if "does not have any commits yet" in stderr:
            raise no_commits_yet()
        raise GitError(("log",), stderr.strip())


def shallow_boundary(root: StrPath) -> set[str]:
    """The commits a shallow clone holds without their parents: git shows them as
    adding every file, so what they really changed cannot be known."""
    path = git(root, "rev-parse", "--git-path", "shallow").stdout.strip()
    try:
        with open(os.path.join(root, path), encoding="ascii") as file:
            text = file.read()
    except OSError:
        return set()
    return set(text.split())


def no_commits_yet() -> UsageError:
    return UsageError(
        "This repository has no commits yet, so it has no history to read.",
        hint="Commit the registry first: git add --all, then git commit -m 'Start the registry'.",
    )


def has_commits(root: Path) -> bool:
    return git(root, "rev-parse", "--verify", "--quiet", "HEAD", check=False).returncode == 0


def _log_chunk(chunk: str) -> list[FileVersion]:
    """One commit of `git log --raw -z` output (after its \\x1e) as its file changes."""
    header, _, raw = chunk.partition("\0")
    commit = Commit(*header.split("\x1f", 4))
    return list(_raw_entries(commit, raw))


def _raw_entries(commit: Commit, raw: str) -> Iterator[FileVersion]:
    fields = raw.lstrip("\n").split("\0")
    index = 0
    while index < len(fields) and fields[index].startswith(":"):
        _, _, old_blob, new_blob, status = fields[index][1:].split(" ")
        if status[0] in "RC":
            old_path, path = fields[index + 1], fields[index + 2]
            index += 3
        else:
            old_path, path = None, fields[index + 1]
            index += 2
        yield FileVersion(
            commit,
            status[0],
            None if old_blob == _NULL_BLOB else old_blob,
            None if new_blob == _NULL_BLOB else new_blob,
            old_path,
            path,
        )


def _header(line: bytes) -> tuple[bytes | None, int]:
    """`<oid> <type> <size>` of `git cat-file --batch`, or (None, 0) for `<name>
    missing` (or ambiguous): the name may hold spaces, the size is a number."""
    parts = line.split()
    if len(parts) < 3 or not parts[-1].isdigit():
        return None, 0
    return parts[-2], int(parts[-1])


class ObjectReader:
    """Reads any number of git objects through one `git cat-file --batch` process.

    Names are blob ids or `COMMIT:PATH`; `read` gives None for a name that is
    missing (as in a shallow clone) or is not a file.
    """

    def __init__(self, root: StrPath) -> None:
        try:
            self._git = Running(os.fspath(root), ["cat-file", "--batch"], stdin=True, errors=False)
        except FileNotFoundError:
            require_git()  # says git is not installed
            raise
        assert self._git.stdin is not None
        self._stdin = os.fdopen(self._git.stdin, "wb", closefd=False)
        self._stdout = os.fdopen(self._git.stdout, "rb", closefd=False)
        self._root = root
        self._ahead: dict[str, tuple[bytes | None, bytes | None]] = {}  # see `prefetch`

    def read(self, name: str) -> bytes | None:
        if "\n" in name:
            return None
        if name in self._ahead:
            kind, data = self._ahead[name]
            return data if kind == b"blob" else None
        self.request(name)
        self.flush()
        return self.receive()

    def exists(self, name: str) -> bool:
        """Whether `name` (`COMMIT:PATH`) is there, as a file or a folder."""
        if "\n" in name:
            return False
        if name in self._ahead:
            return self._ahead[name][0] is not None
        self.request(name)
        self.flush()
        return self._answer()[0] is not None

    def prefetch(self, names: Iterable[str]) -> None:
        """Read many objects ahead, so that `read` and `exists` answer them without
        a round trip each: one more `git cat-file --batch`, given every name at
        once, answers 20,000 in a few hundredths of a second, where asking them
        one by one took most of a second (an audit of 3,000 vote commits)."""
        wanted = [
            name for name in dict.fromkeys(names) if "\n" not in name and name not in self._ahead
        ]
        if wanted:
            self._ahead.update(zip(wanted, cat_file_objects(self._root, wanted), strict=True))

    def _answer(self) -> tuple[bytes | None, bytes | None]:
        """The next answer's object type and content; (None, None) when missing."""
        kind, size = _header(self._stdout.readline())
        if kind is None:
            return None, None
        return kind, self._stdout.read(size + 1)[:-1]

    def request(self, name: str) -> None:
        """Ask for an object (a name without a line break); `receive` gives the answers
        in the order asked, once `flush` has sent them."""
        self._stdin.write(name.encode("utf-8") + b"\n")

    def flush(self) -> None:
        self._stdin.flush()

    def receive(self) -> bytes | None:
        kind, data = self._answer()
        return data if kind == b"blob" else None

    def close(self) -> None:
        try:
            self._stdin.close()
        finally:
            self._stdout.close()
            self._git.finish()

    def __enter__(self) -> ObjectReader:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class LoggedCommit(NamedTuple):
    id: str
    subject: str
    parents: tuple[str, ...]
    signature: str  # git's %G?: G good, N none, E cannot be checked, ...
    decisions: tuple[str, ...]  # the values of its Advoc-Decision trailers
    files: tuple[str, ...]  # changed files, relative to the top of the repository
    author: str = ""  # name, as git records it
    email: str = ""  # the author's e-mail address, as git records it
    imports: tuple[str, ...] = ()  # the values of its Advoc-Import trailers


_LOG_FORMAT = (
    "%x1e%H%x1f%s%x1f%P%x1f{signature}%x1f%(trailers:key=Advoc-Decision,valueonly,separator=%x1d)"
    "%x1f%an%x1f%ae%x1f%(trailers:key=Advoc-Import,valueonly,separator=%x1d)"
)


def commit_log(
    root: Path, revisions: str, paths: tuple[str, ...] = (), signatures: bool = False
) -> list[LoggedCommit]:
    """The commits of `revisions` (a commit or a range) that change `paths` (all
    commits when none), newest first, with their changed files. A merge lists
    only the files it changes against every parent (`--cc`): those its own
    conflict resolution wrote; what it brings in is in the merged commits."""
    signature = "%G?" if signatures else "-"
    output = git(
        root,
        "log",
        "--full-history",
        "--cc",
        "--no-renames",  # a rule moved is one removed and one added: both need a decision
        "--name-only",
        "-z",
        "--no-color",
        f"--format={_LOG_FORMAT.format(signature=signature)}",
        "--end-of-options",
        revisions,
        "--",
        *paths,
    ).stdout
    commits = []
    for chunk in output.split("\x1e")[1:]:
        header, _, names = chunk.partition("\0")
        commit, subject, parents, signed, trailers, author, email, imports = header.split("\x1f")
        commits.append(
            LoggedCommit(
                commit,
                subject,
                tuple(parents.split()),
                signed,
                _values(trailers),
                tuple(name.strip("\n") for name in names.split("\0") if name.strip("\n")),
                author,
                email,
                _values(imports),
            )
        )
    return commits


def _values(trailers: str) -> tuple[str, ...]:
    return tuple(value.strip() for value in trailers.split("\x1d") if value.strip())


def tree_entries(
    root: Path, commit: str, prefix: str, paths: Sequence[str] | None = None
) -> Iterator[tuple[str, str, str]]:
    """(mode, blob id, path from the top) of every file under `prefix` at `commit`,
    or only of `paths` under it (files or folders, taken literally, never as patterns)."""
    wanted = [prefix + path for path in paths] if paths is not None else [prefix or "."]
    listing = git(
        root, "--literal-pathspecs", "ls-tree", "-r", "-z", "--full-tree", commit, "--", *wanted
    )
    for line in listing.stdout.split("\0"):
        if not line:
            continue
        meta, _, path = line.partition("\t")
        mode, _kind, oid = meta.split()
        yield mode, oid, path


def cat_file_batch(root: StrPath, option: str, oids: list[str]) -> bytes:
    """What `git cat-file --batch` or `--batch-check` answers for `oids`, in order."""
    request = "".join(f"{oid}\n" for oid in oids).encode()
    return _run(root, ["cat-file", option], request).stdout


def cat_file_objects(root: StrPath, names: list[str]) -> list[tuple[bytes | None, bytes | None]]:
    """(type, content) of each of `names` (blob ids or `COMMIT:PATH`, no line
    breaks), in order, from one `git cat-file --batch`; (None, None) for a name
    git does not have."""
    output = cat_file_batch(root, "--batch", names)
    answers: list[tuple[bytes | None, bytes | None]] = []
    at = 0
    for _ in names:
        end = output.index(b"\n", at)
        kind, size = _header(output[at:end])
        if kind is None:
            answers.append((None, None))
            at = end + 1
        else:
            answers.append((kind, output[end + 1 : end + 1 + size]))
            at = end + 1 + size + 1
    return answers


def commit_if_any(root: Path, name: str) -> str | None:
    """The commit `name` (a branch, tag or commit) points to, or None."""
    found = git(root, "rev-parse", "--verify", "--quiet", f"{name}^{{commit}}", check=False)
    return found.stdout.strip() if found.returncode == 0 else None


def merge_base(root: Path, one: str, other: str) -> str | None:
    """Where the histories of two commits meet, or None when they never do."""
    found = git(root, "merge-base", one, other, check=False)
    return found.stdout.strip() if found.returncode == 0 else None


def count_commits(root: Path, revisions: str) -> int:
    """How many commits `git rev-list` gives for `revisions` (A..B, or one revision)."""
    return int(git(root, "rev-list", "--count", "--end-of-options", revisions).stdout.strip())


def inside_work_tree(path: Path) -> bool:
    """Whether `path` lies inside the work tree of a git repository."""
    inside = git(path, "rev-parse", "--is-inside-work-tree", check=False)
    return inside.returncode == 0 and inside.stdout.strip() == "true"


def init_and_commit(path: Path, paths: tuple[str, ...], message: str) -> None:
    """A new repository at `path` whose first commit holds `paths`, by the
    configured identity only (user.useConfigOnly: git never invents one)."""
    git(path, "init", "--quiet")
    git(path, "add", "--", *paths)
    git(path, "-c", "user.useConfigOnly=true", "commit", "--quiet", "--no-verify", "-m", message)


def files_at(root: Path, commit: str) -> Iterator[tuple[str, bytes]]:
    """(path from the top, bytes) of every file in `commit`'s tree."""
    entries = [(oid, path) for mode, oid, path in tree_entries(root, commit, "") if mode[0] == "1"]
    with ObjectReader(root) as reader:
        for oid, _ in entries:
            reader.request(oid)
        reader.flush()
        for _, path in entries:
            data = reader.receive()
            if data is not None:
                yield path, data


def undo_new_files_commit(checkout: Checkout, paths: list[str], commit: str) -> None:
    """Undo `commit_new_files`: the branch back where `checkout` saw it (only if it
    is still at `commit`), and the files out of the index."""
    assert checkout.branch is not None
    git(
        checkout.top,
        "update-ref",
        "-m",
        "advoc: undo",
        checkout.branch,
        checkout.head or ZERO,
        commit,
        check=False,
    )
    git(checkout.top, "rm", "--cached", "--quiet", "--ignore-unmatch", "--", *paths, check=False)


def has_history(root: Path, paths: list[str]) -> list[str]:
    """The commits of all branches and tags (`--all`) that touched `paths`, newest first."""
    return git(root, "log", "--all", "--format=%H", "--", *paths).stdout.split()
