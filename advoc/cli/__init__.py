"""The `advoc` command: one typer app, one module per command.

Each command parses its options, calls one core function and renders what
comes back. Errors a user can cause become a sentence, a hint and an exit
code here, in `main`, never a traceback.
"""

from __future__ import annotations

import codecs  # loaded by Python itself before any script runs: free
import os
import sys

from advoc import __version__
from advoc.errors import AdvocError, ExitCode


def main() -> None:
    _usable_output()
    arguments = sys.argv[1:]
    if arguments == ["--version"]:  # answered before importing anything heavy
        print(f"advoc {__version__}")
        return
    if arguments[:1] == ["history"]:
        # Past typer (see advoc.cli.fast): Python and typer start in 0.13 s, one and
        # a half times git's whole run, so `history` stays within 1.5x `git log`.
        from advoc.cli.fast import history

        code = history(arguments[1:])  # None: not the plain shape, so typer parses it
        if code is not None:
            _exit_now(code)
    # Here, not at the top: `--version` above and `history` answer in 0.02 s and
    # 0.09 s without typer, rich and the app, which take 0.13 s to import.
    from advoc.cli.app import run

    try:
        run()
    except SystemExit as ending:
        _flush_output(ending.code if isinstance(ending.code, int) else ExitCode.USAGE)
        if ending.code is None or isinstance(ending.code, int):
            _exit_now(ending.code or 0)
        raise
    _flush_output(ExitCode.OK)
    _exit_now(ExitCode.OK)


def _flush_output(code: int) -> None:
    """Standard output written out before the command ends: one that cannot take
    it (a full disk, `> /dev/full`, an I/O error) is said in one line, exit 2,
    rather than an internal error or Python's own message at exit."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        return  # the reader went away: `_exit_now` and `exit_code` end it quietly
    except OSError as error:
        output_failed(error)


def output_failed(error: OSError) -> None:
    """End the command: standard output could not be written."""
    _say(f"advoc: could not write the output: {error.strerror or error}.")
    try:
        sys.stderr.flush()
    finally:
        os._exit(ExitCode.USAGE)  # the unwritten output would fail again at exit


def _usable_output() -> None:
    """Standard output and error that never end a command with a traceback.

    Closed (`advoc list >&-`): Python has no stream at all, and the first write
    would fail inside typer or rich as an internal error. Standard output
    becomes one that refuses each write as a closed pipe does, so a command
    that prints ends quietly with ExitCode.CLOSED, as under `| head -c 0`, and
    one that only writes files (`export --out`) still works. A closed standard
    error swallows what is said: the exit code still tells what happened.

    Not UTF-8: registry text is in every script (Arabic, Greek, Chinese names),
    and an ASCII stream fails on the first one with UnicodeEncodeError. The C or
    POSIX locale (LANG=C, LC_ALL=C) means no locale was set up rather than a
    terminal that shows ASCII only, so UTF-8 is written there, as Python's own
    UTF-8 mode does (PEP 540): JSON and CSV read by other tools stay whole. Any
    other encoding was chosen (a Latin-1 terminal, PYTHONIOENCODING): it is
    kept, and text it cannot hold is written as backslash escapes instead of
    failing."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None:
            setattr(sys, name, _Closed(silent=name == "stderr"))
            continue
        encoding = getattr(stream, "encoding", None) or "utf-8"
        if not hasattr(stream, "reconfigure"):
            continue
        canonical = codecs.lookup(encoding).name
        if canonical == "utf-8":
            continue
        if canonical == "ascii" and not os.environ.get("PYTHONIOENCODING"):
            stream.reconfigure(encoding="utf-8", errors="backslashreplace")
        elif stream.errors == "strict":
            stream.reconfigure(errors="backslashreplace")


class _Closed:
    """A standard stream the shell closed: every write fails as a closed pipe
    does, or, `silent`, is thrown away."""

    encoding = "utf-8"
    errors = "strict"

    def __init__(self, silent: bool) -> None:
        self.silent = silent  # writes vanish instead of failing

    def write(self, text: str) -> int:
        if self.silent:
            return len(text)
        raise BrokenPipeError(32, "standard output is closed")

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise OSError(9, "standard output is closed")

    def close(self) -> None:
        pass


def _exit_now(code: int) -> None:
    """Exit once all output is out, without Python's teardown: freeing, one by one,
    every object the command made (2 s after exporting the 10,000-advocate site,
    whose registry is millions of objects) and every module it loaded (0.01 s, an
    eighth of git's whole run for `history`). Nothing is left to do at exit: every
    git process the command started has ended, its files are written and closed
    (advoc registers nothing to run at exit)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # the reader went away, the disk is full, it is closed
            code = code or ExitCode.CLOSED
    os._exit(code)


# What a command may end with that is not a bug: `exit_code` says it and gives
# the exit code, the same whether typer ran the command or `fast` did.
ENDINGS = (AdvocError, KeyboardInterrupt, BrokenPipeError)


def exit_code(ending: BaseException) -> int:
    """Say how the command ended (one of ENDINGS) and give its exit code."""
    if isinstance(ending, AdvocError):
        report_error(ending)
        return ending.exit_code
    if isinstance(ending, KeyboardInterrupt):
        _say("advoc: interrupted")
        return ExitCode.INTERRUPTED
    sys.stderr.close()  # a closed pipe: nothing more can be said
    return ExitCode.CLOSED


def report_error(error: AdvocError) -> None:
    _say(f"advoc: {error.message}")
    if error.hint:
        _say(f"hint: {error.hint}")


def report_bug(error: Exception) -> int:
    """An error advoc did not expect: a sentence saying so (the traceback with
    ADVOC_DEBUG=1), and the exit code that tells it from a user's mistake."""
    if os.environ.get("ADVOC_DEBUG"):
        raise error
    _say(f"advoc: internal error: {error!r}")
    _say(
        "hint: this is a bug in advoc, not in your registry; please report it with "
        "the command you ran. Set ADVOC_DEBUG=1 to see where it happened."
    )
    return ExitCode.BUG


def _say(line: str) -> None:
    """An error's lines quote registry text and file names: escaped for the terminal
    (`advoc.report.escape`, a module that imports nothing of advoc)."""
    from advoc.report.escape import visible  # 2.5 ms, only when there is an error to say

    sys.stderr.write(visible(line) + "\n")
    sys.stderr.flush()
