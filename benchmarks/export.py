#!/usr/bin/env python3
"""Time `advoc export --format html` on a large generated registry.

    python benchmarks/export.py [--keep DIR] [--runs R] [--advoc CMD] [--lang L]
                                [--again [--hourly] [--only-again]]

It generates a registry with benchmarks/generate.py (10,000 advocates, 20,000
decisions), or reuses one with --keep, then runs `advoc export --format html`
into a fresh folder R times as a whole process, and prints wall time and peak
memory (ru_maxrss from wait4, as /usr/bin/time -v reports it), and the CPU
time of all its processes, a figure other work on the machine disturbs less.
A round before them, not timed, measures the summed PSS of the process tree
(which counts the forked child's own pages but not twice those it shares
with its parent): sampling it slows the run it samples.
With --again, it then exports into one folder, and R times changes one more
advocate's topics and exports into that folder again (the case advoc keeps
the unchanged pages for, see advoc/export/reuse.py). With --hourly as well,
each export is judged an hour after the one before, as a site exported every
hour is: open decisions have been open an hour longer, and their pages, the
feeds and the calendar change with it. --only-again skips the exports into
new folders. The exports again are timed without sampling memory, which
slows them (their largest process's peak is reported).

This machine's speed swings (by 2x within an hour, seen here), so the script
also times `advoc validate` of the same registry once before the exports and
once after, as a yardstick: compare figures of two days through their ratio to
it (it took 5.7 s on the 10,000-advocate registry when the machine was fast).

The generator draws names from small pools, so a limited advocate's username
is often the name of a public one; the export then rightly refuses, since it
cannot tell the two apart. Before timing, this script gives each limited
advocate of the generated copy a username no one else has.

Standard library only; advoc is found on PATH unless --advoc names it.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import commit  # noqa: E402
from timing import run_as_installed  # noqa: E402
from validate import run  # noqa: E402  (the same measuring as the validate benchmark)

GOAL_SECONDS, GOAL_MIB = 30, 1024
AGAIN_GOAL_SECONDS = 5  # one changed advocate, exported again into the same folder


def unique_limited_usernames(registry: Path) -> int:
    changed = 0
    for path in sorted((registry / "registry/advocates").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        if re.search(r"^visibility: limited$", text, re.MULTILINE):
            changed += 1
            renamed = re.sub(
                r"^username: .*$", f"username: Limited Example {changed:04d}", text, count=1,
                flags=re.MULTILINE,
            )  # fmt: skip
            if renamed != text:  # written again, a file is hashed again by every export
                path.write_text(renamed, encoding="utf-8")
    return changed


def main() -> int:
    run_as_installed()
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep", type=Path, help="generate into (or reuse) this folder")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--advoc", default=shutil.which("advoc") or "advoc")
    parser.add_argument("--lang", help="export one language only")
    parser.add_argument(
        "--again",
        action="store_true",
        help="then, R times: change one more advocate's topics and export into the same folder",
    )
    parser.add_argument(
        "--only-again",
        action="store_true",
        help="with --again: skip the exports into new folders",
    )
    parser.add_argument(
        "--hourly",
        action="store_true",
        help="with --again: judge each export an hour after the one before",
    )
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="advoc-export-bench-"))
    registry = args.keep or work / "registry"
    if not (registry / "advoc.yaml").is_file():
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(registry)], check=True)
    print(f"limited advocates given unique usernames: {unique_limited_usernames(registry)}")
    commit(registry)  # a registry lives in git: export reuses by git blob id
    command = [*shlex.split(args.advoc), "export", "--registry", str(registry),
               "--format", "html", "--as-of", "2026-11-23"]  # fmt: skip
    if args.lang:
        command += ["--lang", args.lang]
    yardstick = [validate_seconds(args.advoc, registry)]
    print(f"yardstick: advoc validate of the registry took {yardstick[0]:.1f} s")
    walls, peaks, trees = [], [], []
    # Round 0 measures memory and is not timed: reading the process tree's PSS every
    # 20 ms walks the page tables of two processes of 600 MiB each, on a machine of
    # two cores, and slows the run it measures. Rounds 1 to R are timed, unsampled.
    for number in range(0 if args.again and args.only_again else args.runs + 1):
        out = work / f"site-{number}"
        # Each run starts with nothing left to write back: without this, run N+1
        # shares the disk with the write-back (and the freeing) of run N's 78,000
        # files, and showed up to 70% more CPU time than run N for the same work.
        os.sync()

        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        result = run([*command, "--out", str(out)], sample=number == 0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        if result.rc != 0:
            print(result.stderr, file=sys.stderr)
            return 1
        files = sum(1 for path in out.rglob("*") if path.is_file())
        peaks.append(result.maxrss / (1 << 20))
        if number == 0:
            trees.append(result.tree_rss / (1 << 20))
            print(
                f"memory round (not timed): {peaks[-1]:.0f} MiB (largest process), "
                f"{trees[-1]:.0f} MiB (process tree, PSS), {files} files"
            )
            continue
        walls.append(result.wall)
        print(
            f"run {number}: {result.wall:.1f} s ({cpu:.1f} s of CPU, all processes), "
            f"{peaks[-1]:.0f} MiB (largest process), {files} files"
        )
        # Removed only at the end: creating 78,000 files right after deleting as many
        # costs ext4 10-25 s of system time (its inode allocator avoids inodes freed
        # in the last minutes), which is not advoc's.
    for number in range(args.runs + 1):
        shutil.rmtree(work / f"site-{number}", ignore_errors=True)
    hourly = args.again and args.hourly
    if args.again and again(registry, command, work / "site-again", args.runs, hourly) != 0:
        return 1
    print(f"command: {shlex.join(command)} --out DIR")
    yardstick.append(validate_seconds(args.advoc, registry))
    print(
        f"yardstick: advoc validate took {yardstick[0]:.1f} s before the exports and "
        f"{yardstick[1]:.1f} s after"
    )
    if not walls:
        shutil.rmtree(work, ignore_errors=True)
        return 0
    wall, peak = statistics.median(walls), max(max(peaks), max(trees))
    time_goal = "met" if wall < GOAL_SECONDS else "NOT met"
    memory_goal = "met" if peak < GOAL_MIB else "NOT met"
    print(f"median {wall:.1f} s (goal < {GOAL_SECONDS} s: {time_goal}); ", end="")
    print(f"peak {peak:.0f} MiB (goal < {GOAL_MIB} MiB: {memory_goal})")
    shutil.rmtree(work, ignore_errors=True)
    return 0


def validate_seconds(advoc: str, registry: Path) -> float:
    """The wall time of `advoc validate` of the registry: the yardstick of this
    machine's speed at the moment (its exit code is not the point)."""
    return run([*shlex.split(advoc), "validate", "--registry", str(registry)], sample=False).wall


