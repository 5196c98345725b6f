"""Survey extracts through the ingest engine a batch at a time (flows/ingest_surveys.py,
warehouse/survey_load.py), on the real Prefect engine, real DuckDB and real pandera: each extract
is checked alone and rejected with its own reason, each table validated once per batch, and the
batch written in one transaction. The sample under raw/ (5 reports, 15 extracts: 12 CSV, 3
workbooks) falls in one batch of the default 64 files."""

from __future__ import annotations

import dataclasses
import hashlib
import shutil
from pathlib import Path

import duckdb
import polars as pl
import pytest
from prefect import flow

from core.errors import RunCannotComplete
from core.settings import PROJECT_ROOT, Throughput
from core.survey_catalogue import load_survey_catalogue
from flows.discover import discover_inputs
from flows.engine import run_kind
from flows.ingest_reports import ingest_reports
from flows.ingest_surveys import SurveyKind, ingest_surveys
from flows.parse_cache import parser_fingerprint
from warehouse import store
from warehouse.survey_load import write_extracts

pytestmark = pytest.mark.usefixtures("prefect_harness")

REFERENCE = PROJECT_ROOT / "reference"
ONE_PROCESS = Throughput(parse_processes=1)
EXTRACTS = sorted(f"raw/surveys/{p.parent.name}/{p.name}" for p in (PROJECT_ROOT / "raw" / "surveys").glob("*/*"))
DUPLICATED = "raw/surveys/derby-city-2024-01/staff.csv"
BROKEN = "raw/surveys/norfolk-2023-10/sentencers.csv"
#: every table a survey load writes, with the columns that do not depend on the run
SURVEY_TABLES = {
    "raw.survey_files": "source_sha256, source_file, byte_size, file_format, inspection_id, survey",
    "staging.survey_respondents": "*", "staging.survey_columns": "*", "staging.survey_cells": "*",
    "staging.survey_answer_values": "*", "staging.survey_results": "*", "staging.survey_data_quality": "*",
    "ops.quarantined_answers": "* EXCLUDE (run_id, recorded_at)",
}


@pytest.fixture
def raw(tmp_path) -> Path:
    folder = tmp_path / "raw"
    shutil.copytree(PROJECT_ROOT / "raw", folder)
    return folder


