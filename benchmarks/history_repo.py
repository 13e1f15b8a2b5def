#!/usr/bin/env python3
"""Build a git repository with a long history, for timing `advoc history`,
`advoc diff` and `advoc audit`.

    python benchmarks/history_repo.py DIR [--commits 3000] [--advocates 350]
                                         [--decisions 600] [--every 10] [--seed 1]

The first commit holds a valid registry written by `generate.py` (about 1,000
records with the defaults: advocates, decisions, groups, campaigns and rules).
Each later commit changes the `topics` of one advocate; every `--every`-th
commit changes the same advocate, the *target*, so that `advoc history` on it
walks the whole history and reads `commits / every` versions. The commits are
streamed into `git fast-import` (3,000 commits take a few seconds), then
checked out. Deterministic for the same arguments; standard library only.
Prints the target record (`advocate/ID`) on stdout.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
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


def stream(files: dict[str, bytes], commits: int, every: int, seed: int, target: str):
    """The fast-import commands, chunk by chunk."""
    rng = random.Random(seed)
    advocates = [path for path in files if path.startswith("registry/advocates/")]
    others = [path for path in advocates if path != target]

    def commit(number: int, message: str, changes: dict[str, bytes]):
        when = START + number * 3600
        yield f"commit refs/heads/main\nmark :{number}\n".encode()
        author = number % 7
        yield f"author Bench Author {author} <author{author}@example.org> {when} +0000\n".encode()
        yield f"committer Bench Committer <committer@example.org> {when} +0000\n".encode()
        data = message.encode()
        yield b"data %d\n%s\n" % (len(data), data)
        if number > 1:
            yield f"from :{number - 1}\n".encode()
        for path, content in changes.items():
            yield f"M 100644 inline {path}\ndata {len(content)}\n".encode() + content + b"\n"
        yield b"\n"

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
    for chunk in stream(files, args.commits, args.every, args.seed, target):
        importer.stdin.write(chunk)
    importer.stdin.close()
    if importer.wait() != 0:
        return 1
    subprocess.run(["git", "checkout", "--quiet", "--force", "main"], cwd=root, check=True)
    print(f"advocate/{target.rsplit('/', 1)[1][:-5]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
