"""Prefect flow: every survey extract under ``<raw>/surveys`` into the warehouse, through the
ingest engine (flows/engine.py) with the survey kind plugged in.

A file is tied to its inspection by its path (flows/survey_parse.py): ``surveys/<unit>-<YYYY>-<MM>/
<survey>.<csv|xlsx>``, the inspection's report loaded first. Like reports, each file ends up
loaded, already loaded, or rejected with a one-line reason, in the load ledger (input_kind 'survey').

A batch of extracts goes through four steps:
1. parse (task parse-files, in the parse pool's worker processes, cached by the file's SHA-256,
   its sidecars and the inspection's dates): the header read, then the checks that reject an
   extract (unreadable CSV, missing or duplicate IDs, dates, no question column or one question in
   two, codes nothing decodes), DuckDB statements over the file on the worker's own in-memory
   connection; what it keeps is the extract's rows as the warehouse stores them and a few small
   frames (warehouse/survey_load.py ``stage_extract``);
2. check (task check-files): a second file of a survey already loaded, or of one an earlier file of
   the batch is to load, is rejected;
3. validate (task validate-batch): each table (columns, results, data-quality rows) once for the
   batch; only when that fails, each extract alone, so each is rejected with its own reason;
4. load (task load-batch): ONE transaction for the batch, one statement per table, the ledger
   rows included; when it fails on the data, the extracts at fault are found (flows/engine.py)
   and rejected, and the rest loaded. An extract is loaded whole or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from prefect import flow

from core.errors import RejectedInput, one_line
from core.reference import DEFAULT_REFERENCE_DIR, load_reference
from core.settings import DEFAULT_MIN_ANSWERS, Limits, Throughput
from core.survey_catalogue import SurveyCatalogue, load_survey_catalogue
from flows.discover import Discovered
from flows.engine import Item, Kind, ingest_kind, validate_batch_or_each
from flows.outcomes import FileOutcome, RunSummary
from flows.parse_cache import parse_cache_key, parser_fingerprint
from flows.survey_parse import (INSPECTION_DIR, LAYOUT, SIDECAR_SUFFIXES, SURVEY_SUFFIXES, ParsedSurvey,  # noqa: F401
                                parse_survey_file, read_codebook_file, settings_name, sidecar_digest, sidecars,
                                stage_survey_file, tie_to_inspection, without_sidecars)
from schemas.survey_validate import validate_survey_tables
from transforms.survey_extract import ExtractContext
from warehouse import store
from warehouse.survey_load import InspectionDates, StagedExtract, prepare_connection, write_extracts


def load_survey_file(con, run_id: str, context: ExtractContext, path: Path, byte_size: int, parsed: ParsedSurvey,
                     catalogue: SurveyCatalogue, min_answers: int, dates: InspectionDates) -> str | None:
    """Check and load one extract on its own (a batch of one, its ledger row included); return
    the ledger note. Raises ``RejectedInput``."""
    prepare_connection(con)
    staged = stage_survey_file(con, context, path, byte_size, parsed, catalogue, min_answers, dates)
    validate_survey_tables(staged.tables, context.source_file)
    write_extracts(con, run_id, [staged])
    return staged.note


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
    checks = True  # SQL over each file's rows (check-files)
    parse_chunk = 32  # a worker checks this many extracts together (parse_and_stage_many)

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
        untied, tied = {}, {}
        for item in items:
            try:
                tied[item.display] = tie_to_inspection(item.path, self.raw_dir, self.catalogue, item.display)
            except RejectedInput as err:
                untied[item.display] = (err.reason, None)
        dates = store.inspections_dates(con, [t[0] for t in tied.values()])  # one query for the batch
        loaded = store.survey_sources(con, list(set(tied.values())))
        for item in items:
            if item.display not in tied:
                continue
            inspection_id, survey = tied[item.display]
            try:
                if inspection_id not in dates:
                    m = INSPECTION_DIR.match(inspection_id)
                    raise RejectedInput(item.display, f"no inspection of unit {m.group('unit')!r} published "
                                        f"{m.group('year')}-{m.group('month')} is loaded (inspection {inspection_id}); "
                                        "load its report first: the file is tried again next run")
                if (inspection_id, survey) in loaded:
                    raise RejectedInput(item.display, _loaded_already(inspection_id, survey,
                                                                      loaded[(inspection_id, survey)]))
                item.tie = SurveyTie(ExtractContext(item.display, item.sha, inspection_id, survey),
                                     InspectionDates(*dates[inspection_id]), sidecar_digest(item.path))
            except RejectedInput as err:
                untied[item.display] = (err.reason, inspection_id)
            except OSError as err:  # a sidecar that cannot be read
                untied[item.display] = (f"cannot read file: {err.strerror or err}", inspection_id)
        return untied

    def cache_key(self, item: Item) -> str:
        dates = item.tie.dates  # the checks read the dates against the inspection's
        return parse_cache_key("survey", item.sha, item.display + item.tie.sidecar_digest,
                               f"{self.fingerprint}-m{self.min_answers}-{dates.published_on}-"
                               f"{dates.fieldwork_started_on}")

    def parse_job(self, item: Item) -> tuple:
        return (item.path, item.tie.context, item.tie.dates, self.min_answers, item.byte_size)

    def parse_data(self) -> SurveyCatalogue:
        return self.catalogue

    def check(self, con, run_id: str, items: list[Item]) -> dict[str, str]:
        """One file per survey per inspection: against the loaded surveys (one query) and the
        earlier extracts of the batch; ``{display: reason}`` of those rejected. The others keep
        their checked rows (``StagedExtract``, from the parse stage) in ``item.staged``."""
        taken = store.survey_sources(con, list({(i.tie.inspection_id, i.tie.context.survey) for i in items}))
        failed = {}
        for item in items:
            tie = item.tie
            key = (tie.inspection_id, tie.context.survey)
            if key in taken:
                failed[item.display] = _loaded_already(*key, taken[key])
            elif item.parsed.staged is not None:  # else rejected for its parse's reason
                item.staged = _here(item.parsed.staged, item.path)
                taken[key] = (item.display, item.sha)
        return failed

    def validate(self, items: list[Item]) -> dict[str, str]:
        return validate_batch_or_each(items, lambda item: item.staged.tables, validate_survey_tables)

    def load(self, con, run_id: str, items: list[Item], commit: bool = True) -> None:
        write_extracts(con, run_id, [i.staged for i in items], commit=commit)

    def release(self, con, items: list[Item]) -> None:
        for item in items:
            item.staged = None

    def loaded(self, item: Item) -> FileOutcome:
        note = item.staged.note
        return FileOutcome(item.display, "loaded", one_line(note) if note else None, item.tie.inspection_id,
                           kind="survey", parse=item.parse)


def _here(staged: StagedExtract, path: Path) -> StagedExtract:
    """A large extract's rows are read from its file at load: from where it is now (a cached
    parse may name the folder it was in then; its content is the same, by its SHA-256)."""
    if staged.rows_from is None or staged.rows_from.path == path:
        return staged
    return replace(staged, rows_from=replace(staged.rows_from, path=path))


def _loaded_already(inspection_id: str, survey: str, source: tuple[str, str]) -> str:
    return (f"survey {survey} of inspection {inspection_id} is already loaded from {source[0]} "
            f"(sha256 {source[1][:12]}); one file per survey per inspection")


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
    kind = SurveyKind(Path(raw_dir), load_survey_catalogue(Path(reference_dir)), min_answers,
                      parser_fingerprint(Path(reference_dir)), Path(reference_dir))
    return ingest_kind(kind, raw_dir, warehouse_path, Path(reference_dir), run_id, cache_dir, progress, limits,
                       throughput)