def again(registry: Path, command: list[str], site: Path, runs: int, hourly: bool = False) -> int:
    """Export into `site`, then `runs` times change one more advocate (their topics,
    which every language's lists show) and export into `site` again; with `hourly`,
    each an hour after the one before. The registry's files are restored afterwards."""

    def at(hour: int) -> list[str]:
        if not hourly:
            return command
        day = command[command.index("--as-of") + 1][:10]
        return [*command, "--as-of", f"{day}T{hour:02d}:00Z"]  # the last --as-of counts

    first = run([*at(0), "--out", str(site)])
    if first.rc != 0:
        print(first.stderr, file=sys.stderr)
        return 1
    advocates = sorted((registry / "registry" / "advocates").glob("*.yaml"))
    changed: dict[Path, str] = {}
    walls = []
    try:
        for number in range(runs):
            path = advocates[(number * 997 + 500) % len(advocates)]
            text = path.read_text(encoding="utf-8")
            changed.setdefault(path, text)
            path.write_text(
                text.replace("topics: [", f"topics: [benchmark-topic-{number}, ", 1),
                encoding="utf-8",
            )
            os.sync()
            # not sampled: reading the tree's memory every 20 ms slows the run it
            # times by up to 0.6 s (`validate.SAMPLE`); the largest process's is free
            result = run([*at(number + 1), "--out", str(site)], sample=False)
            if result.rc != 0:
                print(result.stderr, file=sys.stderr)
                return 1
            walls.append(result.wall)
            said = result.stderr.strip().splitlines()[-1]
            memory = result.maxrss / (1 << 20)
            print(f"again {number + 1}: {result.wall:.1f} s, {memory:.0f} MiB: {said}")
    finally:
        for path, text in changed.items():
            path.write_text(text, encoding="utf-8")
        shutil.rmtree(site, ignore_errors=True)
    wall = statistics.median(walls)
    verdict = "met" if wall < AGAIN_GOAL_SECONDS else "NOT met"
    when = ", each an hour later" if hourly else ""
    print(
        f"one changed advocate{when}, median {wall:.1f} s "
        f"(goal < {AGAIN_GOAL_SECONDS} s: {verdict})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
