"""The `advoc` command: one typer app, one module per command.

Each command parses its options, calls one core function and renders what
comes back. Errors a user can cause become a sentence, a hint and an exit
code here, in `main`, never a traceback.
"""

from __future__ import annotations

import os
import sys

from advoc import __version__
from advoc.errors import AdvocError, ExitCode


def main() -> None:
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

    run()


def _exit_now(code: int) -> None:
    """Exit once all output is out, without Python's teardown of every module it
    loaded (0.01 s, an eighth of git's whole run for `history`); every git
    process the command started has ended by now."""
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
