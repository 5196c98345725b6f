"""Prefect flow: every survey extract under ``<raw>/surveys`` into the warehouse.

A file is tied to its inspection by its path: ``surveys/<unit>-<YYYY>-<MM>/<survey>.<csv|xlsx>``,
where ``<unit>-<YYYY>-<MM>`` is the inspection id (unit name without "PDU", slugged, and the
publication month, e.g. ``cumbria-2023-07``) and ``<survey>`` a file stem of reference/surveys.csv
(``staff``, ``people-on-probation``, ``sentencers``). Like reports, each file ends up loaded,
already loaded, or rejected with a one-line reason, in the load ledger (input_kind 'survey').
"""

from __future__ import annotations

import re
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
from inspections.errors import RejectedInput, RunCannotComplete, one_line
from inspections.reference import DEFAULT_REFERENCE_DIR, load_reference
from inspections.settings import DEFAULT_MIN_ANSWERS, Limits
from inspections.survey_catalogue import SurveyCatalogue, load_survey_catalogue
from schemas.survey_validate import validate_survey_tables
from transforms.survey_aggregate import aggregate_answers
from transforms.survey_extract import ExtractContext, extract_tables
from transforms.survey_read import read_csv_extract, read_xlsx_extract
from warehouse import store

SURVEY_SUFFIXES = {".csv", ".xlsx"}
_INSPECTION_DIR = re.compile(r"^(?P<unit>[a-z0-9]+(?:-[a-z0-9]+)*)-(?P<year>\d{4})-(?P<month>0[1-9]|1[0-2])$")
LAYOUT = "surveys/<unit>-<YYYY>-<MM>/<survey>.csv or .xlsx, e.g. surveys/cumbria-2023-07/staff.csv"


def discover_survey_files(raw_dir: Path) -> list[Path]:
    """Every file to read under ``raw_dir/surveys`` (all are inputs), in a stable order; paths
    refused before reading are in ``discover_inputs(raw_dir, "surveys").refused``."""
    return discover_inputs(Path(raw_dir), "surveys").files


def tie_to_inspection(path: Path, raw_dir: Path, catalogue: SurveyCatalogue, display: str) -> tuple[str, str]:
    """(inspection_id, survey) from the file's path, or RejectedInput saying why not."""
    rel = path.relative_to(raw_dir / "surveys")
    if len(rel.parts) != 2:
        raise RejectedInput(display, f"cannot tie to an inspection: not in a folder named for one ({LAYOUT})")
    folder = _INSPECTION_DIR.match(rel.parts[0].lower())
    if folder is None:
        raise RejectedInput(display, f"cannot tie to an inspection: folder {rel.parts[0]!r} is not "
                            f"<unit>-<YYYY>-<MM> ({LAYOUT})")
    survey = catalogue.survey_for_stem(path.stem)
    if survey is None:
        stems = ", ".join(s.split("|")[0] for s in catalogue.surveys["file_stems"])
        raise RejectedInput(display, f"file name {path.stem!r} names no survey (expected one of {stems})")
    if path.suffix.lower() not in SURVEY_SUFFIXES:
        raise RejectedInput(display, f"not a survey extract (suffix {path.suffix or 'none'}; expected .csv or .xlsx)")
    return folder.group(0), survey


def read_extract(data: bytes, suffix: str, display: str):
    """(frame of text columns, file format description)."""
    if suffix.lower() == ".xlsx":
        return read_xlsx_extract(data, display), "xlsx"
    frame, encoding, sep = read_csv_extract(data, display)
    return frame, f"csv {encoding} {'semicolon' if sep == ';' else 'comma'}"


def _note(tables) -> str | None:
    parts = []
    unmapped = tables["columns"].filter(tables["columns"]["question_code"].is_null())["column_header"].to_list()
    if unmapped:
        parts.append(f"{len(unmapped)} unmapped column(s) kept: " + ", ".join(repr(h) for h in unmapped[:5]))
    q = tables["quarantined"]
    if q.height:
        first = q.row(0, named=True)
        parts.append(f"{q.height} answer(s) quarantined (not on the scale), e.g. respondent "
                     f"{first['respondent_id']!r} column {first['column_header']!r}: {first['answer_text']!r}")
    return one_line("; ".join(parts)) if parts else None  # the ledger note is one bounded line


@dataclass(frozen=True)
class ParsedSurvey:
    """What reading one extract gave: validated tables and the file format, or the reason it is rejected."""

    tables: dict[str, pl.DataFrame] | None
    file_format: str | None = None
    reason: str | None = None


def _parse_key(context, parameters) -> str:
    fingerprint = f"{parameters['fingerprint']}-m{parameters['min_answers']}"
    return parse_cache_key("survey", parameters["context"].source_sha256, parameters["context"].source_file, fingerprint)


@task(name="parse-survey", cache_key_fn=_parse_key, persist_result=True)
def parse_survey_file(data: bytes, suffix: str, context: ExtractContext, catalogue: SurveyCatalogue,
                      min_answers: int, fingerprint: str) -> ParsedSurvey:
    """Read, extract, aggregate and validate one extract (pure; cached by its SHA-256)."""
    display = context.source_file
    try:
        frame, file_format = read_extract(data, suffix, display)
        t = extract_tables(frame, context, catalogue)
        results = aggregate_answers(t.answers, t.respondents.height, catalogue.questions, min_answers)
        tables = validate_survey_tables({"respondents": t.respondents, "columns": t.columns, "answers": t.answers,
                                         "quarantined": t.quarantined, "results": results}, display)
    except RejectedInput as err:
        return ParsedSurvey(None, reason=err.reason)
    return ParsedSurvey(tables, file_format)


