"""The ingest engine's batches (flows/engine.py) on the real Prefect engine, real DuckDB and real
pandera: a bad file in a batch is rejected alone with its own reason; two files of one inspection
in one batch; a failure inside a batch's transaction leaves no partial file; a no-change rerun
records every file 'already loaded' in one insert; the process pool gives the tables one process
gives. The five sample reports under raw/reports all fall in one batch (64 files a batch)."""

from __future__ import annotations

import hashlib
from datetime import date
import shutil
from pathlib import Path

import duckdb
import polars as pl
import pytest
from prefect import flow

from core.errors import RejectedInput, RunCannotComplete
from core.reference import load_reference
from core.survey_catalogue import load_survey_catalogue
from core.settings import PROJECT_ROOT, Throughput
from flows.discover import discover_inputs
from flows.engine import run_kind
from flows.ingest_reports import ReportKind, ingest_reports
from flows.parse_cache import cache_put, default_cache_dir, parse_cache_key, parser_fingerprint
from flows.pipeline import run_pipeline
from flows.report_parse import parse_report_bytes
from tests.conftest import CUMBRIA
from warehouse import store

pytestmark = pytest.mark.usefixtures("prefect_harness")

SAMPLES = sorted((PROJECT_ROOT / "raw" / "reports").iterdir())
DERBY_2022 = "raw/reports/derby-city-pdu-2022-03.txt"


@pytest.fixture
def raw(tmp_path) -> Path:
    folder = tmp_path / "raw" / "reports"
    folder.mkdir(parents=True)
    for path in SAMPLES:
        shutil.copy(path, folder / path.name)
    return folder.parent


