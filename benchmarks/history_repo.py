#!/usr/bin/env python3
"""Build a git repository with a long history, for timing `advoc history`,
`advoc diff` and `advoc audit`.

    python benchmarks/history_repo.py DIR [--commits 3000] [--advocates 350]
                                         [--decisions 600] [--every 10] [--seed 1] [--votes]

The first commit holds a valid registry written by `generate.py` (about 1,000
records with the defaults: advocates, decisions, groups, campaigns and rules).
Each later commit changes the `topics` of one advocate; every `--every`-th
commit changes the same advocate, the *target*, so that `advoc history` on it
walks the whole history and reads `commits / every` versions. The commits are
streamed into `git fast-import` (3,000 commits take a few seconds), then
checked out. Deterministic for the same arguments; standard library only
(but for `--votes`, which names vote files as advoc does).
Prints the target record (`advocate/ID`) on stdout.

With `--votes`, each later commit is instead a vote, as `advoc propose vote`
writes it: the voter's own file in `registry/votes/DECISION/`, committed by
the voter under the address their record lists in `accounts.git`, which is
what `advoc audit` checks for every vote. The votes go to a series of open
banner decisions, one opened every 20 days, each vote inside its window; a
voter who votes again on a decision changes their vote.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
START = 1_767_225_600  # 2026-01-01T00:00:00Z
TOPICS = [f"topic-{index}" for index in range(40)]
_TOPICS_LINE = re.compile(rb"^topics: .*$", re.MULTILINE)


def registry_files(advocates: int, decisions: int, seed: int) -> dict[str, bytes]:
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            [
                sys.executable,
                str(HERE / "generate.py"),
                folder,
                "--advocates",
                str(advocates),
                "--decisions",
                str(decisions),
                "--groups",
                "20",
                "--campaigns",
                "20",
                "--seed",
                str(seed),
                "--force",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        root = Path(folder)
        return {
            path.relative_to(root).as_posix(): path.read_bytes()
            for path in sorted(root.rglob("*"))
            if path.is_file()
        }


def with_topics(content: bytes, topics: list[str]) -> bytes:
    line = b"topics: [" + ", ".join(topics).encode() + b"]"
    if _TOPICS_LINE.search(content):
        return _TOPICS_LINE.sub(line, content, count=1)
    return content.rstrip(b"\n") + b"\n" + line + b"\n"


VOTE_DECISION_DAYS = 20  # a new decision opens every 20 days (community-vote: 30 days)


def with_account(content: bytes, address: str) -> bytes:
    return content.rstrip(b"\n") + f"\naccounts: {{git: [{address}]}}\n".encode()


def vote_stream(files: dict[str, bytes], commits: int, seed: int):
    """The fast-import commands of a history of votes (see --votes)."""
    sys.path.insert(0, str(HERE.parent))
    from advoc.model.votes import voter_key  # the file name advoc gives a vote

    rng = random.Random(seed)
    advocates = sorted(path for path in files if path.startswith("registry/advocates/"))
    voters = []
    for number, path in enumerate(advocates):
        username = re.search(rb"^username: (.+)$", files[path], re.MULTILINE)
        assert username is not None
        address = f"voter{number}@example.org"
        files[path] = with_account(files[path], address)
        voters.append((username.group(1).decode().strip("'\""), address))
    decisions = commits * 3600 // (VOTE_DECISION_DAYS * 86400) + 1
    for index in range(decisions):
        opened = START + index * VOTE_DECISION_DAYS * 86400 - 60
        files[f"registry/decisions/bench-vote-{index}.yaml"] = (
            f"id: bench-vote-{index}\ntitle: {{en: Run banner {index}}}\ntype: banner\n"
            f"process: community-vote\nstatus: open\nopened: {_stamp(opened)}\n"
            f"proposer: {voters[0][0]}\nprojects: [metawiki]\n"
            f"action: {{start: {_stamp(opened + 86400)}}}\n"
        ).encode()
    yield from _commit(1, "The registry", files, ("Bench Author", "author@example.org"))
    for number in range(2, commits + 1):
        when = START + number * 3600
        decision = f"bench-vote-{(when - START) // (VOTE_DECISION_DAYS * 86400)}"
        user, address = rng.choice(voters)
        position = rng.choice(("support", "support", "oppose", "neutral"))
        path = f"registry/votes/{decision}/{voter_key(user)}.yaml"
        content = (
            f"decision: {decision}\nuser: {_quoted(user)}\nposition: {position}\n"
            f"date: {_stamp(when)}\n"
        ).encode()
        yield from _commit(
            number, f"Vote {position} on {decision}", {path: content}, (user, address)
        )


def _stamp(moment: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(moment))


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _commit(number: int, message: str, changes: dict[str, bytes], author: tuple[str, str]):
    when = START + number * 3600
    yield f"commit refs/heads/main\nmark :{number}\n".encode()
    yield f"author {author[0]} <{author[1]}> {when} +0000\n".encode()
    yield f"committer Bench Committer <committer@example.org> {when} +0000\n".encode()
    data = message.encode()
    yield b"data %d\n%s\n" % (len(data), data)
    if number > 1:
        yield f"from :{number - 1}\n".encode()
    for path, content in changes.items():
        yield f"M 100644 inline {path}\ndata {len(content)}\n".encode() + content + b"\n"
    yield b"\n"


def stream(files: dict[str, bytes], commits: int, every: int, seed: int, target: str):
    """The fast-import commands, chunk by chunk."""
    rng = random.Random(seed)
    advocates = [path for path in files if path.startswith("registry/advocates/")]
    others = [path for path in advocates if path != target]

    def commit(number: int, message: str, changes: dict[str, bytes]):
        author = number % 7
        return _commit(
            number, message, changes, (f"Bench Author {author}", f"author{author}@example.org")
        )

    yield from commit(1, "The registry", files)
    for number in range(2, commits + 1):
        path = target if number % every == 0 else rng.choice(others)
        topics = rng.sample(TOPICS, rng.randint(1, 4))
        files[path] = with_topics(files[path], topics)
        name = path.rsplit("/", 1)[1][:-5]
        yield from commit(number, f"Update the topics of {name}", {path: files[path]})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", metavar="DIR")
    parser.add_argument("--commits", type=int, default=3000)
    parser.add_argument("--advocates", type=int, default=350)
    parser.add_argument("--decisions", type=int, default=600)
    parser.add_argument("--every", type=int, default=10, help="target changed every Nth commit")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--votes", action="store_true", help="each commit a voter's vote")
    args = parser.parse_args(argv)
    root = Path(args.dir)
    if root.exists() and any(root.iterdir()):
        parser.error(f"{root} is not empty")
    root.mkdir(parents=True, exist_ok=True)
    files = registry_files(args.advocates, args.decisions, args.seed)
    target = sorted(path for path in files if path.startswith("registry/advocates/"))[0]
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "init", "--quiet", "--initial-branch=main", str(root)], check=True)
    importer = subprocess.Popen(
        ["git", "fast-import", "--quiet"], cwd=root, stdin=subprocess.PIPE, env=env
    )
    assert importer.stdin is not None
    chunks = (
        vote_stream(files, args.commits, args.seed)
        if args.votes
        else stream(files, args.commits, args.every, args.seed, target)
    )
    for chunk in chunks:
        importer.stdin.write(chunk)
    importer.stdin.close()
    if importer.wait() != 0:
        return 1
    subprocess.run(["git", "checkout", "--quiet", "--force", "main"], cwd=root, check=True)
    print(f"advocate/{target.rsplit('/', 1)[1][:-5]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
