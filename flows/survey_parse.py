"""Tying a survey extract to its inspection, reading its header and checking its rows: no
Prefect and no warehouse, so the ingest engine runs it in a worker process (flows/parse_pool.py).
The rows are checked and counted by DuckDB on an in-memory connection of the worker's own, a
chunk of extracts at a time (``parse_and_stage_many``, warehouse/survey_load.py ``stage_chunk``);
what comes back for each is a ``StagedExtract``, ready for its batch's one transaction.

A file is tied to its inspection by its path: ``surveys/<unit>-<YYYY>-<MM>/<survey>.<csv|xlsx>``,
where ``<unit>-<YYYY>-<MM>`` is the inspection id (unit name without "PDU", slugged, and the
publication month, e.g. ``cumbria-2023-07``) and ``<survey>`` a file stem of reference/surveys.csv
(``staff``, ``people-on-probation``, ``sentencers``)."""

from __future__ import annotations

import hashlib
import re
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from core.errors import RejectedInput
from core.survey_catalogue import SurveyCatalogue
from core.text_keys import text_key
from transforms.survey_codes import Codebook, codebook_of
from transforms.survey_decode import head_text, write_utf8
from transforms.survey_extract import ExtractContext
from transforms.survey_read import ExtractSettings, ExtractSource, parse_settings, parse_table, read_csv_source, read_xlsx_source
from warehouse.survey_load import (ExtractJob, InspectionDates, StagedExtract, prepare_connection, stage_chunk,
                                   stage_extract)

SURVEY_SUFFIXES = {".csv", ".xlsx"}
#: Files beside an extract that say how to read it: <survey>.codebook.csv and <survey>.settings.toml.
SIDECAR_SUFFIXES = (".codebook.csv", ".settings.toml")
INSPECTION_DIR = re.compile(r"^(?P<unit>[a-z0-9]+(?:-[a-z0-9]+)*)-(?P<year>\d{4})-(?P<month>0[1-9]|1[0-2])$")
LAYOUT = "surveys/<unit>-<YYYY>-<MM>/<survey>.csv or .xlsx, e.g. surveys/cumbria-2023-07/staff.csv"


def sidecar_of(path: Path) -> str | None:
    return next((s for s in SIDECAR_SUFFIXES if path.name.lower().endswith(s)), None)


def extract_stem(path: Path) -> str:
    suffix = sidecar_of(path)
    return path.name[: -len(suffix)] if suffix else path.stem


def without_sidecars(files: list[Path]) -> list[Path]:
    """The extracts among ``files``: a codebook or settings file beside its extract goes with the
    extract (one without is an input, rejected)."""
    extracts = {(p.parent, p.stem.lower()) for p in files if sidecar_of(p) is None}
    return [p for p in files if sidecar_of(p) is None or (p.parent, extract_stem(p).lower()) not in extracts]


def sidecars(path: Path) -> dict[str, Path]:
    """The codebook and settings files beside an extract, by kind ('codebook', 'settings')."""
    found = {}
    for kind, suffix in (("codebook", ".codebook.csv"), ("settings", ".settings.toml")):
        for candidate in path.parent.iterdir():
            if candidate.name.lower() == (path.stem + suffix).lower():
                found[kind] = candidate
    return found


def sidecar_digest(path: Path) -> str:
    """16 hex digits naming the extract's sidecar files' content ("" without any)."""
    found = sidecars(path)
    digest = hashlib.sha256()
    for kind, side in sorted(found.items()):
        digest.update(kind.encode() + side.read_bytes())
    return digest.hexdigest()[:16] if found else ""


def tie_to_inspection(path: Path, raw_dir: Path, catalogue: SurveyCatalogue, display: str) -> tuple[str, str]:
    """(inspection_id, survey) from the file's path, or RejectedInput saying why not."""
    rel = path.relative_to(raw_dir / "surveys")
    if sidecar_of(path):
        raise RejectedInput(display, f"a {sidecar_of(path)[1:]} file with no extract beside it "
                            f"(expected {extract_stem(path)}.csv or {extract_stem(path)}.xlsx in the same folder)")
    if len(rel.parts) != 2:
        raise RejectedInput(display, f"cannot tie to an inspection: not in a folder named for one ({LAYOUT})")
    folder = INSPECTION_DIR.match(rel.parts[0].lower())
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
    staged: StagedExtract | None = None  # its rows checked and counted (parse_and_stage)

    @property
    def file_format(self) -> str | None:
        return self.source.file_format if self.source else None


def settings_name(path: Path) -> str:
    return f"{path.stem}.settings.toml"


def parse_survey_file(path: Path, context: ExtractContext, catalogue: SurveyCatalogue, min_answers: int = 0,
                      fingerprint: str = "", sidecar_digest: str = "") -> ParsedSurvey:
    """Read one extract's header, sheets and sidecar files (pure but for reading them). The
    last three arguments name the cache entry (flows/engine.py), and are not used here."""
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
                                      settings_name(path))
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


