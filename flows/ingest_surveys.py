"""Prefect flow: every survey extract under ``<raw>/surveys`` into the warehouse.

A file is tied to its inspection by its path: ``surveys/<unit>-<YYYY>-<MM>/<survey>.<csv|xlsx>``,
where ``<unit>-<YYYY>-<MM>`` is the inspection id (unit name without "PDU", slugged, and the
publication month, e.g. ``cumbria-2023-07``) and ``<survey>`` a file stem of reference/surveys.csv
(``staff``, ``people-on-probation``, ``sentencers``). Like reports, each file ends up loaded,
already loaded, or rejected with a one-line reason, in the load ledger (input_kind 'survey').
"""

from __future__ import annotations

import hashlib
import re
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from flows.discover import discover_inputs
from flows.faults import infrastructure_failure
from flows.input_limits import over_limits
from flows.intake import ingest_each, refuse_all, reject, sha256_of_file
from flows.outcomes import FileOutcome, RunSummary, display_name, unexpected_reason
from flows.parse_cache import default_cache_dir, parse_cache_key, parser_fingerprint
from flows.retry_policy import IO_RETRIES
from core.errors import RejectedInput, RunCannotComplete, one_line
from core.reference import DEFAULT_REFERENCE_DIR, load_reference
from core.settings import DEFAULT_MIN_ANSWERS, Limits
from core.survey_catalogue import SurveyCatalogue, load_survey_catalogue
from transforms.survey_codes import Codebook, codebook_of
from transforms.survey_decode import head_text, write_utf8
from transforms.survey_extract import ExtractContext
from transforms.survey_read import ExtractSettings, ExtractSource, parse_settings, parse_table, read_csv_source, read_xlsx_source
from core.text_keys import text_key
from warehouse import store
from warehouse.survey_load import InspectionDates, load_extract

SURVEY_SUFFIXES = {".csv", ".xlsx"}
#: Files beside an extract that say how to read it: <survey>.codebook.csv and <survey>.settings.toml.
SIDECAR_SUFFIXES = (".codebook.csv", ".settings.toml")
_INSPECTION_DIR = re.compile(r"^(?P<unit>[a-z0-9]+(?:-[a-z0-9]+)*)-(?P<year>\d{4})-(?P<month>0[1-9]|1[0-2])$")
LAYOUT = "surveys/<unit>-<YYYY>-<MM>/<survey>.csv or .xlsx, e.g. surveys/cumbria-2023-07/staff.csv"


def _sidecar_of(path: Path) -> str | None:
    return next((s for s in SIDECAR_SUFFIXES if path.name.lower().endswith(s)), None)


def _extract_stem(path: Path) -> str:
    suffix = _sidecar_of(path)
    return path.name[: -len(suffix)] if suffix else path.stem


def discover_survey_files(raw_dir: Path) -> list[Path]:
    """Every extract to read under ``raw_dir/surveys`` (all are inputs), in a stable order; paths
    refused before reading are in ``discover_inputs(raw_dir, "surveys").refused``. A codebook or
    settings file beside its extract goes with the extract (one without is an input, rejected)."""
    return _without_sidecars(discover_inputs(Path(raw_dir), "surveys").files)


def _without_sidecars(files: list[Path]) -> list[Path]:
    extracts = {(p.parent, p.stem.lower()) for p in files if _sidecar_of(p) is None}
    return [p for p in files if _sidecar_of(p) is None or (p.parent, _extract_stem(p).lower()) not in extracts]


def sidecars(path: Path) -> dict[str, Path]:
    """The codebook and settings files beside an extract, by kind ('codebook', 'settings')."""
    found = {}
    for kind, suffix in (("codebook", ".codebook.csv"), ("settings", ".settings.toml")):
        for candidate in path.parent.iterdir():
            if candidate.name.lower() == (path.stem + suffix).lower():
                found[kind] = candidate
    return found


def tie_to_inspection(path: Path, raw_dir: Path, catalogue: SurveyCatalogue, display: str) -> tuple[str, str]:
    """(inspection_id, survey) from the file's path, or RejectedInput saying why not."""
    rel = path.relative_to(raw_dir / "surveys")
    if _sidecar_of(path):
        raise RejectedInput(display, f"a {_sidecar_of(path)[1:]} file with no extract beside it "
                            f"(expected {_extract_stem(path)}.csv or {_extract_stem(path)}.xlsx in the same folder)")
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


def _answer_test(catalogue: SurveyCatalogue):
    keys = frozenset(text_key(a) for a in catalogue.scales["answer"])
    return lambda text: text_key(text) in keys


@dataclass(frozen=True)
class ParsedSurvey:
    """What reading one extract's header gave: where its rows are and how to read them, or the
    reason it is rejected. Small: the respondent rows are read by the load, from the file."""

    source: ExtractSource | None
    settings: ExtractSettings | None = None
    codebook: Codebook | None = None
    reason: str | None = None

    @property
    def file_format(self) -> str | None:
        return self.source.file_format if self.source else None


def _parse_key(context, parameters) -> str:
    fingerprint = f"{parameters['fingerprint']}-m{parameters['min_answers']}"
    name = parameters["context"].source_file + parameters["sidecar_digest"]
    return parse_cache_key("survey", parameters["context"].source_sha256, name, fingerprint)


def _settings_name(path: Path) -> str:
    return f"{path.stem}.settings.toml"


