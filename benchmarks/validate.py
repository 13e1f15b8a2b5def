#!/usr/bin/env python3
"""Time `advoc validate` against check-jsonschema on a large generated registry.

    python benchmarks/validate.py [--advocates N] [--decisions M] [--runs R] [--keep DIR]
                                  [--advoc CMD] [--check-jsonschema CMD] [--small DIR]
                                  [--as-of YYYY-MM-DD] [--json-out FILE]

It generates a registry with benchmarks/generate.py (or reuses one with --keep),
then runs, as whole processes, one warm-up round and R timed rounds, each round
interleaving the commands so that machine drift affects all of them alike:

  a) advoc validate --registry DIR --format json   (cold: --no-cache if advoc has it)
  b) check-jsonschema on the same advocate and decision files, against the
     schemas `advoc schema --out` writes; schema checks only, no references.
     Files go in batches (argument list < 1 MiB); a run's time is the sum of its
     batches' times.
  c) advoc validate again with nothing changed, using advoc's cache, if
     `advoc validate --help` mentions a cache
  d) advoc --version, and advoc validate on a small registry (--small), as
     start-up figures

Before each run of a) and c), and each batch of b), the files it reads and the
command's code are read into the page cache, untimed (`warm`), as they are in
CI right after checkout and install; this machine evicts page cache unused for
about a minute.

Wall time is measured around each process (spawn to reap). Memory is the
child's ru_maxrss from os.wait4 (the same figure as /usr/bin/time -v's
"Maximum resident set size": the largest single process of the child's tree),
plus, on Linux, the summed PSS of the whole process tree sampled every 20 ms
in an untimed round after the timed ones, since sampling slows the run it
measures
(this catches worker pools, whose processes each stay under the first figure;
PSS divides the pages a forked child shares with its parent between them,
where summed RSS would count them twice).

Standard library only; advoc and check-jsonschema are found on PATH (or given).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from timing import run_as_installed

HERE = Path(__file__).resolve().parent
GOAL_ADVOCATES, GOAL_DECISIONS = 10000, 20000
ARG_BUDGET = 1 << 20  # bytes of file arguments per check-jsonschema batch
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


# --------------------------------------------------------------------------
# running and measuring one process
# --------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{tid}/children") as fh:
                    out.extend(int(x) for x in fh.read().split())
            except OSError:
                pass
    except OSError:
        pass
    return out


def _tree_rss(pid: int) -> int:
    total = 0
    stack = [pid]
    seen = set()
    while stack:
        p = stack.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            total += _memory(p)
        except (OSError, ValueError, IndexError):
            continue
        stack.extend(_children(p))
    return total


def _memory(pid: int) -> int:
    """A process's proportional set size: each page it shares with others (a forked
    child shares the registry its parent loaded) counts as its share, so the sum
    over a tree is the memory the tree really holds. Its RSS where Linux gives no PSS."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    with open(f"/proc/{pid}/statm") as fh:
        return int(fh.read().split()[1]) * PAGE


CAN_SAMPLE = os.path.exists(f"/proc/{os.getpid()}/task/{os.getpid()}/children")
# The tree's PSS is sampled in a round of its own after the timed ones (advoc's
# commands only; check-jsonschema is one process, which ru_maxrss measures):
# reading smaps_rollup every 20 ms walks the page tables of a process that is
# allocating, and slowed the run it measured by up to 0.6 s.
SAMPLE = {"on": False}


class Result:
    __slots__ = ("maxrss", "rc", "stderr", "stdout", "tree_rss", "wall")

    def __init__(self, wall, maxrss, tree_rss, rc, stdout, stderr):
        self.wall, self.maxrss, self.tree_rss = wall, maxrss, tree_rss
        self.rc, self.stdout, self.stderr = rc, stdout, stderr


