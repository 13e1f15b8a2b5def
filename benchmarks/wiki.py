#!/usr/bin/env python3
"""Time `advoc wiki publish` and `advoc wiki votes` against a local MediaWiki.

    python benchmarks/wiki.py publish --keep DIR   # the generated registry's directory
    python benchmarks/wiki.py votes [--votes 2000] [--accounts 500]

Each starts a fresh wiki with the tests' helper (tests/wiki.py: Debian's
mediawiki, SQLite, `php -S`), then times the command as a whole process.

publish: the registry of benchmarks/generate.py (give its folder with --keep;
it is copied), published once and then again unchanged.

votes: ACCOUNTS accounts cast VOTES votes on one page (each account changes
its vote a few times), imported as the page's history with importDump.php;
then `advoc wiki votes` reads the history, ties each vote to the revision
that added it, checks every account's eligibility and files the proposal.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
from wiki import local_wiki  # noqa: E402

SECRET = "q7c1u5v0k2m4n6p8r3s9t1w5a7b2c4a6"
PAGE = "Wikimedia Advocacy Network/Votes/2026 benchmark"


def timed(
    command: list[str], env: dict[str, str]
) -> tuple[float, subprocess.CompletedProcess[str]]:
    started = time.monotonic()
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    return time.monotonic() - started, result


def publish(keep: Path) -> None:
    with tempfile.TemporaryDirectory() as folder, local_wiki(Path(folder) / "wiki") as wiki:
        wiki.user("Publisher", "Publisher-password-1", bot=True)
        wiki.bot_password("Publisher", "advoc", SECRET)
        registry = Path(folder) / "registry"
        shutil.copytree(keep, registry, symlinks=True)
        manifest = registry / "advoc.yaml"
        manifest.write_text(manifest.read_text() + f"wiki:\n  api: {wiki.api}\n  prefix: D\n")
        env = {**os.environ, "ADVOC_WIKI_USER": "Publisher@advoc", "ADVOC_WIKI_PASSWORD": SECRET}
        command = ["advoc", "wiki", "publish", "--registry", str(registry), "--as-of", "2026-11-23"]
        for label in ("first publish", "again, unchanged"):
            seconds, result = timed(command, env)
            last = (result.stdout.strip().splitlines() or [""])[-1]
            print(f"{label}: {seconds:.1f} s, exit {result.returncode}: {last}", flush=True)


def dump(votes: int, accounts: int) -> str:
    """The page's history as an XML dump: opened, then one vote per revision."""
    sections = {"support": [], "oppose": [], "neutral": []}  # type: dict[str, list[str]]
    positions = list(sections)
    revisions = []

    def text() -> str:
        return "A benchmark.\n\n" + "".join(
            f"== {name.capitalize()} ==\n" + "".join(line + "\n" for line in lines)
            for name, lines in sections.items()
        )

    def revision(number: int, user: str) -> str:
        stamp = f"2026-11-01T{10 + number // 3600:02d}:{number // 60 % 60:02d}:{number % 60:02d}Z"
        return (
            f"<revision><timestamp>{stamp}</timestamp><contributor><username>"
            f"{escape(user)}</username></contributor><comment>vote</comment>"
            "<model>wikitext</model><format>text/x-wiki</format>"
            f'<text xml:space="preserve">{escape(text())}</text></revision>'
        )

    revisions.append(revision(0, "Voter 0"))
    for number in range(votes):
        user = f"Voter {number % accounts}"
        position = positions[(number * 7 + number // accounts) % 3]
        for lines in sections.values():  # a changed vote replaces the earlier one
            lines[:] = [line for line in lines if f"[[User:{user}|" not in line]
        sections[position].append(f"# {position}. [[User:{user}|{user}]]")
        revisions.append(revision(number + 1, user))
    return (
        '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/" version="0.10" '
        f'xml:lang="en"><page><title>{escape(PAGE)}</title><ns>0</ns>'
        + "".join(revisions)
        + "</page></mediawiki>\n"
    )


def votes_benchmark(votes: int, accounts: int) -> None:
    with tempfile.TemporaryDirectory() as folder, local_wiki(Path(folder) / "wiki") as wiki:
        started = time.monotonic()
        for number in range(accounts):
            wiki.user(f"Voter {number}", "Voter-password-1")
        xml = Path(folder) / "history.xml"
        xml.write_text(dump(votes, accounts), encoding="utf-8")
        wiki.maintenance("importDump.php", str(xml))
        wiki.maintenance("initEditCount.php")  # an import does not count edits
        print(f"set-up: {accounts} accounts, {votes} votes imported in "
              f"{time.monotonic() - started:.0f} s ({xml.stat().st_size // 1024} KiB)")  # fmt: skip
        registry = Path(folder) / "registry"
        shutil.copytree(HERE.parent / "tests/cases/positive/complete-registry", registry)
        manifest = registry / "advoc.yaml"
        manifest.write_text(manifest.read_text() + f"wiki:\n  api: {wiki.api}\n  prefix: D\n")
        (registry / "rules/processes/wiki-vote.yaml").write_text(
            "id: wiki-vote\nname: A vote on the wiki\napplies_to: [statement]\n"
            "eligibility_rules: {min_edits: 1, not_blocked: true}\n"
        )
        (registry / "registry/decisions/2026-benchmark.yaml").write_text(
            "id: 2026-benchmark\ntitle: A benchmark\ntype: statement\nprocess: wiki-vote\n"
            "status: adopted\nopened: 2026-10-31T00:00:00Z\nclosed: 2026-11-02T00:00:00Z\n"
            f"wiki_page: {PAGE}\n"
        )
        for old in (registry / "registry/votes").rglob("*.yaml"):
            if old.read_text().find("cast: wiki") >= 0:
                old.unlink()
        git = ["git", "-C", str(registry)]
        subprocess.run([*git, "init", "--quiet", "--initial-branch=main"], check=True)
        subprocess.run([*git, "add", "--all"], check=True)
        subprocess.run(
            [*git, "-c", "user.name=Bench", "-c", "user.email=bench@example.org", "commit",
             "--quiet", "-m", "A benchmark"], check=True,
        )  # fmt: skip
        env = {**os.environ, "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "b@example.org",
               "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "b@example.org"}  # fmt: skip
        command = ["advoc", "wiki", "votes", "2026-benchmark", "--registry", str(registry),
                   "--as-of", "2026-12-01"]  # fmt: skip
        seconds, result = timed(command, env)
        said = [line for line in result.stderr.splitlines() if "counted" in line]
        print(f"advoc wiki votes: {seconds:.1f} s, exit {result.returncode}: {said[:1]}")
        if result.returncode:
            print(result.stderr[-2000:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["publish", "votes"])
    parser.add_argument("--keep", type=Path, help="the generated registry (publish)")
    parser.add_argument("--votes", type=int, default=2000)
    parser.add_argument("--accounts", type=int, default=500)
    options = parser.parse_args()
    if options.what == "publish":
        if options.keep is None:
            parser.error("publish needs --keep DIR (a registry from benchmarks/generate.py)")
        publish(options.keep)
    else:
        votes_benchmark(options.votes, options.accounts)


if __name__ == "__main__":
    main()
