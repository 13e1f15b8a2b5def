"""The bot password advoc logs in with: from the environment, or from a file only
its owner can read; never from the command line, never printed."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from advoc.errors import UsageError

USER, PASSWORD, FILE = "ADVOC_WIKI_USER", "ADVOC_WIKI_PASSWORD", "ADVOC_WIKI_CREDENTIALS"


def credentials(file: Path | None = None) -> tuple[str, str]:
    """(user, password): from `file` (or $ADVOC_WIKI_CREDENTIALS), two lines
    `user=Name@app` and `password=...`; else $ADVOC_WIKI_USER and
    $ADVOC_WIKI_PASSWORD."""
    named = file or (Path(os.environ[FILE]) if os.environ.get(FILE) else None)
    if named is not None:
        return _from_file(named)
    user, password = os.environ.get(USER, ""), os.environ.get(PASSWORD, "")
    if not user or not password:
        raise UsageError(
            "advoc has no bot password to log in to the wiki with.",
            hint=f"Set {USER} (Name@app, from Special:BotPasswords) and {PASSWORD} in the "
            f"environment (a CI secret), or name a file only you can read with --credentials "
            f"or {FILE}.",
        )
    return user, password


def _from_file(path: Path) -> tuple[str, str]:
    try:
        info = path.stat()
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(
            f"advoc cannot read the credentials file {path}: "
            f"{getattr(error, 'strerror', None) or error}.",
            hint="It holds two lines: user=Name@app and password=....",
        ) from None
    if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise UsageError(
            f"The credentials file {path} can be read by others "
            f"(mode {stat.S_IMODE(info.st_mode):o}); a bot password stays its owner's.",
            hint=f"Run: chmod 600 {path}",
        )
    values = {}
    for line in text.splitlines():
        key, equals, value = line.partition("=")
        if equals and key.strip() in ("user", "password"):
            values[key.strip()] = value.strip()
    if not values.get("user") or not values.get("password"):
        raise UsageError(
            f"The credentials file {path} does not hold both lines user=... and password=...",
            hint="Write them as user=Name@app and password=THE-BOT-PASSWORD, one a line.",
        )
    return values["user"], values["password"]
