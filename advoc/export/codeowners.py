"""`advoc export --format codeowners --out FILE`: the CODEOWNERS text of
`advoc.model.owners`, written only where advoc may write: a new file, or one
whose first line says advoc generated it."""

from __future__ import annotations

import os
from pathlib import Path

from advoc.errors import UsageError
from advoc.model.owners import GENERATED, generated_host


def write(text: str, out: Path) -> None:
    """Write `text` to the file `out`, replacing it whole, only when it is new or a
    CODEOWNERS that advoc generated: advoc never overwrites a file it did not write."""
    if out.is_symlink() or (out.exists() and not out.is_file()):
        raise UsageError(
            f"{out} is not a regular file; advoc writes CODEOWNERS to a file path.",
            hint="Name the file to write, for example: --out .github/CODEOWNERS",
        )
    if out.exists() and generated_host(_start_of(out)) is None:
        raise UsageError(
            f"{out} already exists and advoc did not write it (its first line is not "
            f"'{GENERATED} ...'); advoc never overwrites files it did not create. "
            "Nothing was written.",
            hint="Move the hand-written file away, or name another path with --out.",
        )
    above = out.parent  # the nearest path above that exists: mkdir would say "File exists"
    while not above.exists() and not above.is_symlink() and above != above.parent:
        above = above.parent
    if not above.is_dir():
        raise UsageError(
            f"advoc cannot write {out}: {above} is not a folder. Nothing was written.",
            hint="Name the file to write, for example: --out .github/CODEOWNERS",
        )
    # Beside the target, so that the move is one rename; created with the usual
    # permissions (0666 less the umask), as the file is committed and read by all.
    temporary = out.parent / f".{out.name}.advoc-{os.getpid()}.tmp"
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(temporary, _NEW_FILE, 0o666)
        try:
            with os.fdopen(descriptor, "wb") as file:
                file.write(text.encode("utf-8"))
            os.replace(temporary, out)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
    except OSError as error:
        raise UsageError(
            f"advoc cannot write {out}: {error.strerror or error}. Nothing was written.",
            hint="Check that the folder exists and that you may write into it.",
        ) from None


_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


def _start_of(path: Path) -> str:
    """The first line of a file, enough to tell whether advoc wrote it."""
    try:
        with path.open("rb") as file:
            return file.readline(4096).decode("utf-8", errors="replace")
    except OSError:
        return ""  # unreadable: not known to be advoc's, so left alone
