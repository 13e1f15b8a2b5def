"""What the timing scripts share: advoc runs as a user's installation runs it."""

from __future__ import annotations

import compileall
import importlib.util
import os
from pathlib import Path


def run_as_installed() -> None:
    """Give advoc its bytecode cache, as `pip install` does, and let Python keep it.

    Some machines set PYTHONDONTWRITEBYTECODE in every shell; the processes a
    benchmark starts inherit it and would compile advoc's modules from source
    on every run, 0.05-0.1 s a process that no installed advoc pays.
    """
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    spec = importlib.util.find_spec("advoc")
    if spec and spec.origin:
        compileall.compile_dir(Path(spec.origin).parent, quiet=1)
