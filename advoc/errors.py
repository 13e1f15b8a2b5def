"""The errors a user can cause, and the exit codes they map to.

A finding is a problem in the registry (exit 1, reported with file and line).
A `UsageError` is a problem with how advoc was called or where it runs: no
registry found, a bad option, git missing (exit 2). Both are sentences with a
hint; neither is ever shown as a traceback.
"""

from __future__ import annotations


class ExitCode:
    """Every exit code advoc gives, in one place (plain numbers, not an enum:
    `advoc history` starts without importing `enum`)."""

    OK = 0
    FINDINGS = 1  # the registry has errors, or a proposal was refused
    USAGE = 2  # advoc could not run: a bad option, no registry, git refused
    BUG = 3  # an internal error: a bug in advoc, never the user's mistake
    CLOSED = 1  # the reader of the output went away (a closed pipe)
    INTERRUPTED = 130  # Ctrl-C, as shells report SIGINT


class AdvocError(Exception):
    exit_code = ExitCode.USAGE

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(AdvocError):
    """A bad option, an unknown record, no registry, not a git repository."""


class RefusedError(AdvocError):
    """The request was understood but refused (a proposal that adds errors)."""

    exit_code = ExitCode.FINDINGS
