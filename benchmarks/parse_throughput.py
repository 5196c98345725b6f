"""Benchmark: reports per second for parsing, against two baselines on the same files in
the same run (machines here are small and noisy, so compare ratios, not seconds).

    .venv/bin/python benchmarks/parse_throughput.py [--reports 200] [--repeats 5]

Baselines:
* read: read every file's bytes (the floor: I/O and the page cache);
* regex scan: read, decode, and one pass of one compiled regex over the text (finds
  headings, ratings and percentages; the cost of looking at every character once);
* parse: read and ``parse_report`` (every fact table, enriched, checked);
* parse + validate: as above, plus the pandera contracts of every table.

The files are synthetic reports from ``synth`` in several text shapes, plus the real
Cumbria report from ../shared when it is there.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.reference import load_reference  # noqa: E402
from schemas.validate import validate_report_tables  # noqa: E402
from synth import variants  # noqa: E402
from synth.render import render_report  # noqa: E402
from synth.spec import random_spec  # noqa: E402
from transforms.report_facts import parse_report  # noqa: E402
from transforms.report_text import RATING_WORDS  # noqa: E402

SCAN = re.compile(rf"^\d\.\d\.?\s+\w+|^(?:{RATING_WORDS})$|\d+(?:%| per cent)", re.M)
SHAPES = [lambda t: t, variants.to_crlf, lambda t: variants.paginate(variants.hard_wrap(t, 80)), variants.apply_all]


def write_corpus(folder: Path, count: int, seed: int) -> list[Path]:
    rng = random.Random(seed)
    pdus = [("Derby City", "East Midlands"), ("Norfolk", "East of England"), ("Cumbria", "North West"),
            ("Wirral", "North West"), ("Gwent", "Wales")]
    paths = []
    for i in range(count):
        unit, region = pdus[i % len(pdus)]
        month = date(2022 + (i % 2), 1 + i % 12, 1)
        text = SHAPES[i % len(SHAPES)](render_report(random_spec(rng, unit, region, month)))
        path = folder / f"report-{i:04d}.txt"
        path.write_text(text, encoding="utf-8", newline="")
        paths.append(path)
    real = ROOT.parent / "shared" / "corpus" / "reports" / "cumbria-pdu-2023-07.txt"
    if real.is_file():
        paths.append(real)
    return paths


def run_read(paths):
    return sum(len(p.read_bytes()) for p in paths)


def run_scan(paths):
    return sum(len(SCAN.findall(p.read_bytes().decode("utf-8-sig"))) for p in paths)


def run_parse(paths, ref, validate=False):
    n = 0
    for p in paths:
        data = p.read_bytes()
        facts = parse_report(data, p.name, hashlib.sha256(data).hexdigest(), ref)
        if validate:
            validate_report_tables(facts.tables, p.name)
        n += facts.findings.height
    return n


def timed(fn, repeats: int) -> float:
    """Median seconds over ``repeats`` runs (after one warm-up)."""
    fn()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    ref = load_reference()
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_corpus(Path(tmp), args.reports, args.seed)
        results = {
            "read": timed(lambda: run_read(paths), args.repeats),
            "regex scan": timed(lambda: run_scan(paths), args.repeats),
            "parse": timed(lambda: run_parse(paths, ref), args.repeats),
            "parse + validate": timed(lambda: run_parse(paths, ref, validate=True), args.repeats),
        }
    n = len(paths)
    print(f"{n} reports, median of {args.repeats} runs each")
    print(f"{'path':<18}{'reports/s':>12}{'x slower than scan':>20}")
    for name, seconds in results.items():
        print(f"{name:<18}{n / seconds:>12,.0f}{seconds / results['regex scan']:>20.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
