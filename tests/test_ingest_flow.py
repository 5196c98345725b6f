"""The ingest flow on a real Prefect engine (test harness) and a real DuckDB file."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from flows.ingest_reports import ingest_reports
from tests.conftest import CUMBRIA
from warehouse import store

pytestmark = pytest.mark.usefixtures("prefect_harness")

FACT_TABLES = ("inspections", "standard_ratings", "key_questions", "recommendations", "findings",
               "caseload", "stated_figures", "case_sample_windows", "data_quality")


@pytest.fixture
def raw_dir(tmp_path, cumbria_text):
    raw = tmp_path / "raw"
    (raw / "reports").mkdir(parents=True)
    shutil.copy(CUMBRIA, raw / "reports" / CUMBRIA.name)
    (raw / "reports" / "empty.txt").write_bytes(b"")
    (raw / "reports" / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (raw / "reports" / "letter.txt").write_text("Dear colleague,\n\nThank you for your letter.\n")
    (raw / "reports" / "cut-off.txt").write_text("\n".join(cumbria_text.splitlines()[:400]))
    (raw / "reports" / "scan.pdf").write_bytes(b"%PDF-1.7 not text")
    return raw


def _counts(path):
    with duckdb.connect(str(path), read_only=True) as con:
        return {t: con.execute(f"SELECT count(*) FROM mart.{t}").fetchall()[0][0] for t in FACT_TABLES}


def _ledger(path):
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(
            "SELECT run_id, source_file, status, reason FROM mart.load_ledger ORDER BY recorded_at, source_file"
        ).fetchall()


def test_good_file_loads_and_bad_files_are_quarantined(raw_dir, warehouse_file):
    summary = ingest_reports(raw_dir, warehouse_file)
    assert [(o.source_file, o.status) for o in summary.outcomes] == [
        ("raw/reports/binary.txt", "rejected"),
        ("raw/reports/cumbria-pdu-2023-07.txt", "loaded"),
        ("raw/reports/cut-off.txt", "rejected"),
        ("raw/reports/empty.txt", "rejected"),
        ("raw/reports/letter.txt", "rejected"),
        ("raw/reports/scan.pdf", "rejected"),
    ]
    assert not summary.ok
    assert _counts(warehouse_file) == {
        "inspections": 1, "standard_ratings": 10, "key_questions": 14, "recommendations": 13, "findings": 106,
        "caseload": 1, "stated_figures": 86, "case_sample_windows": 2,
        # 18 consistency checks (one the Foreword's rating); 75 completeness checks: 10 sections,
        # 9 ratings, 6 key-question counts, 10 x strengths, 10 x improvements, 10 x unknown labels,
        # 10 x unsorted bullets, recommendations, their addressees, publication date in the
        # framework's dates, 7 inspection fields
        "data_quality": 93,
    }
    reasons = {row[1]: (row[2], row[3]) for row in _ledger(warehouse_file)}
    assert reasons["raw/reports/cut-off.txt"] == (
        "rejected", "incomplete report: stops in 2.1 Court work: title, unit 'Cumbria PDU', overall rating "
        "'Requires improvement', ratings table (9 standards), 5 standard sections, 13 recommendations found; "
        "no section for standard(s) 2.2, 2.3, 2.4, 2.5, 2.6 of framework pdu-2021")
    # a PDF is read now; this one is damaged (no document catalogue)
    assert reasons["raw/reports/scan.pdf"] == ("rejected", "PDF cannot be read: No /Root object! - Is this really a PDF?")
    assert reasons["raw/reports/cumbria-pdu-2023-07.txt"] == ("loaded", None)
    assert summary.render().splitlines()[0].endswith("1 loaded, 0 already loaded, 5 rejected")


def test_second_run_adds_nothing(raw_dir, warehouse_file):
    first = ingest_reports(raw_dir, warehouse_file)
    counts = _counts(warehouse_file)
    second = ingest_reports(raw_dir, warehouse_file)
    assert _counts(warehouse_file) == counts
    assert [o.status for o in second.outcomes if o.source_file.endswith("cumbria-pdu-2023-07.txt")] == ["already loaded"]
    ledger = _ledger(warehouse_file)
    assert len({row[0] for row in ledger}) == 2  # two runs, each file recorded in each
    assert len(ledger) == 2 * len(first.outcomes)


def test_same_inspection_in_a_second_file_is_rejected(raw_dir, warehouse_file, cumbria_text):
    (raw_dir / "reports" / "cumbria-copy-crlf.txt").write_bytes(cumbria_text.replace("\n", "\r\n").encode())
    summary = ingest_reports(raw_dir, warehouse_file)
    copy = next(o for o in summary.outcomes if o.source_file.endswith("cumbria-copy-crlf.txt"))
    original = next(o for o in summary.outcomes if o.source_file.endswith("cumbria-pdu-2023-07.txt"))
    assert {copy.status, original.status} == {"loaded", "rejected"}
    rejected = copy if copy.status == "rejected" else original
    assert rejected.reason.startswith("inspection cumbria-2023-07 is already loaded from raw/reports/")
    assert _counts(warehouse_file)["inspections"] == 1


def test_a_failed_load_leaves_no_partial_rows(raw_dir, warehouse_file, reference):
    # A row already holding one of the report's keys makes its load fail halfway (on the
    # key_questions insert, after the inspection and ratings rows went in): nothing may remain.
    with store.connect(warehouse_file) as con:
        store.prepare(con, reference.tables())
        con.execute("INSERT INTO staging.key_questions VALUES ('cumbria-2023-07', '2.1', 'court', 'q?', 1, "
                    "'0000000000000000000000000000000000000000000000000000000000000000', 1, NULL)")
    summary = ingest_reports(raw_dir, warehouse_file)
    outcome = next(o for o in summary.outcomes if o.source_file.endswith("cumbria-pdu-2023-07.txt"))
    assert outcome.status == "rejected"
    assert outcome.reason.startswith("unexpected ConstraintException")
    with duckdb.connect(str(warehouse_file), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM staging.inspection").fetchall() == [(0,)]
        assert con.execute("SELECT count(*) FROM staging.standard_ratings").fetchall() == [(0,)]
        assert con.execute("SELECT count(*) FROM raw.report_files").fetchall() == [(0,)]
        assert con.execute("SELECT count(*) FROM staging.key_questions").fetchall() == [(1,)]


def test_unmatched_unit_is_loaded_and_reported_in_the_summary(tmp_path, cumbria_text, warehouse_file):
    raw = tmp_path / "raw"
    (raw / "reports").mkdir(parents=True)
    text = cumbria_text.replace("\nCumbria PDU\n", "\nAtlantis PDU\n")
    (raw / "reports" / "atlantis.txt").write_text(text)
    summary = ingest_reports(raw, warehouse_file)
    [outcome] = summary.outcomes
    assert (outcome.status, outcome.inspection_id) == ("loaded", "atlantis-2023-07")
    assert outcome.reason == "'Atlantis PDU': unit name unmatched, no pdu_code (see mart.data_quality)"
    assert summary.render().splitlines()[1].endswith(f"-> atlantis-2023-07 ({outcome.reason})")
    with duckdb.connect(str(warehouse_file), read_only=True) as con:
        assert con.execute("SELECT pdu_code FROM mart.inspections").fetchall() == [(None,)]
        assert con.execute("SELECT passed, detail FROM mart.data_quality WHERE rule = 'pdu_match'").fetchall() == [
            (False, "unit name unmatched")]


def test_a_report_with_gaps_is_loaded_and_the_summary_counts_them(tmp_path, cumbria_text, warehouse_file):
    raw = tmp_path / "raw"
    (raw / "reports").mkdir(parents=True)
    lines = cumbria_text.split("\n")
    row = next(i for i, ln in enumerate(lines) if ln.startswith("Does planning focus sufficiently on keeping"))
    (raw / "reports" / "cumbria-gap.txt").write_text("\n".join(lines[:row] + lines[row + 1:]))
    summary = ingest_reports(raw, warehouse_file)
    [outcome] = summary.outcomes
    assert (outcome.status, outcome.reason) == ("loaded", "loaded with 1 gaps (see mart.data_quality)")
    assert summary.render().splitlines()[1].endswith(f"-> cumbria-2023-07 ({outcome.reason})")
    with duckdb.connect(str(warehouse_file), read_only=True) as con:
        # 75 completeness checks; one failed
        assert con.execute("SELECT fields_found, fields_expected, completeness FROM mart.inspections").fetchall() == [
            (74, 75, round(74 / 75, 3))]
        # the missing row was the lowest (31%), so the band of the lowest left no longer agrees
        assert con.execute("SELECT rule, subject, expected, observed, severity FROM mart.data_quality "
                           "WHERE NOT passed ORDER BY rule").fetchall() == [
            ("key_question_count", "2.3", "3", "2", "error"),
            ("rating_band", "2.3", "Requires improvement", "Inadequate", "warning")]
