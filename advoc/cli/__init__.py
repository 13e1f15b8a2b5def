"""The `advoc` command: one typer app, one module per command.

Each command parses its options, calls one core function and renders what
comes back. Errors a user can cause become a sentence, a hint and an exit
code here, in `main`, never a traceback.
"""

from __future__ import annotations

import sys

from advoc import __version__


def main() -> None:
    if sys.argv[1:] == ["--version"]:  # answered before importing anything heavy
        print(f"advoc {__version__}")
        return
    from advoc.cli.app import run

    run()
