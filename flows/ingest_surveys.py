"""Prefect flow: every survey extract under ``<raw>/surveys`` into the warehouse, through the
ingest engine (flows/engine.py) with the survey kind plugged in.

A file is tied to its inspection by its path (flows/survey_parse.py): ``surveys/<unit>-<YYYY>-<MM>/
<survey>.<csv|xlsx>``, the inspection's report loaded first. Its header is read in the parse stage
(cached by the file's SHA-256); its rows are streamed by DuckDB at load (warehouse/survey_load.py),
never held in Python. Like reports, each file ends up loaded, already loaded, or rejected with a
one-line reason, in the load ledger (input_kind 'survey').

Each extract loads in its own transaction (the load stage is still one task per batch): the checks
that reject an extract (unreadable CSV, duplicate IDs, dates) are DuckDB statements over the file
itself, and a failed statement aborts the transaction it runs in, so a batch transaction would
have to hold every extract's temporary row index until its commit; see docs/scaling.md.
"""

from __future__ import annotations

import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from prefect import flow, get_run_logger
from prefect.runtime import flow_run

from core.errors import RejectedInput, one_line
from core.reference import DEFAULT_REFERENCE_DIR, load_reference
from core.settings import DEFAULT_MIN_ANSWERS, Limits, Throughput
from core.survey_catalogue import SurveyCatalogue, load_survey_catalogue
from flows.discover import Discovered, discover_inputs
from flows.engine import Item, Kind, run_kind
from flows.faults import infrastructure_failure
from flows.intake import reject
from flows.outcomes import FileOutcome, RunSummary, unexpected_reason
from flows.parse_cache import default_cache_dir, parse_cache_key, parser_fingerprint
from flows.retry_policy import is_transient
from flows.survey_parse import (INSPECTION_DIR, LAYOUT, SIDECAR_SUFFIXES, SURVEY_SUFFIXES, ParsedSurvey,  # noqa: F401
                                parse_survey_file, read_codebook_file, settings_name, sidecar_digest, sidecars,
                                tie_to_inspection, without_sidecars)
from transforms.survey_decode import write_utf8
from transforms.survey_extract import ExtractContext
from warehouse import store
from warehouse.survey_load import InspectionDates, load_extract


def load_survey_file(con, run_id: str, context: ExtractContext, path: Path, byte_size: int, parsed: ParsedSurvey,
                     catalogue: SurveyCatalogue, min_answers: int, dates: InspectionDates) -> str | None:
    """Stream one extract into the warehouse (one transaction, its ledger row included); return
    the ledger note."""
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
                            parsed.settings, dates, settings_name(Path(path)), parsed.codebook, ledger)


@dataclass(frozen=True)
class SurveyTie:
    """What a survey extract is tied to before it is parsed."""

    context: ExtractContext
    dates: InspectionDates
    sidecar_digest: str

    @property
    def inspection_id(self) -> str:
        return self.context.inspection_id


