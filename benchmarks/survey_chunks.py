"""Benchmark: the survey parse stage's job (flows/survey_parse.py: each extract's header read,
its rows checked and counted by DuckDB on the process's in-memory connection) on the national
sample's extracts, one extract at a time (``parse_and_stage``, a chunk of one) against chunks of
16 and 64 (``parse_and_stage_many``: each DuckDB statement once per chunk), in one process, in
the same run, best of several repeats; reports milliseconds per extract and the ratios, and
checks every chunk size gives every extract exactly the same result.

    .venv/bin/python benchmarks/survey_chunks.py [--rounds 1] [--repeats 3] [--chunks 1,16,64] [--raw DIR]

Setup (not timed): ``inspections generate --national`` into a temporary folder (or ``--raw``, a
folder with ``surveys/`` in it), every extract tied to its inspection and hashed.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.timing import best_by_size, size_lines  # noqa: E402

CLI = ROOT / ".venv" / "bin" / "inspections"


def jobs_of(raw: Path, catalogue) -> list[tuple]:
    """The parse job of every extract under ``raw/surveys`` (published the 28th of its month)."""
    from flows.survey_parse import sidecar_of, tie_to_inspection
    from transforms.survey_extract import ExtractContext
    from warehouse.survey_load import InspectionDates

    jobs = []
    for path in sorted(p for p in (raw / "surveys").rglob("*") if p.is_file() and p.suffix in (".csv", ".xlsx")
                       and sidecar_of(p) is None):
        shown = str(path.relative_to(raw.parent))
        inspection, survey = tie_to_inspection(path, raw, catalogue, shown)
        data = path.read_bytes()
        dates = InspectionDates(date(int(inspection[-7:-3]), int(inspection[-2:]), 28), None)
        jobs.append((path, ExtractContext(shown, hashlib.sha256(data).hexdigest(), inspection, survey), dates, 10,
                     len(data)))
    return jobs


def run(jobs: list[tuple], chunk: int, catalogue) -> tuple[float, list]:
    """Seconds for every job in chunks of ``chunk`` (one: ``parse_and_stage`` each), and the results."""
    from flows.survey_parse import parse_and_stage, parse_and_stage_many

    start, got = time.perf_counter(), []
    if chunk == 1:
        got = [parse_and_stage(*job, catalogue) for job in jobs]
    else:
        for first in range(0, len(jobs), chunk):
            got += parse_and_stage_many(jobs[first:first + chunk], catalogue)
    return time.perf_counter() - start, got


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1, help="rounds of the national sample (default 1)")
    parser.add_argument("--repeats", type=int, default=3, help="timings of each chunk size; the best is kept")
    parser.add_argument("--chunks", default="1,16,64", help="chunk sizes to compare (default 1,16,64)")
    parser.add_argument("--raw", type=Path, help="a raw folder with surveys/ (default: a national sample made here)")
    args = parser.parse_args()
    sizes = [int(x) for x in args.chunks.split(",")]

    from core.survey_catalogue import load_survey_catalogue
    from tests.survey_helpers import parse_facts

    catalogue = load_survey_catalogue(ROOT / "reference")
    with tempfile.TemporaryDirectory(prefix="survey-chunks-bench-") as tmp:
        raw = args.raw
        if raw is None:
            raw = Path(tmp) / "raw"
            subprocess.run([str(CLI), "generate", "--national", "--out", str(raw / "reports"), "--rounds",
                            str(args.rounds)], check=True, cwd=ROOT, capture_output=True)
        jobs = jobs_of(raw, catalogue)
        run(jobs[:8], 8, catalogue)  # imports and the connection, made once a process
        best, got = best_by_size(sizes, args.repeats, lambda size: run(jobs, size, catalogue))
    facts = {size: [parse_facts(p) for p in results] for size, results in got.items()}
    rejected = sum(f[0] is not None for f in facts[sizes[0]])
    print(f"{len(jobs)} survey extracts of the national sample ({rejected} rejected); one process; "
          f"best of {args.repeats}")
    print("\n".join(size_lines("chunks", sizes, best, len(jobs))))
    same = all(facts[s] == facts[sizes[0]] for s in sizes[1:])
    print("  the same result for every extract at every chunk size: " + ("yes" if same else "NO"))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
