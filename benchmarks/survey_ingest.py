"""Benchmark: respondent-rows per second for ingesting one large survey extract, against DuckDB
reading and aggregating the same CSV directly with SQL, in the same run, with peak memory.

    .venv/bin/python benchmarks/survey_ingest.py [--respondents 1000000]

Paths (each in its own child process, so each peak RSS is its own):
* pipeline: what the survey flow does for one file, through its tasks' own functions: hash,
  parse-survey (encoding confirmed over the file, separator sniffed by DuckDB, header layout)
  and load-survey (UTF-8 copy streamed to a temporary file, DuckDB SQL over it: rows
  classified, IDs and dates checked, distinct answers matched to the catalogue, respondents and
  answers inserted, counts -> Wilson intervals -> pandera contracts of the results), then
  warehouse.release.publish (the release). The Prefect engine adds a constant per-file
  overhead only, so it is left out.
* duckdb sql: one SQL statement: read_csv, UNPIVOT, join the scale, GROUP BY question ->
  counts and percentages (no interval, no checks, nothing stored). The floor for the same
  aggregates.

The extract is a staff survey: respondent ID, start and end time, six catalogue questions
(about 5% of cells blank).
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUESTIONS = {
    "I receive supervision often enough to support me in my role": "agreement",
    "My supervision improves the quality of my work": "agreement",
    "How often is enough attention paid to your wellbeing?": "frequency",
    "Is your workload manageable?": "yes_no",
    "How often is good work recognised and rewarded?": "frequency",
    "A culture of learning and continuous improvement is actively promoted": "agreement",
}
ANSWERS = {
    "agreement": ["Strongly agree", "Agree", "Neither agree nor disagree", "Disagree", "Strongly disagree", None],
    "frequency": ["Always", "Most of the time", "Sometimes", "Rarely", "Never", None],
    "yes_no": ["Yes", "No", "Don't know", None],
}


def write_extract(path: Path, respondents: int, seed: int = 7) -> None:
    import random

    import polars as pl

    rng = random.Random(seed)
    columns = {"Respondent ID": [f"R{i:07d}" for i in range(respondents)],
               "Start time": ["2023-02-06 09:00:00"] * respondents, "End time": ["2023-02-06 09:12:00"] * respondents}
    for header, scale in QUESTIONS.items():
        options = ANSWERS[scale]
        columns[header] = rng.choices(options, weights=[19] * (len(options) - 1) + [1], k=respondents)
    pl.DataFrame(columns).write_csv(path)


def run_pipeline_path(csv_path: Path, work: Path) -> dict:
    import shutil

    from flows.ingest_surveys import load_survey_file
    from flows.survey_parse import parse_survey_file
    from flows.intake import sha256_of_file
    from core.reference import load_reference
    from core.survey_catalogue import load_survey_catalogue
    from transforms.survey_extract import ExtractContext
    from warehouse import release, store
    from warehouse.survey_load import InspectionDates

    catalogue, reference = load_survey_catalogue(), load_reference()
    folder = work / "raw" / "surveys" / "bench-2023-07"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "staff.csv"
    shutil.copy(csv_path, path)
    warehouse = work / "bench.duckdb"
    with store.connect(warehouse) as con:  # set-up, not timed
        store.prepare(con, reference.tables())
        store.replace_survey_catalogue(con, catalogue.tables())
        con.execute("INSERT INTO staging.inspection (inspection_id, unit_name, published_on, published_on_source, "
                    "overall_rating, score, max_score, framework, source_file, source_sha256, source_line) VALUES "
                    "('bench-2023-07', 'Bench', DATE '2023-07-01', 'given', 'Good', 1, 27, 'pdu-2021', 'x', 'x', 1)")
        store.start_run(con, "bench", str(work / "raw"))
    start, cpu = time.perf_counter(), time.process_time()
    # what the engine's survey kind does for one file (flows/ingest_surveys.py), without Prefect
    sha = sha256_of_file(path)
    with store.connect(warehouse) as con:
        ctx = ExtractContext("raw/surveys/bench-2023-07/staff.csv", sha, "bench-2023-07", "staff")
        parsed = parse_survey_file(path, ctx, catalogue)
        assert parsed.reason is None, parsed.reason
        load_survey_file(con, "bench", ctx, path, path.stat().st_size, parsed, catalogue, 10,
                            InspectionDates(*store.inspection_dates(con, "bench-2023-07")))
        store.finish_run(con, "bench")
        rows = con.execute("SELECT count(*) FROM staging.survey_respondents").fetchall()[0][0]
        answers = con.execute("SELECT count(*) FROM staging.survey_cells").fetchall()[0][0]
        check = con.execute("SELECT question_code, answered, pct_positive FROM staging.survey_results "
                            "ORDER BY 1").fetchall()
    loaded = time.perf_counter() - start
    release.publish(warehouse, "bench", work / "releases")
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "cpu_seconds": time.process_time() - cpu, "load_seconds": loaded, "rows": rows, "answers": answers, "check": check}


def run_duckdb_path(csv_path: Path, work: Path) -> dict:
    import duckdb

    from core.survey_catalogue import load_survey_catalogue

    catalogue = load_survey_catalogue()
    answers = catalogue.answer_index()
    codes = {h: c for h, c in zip(catalogue.questions["header_variants"], catalogue.questions["question_code"])}
    header_codes = [(h, next(c for v, c in codes.items() if h in v.split("|"))) for h in QUESTIONS]
    con = duckdb.connect(str(work / "bench_sql.duckdb"))
    con.register("answer_index", answers.to_arrow())
    con.register("header_codes", __import__("polars").DataFrame(header_codes, schema=["header", "question_code"],
                                                                orient="row").to_arrow())
    cols = ", ".join(f'"{h}"' for h in QUESTIONS)
    sql = f"""
        WITH extract AS (SELECT * FROM read_csv('{csv_path}', all_varchar = true, header = true)),
        long AS (UNPIVOT extract ON {cols} INTO NAME header VALUE answer_text),
        matched AS (
            SELECT h.question_code, a.is_positive, a.answer IS NOT NULL AS in_scale
            FROM long JOIN header_codes AS h USING (header)
            LEFT JOIN answer_index AS a ON a.question_code = h.question_code
                 AND a.answer_key = lower(trim(regexp_replace(long.answer_text, '\\s+', ' ', 'g'))))
        SELECT question_code, count(*) FILTER (in_scale) AS answered,
               100.0 * count(*) FILTER (is_positive) / count(*) FILTER (in_scale) AS pct_positive
        FROM matched GROUP BY question_code ORDER BY question_code"""
    start, cpu = time.perf_counter(), time.process_time()
    check = con.execute(sql).fetchall()
    rows = con.execute(f"SELECT count(*) FROM read_csv('{csv_path}', all_varchar = true, header = true)").fetchall()[0][0]
    seconds = time.perf_counter() - start
    con.close()
    return {"seconds": seconds, "cpu_seconds": time.process_time() - cpu, "rows": rows,
            "check": [list(r) for r in check]}


def child(path_name: str, csv_path: Path, work: Path) -> None:
    result = (run_pipeline_path if path_name == "pipeline" else run_duckdb_path)(csv_path, work)
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result, default=str))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs of each path, alternating; the fastest of each is kept (the machine may be shared)")
    parser.add_argument("--child", nargs=3, metavar=("PATH", "CSV", "WORK"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child[0], Path(args.child[1]), Path(args.child[2]))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        csv_path = work / "staff.csv"
        t0 = time.perf_counter()
        write_extract(csv_path, args.respondents)
        print(f"extract: {args.respondents:,} respondents x {len(QUESTIONS)} questions, "
              f"{csv_path.stat().st_size / 1e6:.0f} MB, written in {time.perf_counter() - t0:.1f} s")
        out = {}
        for attempt in range(args.repeat):  # alternate the paths; keep each one's fastest run
            for name in ("pipeline", "duckdb sql"):
                run = work / f"run-{attempt}-{name.split()[0]}"
                run.mkdir()
                proc = subprocess.run([sys.executable, __file__, "--child", name.split()[0], str(csv_path), str(run)],
                                      capture_output=True, text=True, check=True)
                result = json.loads(proc.stdout.strip().splitlines()[-1])
                if name not in out or result["seconds"] < out[name]["seconds"]:
                    out[name] = result
                shutil.rmtree(run)
        for name, r in out.items():
            print(f"{name:<11} {r['seconds']:7.2f} s  (CPU {r['cpu_seconds']:6.2f} s)  "
                  f"{r['rows'] / r['seconds']:>12,.0f} respondent-rows/s  peak RSS {r['peak_rss_mb']:,.0f} MB")
        p, d = out["pipeline"], out["duckdb sql"]
        print(f"pipeline: load {p['load_seconds']:.2f} s, then publish; {p['answers']:,} non-blank answer cells in staging")
        time_ratio = p["seconds"] / d["seconds"]
        memory_ratio = p["peak_rss_mb"] / d["peak_rss_mb"]
        cpu_ratio = p["cpu_seconds"] / d["cpu_seconds"]
        print(f"pipeline / duckdb sql: time {time_ratio:.1f}x (target <= 5x; CPU time {cpu_ratio:.1f}x), "
              f"peak memory {memory_ratio:.1f}x (target <= 2.5x)")
        same = len(p["check"]) == len(d["check"]) and all(
            a[0] == b[0] and a[1] == b[1] and abs(a[2] - b[2]) < 1e-9 for a, b in zip(p["check"], d["check"]))
        print(f"same answered and pct_positive per question on both paths: {same}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
