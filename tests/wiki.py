"""A real MediaWiki for the tests: Debian's `mediawiki` package (1.39) installed
afresh in a temporary folder with SQLite, served by `php -S`, with users and a
bot password made by its own maintenance scripts. No mock: the tests talk to
the Action API the way advoc talks to Meta-Wiki."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

MEDIAWIKI = Path("/usr/share/mediawiki")
ADMIN_PASSWORD = "Admin-password-1"  # a throwaway wiki's, on 127.0.0.1 only


def available() -> bool:
    return shutil.which("php") is not None and (MEDIAWIKI / "maintenance/install.php").is_file()


@dataclass
class LocalWiki:
    folder: Path
    port: int

    @property
    def api(self) -> str:
        return f"http://127.0.0.1:{self.port}/api.php"

    def maintenance(self, script: str, *args: str) -> str:
        return subprocess.run(
            ["php", f"maintenance/{script}", *args],
            cwd=MEDIAWIKI,
            env={**os.environ, "MW_CONFIG_FILE": str(self.folder / "LocalSettings.php")},
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    def user(self, name: str, password: str, *, bot: bool = False) -> None:
        self.maintenance("createAndPromote.php", *(["--bot"] if bot else []), name, password)

    def bot_password(self, user: str, app: str, password: str) -> str:
        """A bot password for `user` (32 characters, as MediaWiki makes them)."""
        self.maintenance(
            "createBotPassword.php",
            "--grants",
            "basic,editpage,createeditmovepage,highvolume",
            "--appid",
            app,
            user,
            password,
        )
        return f"{user}@{app}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def local_wiki(folder: Path, extra: str = "") -> Iterator[LocalWiki]:
    """A fresh wiki in `folder`, served until the block ends (measured: 0.5 s to
    install, under 1 s until the API answers); `extra` is more PHP for its
    LocalSettings.php."""
    data = folder / "data"
    data.mkdir(parents=True)
    port = _free_port()
    wiki = LocalWiki(folder, port)
    subprocess.run(
        ["php", "maintenance/install.php", "--dbtype", "sqlite", "--dbpath", str(data),
         "--dbname", "wiki", "--server", f"http://127.0.0.1:{port}", "--scriptpath", "",
         "--confpath", str(folder), "--pass", ADMIN_PASSWORD, "--lang", "en",
         "Advoc Test Wiki", "Admin"],
        cwd=MEDIAWIKI,
        env={**os.environ, "MW_CONFIG_FILE": str(folder / "LocalSettings.php")},
        capture_output=True,
        check=True,
    )  # fmt: skip
    with open(folder / "LocalSettings.php", "a", encoding="utf-8") as settings:
        # No rate limits for the test users; sessions in the database, as `php -S` has
        # no APCu (a bot password's session is lost without a store, and login fails).
        settings.write(
            '\n$wgRateLimits = [];\n$wgGroupPermissions["*"]["noratelimit"] = true;\n'
            "$wgMainCacheType = CACHE_DB;\n$wgSessionCacheType = CACHE_DB;\n"
            "$wgPasswordAttemptThrottle = [];\n" + extra
        )
    server = subprocess.Popen(
        ["php", "-S", f"127.0.0.1:{port}", "-t", str(MEDIAWIKI)],
        cwd=MEDIAWIKI,
        env={**os.environ, "MW_CONFIG_FILE": str(folder / "LocalSettings.php")},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"{wiki.api}?action=query&format=json", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.1)
        yield wiki
    finally:
        server.terminate()
        server.wait(timeout=10)
