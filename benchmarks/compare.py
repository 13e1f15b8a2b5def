"""Time two commands side by side: before and after a change, run alternately.

    python benchmarks/compare.py [-n 5] [--warmup 1] --before CMD --after CMD

Each command is a shell command line (so it may clean its output folder
first: `rm -rf /tmp/out && advoc export ...`). After the warm-up runs, the
two run in turn, B A B A ..., so that a machine that gets busier or quieter
weighs on both alike. Prints, for each, the median, minimum and maximum of
the wall time, the CPU time (user and system; it moves less than the wall on
a busy machine) and the largest process's memory, then the ratio after/before
of the wall and CPU times, pair by pair (the median of the ratios).

Standard library only. A command that fails stops the comparison.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass

from timing import run_as_installed


@dataclass
class Run:
    wall: float  # seconds
    cpu: float  # seconds, user and system, of the command and its children
    memory: int  # KiB, the largest process (ru_maxrss)


def timed(command: str) -> Run:
    start = time.perf_counter()
    process = subprocess.Popen(["sh", "-c", command], stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed (exit {os.waitstatus_to_exitcode(status)}): {command}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)


def summary(name: str, runs: list[Run]) -> str:
    def spread(values: list[float], unit: str) -> str:
        return f"{statistics.median(values):.2f}{unit} ({min(values):.2f}-{max(values):.2f})"

    memory = max(run.memory for run in runs) / 1024
    return (
        f"{name:7} wall {spread([r.wall for r in runs], ' s')}, "
        f"CPU {spread([r.cpu for r in runs], ' s')}, largest process {memory:.0f} MiB"
    )


def main() -> None:
    run_as_installed()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--runs", type=int, default=5, help="runs of each, after warm-up")
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs of each first")
    parser.add_argument("--before", required=True, help="the command before the change")
    parser.add_argument("--after", required=True, help="the command after it")
    args = parser.parse_args()

    for _ in range(args.warmup):
        timed(args.before)
        timed(args.after)
    before: list[Run] = []
    after: list[Run] = []
    for _ in range(args.runs):
        before.append(timed(args.before))
        after.append(timed(args.after))
    print(summary("before", before))
    print(summary("after", after))
    walls = [a.wall / b.wall for a, b in zip(after, before, strict=True)]
    cpus = [a.cpu / b.cpu for a, b in zip(after, before, strict=True) if b.cpu > 0]
    cpu = f"{statistics.median(cpus):.2f}x" if cpus else "not measured (no CPU time)"
    print(
        f"after/before, pair by pair: wall {statistics.median(walls):.2f}x, "
        f"CPU {cpu} ({args.runs} pairs)"
    )


if __name__ == "__main__":
    main()
