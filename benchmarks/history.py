#!/usr/bin/env python3
"""Time `advoc history`, `advoc diff` and `advoc audit` on a long history.

    python benchmarks/history.py [--keep DIR] [--runs 7]

Builds the repository with `history_repo.py` (or reuses `--keep DIR`), then
runs, interleaved round by round so that machine drift hits all alike:

- `git log --follow -- FILE`, the plain git baseline for one file's history;
- `advoc history advocate/ID --format json` on the same file (whole process),
  for the record that changes in every tenth commit (300 versions, the worst
  case) and for a typical record (the first other advocate: a few versions,
  but git still walks all 3,000 commits);
- `advoc diff HEAD~100 HEAD --format json` (two registries loaded from git
  objects and validated);
- `advoc audit --format json` (every commit of the history);
- `advoc history advocate/` (refused as a usage error before any git runs):
  the interpreter's start-up and the imports `advoc history` needs;
- the core of `advoc history` alone (`record_history`, in one Python process,
  timed inside it): what advoc adds on top of start-up.

Prints the median, minimum and maximum wall time of each, and the ratio of
`advoc history` to `git log --follow` on the same file, round by round (the
median of those ratios). Standard library only.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import run_as_installed

HERE = Path(__file__).resolve().parent


def build(folder: Path) -> str:
    if (folder / ".git").is_dir():
        first = sorted((folder / "registry/advocates").glob("*.yaml"))[0]
        return f"advocate/{first.stem}"
    output = subprocess.run(
        [sys.executable, str(HERE / "history_repo.py"), str(folder)],
        check=True,
        capture_output=True,
        text=True,
    )
    return output.stdout.strip()


CORE = """\
import sys, time
from pathlib import Path
from advoc.commands.history import record_history
start = time.perf_counter()
record_history(Path.cwd(), sys.argv[1])
print(time.perf_counter() - start)
"""


def timed(argv: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(
        argv, cwd=cwd, check=False, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    wall = time.perf_counter() - start
    return float(result.stdout) if argv[1:2] == ["-c"] else wall


def main(argv: list[str] | None = None) -> int:
    run_as_installed()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", metavar="DIR", help="build the repository here, or reuse it")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="advoc-history-"))
    target = build(folder)
    file = f"registry/advocates/{target.split('/')[1]}.yaml"
    other = next(
        path
        for path in sorted((folder / "registry/advocates").glob("*.yaml"))
        if path.name != Path(file).name
    )
    typical = f"advocate/{other.stem}"
    advoc = shutil.which("advoc") or "advoc"
    pairs = {  # advoc history beside git log --follow on the same file
        f"advoc history {target} --format json": "git log --follow -- FILE",
        f"advoc history {typical} --format json": "git log --follow -- TYPICAL",
    }
    commands = {
        "git log --follow -- FILE": ["git", "log", "--follow", "--", file],
        f"advoc history {target} --format json": [advoc, "history", target, "--format", "json"],
        "git log --follow -- TYPICAL": ["git", "log", "--follow", "--", str(other)],
        f"advoc history {typical} --format json": [advoc, "history", typical, "--format", "json"],
        "advoc diff HEAD~100 HEAD --format json": [
            advoc,
            "diff",
            "HEAD~100",
            "HEAD",
            "--as-of",
            "2026-11-23",
            "--format",
            "json",
        ],
        "advoc audit --format json": [advoc, "audit", "--format", "json"],
        "start-up and imports (advoc history advocate/)": [advoc, "history", "advocate/"],
        "record_history() alone (in-process)": [sys.executable, "-c", CORE, target],
    }
    for argv_ in commands.values():  # warm-up: page cache, .pyc files
        timed(argv_, folder)
    walls: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, argv_ in commands.items():
            walls[name].append(timed(argv_, folder))
    width = max(map(len, commands)) + 2
    print(f"{'command':<{width}}{'median s':>9}{'min s':>8}{'max s':>8}")
    for name, times in walls.items():
        print(
            f"{name:<{width}}{statistics.median(times):>9.3f}{min(times):>8.3f}{max(times):>8.3f}"
        )
    for name, baseline in pairs.items():
        record = name.split()[2]
        versions = subprocess.run(
            [
                "git",
                "log",
                "--follow",
                "--format=%H",
                "--",
                f"registry/advocates/{record[9:]}.yaml",
            ],
            cwd=folder,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.count("\n")
        ratios = [mine / git for mine, git in zip(walls[name], walls[baseline], strict=True)]
        print(
            f"advoc history / git log --follow, {record} ({versions} versions): "
            f"median {statistics.median(ratios):.2f} (min {min(ratios):.2f}, max {max(ratios):.2f})"
        )
    print(f"repository: {folder} ({args.runs} interleaved runs)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