def run(
    argv: list[str], cwd: str | None = None, env: dict | None = None, sample: bool | None = None
) -> Result:
    """Run argv to completion; wall seconds, ru_maxrss bytes, and the tree's PSS in
    bytes if sampled (`sample`, or by default in the warm-up round: SAMPLE)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err
        )
        peak = [0]
        stop = threading.Event()
        sampling = CAN_SAMPLE and (SAMPLE["on"] if sample is None else sample)

        def sample():
            while not stop.is_set():
                peak[0] = max(peak[0], _tree_rss(proc.pid))
                stop.wait(0.02)

        sampler = None
        if sampling:
            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        stop.set()
        if sampler:
            sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        maxrss = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
        out.seek(0)
        err.seek(0)
        return Result(
            wall,
            maxrss,
            peak[0],
            proc.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
        )


# --------------------------------------------------------------------------
# the measured commands
# --------------------------------------------------------------------------


class Measure:
    """One row of the table: a callable giving (wall, maxrss, tree_rss, note) per run,
    and `prepare`, run untimed before each run (see `warm`)."""

    def __init__(self, name: str, fn, prepare=None):
        self.name, self.fn, self.prepare = name, fn, prepare
        self.walls: list[float] = []
        self.maxrss: list[int] = []
        self.tree: list[int] = []  # from the sampled (memory) round
        self.notes: list[str] = []

    def once(self, record: bool):
        if self.prepare:
            self.prepare()
        wall, maxrss, tree, note = self.fn()
        if tree:
            self.tree.append(tree)
        if record:
            self.walls.append(wall)
            self.maxrss.append(maxrss)
            self.notes.append(note)
        return wall, note

    @property
    def median(self):
        return statistics.median(self.walls) if self.walls else None

    @property
    def peak_mib(self):
        if not self.maxrss:
            return None
        return max(max(self.maxrss), max(self.tree, default=0)) / (1 << 20)


def read_all(paths) -> None:
    for path in paths:
        try:
            with open(path, "rb") as fh:
                fh.read()
        except OSError:
            pass


def warm(registry: Path, *argv: str) -> None:
    """Put the registry's files, and the code `argv` loads, in the page cache, as
    they are in CI right after checkout and install. This machine gives back
    page cache left unused for about a minute (buff/cache stays under 1 GiB of
    24 GiB), so without this a command timed after 100 s of check-jsonschema
    read the files from disk: `advoc validate` took 12.4 s after 90 s idle
    against 4.2 s with its files in the cache."""
    for folder, dirs, names in os.walk(registry):
        dirs[:] = [name for name in dirs if name != ".git"]
        read_all(os.path.join(folder, name) for name in names)
    if argv:
        subprocess.run(argv, cwd=registry, capture_output=True, check=False)


def count_findings(stdout: str) -> str:
    try:
        data = json.loads(stdout)
    except ValueError:
        return "no JSON on stdout"
    findings = data.get("findings") if isinstance(data, dict) else data
    n = len(findings) if isinstance(findings, list) else "?"
    errs = warns = None
    if isinstance(data, dict) and isinstance(data.get("summary"), dict):
        errs, warns = data["summary"].get("errors"), data["summary"].get("warnings")
    elif isinstance(findings, list):
        errs = sum(1 for f in findings if isinstance(f, dict) and f.get("severity") == "error")
        warns = sum(1 for f in findings if isinstance(f, dict) and f.get("severity") == "warning")
    return f"{n} findings ({errs} errors, {warns} warnings)"


def advoc_measure(cmd: list[str], extra: list[str], name: str, prepare=None) -> Measure:
    def fn():
        r = run(cmd + extra)
        if r.rc not in (0, 1) or "Traceback (most recent call last)" in r.stderr:
            raise SystemExit(f"{name}: exit code {r.rc}\n{r.stderr[-3000:]}")
        note = f"exit {r.rc}"
        if "--format" in extra:
            found = count_findings(r.stdout)
            if found.startswith("no JSON"):
                raise SystemExit(f"{name}: no JSON on stdout (exit {r.rc})\n{r.stderr[-3000:]}")
            note += ", " + found
        return r.wall, r.maxrss, r.tree_rss, note

    return Measure(name, fn, prepare)


def batches(files: list[str]) -> list[list[str]]:
    out, cur, size = [], [], 0
    for f in files:
        n = len(os.fsencode(f)) + 1 + 8  # the string, its NUL, its argv pointer
        if cur and size + n > ARG_BUDGET:
            out.append(cur)
            cur, size = [], 0
        cur.append(f)
        size += n
    if cur:
        out.append(cur)
    return out


_CJS_ERROR = re.compile(r"^\s+\S.*::", re.M)  # "  path::$.field: message"
_CJS_UNPARSED = re.compile(r"^\s+Failed to parse ", re.M)


def cjs_measure(cjs: list[str], registry: Path, jobs: list[tuple[str, list[str]]]) -> Measure:
    """jobs: (schema file, relative data files); batched, times summed per run."""
    plan = [(schema, b) for schema, files in jobs for b in batches(files)]
    schema, files = jobs[0]  # the files are warmed batch by batch in `fn`; this warms the code
    prepare = functools.partial(
        subprocess.run,
        [*cjs, "--schemafile", schema, *files[:20]],
        cwd=registry,
        capture_output=True,
        check=False,
    )

    def fn():
        wall = 0.0
        maxrss = tree = 0
        errors = 0
        failed = 0
        for schema, b in plan:
            # each batch's files are warmed right before it: a run takes 100 s,
            # longer than this machine keeps unused page cache
            read_all(registry / name for name in b)
            r = run([*cjs, "--schemafile", schema, *b], cwd=str(registry))
            wall += r.wall
            maxrss = max(maxrss, r.maxrss)
            tree = max(tree, r.tree_rss)
            if r.rc not in (0, 1):
                raise SystemExit(
                    f"check-jsonschema: exit code {r.rc}\n{r.stderr[-3000:]}{r.stdout[-3000:]}"
                )
            if r.rc == 1:
                failed += 1
                errors += len(_CJS_ERROR.findall(r.stdout)) + len(_CJS_UNPARSED.findall(r.stdout))
        note = f"{len(plan)} batches" + (
            f", {errors} errors in {failed} batches" if failed else ", all valid"
        )
        return wall, maxrss, tree, note

    m = Measure(f"check-jsonschema ({len(plan)} batches, summed)", fn, prepare)
    m.plan = plan
    return m


# --------------------------------------------------------------------------


def help_text(cmd: list[str], sub: list[str]) -> str:
    env = dict(os.environ, COLUMNS="200", NO_COLOR="1", TERM="dumb")
    r = subprocess.run(cmd + sub + ["--help"], capture_output=True, text=True, env=env)
    return r.stdout + r.stderr


def find_cmd(given: str | None, name: str) -> list[str] | None:
    if given:
        parts = shlex.split(given)
        exe = shutil.which(parts[0]) or (parts[0] if os.path.exists(parts[0]) else None)
        return [exe, *parts[1:]] if exe else None
    exe = shutil.which(name)
    if not exe:
        # the interpreter's own scripts folder (a venv run without activating it)
        cand = Path(sys.executable).parent / name
        exe = str(cand) if cand.exists() else None
    return [exe] if exe else None


def cache_plan(vhelp: str, cache_dir: Path) -> tuple[list[str], list[str] | None, str]:
    """From `advoc validate --help`: (arguments for cold runs, arguments for
    cached runs or None to skip, an explanation)."""
    if "cache" not in vhelp.lower():
        return [], None, "skipped: `advoc validate --help` does not mention a cache"
    opts = set(re.findall(r"--[a-z0-9-]*cache[a-z0-9-]*", vhelp))
    if "--no-cache" in opts and "--cache" in opts:
        return ["--no-cache"], ["--cache"], "cold runs pass --no-cache, cached runs --cache"
    if "--no-cache" in opts:
        return ["--no-cache"], [], "cache is on by default; cold runs pass --no-cache"
    if "--cache" in opts:
        # an option with a value shows a metavar (PATH, DIR, TEXT); a flag shows none or <bool>
        if re.search(r"--cache[ =]+<?[A-Z][A-Z_]*\b", vhelp):
            return [], ["--cache", str(cache_dir)], f"cached runs pass --cache {cache_dir}"
        return [], ["--cache"], "cached runs pass --cache"
    return (
        [],
        None,
        (
            f"skipped: --help mentions a cache but no --cache/--no-cache option ({sorted(opts)}); "
            "pass --cache-args to measure it"
        ),
    )


def fmt(x, nd=2):
    return "-" if x is None else f"{x:.{nd}f}"


def main(argv=None) -> int:
    run_as_installed()
    ap = argparse.ArgumentParser(description="Benchmark advoc validate against check-jsonschema.")
    ap.add_argument("--advocates", type=int, default=GOAL_ADVOCATES, metavar="N")
    ap.add_argument("--decisions", type=int, default=GOAL_DECISIONS, metavar="M")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--broken",
        type=int,
        default=0,
        metavar="K",
        help="generate with K broken files (a registry with findings)",
    )
    ap.add_argument(
        "--runs", type=int, default=5, metavar="R", help="timed runs per command (median)"
    )
    ap.add_argument(
        "--keep",
        metavar="DIR",
        help="generate into DIR and keep it; reuse it if it already holds advoc.yaml",
    )
    ap.add_argument("--advoc", metavar="CMD", help="advoc command (default: advoc on PATH)")
    ap.add_argument(
        "--check-jsonschema",
        dest="cjs",
        metavar="CMD",
        help="check-jsonschema command (default: on PATH)",
    )
    ap.add_argument(
        "--small",
        metavar="DIR",
        default="/work/main",
        help="a small registry for the start-up figure (default /work/main)",
    )
    ap.add_argument("--as-of", metavar="YYYY-MM-DD", help="pass --as-of to every advoc validate")
    ap.add_argument(
        "--cache-args",
        metavar="ARGS",
        help="advoc validate arguments that turn the cache on (default: detected from --help)",
    )
    ap.add_argument("--json-out", metavar="FILE", help="also write the raw figures as JSON")
    a = ap.parse_args(argv)
    if a.runs < 1:
        ap.error("--runs must be at least 1")

    advoc = find_cmd(a.advoc, "advoc")
    if not advoc:
        ap.error("advoc not found on PATH; pass --advoc CMD")
    cjs = find_cmd(a.cjs, "check-jsonschema")

    tmp = Path(tempfile.mkdtemp(prefix="advoc-bench-"))
    try:
        return bench(a, advoc, cjs, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def bench(a, advoc: list[str], cjs: list[str] | None, tmp: Path) -> int:
    say = lambda *x: print(*x, flush=True)  # noqa: E731

    # ---- the registry
    reg = Path(a.keep).resolve() if a.keep else tmp / "registry"
    if (reg / "advoc.yaml").exists():
        say(f"reusing the registry in {reg}")
    else:
        cmd = [
            sys.executable,
            str(HERE / "generate.py"),
            str(reg),
            "--advocates",
            str(a.advocates),
            "--decisions",
            str(a.decisions),
            "--seed",
            str(a.seed),
        ]
        if a.broken:
            cmd += ["--broken", str(a.broken)]
        t0 = time.perf_counter()
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode:
            raise SystemExit(f"generate.py failed:\n{r.stderr}")
        say(r.stdout.strip() + f"  [generate.py wall {time.perf_counter() - t0:.1f} s]")
    adv_files = sorted(
        f"registry/advocates/{p.name}" for p in (reg / "registry" / "advocates").glob("*.yaml")
    )
    dec_files = sorted(
        f"registry/decisions/{p.name}" for p in (reg / "registry" / "decisions").glob("*.yaml")
    )
    n_adv, n_dec = len(adv_files), len(dec_files)
    n_all = sum(1 for _ in reg.rglob("*.yaml"))
    goal_size = n_adv >= GOAL_ADVOCATES and n_dec >= GOAL_DECISIONS

    # ---- versions and options
    ver = run([*advoc, "--version"])
    say(f"advoc: {' '.join(advoc)} ({ver.stdout.strip() or ver.stderr.strip()})")
    vhelp = help_text(advoc, ["validate"])
    if a.cache_args is not None:
        cold_extra, cache_on = [], shlex.split(a.cache_args)
        cache_msg = f"cache arguments given: {a.cache_args!r}"
    else:
        cold_extra, cache_on, cache_msg = cache_plan(vhelp, tmp / "advoc-cache")
    as_of = ["--as-of", a.as_of] if a.as_of else []

    # ---- schemas for check-jsonschema
    schema_dir = tmp / "schemas"
    cjs_msg = ""
    jobs = []
    if not cjs:
        cjs_msg = "skipped: check-jsonschema not found on PATH (pass --check-jsonschema CMD)"
    else:
        r = run([*advoc, "schema", "--out", str(schema_dir)])
        missing = [
            k for k in ("advocate", "decision") if not (schema_dir / f"{k}.schema.json").exists()
        ]
        if r.rc != 0 or missing:
            cjs_msg = (
                "skipped: `advoc schema --out DIR` did not write "
                f"{', '.join(k + '.schema.json' for k in missing) or 'the schemas'} "
                f"(exit {r.rc}: {(r.stderr or r.stdout).strip()[-300:]})"
            )
        else:
            jobs = [
                (str(schema_dir / "advocate.schema.json"), adv_files),
                (str(schema_dir / "decision.schema.json"), dec_files),
            ]

    measures: list[Measure] = []
    small = Path(a.small).resolve()
    code = [*advoc, "validate", "--registry", str(small)] if (small / "advoc.yaml").exists() else []
    m_a = advoc_measure(
        advoc,
        ["validate", "--registry", str(reg), "--format", "json", *cold_extra, *as_of],
        "advoc validate --format json" + (" --no-cache" if cold_extra else ""),
        functools.partial(warm, reg, *code),
    )
    measures.append(m_a)
    # The re-run comes right after a run, as a re-run does (a second commit's
    # pre-commit hook); after check-jsonschema has read all 30,000 files, it
    # paid for the file system's cold metadata instead (1.4-2.3 s, against 0.9 s).
    m_c = None
    if cache_on is not None:
        m_c = advoc_measure(
            advoc,
            ["validate", "--registry", str(reg), "--format", "json", *cache_on, *as_of],
            "advoc validate, cached, unchanged",
            functools.partial(warm, reg),
        )
        measures.append(m_c)
    m_b = cjs_measure(cjs, reg, jobs) if jobs else None
    if m_b:
        measures.append(m_b)
    m_v = advoc_measure(advoc, ["--version"], "advoc --version")
    measures.append(m_v)
    m_s = None
    small_msg = ""
    if (small / "advoc.yaml").exists():
        n_small = sum(1 for _ in small.glob("r*/**/*.yaml")) + 1
        m_s = advoc_measure(
            advoc,
            ["validate", "--registry", str(small), *as_of],
            f"advoc validate small ({n_small} files)",
        )
        measures.append(m_s)
    else:
        small_msg = f"skipped: {small} holds no advoc.yaml (pass --small DIR)"

    say(f"registry: {reg}  ({n_all} YAML files: {n_adv} advocates, {n_dec} decisions)")
    say(
        f"machine: {os.cpu_count()} CPUs, "
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )
    say(
        "memory: ru_maxrss of each child from os.wait4 (as /usr/bin/time -v reports it)"
        + (
            "; plus the process tree's summed PSS sampled every 20 ms in an untimed round"
            if CAN_SAMPLE
            else ""
        )
        + "; 'peak RSS' is the larger of the two, '(1 proc)' the first"
    )
    if m_b:
        say(
            f"check-jsonschema: {' '.join(cjs)}, schemas from `advoc schema --out`, "
            f"{len(m_b.plan)} batches of <= 1 MiB of arguments; "
            "a run's time is the sum of its batches"
        )
    else:
        say(f"check-jsonschema: {cjs_msg}")
    say(f"cache: {cache_msg}")
    if small_msg:
        say(f"small registry: {small_msg}")
    say(
        f"runs: 1 warm-up + {a.runs} timed rounds, interleaved: "
        + ", ".join(m.name for m in measures)
    )

    for i in range(a.runs + 1):
        label = "warm-up" if i == 0 else f"run {i}/{a.runs}"
        parts = []
        for m in measures:
            wall, note = m.once(record=i > 0)
            parts.append(f"{wall:.2f}s")
        say(f"  {label}: " + "  ".join(parts))
    SAMPLE["on"] = True  # the memory round: untimed, advoc's commands only
    for m in measures:
        if m is not m_b:
            m.once(record=False)
    SAMPLE["on"] = False

    # ---- table
    say("")
    w = max(len(m.name) for m in measures) + 2
    say(
        f"{'command':<{w}}{'median s':>9}{'min s':>8}{'max s':>8}{'peak RSS MiB':>14}"
        f"{'(1 proc)':>10}  result"
    )
    for m in measures:
        one = max(m.maxrss) / (1 << 20)
        say(
            f"{m.name:<{w}}{fmt(m.median):>9}{fmt(min(m.walls)):>8}{fmt(max(m.walls)):>8}"
            f"{fmt(m.peak_mib, 0):>14}{fmt(one, 0):>10}  {m.notes[-1] if m.notes else ''}"
        )
    ratio = m_a.median / m_b.median if m_b and m_b.median else None
    say(
        f"ratio advoc validate / check-jsonschema (medians): {fmt(ratio, 3)}"
        + ("" if m_b else f"  ({cjs_msg})")
    )

    # ---- goals
    def mark(ok):
        return "n/a" if ok is None else ("met" if ok else "NOT met")

    size_note = (
        ""
        if goal_size
        else (
            f" (goal is for {GOAL_ADVOCATES:,} + {GOAL_DECISIONS:,}; "
            f"this registry has {n_adv:,} + {n_dec:,})"
        )
    )
    mem = max(x for x in (m_a.peak_mib, m_c.peak_mib if m_c else None) if x is not None)
    goals = [
        (
            "advoc validate <= 0.25x check-jsonschema",
            fmt(ratio, 3) + "x",
            None if ratio is None else ratio <= 0.25,
            "" if m_b else " " + cjs_msg,
        ),
        (
            "advoc validate <= 6 s at 10,000 + 20,000",
            fmt(m_a.median) + " s",
            (m_a.median <= 6) if goal_size else None,
            size_note,
        ),
        ("advoc validate memory < 1 GiB", f"{mem:.0f} MiB", mem < 1024, size_note),
        (
            "re-run with cache, nothing changed < 1.5 s",
            fmt(m_c.median if m_c else None) + " s",
            (m_c.median < 1.5) if (m_c and goal_size) else None,
            (size_note if m_c else " " + cache_msg),
        ),
        (
            "own (small) registry < 0.5 s",
            fmt(m_s.median if m_s else None) + " s",
            (m_s.median < 0.5) if m_s else None,
            "" if m_s else " " + small_msg,
        ),
        ("advoc --version < 0.2 s", fmt(m_v.median) + " s", m_v.median < 0.2, ""),
    ]
    say("")
    say("goals:")
    gw = max(len(g[0]) for g in goals) + 2
    for name, value, ok, note in goals:
        say(f"  {name:<{gw}}{value:>12}  {mark(ok)}{note}")

    if a.json_out:
        data = dict(
            registry=dict(path=str(reg), yaml_files=n_all, advocates=n_adv, decisions=n_dec),
            machine=dict(
                cpus=os.cpu_count(), python=platform.python_version(), system=platform.platform()
            ),
            advoc_version=ver.stdout.strip(),
            runs=a.runs,
            cache=cache_msg,
            check_jsonschema=cjs_msg or "ok",
            measures=[
                dict(
                    name=m.name,
                    walls=m.walls,
                    median=m.median,
                    maxrss=m.maxrss,
                    tree_rss=m.tree,
                    peak_mib=m.peak_mib,
                    notes=m.notes,
                )
                for m in measures
            ],
            ratio=ratio,
            goals=[dict(goal=g[0], value=g[1], met=g[2], note=g[3].strip()) for g in goals],
        )
        Path(a.json_out).write_text(json.dumps(data, indent=2) + "\n")
        say(f"\nfigures written to {a.json_out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