@task(name="parse-survey", cache_key_fn=_parse_key, persist_result=True)
def parse_survey_file(path: Path, context: ExtractContext, catalogue: SurveyCatalogue, min_answers: int,
                      fingerprint: str, sidecar_digest: str = "") -> ParsedSurvey:
    """Read one extract's header, sheets and sidecar files (cached by the file's SHA-256)."""
    display = context.source_file
    path = Path(path)
    try:
        side = sidecars(path)
        settings, codebook = ExtractSettings(), None
        try:
            if "settings" in side:
                settings = parse_settings(side["settings"].read_text(encoding="utf-8", errors="replace"),
                                          side["settings"].name)
            if "codebook" in side:
                codebook = read_codebook_file(side["codebook"])
        except RejectedInput as err:  # the reason names the settings or codebook file
            raise RejectedInput(display, f"{err.source}: {err.reason}") from None
        if path.suffix.lower() == ".xlsx":
            source = read_xlsx_source(path.read_bytes(), display, settings, _answer_test(catalogue),
                                      _settings_name(path))
        else:
            source = read_csv_source(path, display, _answer_test(catalogue))
    except RejectedInput as err:
        return ParsedSurvey(None, reason=err.reason)
    return ParsedSurvey(source, settings, codebook)


def read_codebook_file(path: Path) -> Codebook:
    """``<survey>.codebook.csv``: columns code (or value), label, and optionally column."""
    _, text, _ = head_text(path, path.name, chars=1 << 24)
    book = codebook_of(parse_table(text), path.name)
    if book is None:
        raise RejectedInput(path.name, "the codebook has no code and label columns (header: column, code, label)")
    return book


@task(name="load-survey", cache_policy=NO_CACHE, **IO_RETRIES)
def load_survey_file(con, run_id: str, context: ExtractContext, path: Path, byte_size: int, parsed: ParsedSurvey,
                     catalogue: SurveyCatalogue, min_answers: int, dates: InspectionDates) -> str | None:
    """Stream one extract into the warehouse (one transaction); return the ledger note."""
    def ledger(con, note):
        store.record(con, run_id, "survey", context.source_file, context.source_sha256, "loaded",
                     one_line(note) if note else None, context.inspection_id)  # the ledger note is bounded
    with tempfile.TemporaryDirectory(prefix="survey-") as tmp:
        csv_path = None
        if parsed.source.kind == "csv" and parsed.source.direct_skip_lines is not None:
            csv_path = Path(path)  # UTF-8 with one kind of line end: DuckDB reads the file itself
        elif parsed.source.kind == "csv":
            csv_path = Path(tmp) / "data.csv"
            write_utf8(Path(path), csv_path, context.source_file, parsed.source.skip_chars)
        return load_extract(con, run_id, context, byte_size, parsed.source, csv_path, catalogue, min_answers,
                            parsed.settings, dates, _settings_name(Path(path)), parsed.codebook, ledger)


def _sidecar_digest(path: Path) -> str:
    digest = hashlib.sha256()
    for kind, side in sorted(sidecars(path).items()):
        digest.update(kind.encode() + side.read_bytes())
    return digest.hexdigest()[:16] if sidecars(path) else ""


def ingest_survey_file(path: Path, raw_dir: Path, display: str, con, run_id: str, catalogue: SurveyCatalogue,
                       min_answers: int, fingerprint: str, cache_dir: Path, known_sha: str | None = None,
                       limits: Limits | None = None) -> FileOutcome:
    """Tie, read the header of (or take from the cache), check and stream-load one survey
    extract; never raises for a bad file. ``limits`` are checked before anything is read."""
    logger = get_run_logger()
    try:
        sha = known_sha or sha256_of_file(path)
        earlier = store.survey_file_loaded(con, sha)
        if earlier is not None:
            store.record(con, run_id, "survey", display, sha, "already loaded",
                         f"same content as {earlier}" if earlier != display else None)
            return FileOutcome(display, "already loaded", kind="survey", parse="not needed")
        problem = over_limits(path, limits or Limits())
        byte_size = path.stat().st_size
    except OSError as err:
        return reject(con, run_id, "survey", display, None, f"cannot read file: {err.strerror or err}")
    if problem is not None:
        return reject(con, run_id, "survey", display, sha, problem)
    inspection_id = None
    parse = None
    try:
        inspection_id, survey = tie_to_inspection(path, raw_dir, catalogue, display)
        dates = store.inspection_dates(con, inspection_id)
        if dates is None:
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
            path, context, catalogue, min_answers, fingerprint, _sidecar_digest(path), return_state=True)
        parse = "cache hit" if state.name == "Cached" else "parsed"
        parsed: ParsedSurvey = state.result()  # a parse that failed (a bug) raises here: rejected below
        if parsed.reason is not None:
            raise RejectedInput(display, parsed.reason)
        note = load_survey_file(con, run_id, context, path, byte_size, parsed, catalogue, min_answers,
                                InspectionDates(*dates))
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
    return FileOutcome(display, "loaded", one_line(note) if note else None, inspection_id, kind="survey", parse=parse)


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
    extracts = _without_sidecars(found.files)
    with store.connect(warehouse_path) as con:
        store.prepare(con, load_reference(Path(reference_dir)).tables())
        store.replace_survey_catalogue(con, catalogue.tables())
        if not store.run_exists(con, run_id):
            store.start_run(con, run_id, str(raw_dir))
        summary.outcomes = refuse_all(con, run_id, raw_dir, "survey", found.refused)
        summary.outcomes += ingest_each(extracts, "surveys", progress, lambda path, sha: ingest_survey_file(
            path, raw_dir, display_name(path, raw_dir), con, run_id, catalogue, min_answers, fingerprint,
            cache_dir, sha, limits), limits, lambda path: display_name(path, raw_dir))
        store.finish_run(con, run_id)
    return summary
