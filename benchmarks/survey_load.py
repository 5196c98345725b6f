"""Benchmark: the survey kind's load stages (check, validate, load: flows/ingest_surveys.py,
warehouse/survey_load.py) on the national sample's extracts, with batches of 1 extract (each
extract validated alone and written in its own transaction, as before issue 11) and of 64 (the
default: each table validated once per batch, one transaction per batch), in the same run, best
of several repeats; reports seconds per extract and the ratio, and checks both load the same rows.

    .venv/bin/python benchmarks/survey_load.py [--rounds 1] [--repeats 3] [--batches 1,64]

Setup (not timed): ``inspections generate --national`` into a temporary folder (108 reports and
324 extracts a round), the reports loaded by ``inspections run`` into a template warehouse, and
every extract tied, parsed and its rows checked (the parse stage, which since the checks moved
into it runs in the parse pool's workers; cached in a run). Each timing starts
from a copy of the template and runs the three stages the engine runs per batch, without the
Prefect task around each (a constant per batch, which a batch of 1 pays per extract: the CLI's
whole first run is measured by benchmarks/main_job.py).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.timing import best_by_size, size_lines  # noqa: E402

CLI = ROOT / ".venv" / "bin" / "inspections"
REFERENCE = ROOT / "reference"
#: the tables a survey load writes (run-dependent columns left out), compared between batch sizes
TABLES = {
    "raw.survey_files": "source_sha256, source_file, byte_size, file_format, inspection_id, survey",
    "staging.survey_respondents": "*", "staging.survey_columns": "*", "staging.survey_cells": "*",
    "staging.survey_answer_values": "*", "staging.survey_results": "*", "staging.survey_data_quality": "*",
    "ops.quarantined_answers": "* EXCLUDE (run_id, recorded_at)",
    "ops.load_ledger": "input_kind, source_file, source_sha256, status, reason, inspection_id",
}


def items_of(raw: Path, con, kind):
    """Every extract as the engine holds it after the tie and parse stages."""
    from flows.discover import discover_inputs
    from flows.engine import Item
    from flows.intake import sha256_of_file
    from flows.outcomes import display_name
    from flows.survey_parse import parse_and_stage

    items = [Item(p, display_name(p, raw)) for p in kind.select(discover_inputs(raw, "surveys"))]
    for item in items:
        item.sha, item.byte_size = sha256_of_file(item.path), item.path.stat().st_size
    untied = kind.tie(con, items)
    if untied:
        raise SystemExit(f"extracts not tied: {untied}")
    for item in items:
        item.parsed, item.parse = parse_and_stage(*kind.parse_job(item), kind.catalogue), "parsed"
        if item.parsed.reason:
            raise SystemExit(f"{item.display}: {item.parsed.reason}")
    return items


def load_stages(raw: Path, template: Path, work: Path, batch_files: int) -> tuple[float, dict[str, list]]:
    """Seconds of check + validate + load for every extract in batches of ``batch_files``, and
    the rows loaded."""
    import duckdb

    from core.survey_catalogue import load_survey_catalogue
    from flows.ingest_surveys import SurveyKind
    from flows.parse_cache import parser_fingerprint
    from warehouse import store

    warehouse = work / f"batch-{batch_files}.duckdb"
    shutil.copy(template, warehouse)
    kind = SurveyKind(raw, load_survey_catalogue(REFERENCE), 10, parser_fingerprint(REFERENCE), REFERENCE)
    with store.connect(warehouse) as con:
        kind.setup(con, "bench", raw)
        items = items_of(raw, con, kind)
        start = time.perf_counter()
        for first in range(0, len(items), batch_files):
            batch = items[first:first + batch_files]
            try:
                if kind.check(con, "bench", batch) or kind.validate(batch):
                    raise SystemExit(f"an extract was rejected in batch {first // batch_files}")
                kind.load(con, "bench", batch)
            finally:
                kind.release(con, batch)
        seconds = time.perf_counter() - start
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = {t: con.execute(f"SELECT {c} FROM {t} ORDER BY ALL").fetchall() for t, c in TABLES.items()}
    warehouse.unlink()
    return seconds, rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1, help="rounds of the national sample (default 1)")
    parser.add_argument("--repeats", type=int, default=3, help="timings of each batch size; the best is kept")
    parser.add_argument("--batches", default="1,64", help="batch sizes to compare (default 1,64)")
    args = parser.parse_args()
    sizes = [int(x) for x in args.batches.split(",")]
    with tempfile.TemporaryDirectory(prefix="survey-load-bench-") as tmp:
        tmp = Path(tmp)
        raw, reports_only = tmp / "raw", tmp / "reports-only"
        subprocess.run([str(CLI), "generate", "--national", "--out", str(raw / "reports"), "--rounds",
                        str(args.rounds)], check=True, cwd=ROOT, capture_output=True)
        shutil.copytree(raw / "reports", reports_only / "reports")
        template = tmp / "template" / "inspections.duckdb"
        subprocess.run([str(CLI), "run", "--raw", str(reports_only), "--warehouse", str(template), "--publish",
                        "never", "--progress", "off"], check=True, cwd=ROOT, capture_output=True)
        best, loaded = best_by_size(sizes, args.repeats, lambda size: load_stages(raw, template, tmp, size))
        extracts = len(loaded[sizes[0]]["raw.survey_files"])
        print(f"{extracts} survey extracts of the national sample ({args.rounds} round(s)); best of {args.repeats}")
        print("\n".join(size_lines("batches", sizes, best, extracts)))
        same = all(loaded[s] == loaded[sizes[0]] for s in sizes[1:])
        print("  the same rows in every table: " + ("yes" if same else "NO"))
        return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
