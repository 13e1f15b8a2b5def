"""The errors a user can cause, and the exit codes they map to.

A finding is a problem in the registry (exit 1, reported with file and line).
A `UsageError` is a problem with how advoc was called or where it runs: no
registry found, a bad option, git missing (exit 2). Both are sentences with a
hint; neither is ever shown as a traceback.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


class AdvocError(Exception):
    exit_code = EXIT_USAGE

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(AdvocError):
    """A bad option, an unknown record, no registry, not a git repository."""


class RefusedError(AdvocError):
    """The request was understood but refused (a proposal that adds errors)."""

    exit_code = EXIT_FINDINGS