def stage_survey_file(con, context: ExtractContext, path: Path, byte_size: int, parsed: ParsedSurvey,
                      catalogue: SurveyCatalogue, min_answers: int, dates: InspectionDates, n: int = 0) -> StagedExtract:
    """Check one extract's rows on ``con`` (``prepare_connection`` first) and keep them (a large one: how
    to read them again at load), from its own path, or from a UTF-8 copy removed again before
    this returns. Raises ``RejectedInput``."""
    with tempfile.TemporaryDirectory(prefix="survey-") as tmp:
        csv_path = _utf8_rows(Path(path), Path(tmp) / "data.csv", context, parsed.source)
        return stage_extract(con, context, byte_size, parsed.source, csv_path, catalogue, min_answers,
                             parsed.settings, dates, settings_name(Path(path)), parsed.codebook, n, Path(path))


_CONNECTION = []  # this process's in-memory DuckDB connection for checking extracts (made once)


def _connection():
    if not _CONNECTION:
        import duckdb
        con = duckdb.connect()
        prepare_connection(con)
        _CONNECTION.append(con)
    return _CONNECTION[0]


#: an extract of more bytes is checked alone, its rows streamed from its file by each statement;
#: smaller ones are checked a chunk at a time (``parse_and_stage_many``)
CHUNK_BYTES = 1 << 20
#: a job of the parse stage: (path, context, dates, min_answers, byte_size)
SurveyJob = tuple[Path, ExtractContext, InspectionDates, int, int]


def parse_and_stage(path: Path, context: ExtractContext, dates: InspectionDates, min_answers: int,
                    byte_size: int, catalogue: SurveyCatalogue) -> ParsedSurvey:
    """The parse stage's job for one extract: its header read (``parse_survey_file``), then its
    rows checked and counted on this process's in-memory DuckDB connection; the reason when it
    is rejected. No warehouse: a worker process runs it. A chunk of one
    (``parse_and_stage_many``)."""
    return parse_and_stage_many([(path, context, dates, min_answers, byte_size)], catalogue)[0]


def parse_and_stage_many(jobs: list[SurveyJob], catalogue: SurveyCatalogue) -> list[ParsedSurvey]:
    """``parse_and_stage`` of each job, in order, exactly as each would get alone, the rows of
    the small extracts checked together (warehouse/survey_load.py ``stage_chunk``: each
    statement once for the chunk, not once per extract); an extract above ``CHUNK_BYTES`` alone."""
    out: list[ParsedSurvey | None] = [None] * len(jobs)
    chunk: list[tuple[int, ParsedSurvey]] = []
    for k, (path, context, dates, min_answers, byte_size) in enumerate(jobs):
        parsed = parse_survey_file(path, context, catalogue)
        if parsed.reason is not None:
            out[k] = parsed
        elif byte_size > CHUNK_BYTES:
            try:
                out[k] = _staged(parsed, stage_survey_file(_connection(), context, path, byte_size, parsed, catalogue,
                                                           min_answers, dates))
            except RejectedInput as err:
                out[k] = ParsedSurvey(None, reason=err.reason)
        else:
            chunk.append((k, parsed))
    if not chunk:
        return out
    with tempfile.TemporaryDirectory(prefix="survey-") as tmp:
        staged_jobs, places = [], []
        for k, parsed in chunk:
            path, context, dates, min_answers, byte_size = jobs[k]
            try:
                csv_path = _utf8_rows(Path(path), Path(tmp) / f"{k}.csv", context, parsed.source)
            except RejectedInput as err:
                out[k] = ParsedSurvey(None, reason=err.reason)
                continue
            staged_jobs.append(ExtractJob(context, byte_size, parsed.source, csv_path, min_answers, parsed.settings,
                                          dates, settings_name(Path(path)), parsed.codebook, Path(path)))
            places.append((k, parsed))
        for (k, parsed), staged in zip(places, stage_chunk(_connection(), staged_jobs, catalogue)):
            out[k] = (ParsedSurvey(None, reason=staged.reason) if isinstance(staged, RejectedInput)
                      else _staged(parsed, staged))
    return out


def _utf8_rows(path: Path, copy: Path, context: ExtractContext, source: ExtractSource) -> Path | None:
    """Where DuckDB reads a CSV extract's rows: the file itself, or (another encoding, mixed line
    ends, quoted line breaks in its header) a UTF-8 copy of its data rows at ``copy``."""
    if source.kind != "csv":
        return None
    if source.direct_skip_lines is not None:
        return path
    write_utf8(path, copy, context.source_file, source.skip_chars)
    return copy


def _staged(parsed: ParsedSurvey, staged: StagedExtract) -> ParsedSurvey:
    # the header's rows (a workbook's) are in the staged frames now: not kept twice
    return replace(parsed, source=None, staged=staged)
