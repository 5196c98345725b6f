"""Prefect flow: every report file under ``<raw>/reports`` into the warehouse.

Each file ends up in exactly one of three states, recorded in the load ledger:
loaded (its facts landed in one transaction), already loaded (same content as
an earlier load: nothing added), or rejected (quarantined with a one-line reason;
the raw file is left untouched, and is tried again on the next run).

All files are hashed in one task (flows/intake.py); a file whose content is not loaded yet goes
through three more: ``read-input-file`` and ``load-report`` do I/O and retry transient errors
with back-off (flows/retry_policy.py); ``parse-report`` is pure, never retried, and cached by the
file's SHA-256 (flows/parse_cache.py), rejections included, so an unchanged file is parsed once
however often it is seen.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from flows.discover import discover_inputs
from flows.faults import infrastructure_failure
from flows.intake import ingest_each, read_new_file, refuse_all, reject
from flows.outcomes import FileOutcome, RunSummary, display_name, unexpected_reason
from flows.parse_cache import default_cache_dir, parse_cache_key, parser_fingerprint
from flows.retry_policy import IO_RETRIES
from core.errors import RejectedInput, RunCannotComplete
from core.reference import DEFAULT_REFERENCE_DIR, Reference, load_reference
from core.settings import Limits
from schemas.validate import validate_report_tables
from transforms.report_facts import parse_extracted
from transforms.report_formats import REPORT_SUFFIXES, extract_report
from transforms.report_text import decode_report
from warehouse import store


def discover_report_files(raw_dir: Path) -> list[Path]:
    """Every file to read under ``raw_dir/reports`` (all are inputs: a file with an unexpected
    suffix is rejected, not ignored), in a stable order; the paths refused before reading (hidden,
    links out of raw/, FIFOs...) are in ``discover_inputs(raw_dir, "reports").refused``."""
    return discover_inputs(Path(raw_dir), "reports").files


@dataclass(frozen=True)
class ParsedReport:
    """What parsing one file gave: validated tables, or the reason it is rejected."""

    tables: dict[str, pl.DataFrame] | None
    inspection_id: str | None = None
    reason: str | None = None
    text: str | None = None  # the text read from a PDF or web page (source_line counts its lines)


def _parse_key(context, parameters) -> str:
    return parse_cache_key("report", parameters["sha256"], parameters["display"], parameters["fingerprint"])


@task(name="parse-report", cache_key_fn=_parse_key, persist_result=True)
def parse_report_file(data: bytes, display: str, sha256: str, suffix: str, ref: Reference,
                      fingerprint: str) -> ParsedReport:
    """Parse and validate one report (pure; ``fingerprint`` names the parser and reference data)."""
    try:
        if suffix.lower() not in REPORT_SUFFIXES:
            raise RejectedInput(display, f"not a report file (suffix {suffix or 'none'}; expected "
                                f"{', '.join(REPORT_SUFFIXES)})")
        doc = extract_report(data, display)
        facts = parse_extracted(doc, display, sha256, ref)
        tables = validate_report_tables(facts.tables, display)
    except RejectedInput as err:
        return ParsedReport(None, reason=err.reason)
    return ParsedReport(tables, facts.inspection_id, text=doc.text if doc.fmt != "text" else None)


@task(name="load-report", cache_policy=NO_CACHE, **IO_RETRIES)
def load_report_file(con, run_id: str, display: str, sha256: str, data: bytes, parsed: ParsedReport) -> None:
    """One report's facts, raw text and ledger row, in one transaction (for a PDF or web page,
    the text read from it, which the facts' ``source_line`` numbers)."""
    text = parsed.text if parsed.text is not None else decode_report(data, display)  # NULs removed, bad bytes U+FFFD
    store.load_report(con, run_id, display, sha256, text, len(data), parsed.tables)