def _rows(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_a_bad_file_in_a_batch_is_rejected_alone_with_its_own_reason(raw, warehouse_file):
    # One file's parse result breaks a contract (a key question answered by 150%): put in the parse
    # cache under the key the engine looks up, so the engine validates it with the four good files.
    data = (raw / "reports" / "derby-city-pdu-2022-03.txt").read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    parsed = parse_report_bytes(data, DERBY_2022, sha, ".txt", load_reference())
    tables = dict(parsed.tables)
    tables["key_questions"] = tables["key_questions"].with_columns(
        pl.when(pl.int_range(pl.len()) == 0).then(150.0).otherwise(pl.col("pct_yes")).alias("pct_yes"))
    cache_put(default_cache_dir(warehouse_file), parse_cache_key("report", sha, DERBY_2022,
                                                                 parser_fingerprint(PROJECT_ROOT / "reference")),
              type(parsed)(tables, parsed.inspection_id, None, parsed.text))
    summary = ingest_reports(raw, warehouse_file)
    assert [(o.source_file, o.status, o.parse) for o in summary.outcomes] == [
        ("raw/reports/bristol-and-south-gloucestershire-pdu-2024-02.txt", "loaded", "parsed"),
        (DERBY_2022, "rejected", "cache hit"),
        ("raw/reports/derby-city-pdu-2024-01.txt", "loaded", "parsed"),
        ("raw/reports/gateshead-and-south-tyneside-pdu-2023-05.txt", "loaded", "parsed"),
        ("raw/reports/norfolk-pdu-2023-10.txt", "loaded", "parsed"),
    ]
    # the reason per-file validation gives (schemas/validate.py): the table, column, check and value
    assert summary.of("rejected")[0].reason == "table key_questions breaks its contract: pct_yes in_range(0, 100) (150.0)"
    assert _rows(warehouse_file, "SELECT inspection_id FROM staging.inspection ORDER BY 1") == [
        ("bristol-and-south-gloucestershire-2024-02",), ("derby-city-2024-01",), ("gateshead-and-south-tyneside-2023-05",),
        ("norfolk-2023-10",)]
    assert _rows(warehouse_file, "SELECT count(*) FROM staging.key_questions WHERE inspection_id = 'derby-city-2022-03'") \
        == [(0,)]


def test_two_files_of_one_inspection_in_one_batch(tmp_path, warehouse_file, cumbria_text):
    reports = tmp_path / "raw" / "reports"
    reports.mkdir(parents=True)
    shutil.copy(CUMBRIA, reports / "a-cumbria.txt")
    (reports / "b-cumbria-crlf.txt").write_bytes(cumbria_text.replace("\n", "\r\n").encode())  # other bytes, same facts
    summary = ingest_reports(tmp_path / "raw", warehouse_file)
    first, second = summary.outcomes
    assert (first.source_file, first.status) == ("raw/reports/a-cumbria.txt", "loaded")
    sha = hashlib.sha256(CUMBRIA.read_bytes()).hexdigest()
    assert (second.source_file, second.status, second.reason) == (
        "raw/reports/b-cumbria-crlf.txt", "rejected",
        f"inspection cumbria-2023-07 is already loaded from raw/reports/a-cumbria.txt (sha256 {sha[:12]}); "
        "one file per inspection")
    assert _rows(warehouse_file, "SELECT count(*), min(source_file) FROM staging.inspection") == [
        (1, "raw/reports/a-cumbria.txt")]


class _RefusingReports(ReportKind):
    """The report kind with a load that refuses every file named in ``refused`` (as the warehouse
    would refuse a file whose facts break a constraint the contracts do not see)."""

    refused: tuple[str, ...] = ()

    def load(self, con, run_id, items, commit=True):
        for item in items:
            if item.display in self.refused:
                raise RejectedInput(item.display, "refused by the warehouse (test)")
        super().load(con, run_id, items, commit=commit)


@flow(name="ingest-refusing")
def _ingest_refusing(raw: Path, warehouse: Path, refused: tuple[str, ...]):
    ref_dir = PROJECT_ROOT / "reference"
    kind = _RefusingReports(load_reference(ref_dir), parser_fingerprint(ref_dir), load_survey_catalogue(ref_dir))
    kind.refused = refused
    with store.connect(warehouse) as con:
        kind.setup(con, "refusing-run", raw)
        return run_kind(kind, con, "refusing-run", raw, discover_inputs(raw, "reports"), raw.parent / "cache", ref_dir,
                        "off", throughput=Throughput(parse_processes=1))


def test_when_the_first_file_of_an_inspection_is_rejected_at_load_the_second_loads(tmp_path, warehouse_file,
                                                                                    cumbria_text):
    # three files of one inspection in one batch; the first is refused by the load (after validation)
    reports = tmp_path / "raw" / "reports"
    reports.mkdir(parents=True)
    shutil.copy(CUMBRIA, reports / "a-cumbria.txt")
    (reports / "b-cumbria-crlf.txt").write_bytes(cumbria_text.replace("\n", "\r\n").encode())
    (reports / "c-cumbria-trailing.txt").write_bytes((cumbria_text + "\n\n").encode())
    b_sha = hashlib.sha256((reports / "b-cumbria-crlf.txt").read_bytes()).hexdigest()
    _ingest_refusing(tmp_path / "raw", warehouse_file, ("raw/reports/a-cumbria.txt",))
    assert _rows(warehouse_file, "SELECT source_file, status, reason, inspection_id FROM ops.load_ledger "
                                 "ORDER BY source_file") == [
        ("raw/reports/a-cumbria.txt", "rejected", "refused by the warehouse (test)", None),
        ("raw/reports/b-cumbria-crlf.txt", "loaded", None, "cumbria-2023-07"),
        # the clash names the file that did load, never the rejected one
        ("raw/reports/c-cumbria-trailing.txt", "rejected",
         f"inspection cumbria-2023-07 is already loaded from raw/reports/b-cumbria-crlf.txt (sha256 {b_sha[:12]}); "
         "one file per inspection", None),
    ]
    assert _rows(warehouse_file, "SELECT source_file FROM staging.inspection") == [("raw/reports/b-cumbria-crlf.txt",)]


def test_a_copy_in_the_same_run_is_already_loaded_once_its_first_is(tmp_path, warehouse_file):
    reports = tmp_path / "raw" / "reports"
    reports.mkdir(parents=True)
    shutil.copy(CUMBRIA, reports / "a-cumbria.txt")
    shutil.copy(CUMBRIA, reports / "b-copy.txt")
    summary = ingest_reports(tmp_path / "raw", warehouse_file)
    assert [(o.source_file, o.status, o.parse) for o in summary.outcomes] == [
        ("raw/reports/a-cumbria.txt", "loaded", "parsed"), ("raw/reports/b-copy.txt", "already loaded", "not needed")]
    assert _rows(warehouse_file, "SELECT source_file, status, reason FROM ops.load_ledger ORDER BY source_file") == [
        ("raw/reports/a-cumbria.txt", "loaded", None),
        ("raw/reports/b-copy.txt", "already loaded", "same content as raw/reports/a-cumbria.txt")]


class _FailingReports(ReportKind):
    """The report kind with a fault injected in its load: the transaction fails after the raw
    files and the first fact tables went in (as a disk that fills up would make it)."""

    def load(self, con, run_id, items, commit=True):
        tables = _FailOn(concat=[i.parsed.tables for i in items])
        files = [(i.display, i.sha, i.byte_size, self._text(i), i.parsed.inspection_id) for i in items]
        store.load_reports(con, run_id, files, tables, commit=commit)


class _FailOn(dict):
    def __init__(self, concat):
        super().__init__({name: pl.concat([t[name] for t in concat]) for name in concat[0]})

    def __getitem__(self, name):
        if name == "findings":  # after inspection, ratings, key questions, recommendations
            raise duckdb.IOException("Could not write file: No space left on device")
        return super().__getitem__(name)


@flow(name="ingest-with-a-fault")
def _ingest_with_fault(raw: Path, warehouse: Path, cache: Path):
    ref_dir = PROJECT_ROOT / "reference"
    kind = _FailingReports(load_reference(ref_dir), parser_fingerprint(ref_dir), load_survey_catalogue(ref_dir))
    with store.connect(warehouse) as con:
        kind.setup(con, "faulty-run", raw)
        return run_kind(kind, con, "faulty-run", raw, discover_inputs(raw, "reports"), cache, ref_dir, "off",
                        throughput=Throughput(parse_processes=1))


def test_a_failure_inside_a_batch_leaves_no_partial_file_and_a_rerun_loads_it(raw, warehouse_file, tmp_path):
    with pytest.raises(RunCannotComplete) as stopped:
        _ingest_with_fault(raw, warehouse_file, tmp_path / "cache")
    assert stopped.value.reason.startswith("raw/reports/bristol-and-south-gloucestershire-pdu-2024-02.txt not loaded: "
                                           "the disk is full")
    assert stopped.value.not_loaded == tuple(f"raw/reports/{p.name}" for p in SAMPLES)  # the whole batch
    for table in ("raw.report_files", "staging.inspection", "staging.standard_ratings", "staging.key_questions",
                  "staging.recommendations", "staging.findings", "staging.data_quality"):
        assert _rows(warehouse_file, f"SELECT count(*) FROM {table}") == [(0,)], table
    assert _rows(warehouse_file, "SELECT count(*) FROM ops.load_ledger WHERE status = 'loaded'") == [(0,)]
    summary = ingest_reports(raw, warehouse_file, cache_dir=tmp_path / "cache")
    assert [o.status for o in summary.outcomes] == ["loaded"] * 5
    assert [o.parse for o in summary.outcomes] == ["cache hit"] * 5  # parsed by the failed run, not again
    assert _rows(warehouse_file, "SELECT count(*), count(DISTINCT source_file) FROM raw.report_files") == [(5, 5)]


def test_a_no_change_rerun_records_every_file_already_loaded_in_one_insert(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(PROJECT_ROOT / "raw", raw)
    warehouse = tmp_path / "wh" / "inspections.duckdb"
    first = run_pipeline(raw, warehouse, publish="never")
    assert (len(first.of("loaded")), len(first.of("rejected"))) == (20, 0)  # 5 reports, 15 survey extracts
    second = run_pipeline(raw, warehouse, publish="never")
    assert [(o.status, o.parse) for o in second.outcomes] == [("already loaded", "not needed")] * 20
    rows = _rows(warehouse, "SELECT input_kind, status, count(*), count(DISTINCT recorded_at) FROM ops.load_ledger "
                            f"WHERE run_id = '{second.run_id}' GROUP BY ALL ORDER BY 1")
    # one insert per kind: every row of it has that statement's timestamp
    assert rows == [("report", "already loaded", 5, 1), ("survey", "already loaded", 15, 1)]


def _tables(warehouse: Path) -> dict[str, list[tuple]]:
    out = {}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for name in store.STAGING_TABLES + ("recommendation_theme_matches", "stated_figure_questions"):
            out[name] = con.execute(f"SELECT * FROM staging.{name} ORDER BY ALL").fetchall()
        out["report_files"] = con.execute("SELECT source_sha256, source_file, byte_size, content FROM raw.report_files "
                                          "ORDER BY ALL").fetchall()
    return out


def test_two_parse_processes_give_the_tables_one_gives(raw, tmp_path):
    one, two, small = (tmp_path / name / "w.duckdb" for name in ("one", "two", "small"))
    by_one = ingest_reports(raw, one, throughput=Throughput(parse_processes=1))
    by_two = ingest_reports(raw, two, throughput=Throughput(parse_processes=2))
    # batches of two: each batch's parse is sent to the workers before the one before it loads
    by_small = ingest_reports(raw, small, throughput=Throughput(parse_processes=2, batch_files=2))
    assert [o.parse for o in by_one.outcomes] == [o.parse for o in by_two.outcomes] == ["parsed"] * 5
    assert [(o.source_file, o.status) for o in by_small.outcomes] == [(o.source_file, o.status) for o in by_one.outcomes]
    assert _tables(one) == _tables(two) == _tables(small)
    assert len(_tables(two)["inspection"]) == 5


def test_a_run_starts_one_set_of_parse_workers_for_every_kind(tmp_path):
    from flows.parse_pool import ParsePool, shared_workers
    from flows.survey_parse import parse_and_stage
    from transforms.survey_extract import ExtractContext
    from warehouse.survey_load import InspectionDates

    reference = PROJECT_ROOT / "reference"
    extract = PROJECT_ROOT / "raw" / "surveys" / "derby-city-2024-01" / "staff.csv"
    survey_job = (extract, ExtractContext("raw/surveys/derby-city-2024-01/staff.csv", "0" * 64, "derby-city-2024-01", "staff"),
                  InspectionDates(date(2024, 1, 16), date(2023, 10, 9)), 10, extract.stat().st_size)
    report_jobs = [(p.read_bytes(), f"raw/reports/{p.name}", "0" * 64, p.suffix) for p in SAMPLES[:2]]
    with shared_workers(2) as workers:
        reports = ParsePool("report", reference, 2)
        surveys = ParsePool("survey", reference, 2, chunk=16)
        parsed = reports.run(report_jobs)
        reports.close()  # a kind's pool leaves the run's workers running for the next kind
        assert workers.started
        checked = surveys.run([survey_job, survey_job])
        assert surveys._workers is reports._workers is workers
    assert not workers.started  # stopped with the run
    assert [p.inspection_id for p in parsed] == [parse_report_bytes(*j, load_reference(reference)).inspection_id
                                                 for j in report_jobs]
    alone = parse_and_stage(*survey_job, load_survey_catalogue(reference))
    assert [c.staged.tables["results"].equals(alone.staged.tables["results"]) for c in checked] == [True, True]


def test_changed_since_guesses_from_modification_times_whether_raw_has_new_files(tmp_path):
    import os

    from flows.discover import changed_since

    raw, warehouse = tmp_path / "raw", tmp_path / "wh" / "inspections.duckdb"
    (raw / "reports").mkdir(parents=True)
    (raw / "surveys").mkdir()
    report = raw / "reports" / "a.txt"
    report.write_text("x")
    assert changed_since(raw, warehouse) is True  # no warehouse yet
    warehouse.parent.mkdir()
    warehouse.write_bytes(b"")
    os.utime(report, (1_000_000, 1_000_000))
    assert changed_since(raw, warehouse) is False
    os.utime(report, None)  # modified now, after the warehouse
    os.utime(warehouse, (1_000_000, 1_000_000))
    assert changed_since(raw, warehouse) is True


def test_the_parse_processes_and_batch_size_come_from_the_environment():
    from core.settings import default_parse_processes

    assert Throughput.from_env({}) == Throughput(parse_processes=0, batch_files=64)
    assert Throughput.from_env({}).processes == default_parse_processes()
    assert 1 <= default_parse_processes() <= 8
    chosen = Throughput.from_env({"INSPECTIONS_PARSE_PROCESSES": "1", "INSPECTIONS_BATCH_FILES": "10"})
    assert (chosen.processes, chosen.batch_files) == (1, 10)
    for var, raw in (("INSPECTIONS_PARSE_PROCESSES", "-1"), ("INSPECTIONS_PARSE_PROCESSES", "two"),
                     ("INSPECTIONS_BATCH_FILES", "0")):
        with pytest.raises(ValueError) as err:
            Throughput.from_env({var: raw})
        least = 0 if var == "INSPECTIONS_PARSE_PROCESSES" else 1
        assert str(err.value) == f"{var} must be a whole number of at least {least}, not {raw!r}"


def test_reports_sent_early_are_taken_by_the_run_not_parsed_again(raw, tmp_path):
    """The command line sends the new reports to the workers while Prefect's server starts
    (flows/early_parse.py); the run takes each by its cache key and loads what a run without them
    loads. Only reports modified after the warehouse was written, and not in the parse cache."""
    import os

    from flows.early_parse import send_new_reports
    from flows.parse_pool import shared_workers
    from flows.report_parse import report_cache_key
    from core.settings import Limits

    reference, cache = PROJECT_ROOT / "reference", tmp_path / "cache"
    early, plain = tmp_path / "early" / "w.duckdb", tmp_path / "plain" / "w.duckdb"
    with shared_workers(2) as workers:
        assert send_new_reports(raw, early, cache, reference, workers, Limits(), most=3) == 3
        fingerprint = parser_fingerprint(reference)
        first_three = [report_cache_key(hashlib.sha256(p.read_bytes()).hexdigest(), f"raw/reports/{p.name}", fingerprint)
                       for p in SAMPLES[:3]]
        assert sorted(workers._early) == sorted(first_three)
        summary = ingest_reports(raw, early, cache_dir=cache, throughput=Throughput(parse_processes=2))
        assert workers._early == {}  # every one taken by the run
        assert [(o.status, o.parse) for o in summary.outcomes] == [("loaded", "parsed")] * 5
        # nothing modified since the warehouse was written: nothing sent
        assert send_new_reports(raw, early, cache, reference, workers, Limits(), most=64) == 0
        os.utime(raw / "reports" / SAMPLES[0].name, None)
        os.utime(early, (1_000_000, 1_000_000))
        # modified since, but parsed by the last run (in the parse cache): not sent either
        assert send_new_reports(raw, early, cache, reference, workers, Limits(), most=64) == 0
    ingest_reports(raw, plain, cache_dir=tmp_path / "cache2", throughput=Throughput(parse_processes=1))
    assert _tables(early) == _tables(plain)
