"""Prefect flow: every report file under ``<raw>/reports`` into the warehouse.

Each file ends up in exactly one of three states, recorded in the load ledger:
loaded (its facts landed in one transaction), already loaded (same content as
an earlier load: nothing added), or rejected (quarantined with a one-line reason;
the raw file is left untouched, and is tried again on the next run).
"""

from __future__ import annotations

import uuid
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from flows.intake import read_new_file
from flows.outcomes import FileOutcome, RunSummary, display_name
from inspections.errors import RejectedInput
from inspections.reference import DEFAULT_REFERENCE_DIR, load_reference
from schemas.validate import validate_report_tables
from transforms.report_facts import parse_report
from warehouse import store

REPORT_SUFFIXES = {".txt", ".md", ".text"}


def discover_report_files(raw_dir: Path) -> list[Path]:
    """Every file under ``raw_dir/reports`` (all are inputs: a file with an unexpected
    suffix is rejected, not ignored), in a stable order."""
    folder = raw_dir / "reports"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))


@task(name="ingest-report-file", cache_policy=NO_CACHE)
def ingest_report_file(path: Path, display_name: str, con, run_id: str, ref) -> FileOutcome:
    """Read, parse, validate and load one report file; never raises for a bad file."""
    logger = get_run_logger()
    intake = read_new_file(path, display_name, con, run_id, "report", store.loaded_file)
    if isinstance(intake, FileOutcome):
        return intake
    data, sha = intake
    try:
        if path.suffix.lower() not in REPORT_SUFFIXES:
            raise RejectedInput(display_name, f"not a text report (suffix {path.suffix or 'none'}; expected .txt or .md)")
        facts = parse_report(data, display_name, sha, ref)
        tables = validate_report_tables(facts.tables, display_name)
        other = store.inspection_source(con, facts.inspection_id)
        if other is not None:
            raise RejectedInput(display_name, f"inspection {facts.inspection_id} is already loaded from "
                                f"{other[0]} (sha256 {other[1][:12]}); one file per inspection")
        text = data.decode("utf-8-sig", errors="replace")
        store.load_report(con, run_id, display_name, sha, text, len(data), tables)
    except RejectedInput as err:
        logger.warning(str(err))
        store.record(con, run_id, "report", display_name, sha, "rejected", err.reason)
        return FileOutcome(display_name, "rejected", err.reason)
    except Exception as err:  # a bug or a warehouse error: the file is quarantined, the run goes on
        reason = f"unexpected {type(err).__name__}: {' '.join(str(err).split())[:300]}"
        logger.error(f"{display_name}: {reason}")
        store.record(con, run_id, "report", display_name, sha, "rejected", reason)
        return FileOutcome(display_name, "rejected", reason)
    logger.info(f"{display_name}: loaded as {facts.inspection_id}")
    return FileOutcome(display_name, "loaded", _pdu_note(tables), inspection_id=facts.inspection_id)


def _pdu_note(tables) -> str | None:
    """The run summary's note for a unit name that matched no PDU code, or several."""
    check = tables["data_quality"].filter(rule="pdu_match", passed=False)
    if check.is_empty():
        return None
    row = check.row(0, named=True)
    return f"{row['subject']!r}: {row['detail']}, no pdu_code (see mart.data_quality)"


@flow(name="ingest-reports", log_prints=False)
def ingest_reports(raw_dir: Path, warehouse_path: Path, reference_dir: Path = DEFAULT_REFERENCE_DIR,
                   run_id: str | None = None) -> RunSummary:
    """Load every report under ``raw_dir/reports`` into the DuckDB file at ``warehouse_path``."""
    run_id = run_id or str(flow_run.get_id() or uuid.uuid4())
    raw_dir, warehouse_path = Path(raw_dir), Path(warehouse_path)
    ref = load_reference(Path(reference_dir))
    summary = RunSummary(run_id)
    with store.connect(warehouse_path) as con:
        store.prepare(con, ref.tables())
        store.start_run(con, run_id, str(raw_dir))
        for path in discover_report_files(raw_dir):
            summary.outcomes.append(ingest_report_file(path, display_name(path, raw_dir), con, run_id, ref))
        store.finish_run(con, run_id)
    return summary
