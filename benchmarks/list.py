#!/usr/bin/env python3
"""Time `advoc list advocates --country X --format json` on a large generated registry.

    python benchmarks/list.py [--keep DIR] [--advocates N] [--decisions M] [--runs R]
                              [--country CC] [--as-of YYYY-MM-DD] [--advoc CMD]

It generates a registry with benchmarks/generate.py into DIR (or reuses DIR when
it already holds advoc.yaml), then:

1. runs the command as a whole process, one warm-up and R timed runs, and
   prints the median, minimum and maximum wall time against the 2 s goal;
2. times the same work in this process, step by step, R times: loading the
   registry (`advoc.load.loader.load`: read, parse, schema and record checks of
   every file), building the public view (`public_registry`), the query
   (`list_records`), writing the JSON, and the last guard against leaks.

`advoc who --country CC --format json` is timed as a whole process as well.
Standard library only, apart from advoc itself for the breakdown.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import commit  # noqa: E402
from timing import run_as_installed  # noqa: E402

GOAL_SECONDS = 2.0


def ensure_registry(folder: Path, advocates: int, decisions: int) -> None:
    if (folder / "advoc.yaml").is_file():
        print(f"reusing the registry in {folder}")
    else:
        generate(folder, advocates, decisions)
    commit(folder)  # a registry lives in git: read commands reuse by git blob id


def generate(folder: Path, advocates: int, decisions: int) -> None:
    print(f"generating {advocates} advocates and {decisions} decisions in {folder} ...")
    subprocess.run(
        [
            sys.executable,
            str(HERE / "generate.py"),
            str(folder),
            "--advocates",
            str(advocates),
            "--decisions",
            str(decisions),
        ],
        check=True,
    )


def time_process(command: list[str], runs: int) -> tuple[list[float], list[float], bytes]:
    """Wall and CPU (user + system, the process and its children) times of `runs`
    runs after one warm-up, and the last run's stdout. On a busy machine the
    wall time grows with the load; the CPU time much less."""
    times: list[float] = []
    cpu: list[float] = []
    output = b""
    for run in range(runs + 1):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        result = subprocess.run(command, capture_output=True, check=False)
        elapsed = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if result.returncode != 0:
            sys.exit(f"{shlex.join(command)} failed:\n{result.stderr.decode(errors='replace')}")
        if run:
            times.append(elapsed)
            cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        output = result.stdout
    return times, cpu, output


def breakdown(folder: Path, country: str, as_of: date, runs: int) -> dict[str, list[float]]:
    """Seconds per step, in this process, `runs` times (a fresh load each time)."""
    from advoc.commands.listing import list_records
    from advoc.load.loader import load
    from advoc.model.public import public_registry
    from advoc.report.guard import checked
    from advoc.report.listing import Query, to_json

    steps: dict[str, list[float]] = {
        "load": [],
        "public view": [],
        "query": [],
        "json": [],
        "leak guard": [],
    }
    for _ in range(runs):
        started = time.perf_counter()
        registry = load(folder)
        loaded = time.perf_counter()
        public_registry(registry)
        viewed = time.perf_counter()
        listing = list_records(registry, Query("advocate", {"country": (country,)}), as_of, "en")
        queried = time.perf_counter()
        text = to_json(listing)
        written = time.perf_counter()
        checked(text, registry)
        guarded = time.perf_counter()
        for name, elapsed in zip(
            steps,
            (
                loaded - started,
                viewed - loaded,
                queried - viewed,
                written - queried,
                guarded - written,
            ),
            strict=True,
        ):
            steps[name].append(elapsed)
    return steps


def seconds(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} s (min {min(values):.2f}, max {max(values):.2f})"


def main() -> None:
    run_as_installed()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", metavar="DIR", help="registry folder to reuse or create")
    parser.add_argument("--advocates", type=int, default=10000)
    parser.add_argument("--decisions", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--country", default="DE")
    parser.add_argument("--as-of", default="2026-11-01")
    parser.add_argument("--advoc", default="advoc", help="how to run advoc (default: advoc)")
    args = parser.parse_args()

    folder = Path(args.keep or tempfile.mkdtemp(prefix="advoc-list-bench-")).resolve()
    ensure_registry(folder, args.advocates, args.decisions)
    advoc = shlex.split(args.advoc)
    common = [
        "--country",
        args.country,
        "--format",
        "json",
        "--registry",
        str(folder),
        "--as-of",
        args.as_of,
    ]

    list_times, list_cpu, output = time_process([*advoc, "list", "advocates", *common], args.runs)
    records = json.loads(output)["records"]
    who_times, who_cpu, who_output = time_process([*advoc, "who", *common], args.runs)
    speakers = json.loads(who_output)["advocates"]
    steps = breakdown(folder, args.country, date.fromisoformat(args.as_of), args.runs)

    median = statistics.median(list_times)
    print(f"\nregistry: {folder}; {args.runs} runs after a warm-up; medians\n")
    print(f"advoc list advocates {shlex.join(common)}")
    print(f"  whole process  {seconds(list_times)}  ({len(records)} advocates listed)")
    print(f"  CPU time       {seconds(list_cpu)}")
    print(f"  goal under {GOAL_SECONDS:.0f} s: {'met' if median < GOAL_SECONDS else 'NOT met'}")
    print(f"advoc who {shlex.join(common)}")
    print(f"  whole process  {seconds(who_times)}  ({len(speakers)} speakers)")
    print(f"  CPU time       {seconds(who_cpu)}")
    print(f"\nload average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print("\nin-process breakdown of the listing:")
    for name, values in steps.items():
        print(f"  {name:<12} {seconds(values)}")


if __name__ == "__main__":
    main()
