"""How git is started: the settings every run gets, and a process that starts
before the rest of advoc is loaded.

Only `os` is imported here. `advoc history` starts its two git processes
(`FileLog`) from the command line's arguments first thing, so that git walks
the history while Python loads advoc. Every other git run (`gitrepo`, and
`sources` for a revision's files) uses these same settings.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # as typing's, which takes longer to import than git to start
if TYPE_CHECKING:
    import subprocess
    from collections.abc import Iterator, Sequence


# Repository-configured programs stay off: reading a repository never runs its
# hooks or its fsmonitor command.
SAFE_CONFIG = ("-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false")


# The repository is always the one that holds the registry, found by git from
# the registry's folder (`git -C ROOT`). These variables would point git at
# another repository or work tree: advoc would then validate one repository's
# changes against another's files, or report a file's history as empty. They
# are left out, not refused: git hooks set GIT_DIR, and without it git finds
# the same repository from the registry's folder. GIT_INDEX_FILE stays, as a
# pre-commit hook needs it to show what is being committed.
ELSEWHERE = ("GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR")


def environment(**extra: str) -> dict[str, str]:
    """The environment git runs in: the registry's own repository (see ELSEWHERE),
    and no optional locks, so that reading never refreshes (rewrites) the user's
    index."""
    env = {name: value for name, value in os.environ.items() if name not in ELSEWHERE}
    return {**env, "GIT_OPTIONAL_LOCKS": "0", **extra}


class Running:
    """A git process whose output is read through pipes, started with
    os.posix_spawn (`subprocess` alone takes longer to import than git takes
    to start; where there is none, as on Windows, with subprocess). With
    `stdin`, `stdin` is the pipe to git's standard input; with
    `errors` off, what git writes to standard error is thrown away. Raises
    OSError when git cannot be started."""

    def __init__(
        self, root: str, args: Sequence[str], stdin: bool = False, errors: bool = True
    ) -> None:
        argv = ["git", "-C", root, *SAFE_CONFIG, *args]
        self._process: subprocess.Popen[bytes] | None = None
        if hasattr(os, "posix_spawnp"):
            self.pid, ends = _spawn(argv, stdin, errors)
        else:  # Windows has no posix_spawn: subprocess does the same, only later
            self.pid, ends = self._popen(argv, stdin, errors)
        self.stdin: int | None = ends[0] if stdin else None
        self._stdout: int | None = ends[1]
        self._stderr = ends[2]
        self._ended: tuple[int, str] | None = None

    def _popen(self, argv: list[str], stdin: bool, errors: bool) -> tuple[int, list[int]]:
        import subprocess

        self._process = subprocess.Popen(
            argv,
            env=environment(),
            stdin=subprocess.PIPE if stdin else None,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE if errors else subprocess.DEVNULL,
        )
        ends = []
        for stream in (self._process.stdin, self._process.stdout, self._process.stderr):
            if stream is None:
                ends.append(-1)
            else:  # the descriptor is this object's from now on, as with posix_spawn
                ends.append(os.dup(stream.fileno()))
                stream.close()
        return self._process.pid, ends

    @property
    def stdout(self) -> int:
        """The pipe from git's standard output, until `finish`."""
        assert self._stdout is not None
        return self._stdout

    def blocks(self) -> Iterator[bytes]:
        """What git writes to its standard output, as it comes."""
        while self._stdout is not None and (block := os.read(self._stdout, 65536)):
            yield block

    def output(self) -> str:
        return b"".join(self.blocks()).decode("utf-8", "replace")

    def finish(self) -> tuple[int, str]:
        """Wait for git to end: its exit status and what it wrote to standard error.
        Output not read by then is thrown away."""
        if self._ended is None:
            # Each descriptor is forgotten before it is closed, so that a finish
            # interrupted (Ctrl-C) and called again never closes a number twice.
            if self.stdin is not None:
                fd, self.stdin = self.stdin, None
                os.close(fd)  # git sees the end of its input
            if self._stdout is not None:
                fd, self._stdout = self._stdout, None
                os.close(fd)  # git stops at its next write, if it had more
            errors = []
            while self._stderr >= 0 and (block := os.read(self._stderr, 65536)):
                errors.append(block)
            if self._stderr >= 0:
                fd, self._stderr = self._stderr, -1
                os.close(fd)
            text = b"".join(errors).decode("utf-8", "replace")
            if self._process is not None:  # Popen waits on a handle where pids are not one
                self._ended = (self._process.wait(), text)
            else:
                self._ended = (os.waitstatus_to_exitcode(os.waitpid(self.pid, 0)[1]), text)
        return self._ended

    def stop(self) -> None:
        """End git early, its output unread."""
        if self._ended is None:
            import contextlib
            import signal

            with contextlib.suppress(ProcessLookupError):  # it has ended already
                if self._process is not None:
                    self._process.terminate()
                else:
                    os.kill(self.pid, signal.SIGTERM)
            self.finish()