@task(name="load-survey", cache_policy=NO_CACHE, **IO_RETRIES)
def load_survey_file(con, run_id: str, context: ExtractContext, byte_size: int, parsed: ParsedSurvey,
                     note: str | None) -> None:
    """One extract's tables, quarantined answers and ledger row, in one transaction."""
    store.load_survey(con, run_id, context.source_file, context.source_sha256, byte_size, parsed.file_format,
                      context.inspection_id, context.survey, parsed.tables, note)


def ingest_survey_file(path: Path, raw_dir: Path, display: str, con, run_id: str, catalogue: SurveyCatalogue,
                       min_answers: int, fingerprint: str, cache_dir: Path, known_sha: str | None = None,
                       limits: Limits | None = None) -> FileOutcome:
    """Read, tie, validate, aggregate (or take from the cache) and load one survey extract;
    never raises for a bad file."""
    logger = get_run_logger()
    intake = read_new_file(path, display, con, run_id, "survey", store.survey_file_loaded, known_sha, limits)
    if isinstance(intake, FileOutcome):
        return intake
    data, sha = intake
    inspection_id = None
    parse = None
    try:
        inspection_id, survey = tie_to_inspection(path, raw_dir, catalogue, display)
        if not store.inspection_exists(con, inspection_id):
            m = _INSPECTION_DIR.match(inspection_id)
            raise RejectedInput(display, f"no inspection of unit {m.group('unit')!r} published "
                                f"{m.group('year')}-{m.group('month')} is loaded (inspection {inspection_id}); "
                                "load its report first: the file is tried again next run")
        other = store.survey_source(con, inspection_id, survey)
        if other is not None:
            raise RejectedInput(display, f"survey {survey} of inspection {inspection_id} is already loaded from "
                                f"{other[0]} (sha256 {other[1][:12]}); one file per survey per inspection")
        context = ExtractContext(display, sha, inspection_id, survey)
        state = parse_survey_file.with_options(result_storage=cache_dir)(
            data, path.suffix, context, catalogue, min_answers, fingerprint, return_state=True)
        parse = "cache hit" if state.name == "Cached" else "parsed"
        parsed: ParsedSurvey = state.result()  # a parse that failed (a bug) raises here: rejected below
        if parsed.reason is not None:
            raise RejectedInput(display, parsed.reason)
        note = _note(parsed.tables)
        load_survey_file(con, run_id, context, len(data), parsed, note)
    except RejectedInput as err:
        logger.warning(str(err))
        return reject(con, run_id, "survey", display, sha, err.reason, inspection_id, parse)
    except Exception as err:  # a bug or a warehouse error: the file is quarantined, the run goes on
        if (why := infrastructure_failure(err)) is not None:  # ...unless the machine is at fault: stop
            raise RunCannotComplete(f"{display} not loaded: {why}") from err
        reason = unexpected_reason(err)
        logger.error(f"{display}: {reason}")
        return reject(con, run_id, "survey", display, sha, reason, inspection_id, parse)
    logger.info(f"{display}: loaded as {inspection_id} {survey} ({parse})")
    return FileOutcome(display, "loaded", note, inspection_id, kind="survey", parse=parse)


@flow(name="ingest-surveys", log_prints=False)
def ingest_surveys(raw_dir: Path, warehouse_path: Path, reference_dir: Path = DEFAULT_REFERENCE_DIR,
                   run_id: str | None = None, min_answers: int = DEFAULT_MIN_ANSWERS,
                   cache_dir: Path | None = None, progress: str = "off", limits: Limits | None = None) -> RunSummary:
    """Load every survey extract under ``raw_dir/surveys`` into the DuckDB file at ``warehouse_path``.

    ``min_answers``: a question answered by fewer respondents has its percentage suppressed;
    ``cache_dir``: parse results (default ``<warehouse dir>/cache``); ``progress``: auto, bar, lines or off."""
    if min_answers < 1:
        raise ValueError(f"min_answers must be at least 1, not {min_answers}")
    run_id = run_id or str(flow_run.get_id() or uuid.uuid4())
    raw_dir, warehouse_path = Path(raw_dir), Path(warehouse_path)
    cache_dir = Path(cache_dir) if cache_dir else default_cache_dir(warehouse_path)
    catalogue = load_survey_catalogue(Path(reference_dir))
    fingerprint = parser_fingerprint(Path(reference_dir))
    summary = RunSummary(run_id)
    found = discover_inputs(raw_dir, "surveys")
    with store.connect(warehouse_path) as con:
        store.prepare(con, load_reference(Path(reference_dir)).tables())
        store.replace_survey_catalogue(con, catalogue.tables())
        if not store.run_exists(con, run_id):
            store.start_run(con, run_id, str(raw_dir))
        summary.outcomes = refuse_all(con, run_id, raw_dir, "survey", found.refused)
        summary.outcomes += ingest_each(found.files, "surveys", progress, lambda path, sha: ingest_survey_file(
            path, raw_dir, display_name(path, raw_dir), con, run_id, catalogue, min_answers, fingerprint,
            cache_dir, sha, limits), limits, lambda path: display_name(path, raw_dir))
        store.finish_run(con, run_id)
    return summary
