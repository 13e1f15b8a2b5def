#!/usr/bin/env python3
"""Time `advoc propose vote` on a large generated registry, validation included.

    python benchmarks/propose.py [--keep DIR] [--runs R] [--advoc CMD]

It generates a registry with benchmarks/generate.py (or reuses --keep DIR),
makes it a git repository with one commit if it is not one, and picks an open
decision. Then, as whole processes:

  a) one cold run: advoc's cache folder is empty;
  b) R warm runs: what a second proposal on the same commit costs.

A vote reads and validates only its part of the registry (its decision, the
decision's votes and the rules; `advoc.propose.build.vote_scope`), so the
two differ little; other proposals read the whole registry, reusing files
by git blob id and the base's findings by commit and day.

Every run creates a real branch (bench/vote-N), as a user's proposal would; the
branches are deleted at the end. A CPU-bound loop is timed before and after,
so that figures from a busy machine can be told apart.

Standard library only; advoc is found on PATH (or given with --advoc).
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import GIT_IDENTITY, commit  # noqa: E402
from timing import run_as_installed  # noqa: E402


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, int, float]:
    """Wall seconds, peak memory (KiB, ru_maxrss) and CPU seconds (user + system)
    of one whole process. CPU time moves less than wall time on a busy machine."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        said = process.stderr.read().decode() if process.stderr else ""
        sys.exit(f"failed: {shlex.join(command)}\n{said}")

    return elapsed, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def cpu_loop() -> float:
    start = time.perf_counter()
    total = 0
    for number in range(20_000_000):
        total += number
    return time.perf_counter() - start


def open_decision(root: Path) -> tuple[str, str]:
    """An open decision without a tally, and a moment inside its vote window (an
    hour after it opened), as SOURCE_DATE_EPOCH: votes after the window are refused."""
    for path in sorted((root / "registry/decisions").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        opened = re.search(r"^opened: (\S+)$", text, re.M)
        if re.search(r"^status: open$", text, re.M) and "tally:" not in text and opened:
            moment = datetime.fromisoformat(opened.group(1).strip("'\"").replace("Z", "+00:00"))
            if moment.tzinfo is None:  # a bare date: 00:00 UTC
                moment = moment.replace(tzinfo=timezone.utc)
            return path.stem, str(int(moment.timestamp()) + 3600)
    sys.exit("no open decision without a tally in the registry")


def main() -> None:
    run_as_installed()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, help="registry folder to reuse (or create)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--advoc", default=shutil.which("advoc") or "advoc")
    args = parser.parse_args()

    root = args.keep or Path(tempfile.mkdtemp(prefix="advoc-propose-"))
    if not (root / "advoc.yaml").exists():
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(root)], check=True)
    commit(root)
    env = {**os.environ, **GIT_IDENTITY}
    decision, env["SOURCE_DATE_EPOCH"] = open_decision(root)
    cache = Path(tempfile.mkdtemp(prefix="advoc-cache-"))
    env["XDG_CACHE_HOME"] = str(cache)
    files = sum(1 for _ in root.glob("r*/**/*.yaml"))
    print(f"registry {root}: {files} files; voting on decision {decision}")
    before = cpu_loop()

    def vote(number: int) -> tuple[float, int, float]:
        return timed(
            [
                args.advoc,
                "propose",
                "vote",
                decision,
                "--support",
                "--as",
                f"Benchmark Voter {number}",
                "--branch",
                f"bench/vote-{number}",
            ],
            root,
            env,
        )

    try:
        cold = vote(0)
        warm = [vote(number) for number in range(1, args.runs + 1)]
    finally:
        branches = subprocess.run(
            ["git", "branch", "--list", "bench/vote-*", "--format=%(refname:short)"],
            cwd=root,
            capture_output=True,
            text=True,
        ).stdout.split()
        if branches:
            subprocess.run(["git", "branch", "-D", "--quiet", *branches], cwd=root, check=True)
        shutil.rmtree(cache, ignore_errors=True)
    after = cpu_loop()
    times = [seconds for seconds, _, _ in warm]
    cpu = [seconds for _, _, seconds in warm]
    print(f"CPU loop: {before:.2f} s before, {after:.2f} s after")
    print(
        f"cold (empty cache): {cold[0]:.2f} s wall, {cold[2]:.2f} s CPU, {cold[1] / 1024:.0f} MiB"
    )
    print(
        f"warm, {len(times)} runs: median {statistics.median(times):.2f} s "
        f"(min {min(times):.2f}, max {max(times):.2f}), "
        f"{max(memory for _, memory, _ in warm) / 1024:.0f} MiB; "
        f"CPU median {statistics.median(cpu):.2f} s"
    )

    print(
        "goal: under 2 s, validation included:",
        "met" if statistics.median(times) < 2 else "not met",
    )


if __name__ == "__main__":
    main()
