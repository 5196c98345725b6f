"""Benchmark: the ingest engine's parse stage on the same reports with 1 process and with 2
(worker processes started with spawn, each loading the reference data once: flows/parse_pool.py),
in the same run, best of several repeats; reports the ratio (the target of issue 11: >= 1.6x).

    .venv/bin/python benchmarks/parse_processes.py [--reports 220] [--repeats 3] [--processes 2]

Two timings for the pool: "cold" starts the pool inside the timing (what one run pays, once per
kind of input), "warm" reuses a started pool (the stage's steady rate, what a larger input
approaches). The reports are synthetic (synth/, several text shapes; benchmarks/parse_throughput.py)
plus the real Cumbria report from ../shared when it is there. On a machine other work is using,
the ratio is low: run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flows.parse_pool import ParsePool  # noqa: E402  (light: a spawned worker imports this module again)

REFERENCE = ROOT / "reference"


def jobs_of(paths: list[Path]) -> list[tuple]:
    """The parse stage's jobs for these files, as the engine makes them (flows/ingest_reports.py)."""
    jobs = []
    for path in paths:
        data = path.read_bytes()
        jobs.append((data, path.name, hashlib.sha256(data).hexdigest(), path.suffix))
    return jobs


def timed(processes: int, jobs: list[tuple], warm_pool: ParsePool | None = None, local=None) -> tuple[float, list]:
    """Seconds for the parse stage's jobs; ``local``: the reference data the run's process holds
    already (a run loads it before the stage, so it is not timed)."""
    start = time.perf_counter()
    if warm_pool is not None:
        results = warm_pool.run(jobs)
    else:
        with ParsePool("report", REFERENCE, processes, local) as pool:
            results = pool.run(jobs)
    return time.perf_counter() - start, results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=220)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    from benchmarks.parse_throughput import write_corpus  # heavy (synth, pandera): not in the workers

    with tempfile.TemporaryDirectory() as tmp:
        jobs = jobs_of(write_corpus(Path(tmp), args.reports, args.seed))
    from core.reference import load_reference

    ref = load_reference(REFERENCE)
    one, cold, warm = [], [], []
    with ParsePool("report", REFERENCE, args.processes) as started:
        started.run(jobs[:2 * args.processes])  # start the workers and load their reference data
        for _ in range(args.repeats):  # interleaved, so a busy spell hits each alike
            t, by_one = timed(1, jobs, local=ref)
            one.append(t)
            t, by_pool = timed(args.processes, jobs)
            cold.append(t)
            t, _ = timed(args.processes, jobs, warm_pool=started)
            warm.append(t)
    same = [(r.inspection_id, r.reason) for r in by_one] == [(r.inspection_id, r.reason) for r in by_pool]
    loaded = sum(r.reason is None for r in by_one)
    best_one, best_cold, best_warm = min(one), min(cold), min(warm)
    print(f"parse stage, {len(jobs)} reports ({loaded} parsed to facts), best of {args.repeats}, "
          f"{os.cpu_count()} cores seen")
    print(f"  1 process:                {best_one:7.2f} s  ({len(jobs) / best_one:6.1f} reports/s)")
    print(f"  {args.processes} processes, cold pool: {best_cold:7.2f} s  ({len(jobs) / best_cold:6.1f} reports/s)  "
          f"ratio {best_one / best_cold:.2f}x")
    print(f"  {args.processes} processes, warm pool: {best_warm:7.2f} s  ({len(jobs) / best_warm:6.1f} reports/s)  "
          f"ratio {best_one / best_warm:.2f}x")
    print(f"  same results from both: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