class SurveyKind(Kind):
    name, folder, label = "survey", "surveys", "surveys"
    reads_bytes = False  # DuckDB streams the rows from the file

    def __init__(self, raw_dir: Path, catalogue: SurveyCatalogue, min_answers: int, fingerprint: str,
                 reference_dir: Path):
        self.raw_dir, self.catalogue, self.min_answers = raw_dir, catalogue, min_answers
        self.fingerprint, self.reference_dir = fingerprint, reference_dir

    def select(self, found: Discovered) -> list[Path]:
        return without_sidecars(found.files)

    def setup(self, con, run_id: str, raw_dir: Path) -> None:
        store.prepare(con, load_reference(self.reference_dir).tables())
        store.replace_survey_catalogue(con, self.catalogue.tables())
        if not store.run_exists(con, run_id):
            store.start_run(con, run_id, str(raw_dir))

    def tie(self, con, items: list[Item]) -> dict[str, tuple[str, str | None]]:
        untied = {}
        for item in items:
            inspection_id = None
            try:
                inspection_id, survey = tie_to_inspection(item.path, self.raw_dir, self.catalogue, item.display)
                dates = store.inspection_dates(con, inspection_id)
                if dates is None:
                    m = INSPECTION_DIR.match(inspection_id)
                    raise RejectedInput(item.display, f"no inspection of unit {m.group('unit')!r} published "
                                        f"{m.group('year')}-{m.group('month')} is loaded (inspection {inspection_id}); "
                                        "load its report first: the file is tried again next run")
                self._check_not_loaded(con, inspection_id, survey, item.display)
                item.tie = SurveyTie(ExtractContext(item.display, item.sha, inspection_id, survey),
                                     InspectionDates(*dates), sidecar_digest(item.path))
            except RejectedInput as err:
                untied[item.display] = (err.reason, inspection_id)
            except OSError as err:  # a sidecar that cannot be read
                untied[item.display] = (f"cannot read file: {err.strerror or err}", inspection_id)
        return untied

    @staticmethod
    def _check_not_loaded(con, inspection_id: str, survey: str, display: str) -> None:
        other = store.survey_source(con, inspection_id, survey)
        if other is not None:
            raise RejectedInput(display, f"survey {survey} of inspection {inspection_id} is already loaded from "
                                f"{other[0]} (sha256 {other[1][:12]}); one file per survey per inspection")

    def cache_key(self, item: Item) -> str:
        return parse_cache_key("survey", item.sha, item.display + item.tie.sidecar_digest,
                               f"{self.fingerprint}-m{self.min_answers}")

    def parse_job(self, item: Item) -> tuple:
        return (item.path, item.tie.context)

    def parse_data(self) -> SurveyCatalogue:
        return self.catalogue

    def load(self, con, run_id: str, items: list[Item], commit: bool = True) -> None:
        """Each extract in its own transaction (see the module's docstring), deciding its outcome
        here; an error of the machine is raised (and the batch task retried when it may pass:
        the extracts already decided are skipped)."""
        logger = get_run_logger()
        for item in items:
            if item.outcome is not None:
                continue
            tie = item.tie
            try:
                # a second file of the same survey in this batch: the first is loaded by now
                self._check_not_loaded(con, tie.inspection_id, tie.context.survey, item.display)
                note = load_survey_file(con, run_id, tie.context, item.path, item.byte_size, item.parsed,
                                        self.catalogue, self.min_answers, tie.dates)
            except RejectedInput as err:
                logger.warning(f"{item.display}: {err.reason}")
                item.outcome = reject(con, run_id, "survey", item.display, item.sha, err.reason, tie.inspection_id,
                                      item.parse)
                continue
            except Exception as err:
                if is_transient(err) or infrastructure_failure(err) is not None:
                    raise
                reason = unexpected_reason(err)
                logger.error(f"{item.display}: {reason}")
                item.outcome = reject(con, run_id, "survey", item.display, item.sha, reason, tie.inspection_id,
                                      item.parse)
                continue
            logger.info(f"{item.display}: loaded as {tie.inspection_id} {tie.context.survey} ({item.parse})")
            item.outcome = FileOutcome(item.display, "loaded", one_line(note) if note else None, tie.inspection_id,
                                       kind="survey", parse=item.parse)


@flow(name="ingest-surveys", log_prints=False)
def ingest_surveys(raw_dir: Path, warehouse_path: Path, reference_dir: Path = DEFAULT_REFERENCE_DIR,
                   run_id: str | None = None, min_answers: int = DEFAULT_MIN_ANSWERS,
                   cache_dir: Path | None = None, progress: str = "off", limits: Limits | None = None,
                   throughput: Throughput | None = None) -> RunSummary:
    """Load every survey extract under ``raw_dir/surveys`` into the DuckDB file at ``warehouse_path``.

    ``min_answers``: a question answered by fewer respondents has its percentage suppressed;
    ``cache_dir``: parse results (default ``<warehouse dir>/cache``); ``progress``: auto, bar, lines or off;
    ``throughput``: parse processes and files per batch (default ``Throughput()``)."""
    if min_answers < 1:
        raise ValueError(f"min_answers must be at least 1, not {min_answers}")
    run_id = run_id or str(flow_run.get_id() or uuid.uuid4())
    raw_dir, warehouse_path = Path(raw_dir), Path(warehouse_path)
    cache_dir = Path(cache_dir) if cache_dir else default_cache_dir(warehouse_path)
    kind = SurveyKind(raw_dir, load_survey_catalogue(Path(reference_dir)), min_answers,
                      parser_fingerprint(Path(reference_dir)), Path(reference_dir))
    summary = RunSummary(run_id)
    found = discover_inputs(raw_dir, "surveys")
    with store.connect(warehouse_path) as con:
        kind.setup(con, run_id, raw_dir)
        summary.outcomes = run_kind(kind, con, run_id, raw_dir, found, cache_dir, Path(reference_dir), progress,
                                    limits, throughput)
        store.finish_run(con, run_id)
    return summary