def _rows(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def _tables(warehouse: Path) -> dict[str, list[tuple]]:
    return {name: _rows(warehouse, f"SELECT {columns} FROM {name} ORDER BY ALL")
            for name, columns in SURVEY_TABLES.items()}


def _kind(raw: Path, cls=SurveyKind) -> SurveyKind:
    return cls(raw, load_survey_catalogue(REFERENCE), 10, parser_fingerprint(REFERENCE), REFERENCE)


@flow(name="ingest-surveys-with-a-kind")
def _ingest(kind: SurveyKind, raw: Path, warehouse: Path, cache: Path):
    with store.connect(warehouse) as con:
        kind.setup(con, "test-run", raw)
        return run_kind(kind, con, "test-run", raw, discover_inputs(raw, "surveys"), cache, REFERENCE, "off",
                        throughput=ONE_PROCESS)


class _OneBrokenContract(SurveyKind):
    """The survey kind with one extract's results made to break their contract after its checks
    (a threshold of 0), as a bug in the aggregation would: only validation can catch it."""

    def check(self, con, run_id, items):
        failed = super().check(con, run_id, items)
        for item in items:
            if item.display == BROKEN:
                results = item.staged.tables["results"].with_columns(pl.lit(0, pl.Int64).alias("min_answers"))
                item.staged.tables = {**item.staged.tables, "results": results}
        return failed


def test_bad_extracts_in_a_batch_are_rejected_alone_with_their_own_reasons(raw, warehouse_file, tmp_path):
    staff = raw / "surveys" / "derby-city-2024-01" / "staff.csv"
    lines = staff.read_text(encoding="utf-8").split("\n")
    lines[3] = lines[3].replace("STA-0003,", "STA-0001,", 1)  # data row 3 takes data row 1's ID
    staff.write_text("\n".join(lines), encoding="utf-8")
    ingest_reports(raw, warehouse_file, throughput=ONE_PROCESS)
    outcomes = {o.source_file: (o.status, o.reason)
                for o in _ingest(_kind(raw, _OneBrokenContract), raw, warehouse_file, tmp_path / "cache")}
    assert outcomes[DUPLICATED] == (
        "rejected", "duplicate respondent IDs: 'STA-0001' on data rows 1, 3; each respondent must appear once")
    # the reason per-file validation gives (schemas/survey_validate.py): table, column, check and the
    # values of its two result rows (the file's two scaled questions: confident advice, breach quality)
    assert outcomes[BROKEN] == (
        "rejected", "table survey_results breaks its contract: min_answers greater_than_or_equal_to(1) (0, 0)")
    assert sorted(f for f, (status, _) in outcomes.items() if status == "loaded") == sorted(
        set(EXTRACTS) - {DUPLICATED, BROKEN})
    assert _rows(warehouse_file, "SELECT source_file, status FROM ops.load_ledger WHERE input_kind = 'survey' "
                                 "AND status = 'rejected' ORDER BY 1") == [(DUPLICATED, "rejected"), (BROKEN, "rejected")]
    for table in SURVEY_TABLES:  # nothing of either rejected extract, something of every loaded one
        assert _rows(warehouse_file, f"SELECT count(*) FROM {table} WHERE source_sha256 IN "
                                     "(SELECT source_sha256 FROM ops.load_ledger WHERE status = 'rejected')") == [(0,)]
    assert _rows(warehouse_file, "SELECT count(DISTINCT source_sha256) FROM staging.survey_respondents") == [(13,)]
    assert _rows(warehouse_file, "SELECT count(DISTINCT source_sha256) FROM staging.survey_results") == [(13,)]


def test_an_extract_that_fails_its_checks_does_not_hold_back_a_second_file_of_its_survey(raw, warehouse_file):
    folder = raw / "surveys" / "derby-city-2024-01"
    good = (folder / "staff.csv").read_bytes()
    # a second file of the staff survey, first in file order ('-' before '.'), with a duplicate ID
    (folder / "staff-survey.csv").write_bytes(good.replace(b"STA-0003,", b"STA-0001,", 1))
    ingest_reports(raw, warehouse_file, throughput=ONE_PROCESS)
    summary = ingest_surveys(raw, warehouse_file, throughput=ONE_PROCESS)
    outcomes = {o.source_file: (o.status, o.reason) for o in summary.outcomes}
    assert outcomes["raw/surveys/derby-city-2024-01/staff-survey.csv"] == (
        "rejected", "duplicate respondent IDs: 'STA-0001' on data rows 1, 3; each respondent must appear once")
    assert outcomes[DUPLICATED] == ("loaded", None)
    assert _rows(warehouse_file, "SELECT source_file FROM raw.survey_files WHERE inspection_id = 'derby-city-2024-01' "
                                 "AND survey = 'staff'") == [(DUPLICATED,)]


class _DiskFillsUp(SurveyKind):
    """The survey kind with a fault injected in its load: the batch's transaction fails after the
    file rows, respondents, cells, columns and answer values went in, as a disk filling up would."""

    def load(self, con, run_id, items, commit=True):
        staged = [dataclasses.replace(i.staged) for i in items]
        staged[-1].tables = _FailOn(staged[-1].tables)
        write_extracts(con, run_id, staged, commit=commit)


class _FailOn(dict):
    def __getitem__(self, name):
        if name == "results":
            raise duckdb.IOException("Could not write file: No space left on device")
        return super().__getitem__(name)


def test_a_fault_inside_a_batch_leaves_none_of_it_and_a_rerun_loads_it(raw, warehouse_file, tmp_path):
    ingest_reports(raw, warehouse_file, throughput=ONE_PROCESS)
    with pytest.raises(RunCannotComplete) as stopped:
        _ingest(_kind(raw, _DiskFillsUp), raw, warehouse_file, tmp_path / "cache")
    assert stopped.value.reason.startswith(f"{EXTRACTS[0]} not loaded: the disk is full")
    assert stopped.value.not_loaded == tuple(EXTRACTS)  # the whole batch
    for table in SURVEY_TABLES:
        assert _rows(warehouse_file, f"SELECT count(*) FROM {table}") == [(0,)], table
    assert _rows(warehouse_file, "SELECT count(*) FROM ops.load_ledger WHERE input_kind = 'survey'") == [(0,)]
    summary = ingest_surveys(raw, warehouse_file, cache_dir=tmp_path / "cache", throughput=ONE_PROCESS)
    assert [(o.status, o.parse) for o in summary.outcomes] == [("loaded", "cache hit")] * 15  # not parsed again
    assert _rows(warehouse_file, "SELECT count(*), count(DISTINCT source_file) FROM raw.survey_files") == [(15, 15)]


def test_batches_of_one_and_of_sixty_four_load_the_same_rows(raw, tmp_path):
    one, all_ = tmp_path / "one" / "w.duckdb", tmp_path / "all" / "w.duckdb"
    for warehouse, batch in ((one, 1), (all_, 64)):
        ingest_reports(raw, warehouse, throughput=ONE_PROCESS)
        summary = ingest_surveys(raw, warehouse, throughput=Throughput(parse_processes=1, batch_files=batch))
        assert [o.status for o in summary.outcomes] == ["loaded"] * 15
    by_one, by_all = _tables(one), _tables(all_)
    assert by_one == by_all
    # every extract's file row, and the respondents of the four staff CSVs: their lines after the header
    assert sorted(r[1] for r in by_all["raw.survey_files"]) == EXTRACTS
    staff_rows = sum(
        len([line for line in (raw / "surveys" / f.split("/")[2] / "staff.csv").read_text().splitlines()[1:] if line])
        for f in EXTRACTS if f.endswith("staff.csv"))
    assert _rows(all_, "SELECT count(*) FROM staging.survey_respondents r JOIN raw.survey_files f USING (source_sha256) "
                       "WHERE f.source_file LIKE '%staff.csv'") == [(staff_rows,)]
    ledger = "SELECT source_file, status, reason, inspection_id FROM ops.load_ledger WHERE input_kind = 'survey' ORDER BY 1"
    assert _rows(one, ledger) == _rows(all_, ledger)
    sha = hashlib.sha256((raw / "surveys" / "derby-city-2024-01" / "staff.csv").read_bytes()).hexdigest()
    assert _rows(all_, f"SELECT count(*) FROM staging.survey_results WHERE source_sha256 = '{sha}'") == [(5,)]


def test_an_extract_leaves_no_temporary_objects_loaded_or_rejected():
    from core.errors import RejectedInput
    from tests import survey_helpers
    from tests.survey_helpers import csv_bytes, load_bytes

    def temporary() -> list[tuple]:
        return survey_helpers._CON.execute(
            "SELECT table_name FROM duckdb_tables() WHERE temporary UNION ALL "
            "SELECT view_name FROM duckdb_views() WHERE temporary AND view_name LIKE 'survey%'").fetchall()

    header = ["Respondent ID", "Is your workload manageable?"]
    load_bytes(csv_bytes([header, ["a", "Yes"], ["b", "Maybe"]]))  # loads, one answer quarantined
    assert temporary() == []
    with pytest.raises(RejectedInput) as rejected:
        load_bytes(csv_bytes([header, ["a", "Yes"], ["a", "No"]]))
    assert rejected.value.reason == "duplicate respondent IDs: 'a' on data rows 1, 2; each respondent must appear once"
    assert temporary() == []


def test_large_extracts_read_again_from_their_files_load_the_same_rows(raw, tmp_path, monkeypatch):
    """Above ``STREAM_RESPONDENTS`` an extract keeps no rows in memory: the load streams them from
    its file again (a UTF-8 copy made again where it needed one). Every extract of the sample made
    'large' loads the same rows as when each keeps its rows; workbooks always keep theirs."""
    from warehouse import survey_load

    kept, streamed = tmp_path / "kept" / "w.duckdb", tmp_path / "streamed" / "w.duckdb"
    ingest_reports(raw, kept, throughput=ONE_PROCESS)
    ingest_surveys(raw, kept, throughput=ONE_PROCESS)
    read_again = []
    insert = survey_load._insert_streamed_rows

    def recorded(con, s, n):
        read_again.append(s.ctx.source_file)
        insert(con, s, n)

    monkeypatch.setattr(survey_load, "STREAM_RESPONDENTS", 0)
    monkeypatch.setattr(survey_load, "_insert_streamed_rows", recorded)
    ingest_reports(raw, streamed, throughput=ONE_PROCESS)
    summary = ingest_surveys(raw, streamed, throughput=ONE_PROCESS)
    assert [o.status for o in summary.outcomes] == ["loaded"] * 15
    assert sorted(read_again) == [f for f in EXTRACTS if f.endswith(".csv")]  # the 12 CSV extracts
    assert _tables(streamed) == _tables(kept)
