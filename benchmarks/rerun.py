"""Benchmark: what a second run costs, against the first, in the same run of this script.

    .venv/bin/python benchmarks/rerun.py [--rounds 2] [--pdus "A;B"]

On the national sample (``inspections generate --national``: every PDU, two inspection
rounds, 220 reports), each step is the real command line (``inspections run``, a fresh process
with its own ephemeral Prefect server, as a user or a schedule runs it), timed wall-clock:

1. first run: empty warehouse, empty parse cache;
2. second run, input unchanged: every file's content is in the load ledger, nothing is parsed;
3. rebuild (``--rebuild``), parse cache warm: a new warehouse from all files, every parse from
   the cache;
4. rebuild, parse cache emptied first: the same, parsing everything;
5. floor: a run over an empty folder (process start, Prefect, warehouse prepare).

Reported as seconds, as a share of the first run, and as a share of the first run's time beyond
the floor (the work that depends on the files). Machines here have 2 cores and are noisy:
compare the ratios. Each run's own summary line says how many files it parsed and how many
came from the cache, and the script checks them.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = Path(sys.executable).with_name("inspections")
PARSING = re.compile(r"^parsing: (\d+) parsed, (\d+) from the parse cache, (\d+) not needed", re.M)


def run(*args: str) -> tuple[float, tuple[int, int, int]]:
    started = time.perf_counter()
    done = subprocess.run([str(CLI), "run", "--progress", "off", *args], capture_output=True, text=True, cwd=ROOT)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        sys.exit(f"inspections run {' '.join(args)} failed ({done.returncode}): {done.stderr[-2000:]}")
    m = PARSING.search(done.stdout)
    return elapsed, (int(m.group(1)), int(m.group(2)), int(m.group(3)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--pdus", help='only these PDUs, e.g. "Derby City;Cumbria"')
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rerun-bench-") as tmp:
        raw, warehouse = Path(tmp) / "raw", Path(tmp) / "warehouse" / "inspections.duckdb"
        generate = [str(CLI), "generate", "--national", "--out", str(raw / "reports"), "--rounds", str(args.rounds)]
        subprocess.run(generate + (["--pdus", args.pdus] if args.pdus else []), check=True, cwd=ROOT,
                       stdout=subprocess.DEVNULL)
        files = sum(1 for _ in (raw / "reports").iterdir())
        where = ["--raw", str(raw), "--warehouse", str(warehouse)]
        first = run(*where)
        second = run(*where)
        rebuild_warm = run(*where, "--rebuild")
        shutil.rmtree(warehouse.parent / "cache")
        rebuild_cold = run(*where, "--rebuild")
        empty = Path(tmp) / "empty"
        (empty / "reports").mkdir(parents=True)
        floor = run("--raw", str(empty), "--warehouse", str(Path(tmp) / "floor" / "inspections.duckdb"))

    print(f"{files} reports (national sample, {args.rounds} round(s))\n")
    print("| step | seconds | x first run | x first run, beyond the floor | parsed | from cache | not needed |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, (seconds, parses) in [("first run (cold)", first), ("second run, unchanged input", second),
                                    ("rebuild, parse cache warm", rebuild_warm),
                                    ("rebuild, parse cache empty", rebuild_cold),
                                    ("floor: empty folder", floor)]:
        beyond = (seconds - floor[0]) / (first[0] - floor[0])
        print(f"| {name} | {seconds:.1f} | {seconds / first[0]:.2f} | {beyond:.2f} | {parses[0]} | {parses[1]} | {parses[2]} |")
    problems = []
    if second[1][0] != 0:
        problems.append(f"the second run parsed {second[1][0]} files")
    if rebuild_warm[1][0] != 0 or rebuild_warm[1][1] != files:
        problems.append(f"the warm rebuild parsed {rebuild_warm[1][0]}, took {rebuild_warm[1][1]} from the cache")
    for p in problems:
        print(f"UNEXPECTED: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