def ingest_report_file(path: Path, display: str, con, run_id: str, ref: Reference, fingerprint: str,
                       cache_dir: Path, known_sha: str | None = None, limits: Limits | None = None) -> FileOutcome:
    """Read, parse (or take from the cache), validate and load one report; never raises for a bad
    file. Raises ``RunCannotComplete`` when the warehouse cannot be written (disk full, read-only):
    the file's transaction was rolled back."""
    logger = get_run_logger()
    intake = read_new_file(path, display, con, run_id, "report", store.loaded_file, known_sha, limits)
    if isinstance(intake, FileOutcome):
        return intake
    data, sha = intake
    state = parse_report_file.with_options(result_storage=cache_dir)(
        data, display, sha, path.suffix, ref, fingerprint, return_state=True)
    parse = "cache hit" if state.name == "Cached" else "parsed"
    try:
        parsed: ParsedReport = state.result()  # a parse that failed (a bug) raises here: rejected below
        if parsed.reason is not None:
            raise RejectedInput(display, parsed.reason)
        other = store.inspection_source(con, parsed.inspection_id)
        if other is not None:
            raise RejectedInput(display, f"inspection {parsed.inspection_id} is already loaded from "
                                f"{other[0]} (sha256 {other[1][:12]}); one file per inspection")
        load_report_file(con, run_id, display, sha, data, parsed)
    except RejectedInput as err:
        logger.warning(str(err))
        return reject(con, run_id, "report", display, sha, err.reason, parse=parse)
    except Exception as err:  # a bug or a warehouse error: the file is quarantined, the run goes on
        if (why := infrastructure_failure(err)) is not None:  # ...unless the machine is at fault: stop
            raise RunCannotComplete(f"{display} not loaded: {why}") from err
        reason = unexpected_reason(err)
        logger.error(f"{display}: {reason}")
        return reject(con, run_id, "report", display, sha, reason, parse=parse)
    logger.info(f"{display}: loaded as {parsed.inspection_id} ({parse})")
    notes = [n for n in (_gaps_note(parsed.tables, ref), _pdu_note(parsed.tables)) if n]
    return FileOutcome(display, "loaded", "; ".join(notes) or None, inspection_id=parsed.inspection_id, parse=parse)


def _gaps_note(tables, ref: Reference) -> str | None:
    """The run summary's note for a report loaded with completeness gaps."""
    from transforms.quality_rules import gaps

    n = gaps(tables["data_quality"], ref.quality_rules).height
    return f"loaded with {n} gaps (see mart.data_quality)" if n else None


def _pdu_note(tables) -> str | None:
    """The run summary's note for a unit name that matched no PDU code, or several."""
    check = tables["data_quality"].filter(rule="pdu_match", passed=False)
    if check.is_empty():
        return None
    row = check.row(0, named=True)
    return f"{row['subject']!r}: {row['detail']}, no pdu_code (see mart.data_quality)"


@flow(name="ingest-reports", log_prints=False)
def ingest_reports(raw_dir: Path, warehouse_path: Path, reference_dir: Path = DEFAULT_REFERENCE_DIR,
                   run_id: str | None = None, cache_dir: Path | None = None, progress: str = "off",
                   limits: Limits | None = None) -> RunSummary:
    """Load every report under ``raw_dir/reports`` into the DuckDB file at ``warehouse_path``.

    ``cache_dir``: parse results (default ``<warehouse dir>/cache``); ``progress``: auto, bar, lines or off;
    ``limits``: bounds on one input file (default ``Limits()``). Paths directly under ``raw_dir`` that
    are not ``reports/`` or ``surveys/`` are recorded here too (flows/discover.py)."""
    run_id = run_id or str(flow_run.get_id() or uuid.uuid4())
    raw_dir, warehouse_path = Path(raw_dir), Path(warehouse_path)
    cache_dir = Path(cache_dir) if cache_dir else default_cache_dir(warehouse_path)
    ref = load_reference(Path(reference_dir))
    fingerprint = parser_fingerprint(Path(reference_dir))
    summary = RunSummary(run_id)
    found = discover_inputs(raw_dir, "reports")
    with store.connect(warehouse_path) as con:
        store.prepare(con, ref.tables())
        store.start_run(con, run_id, str(raw_dir))
        summary.outcomes = refuse_all(con, run_id, raw_dir, "report", found.refused, strays=True)
        summary.outcomes += ingest_each(found.files, "reports", progress, lambda path, sha: ingest_report_file(
            path, display_name(path, raw_dir), con, run_id, ref, fingerprint, cache_dir, sha, limits),
            limits, lambda path: display_name(path, raw_dir))
        store.finish_run(con, run_id)
    return summary
