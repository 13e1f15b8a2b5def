"""`advoc history` past typer, when its arguments have the plain shape.

typer and click take longer to import than git takes to walk a long history,
and `advoc history` is meant to cost little more than `git log --follow`. So
for `advoc history KIND/ID [--format text|json] [--registry PATH]`, `main`
comes here first: git is started on the record's file before anything else is
imported (`advoc.git.start.FileLog`), and Python loads the rest of advoc while git
walks. Any other shape (--help, an unknown or repeated option, -fjson, a
value that looks like an option) returns None, and typer parses it as it
parses every command, so its messages stay the only ones. Both ways run
`show_history`, and the tests hold them to the same output.
"""

from __future__ import annotations

import os
import sys

from advoc.cli import ENDINGS, exit_code, report_bug
from advoc.errors import ExitCode, UsageError
from advoc.load.root import locate, named_root, root_folder
from advoc.model.layout import kind_folder, split_reference, told_with

TYPE_CHECKING = False  # as typing's, which alone takes 10 ms to import
if TYPE_CHECKING:
    from collections.abc import Callable

    from advoc.git.start import FileLog

FORMATS = ("text", "json")
# The options of `advoc history` (advoc/cli/history.py), by the name the
# command's parameter has.
OPTIONS = {"--format": "output_format", "-f": "output_format", "--registry": "registry"}


def history(arguments: list[str]) -> int | None:
    """Run `advoc history` with these arguments and give its exit code, or None
    if they are not of the plain shape."""
    plain = plain_history(arguments)
    if plain is None:
        return None
    record, registry, output_format = plain
    return answer(
        lambda: show_history(record, registry, output_format, _head_start(record, registry))
    )


def plain_history(arguments: list[str]) -> tuple[str, str | None, str] | None:
    """The record, the registry and the output format, when the arguments of
    `advoc history` have the plain shape, which typer parses the same way."""
    given: dict[str, str | None] = {"record": None, "registry": None, "output_format": None}
    items = iter(arguments)
    for item in items:
        if not item.startswith("-"):
            if given["record"] is not None:
                return None
            given["record"] = item
            continue
        option, equals, value = item.partition("=")
        if option not in OPTIONS or (option == "-f" and equals):
            return None  # click reads -f=json as the value "=json"
        if not equals:
            value = next(items, "")
        name = OPTIONS[option]
        if given[name] is not None or not value or value.startswith("-"):
            return None
        given[name] = value
    record, output_format = given["record"], given["output_format"] or "text"
    if record is None or output_format not in FORMATS:
        return None
    return record, given["registry"], output_format


def _head_start(record: str, registry: str | None) -> FileLog | None:
    """git started on the record's file, if the record and the registry can be
    named without loading advoc; `record_history` checks that it is the right
    file, and stops it if not."""
    split = split_reference(record)
    folder = kind_folder(split[0]) if split else None
    if split is None or folder is None:
        return None
    # Before anything else of advoc: git starts walking while Python imports the
    # rest (0.06 s of imports overlap git's 0.06-0.09 s run; see the docstring).
    from advoc.git.start import FileLog

    try:
        root, found = locate(os.getcwd(), registry or named_root())
        if not found:
            return None
        relative = f"{folder}/{split[1]}.yaml"
        return FileLog(root, relative, told_with(relative))
    except OSError:  # no git, or no current folder: the command says so the usual way
        return None


def show_history(
    record: str, registry: str | None, output_format: str, started: FileLog | None = None
) -> None:
    """The body of `advoc history`, whichever way its arguments were parsed.

    Each change is written as soon as git reports it, as `git log` writes."""
    try:
        # Imported while git walks (0.06 s of imports; the module's docstring says why)
        from advoc.commands.history import json_pieces, open_history, render_pieces
        from advoc.git.repo import SHALLOW_HINT

        head, changes = open_history(root_folder(registry), record, started)
    except BaseException:  # an error, or Ctrl-C while advoc loads: git is stopped, not left walking
        if started is not None:
            started.stop()
        raise
    try:
        if head.shallow:
            sys.stderr.write(f"advoc: warning: {SHALLOW_HINT}\n")
        pieces = json_pieces if output_format == "json" else render_pieces
        for piece in pieces(head, changes):
            _write(piece)
        _write(None)
    finally:
        changes.close()  # stops git if the output failed half-way


def _write(text: str | None) -> None:
    """Write to standard output (None: flush it, so that a closed pipe is this
    command's error); a full disk or any other failure to write is said plainly."""
    try:
        if text is None:
            sys.stdout.flush()
        else:
            sys.stdout.write(text)
    except BrokenPipeError:
        raise
    except OSError as error:
        raise UsageError(f"could not write the history: {error.strerror or error}.") from None


def answer(command: Callable[[], None]) -> int:
    """Run a command's body as typer runs it (`options.handles_errors`, `app.run`):
    advoc's errors as a message, a hint and an exit code, never a traceback."""
    try:
        command()
    except ENDINGS as ending:
        return exit_code(ending)
    except Exception as error:
        return report_bug(error)
    return ExitCode.OK