def _spawn(argv: list[str], stdin: bool, errors: bool) -> tuple[int, list[int]]:
    """Start `argv` with os.posix_spawn: its pid, and this process's ends of the
    pipes to its standard input, output and error (-1 for none)."""
    ours: list[int] = []  # this process's ends of the pipes
    theirs: list[int] = []  # the child's ends, closed here once it has them
    actions: list[tuple[int, ...] | tuple[int, int, str, int, int]] = []
    for wanted, child_fd in ((stdin, 0), (True, 1), (errors, 2)):
        if not wanted:
            if child_fd == 2:
                actions.append((os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0))
            ours.append(-1)
            continue
        read_end, write_end = os.pipe()
        parent, child = (write_end, read_end) if child_fd == 0 else (read_end, write_end)
        ours.append(parent)
        theirs.append(child)
        actions.append((os.POSIX_SPAWN_DUP2, child, child_fd))
    try:
        pid = os.posix_spawnp(argv[0], argv, environment(), file_actions=actions)
    except BaseException:
        for fd in ours:
            if fd >= 0:
                os.close(fd)
        raise
    finally:
        for fd in theirs:
            os.close(fd)
    return pid, ours


COMMIT_FORMAT = "%x1e%H%x1f%an%x1f%ae%x1f%aI%x1f%s"
FACTS_ARGS = ("rev-parse", "--show-prefix", "--is-shallow-repository")


def file_log_args(path: str, also: tuple[str, ...] = ()) -> list[str]:
    """`git log` of every commit that changed the file at `path`, following renames:
    each commit's fields after a \x1e, then its raw changes, NUL-separated. The
    path is literal: `*` in a record id is not a wildcard. With `also` (more paths,
    such as the folder of a decision's votes), those too, and renames are not
    followed: git follows the renames of one path only."""
    follow = [] if also else ["--follow"]
    return [
        "--literal-pathspecs",
        "log",
        *follow,
        "--raw",
        "--no-abbrev",
        "-z",
        "--no-color",
        f"--format={COMMIT_FORMAT}",
        "--",
        path,
        *also,
    ]


class FileLog:
    """The two git processes of one file's history, started together: the
    repository's facts (where the root is inside it, whether the clone is
    shallow) and every commit that changed the file, following renames."""

    def __init__(self, root: str, path: str, also: tuple[str, ...] = ()) -> None:
        self.root = root
        self.path = path  # relative to root, "/"-separated
        self.facts = Running(root, FACTS_ARGS)
        try:
            self.log = Running(root, file_log_args(path, also))
        except BaseException:
            self.facts.stop()
            raise
        _widen(self.log.stdout)

    def stop(self) -> None:
        try:
            self.facts.stop()
        finally:
            self.log.stop()


def _widen(pipe: int) -> None:
    """Let git write up to 1 MiB ahead of what advoc has read, where Linux
    allows it: while advoc loads, and while it compares the versions it has
    read, git walks on instead of waiting for room in a 64 KiB pipe."""
    try:
        import fcntl

        fcntl.fcntl(pipe, fcntl.F_SETPIPE_SZ, 1 << 20)
    except (ImportError, AttributeError, OSError):
        pass  # not Linux, or over the user's limit: git waits for room, as it did
