"""Load survey extracts with DuckDB SQL over their data rows (SQL in survey_load.sql), a batch of
extracts in one transaction, each extract still checked and rejected on its own.

1. ``stage_chunk`` checks a chunk of extracts on a DuckDB connection that need not be the
   warehouse's (the parse stage runs it on an in-memory one in each worker process,
   flows/survey_parse.py), each statement once for the chunk, not once per extract: every
   file's rows in one temporary table (a file number on each row; a view over a large file),
   classified in one pass into a slim index; IDs and dates checked, the distinct answers of the
   scaled columns tallied, the first answer held back found, the respondents and cells taken,
   each by one statement grouping by file (a statement that needs a per-file constant, the date
   formats, once per distinct value); a file rejected at a step is left out of the next. The
   columns are mapped, the answers matched to the catalogue and counted, and the results and
   data-quality rows computed in Python and polars, each table built once for the chunk. A check
   that fails (unreadable CSV, missing or duplicate IDs, dates that are not dates, no question
   column, a question in two columns, codes nothing decodes) rejects that file alone, with
   ``RejectedInput``; a file DuckDB cannot read fails the chunk's first statement, and then each
   file is checked alone, so it has its own reason. Each extract gets a ``StagedExtract``: its
   rows as the warehouse stores them (respondents, and the non-empty cells of its question
   columns, as Arrow tables) and its small frames, exactly what it gets checked alone
   (``stage_extract``: a chunk of one). The chunk's temporary objects are dropped before it
   returns.
2. The frames of the batch's extracts are validated together, each table once
   (schemas/survey_validate.py; flows/ingest_surveys.py falls back to each file alone only when
   the batch fails).
3. ``write_extracts`` writes the batch in ONE transaction: one statement per table for the file
   rows, respondents, cells, columns, answer values, quarantined answers, results, data-quality
   rows and the ledger rows; a large extract's respondents and cells (kept in no memory) are
   streamed from its file again, two statements for it. All of it lands or none of it does.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

from core.errors import RejectedInput, one_line
from core.survey_catalogue import SurveyCatalogue
from schemas.declaration import polars_schema
from schemas.survey_tables import SurveyDataQuality
from schemas.survey_validate import validate_survey_tables
from transforms.survey_aggregate import results_table
from transforms.survey_codes import ANSWER_SCHEMA, Codebook, answer_rows, scale_tables
from transforms.survey_decode import write_utf8
from transforms.survey_dates import NUMERIC_DATE, ORDERS, DateEvidence, Reading, decide, latest_possible
from transforms.survey_layout import ID_HEADERS
from transforms.survey_extract import COLUMN_SCHEMA, SUMMARY_LABELS, ExtractContext, column_rows, scaled_codes
from transforms.survey_read import ExtractSettings, ExtractSource

BLANK = " \t\r\n\u00a0"
SQL_FILE = Path(__file__).resolve().parent / "survey_load.sql"
DQ_SCHEMA = polars_schema(SurveyDataQuality, table_order=False)  # _dq's rows: keys first, as declared
FILE_COLUMNS = {"source_sha256": pl.String, "source_file": pl.String, "byte_size": pl.Int64, "file_format": pl.String,
                "inspection_id": pl.String, "survey": pl.String}
TALLY_SCHEMA = {"column_index": pl.Int64, "answer_text": pl.String, "respondents": pl.Int64}
#: the frames a batch writes with one insert each (registered under these names)
_FRAMES = ("survey_files_frame", "survey_respondents_frame", "survey_cells_frame", "survey_columns_frame",
           "survey_answer_map", "survey_results_frame", "survey_dq_frame")


@cache
def statements() -> dict[str, str]:
    text = SQL_FILE.read_text(encoding="utf-8")
    parts = re.split(r"^-- name:\s*(\w+)\s*$", text, flags=re.M)
    return {name: body.strip() for name, body in zip(parts[1::2], parts[2::2])}


def _sql(name: str, n: int, **values) -> str:
    """Statement ``name`` for the extract whose temporary objects are numbered ``n``."""
    return statements()[name].format(n=n, **values)


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@dataclass(frozen=True)
class InspectionDates:
    published_on: date
    fieldwork_started_on: date | None


#: an extract of more respondents keeps no rows in memory: the load reads them from its file again
STREAM_RESPONDENTS = 50_000


@dataclass(frozen=True)
class RowsFromFile:
    """How the load reads a large extract's rows again from its file (its checks passed)."""

    path: Path                         # the extract (a UTF-8 copy is made again if it needed one)
    source: ExtractSource
    parallel: bool                     # DuckDB's parallel CSV reader read it
    started: str                       # SQL expressions of the start and end times
    ended: str
    question_indexes: list[int]        # columns whose cells are kept


@dataclass
class StagedExtract:
    """One extract checked and ready for its batch's transaction: its rows and its small frames
    (validated with the batch's). Picklable: a parse worker makes it, the parse cache keeps it."""

    ctx: ExtractContext
    byte_size: int
    file_format: str
    respondents: pa.Table | None       # respondent_id, row_number, started_at, ended_at
    cells: pa.Table | None             # row_number, column_index, cell: non-empty cells of question columns
    tables: dict[str, pl.DataFrame]    # columns, results, data_quality: each under its contract
    answer_values: pl.DataFrame        # every distinct cell of a scaled column -> its answer, or why not
    quarantined: int                   # answers held back (not on the scale)
    note: str | None                   # the ledger note
    rows_from: RowsFromFile | None = None  # a large extract: its rows read from its file at load


def prepare_connection(con: duckdb.DuckDBPyConnection) -> None:
    """What every extract's statements use (a temporary macro): once on a connection, before them."""
    con.execute(statements()["cell_macro"].format(blank=BLANK))


def _csv_error(err: duckdb.Error, source: ExtractSource) -> str:
    text = str(err)
    line = re.search(r"CSV Error on Line: (\d+)", text)
    offset = 0 if source.direct_skip_lines is not None else source.header_lines
    where = f"line {int(line.group(1)) + offset} of the file" if line else "the data"
    return (f"{where} is not readable CSV (an unclosed quote, or more fields than the header?); "
            "fix the line or re-export the extract")


#: an extract up to this size is read into memory once for its checks (a chunk's rows, one table);
#: a larger one is streamed from its file by each statement (a view)
MATERIALISE_BYTES = 32 << 20


@dataclass(frozen=True)
class ExtractJob:
    """One extract to check (``stage_chunk``): what ``stage_extract`` takes for it."""

    ctx: ExtractContext
    byte_size: int
    source: ExtractSource
    csv_path: Path | None              # a CSV extract's rows in UTF-8 (the file itself, or a copy)
    min_answers: int
    settings: ExtractSettings
    dates: InspectionDates
    settings_name: str
    codebook: Codebook | None = None
    file_path: Path | None = None      # the extract itself (a large CSV one is read again from it at load)


def _chunk_views(con, files: list[tuple[ExtractSource, Path | None]], parallel: bool, n: int,
                 materialise: bool, registered: list[str]) -> None:
    """The chunk's rows (``survey_file_{n}``, every file in one shape, numbered by its place in
    ``files``) and their index (``survey_index_{n}``, the one pass classifying every row); the
    workbook frames registered for it are added to ``registered``."""
    sql, width, parts = statements(), max(s.width for s, _ in files), []
    for i, (source, csv_path) in enumerate(files):
        w = source.width
        if source.kind == "csv":
            columns = "{" + ", ".join(f"'c{k}': 'VARCHAR'" for k in range(1, w + 1)) + "}"
            reader = sql["csv_reader"].format(path=_q(str(csv_path)), delim=_q(source.separator), columns=columns,
                                              parallel="true" if parallel else "false",
                                              skip=source.direct_skip_lines or 0)
        else:
            reader = f"survey_sheet_frame_{n}_{i}"
            con.register(reader, source.rows.to_arrow())
            registered.append(reader)
        id_cell = f"c{source.layout.id_column.index}"
        start, end = source.layout.role("start"), source.layout.role("end")
        cells = [f"c{k}" for k in range(1, w + 1)] + [f"NULL::VARCHAR AS c{k}" for k in range(w + 1, width + 1)]
        parts.append(sql["chunk_file"].format(
            file=i, reader=reader, id_cell=id_cell, first_cell="NULL::VARCHAR" if id_cell == "c1" else "c1",
            other_cells=", ".join(f"c{k}" for k in range(1, w + 1) if f"c{k}" != id_cell) or "NULL",
            start_cell=f"c{start.index}" if start else "NULL::VARCHAR",
            end_cell=f"c{end.index}" if end else "NULL::VARCHAR", cells=", ".join(cells)))
    con.execute(_sql("chunk_rows", n, kind="TABLE" if materialise else "VIEW",
                     files="\nUNION ALL\n".join(f"({p})" for p in parts)))
    con.execute(_sql("row_index", n, all_cells=", ".join(f"c{k}" for k in range(1, width + 1)),
                     labels=", ".join(_q(x) for x in SUMMARY_LABELS),
                     id_words=", ".join(_q(x) for x in sorted(ID_HEADERS))))


def _read_chunk(con, jobs: list[ExtractJob], n: int, materialise: bool, registered: list[str]) -> bool:
    """Read and index the chunk's rows; whether DuckDB's parallel CSV reader read them (the
    workbook frames registered for them added to ``registered``). A chunk of several files raises
    ``duckdb.Error`` when one is not readable (its files are then checked one by one); a file
    alone, ``RejectedInput`` saying why."""
    files = [(j.source, j.csv_path) for j in jobs]
    try:
        _chunk_views(con, files, True, n, materialise, registered)
        return True
    except duckdb.Error as err:
        if len(jobs) > 1 or ("CSV Error" not in str(err) and "parallel" not in str(err)):
            raise
        source = jobs[0].source
        if "parallel" not in str(err):
            raise RejectedInput(jobs[0].ctx.source_file, _csv_error(err, source)) from None
        try:  # quoted new lines with short rows: the parallel reader cannot pad them
            _chunk_views(con, files, False, n, materialise, registered)
            return False
        except duckdb.Error as err2:
            raise RejectedInput(jobs[0].ctx.source_file, _csv_error(err2, source)) from None


def _row_kinds(con, n: int) -> tuple[dict[int, dict[str, tuple[int, int, list[int], list[int]]]], dict[int, list]]:
    """Each file's kinds of row ``{kind: (rows, rows without an ID, first rows, first rows
    without an ID)}`` and first IDs given to more than one respondent (``{'id', 'rows'}``), in
    one query for the chunk."""
    kinds: dict[int, dict] = {}
    dupes: dict[int, list] = {}
    for file_no, kind, count, no_id, first, first_no_id, d in con.execute(_sql("row_kinds", n)).fetchall():
        kinds.setdefault(file_no, {})[kind] = (count, no_id, first or [], first_no_id or [])
        dupes[file_no] = d or []
    return kinds, dupes


def _id_problem(respondent_rows: tuple[int, int, list[int], list[int]], dupes: list) -> str | None:
    if respondent_rows[1]:
        return (f"respondent ID missing on data row(s) {', '.join(map(str, respondent_rows[3]))}; "
                "give every respondent an ID")
    if dupes:
        listed = "; ".join(f"{d['id']!r} on data rows {', '.join(map(str, d['rows']))}" for d in dupes)
        return f"duplicate respondent IDs: {listed}; each respondent must appear once"
    return None


NO_DATES = ("NULL::TIMESTAMP", "NULL::TIMESTAMP", None)


def _by_value(values: dict[int, object]) -> dict[object, list[int]]:
    """The files having each distinct value (one statement per distinct value)."""
    groups: dict[object, list[int]] = {}
    for file_no, value in values.items():
        groups.setdefault(value, []).append(file_no)
    return groups


def _dates(con, jobs: list[ExtractJob], live: list[int], respondents: dict[int, int],
           n: int) -> dict[int, tuple | RejectedInput]:
    """Per file: (started SQL expression, ended SQL expression, data-quality note or None), or
    why it is rejected; each statement once for the chunk (the format checks once per distinct
    list of formats)."""
    out: dict[int, tuple | RejectedInput] = {}
    roles = {i: (jobs[i].source.layout.role("start"), jobs[i].source.layout.role("end")) for i in live}
    dated = [i for i in live if roles[i] != (None, None)]
    out.update({i: NO_DATES for i in live if i not in dated})
    if not dated:
        return out
    evidence = {row[0]: row[1:] for row in con.execute(_sql("date_evidence", n), [NUMERIC_DATE, dated]).fetchall()}
    numeric = [i for i in dated if (evidence.get(i) or (0,))[0]]
    readings: dict[int, dict[str, Reading]] = {}
    if numeric:
        orders = list(ORDERS)
        for row in con.execute(_sql("date_readings", n), [ORDERS[orders[0]], ORDERS[orders[1]], numeric]).fetchall():
            readings[row[0]] = {orders[0]: Reading(*row[1:5]), orders[1]: Reading(*row[5:])}
    decisions = {}
    for i in dated:
        found, max_first, max_second, example = evidence.get(i) or (0, None, None, None)
        names = [c.header for c in roles[i] if c is not None]
        job = jobs[i]
        decision = decide(DateEvidence(found, max_first, max_second, example, readings.get(i, {})),
                          job.settings.dates, latest_possible(job.dates.published_on, job.dates.fieldwork_started_on),
                          names, job.settings_name)
        if decision.formats is None:
            out[i] = ("NULL::TIMESTAMP", "NULL::TIMESTAMP", decision.why)
        else:
            decisions[i] = decision
    formats = _formats_in_use(con, {i: tuple(d.formats) for i, d in decisions.items()}, respondents, n)
    checks = _date_checks(con, formats, n)
    again = {i: tuple(d.formats) for i, d in decisions.items()
             if (checks[i][0] or checks[i][3]) and formats[i] != tuple(d.formats)}  # some rows in another format
    formats.update(again)
    checks.update(_date_checks(con, again, n))
    for i, decision in decisions.items():
        (bad_s, first_s, rid_s, bad_e, first_e, rid_e, ends, rid, s_text, e_text) = checks[i]
        start, end = roles[i]
        src = jobs[i].ctx.source_file
        problem = next((RejectedInput(src, f"column {col.header!r} has a value that is not a date and time: {x!r} "
                                      f"(respondent {who!r}); {count} such value(s); write dates as YYYY-MM-DD hh:mm")
                        for col, count, x, who in ((start, bad_s, first_s, rid_s), (end, bad_e, first_e, rid_e))
                        if col is not None and count), None)
        if problem is None and ends:
            problem = RejectedInput(src, f"respondent {rid!r} ends ({e_text}) before starting ({s_text}); {ends} such "
                                    f"response(s) read {decision.order}; correct the times")
        if problem is not None:
            out[i] = problem
            continue
        fmt = "[" + ", ".join(_q(f) for f in formats[i]) + "]"
        out[i] = (f"try_strptime(s, {fmt})" if start else "NULL::TIMESTAMP",
                  f"try_strptime(e, {fmt})" if end else "NULL::TIMESTAMP", None)
    return out


def _date_checks(con, formats: dict[int, tuple[str, ...]], n: int) -> dict[int, tuple]:
    checks = {}
    for fmts, files in _by_value(formats).items():
        for row in con.execute(_sql("date_checks", n), [list(fmts), files]).fetchall():
            checks[row[0]] = row[1:]
    return checks


#: the rows whose date values say which formats an extract uses
FORMAT_SAMPLE = 200


def _formats_in_use(con, formats: dict[int, tuple[str, ...]], respondents: dict[int, int],
                    n: int) -> dict[int, tuple[str, ...]]:
    """Per file: the formats, in order, that parse some of its first ``FORMAT_SAMPLE`` rows' date
    values (parsing a million values with one format is much cheaper than trying a dozen); one
    query per distinct list of formats. A file of no more rows keeps its list: the first format
    of it that parses a value is then always one of those, so the values read the same."""
    used = dict(formats)
    large = {i: f for i, f in formats.items() if respondents[i] > FORMAT_SAMPLE}
    for fmts, files in _by_value(large).items():
        counts = ", ".join(f"count(try_strptime(x, {_q(f)}))" for f in fmts)
        for file_no, *parsed in con.execute(_sql("date_formats_used", n, counts=counts, sample=FORMAT_SAMPLE),
                                            [files]).fetchall():
            used[file_no] = tuple(f for f, k in zip(fmts, parsed) if k) or fmts
    return used


def _wanted(indexes: dict[int, list[int]]) -> dict[str, str]:
    """The ``{indexes}``, ``{cells}`` and ``{wanted}`` of a chunk statement that unnests each
    file's columns ``indexes[file]``."""
    every = sorted({k for ks in indexes.values() for k in ks})
    return {"indexes": ", ".join(map(str, every)), "cells": ", ".join(f"c{k}" for k in every),
            "wanted": ", ".join(f"({f}, {k})" for f, ks in indexes.items() for k in ks)}


def _answer_tally(con, scaled: dict[int, list[int]], n: int) -> dict[int, list[tuple[int, str, int]]]:
    """Per file: (column_index, answer_text (the cell as read), respondents) rows: every distinct
    non-empty cell of its scaled columns and how many respondents gave it."""
    asked = {f: ks for f, ks in scaled.items() if ks}
    tallies: dict[int, list[tuple[int, str, int]]] = {}
    if asked:
        for f, ci, text, k in con.execute(_sql("answer_tally", n, **_wanted(asked))).fetchall():
            tallies.setdefault(f, []).append((ci, text, k))
    return tallies


def stage_extract(con: duckdb.DuckDBPyConnection, ctx: ExtractContext, byte_size: int, source: ExtractSource,
                  csv_path: Path | None, catalogue: SurveyCatalogue, min_answers: int, settings: ExtractSettings,
                  dates: InspectionDates, settings_name: str, codebook: Codebook | None = None,
                  n: int = 0, file_path: Path | None = None) -> StagedExtract:
    """Check one extract and compute its rows and small frames (``stage_chunk`` of one file),
    writing nothing but its own temporary objects (numbered ``n``; ``prepare_connection``
    first), dropped again before it returns. ``file_path``: the extract itself; a CSV extract of
    more than ``STREAM_RESPONDENTS`` respondents then keeps, instead of its rows, how to read
    them from it again at load.

    Raises:
        RejectedInput: the file is not to be loaded (the reason names what to do).
    """
    job = ExtractJob(ctx, byte_size, source, csv_path, min_answers, settings, dates, settings_name, codebook, file_path)
    result = stage_chunk(con, [job], catalogue, n)[0]
    if isinstance(result, RejectedInput):
        raise result
    return result


def stage_chunk(con: duckdb.DuckDBPyConnection, jobs: list[ExtractJob], catalogue: SurveyCatalogue,
                n: int = 0) -> list[StagedExtract | RejectedInput]:
    """Check a chunk of extracts together, each statement once for the chunk (not once per
    file): per job, in order, its ``StagedExtract`` or the ``RejectedInput`` saying why not,
    exactly as each would get alone. Temporary objects numbered ``n`` (``prepare_connection``
    first), dropped again before it returns. When one file makes a statement of the chunk fail
    (a CSV DuckDB cannot read), each half of the chunk is checked alone (and so on), so that
    file is checked alone in the end and gets its own reason."""
    if not jobs:
        return []
    materialise = sum(j.byte_size for j in jobs) <= MATERIALISE_BYTES
    registered: list[str] = []
    try:
        try:
            parallel = _read_chunk(con, jobs, n, materialise, registered)
            return _stage_chunk(con, jobs, catalogue, n, parallel)
        finally:
            _drop(con, n, registered, materialise)
    except RejectedInput as err:  # one file alone, not readable
        return [err]
    except duckdb.Error:
        if len(jobs) == 1:
            raise
    half = len(jobs) // 2  # each half alone, down to the file that fails alone with its own reason
    return stage_chunk(con, jobs[:half], catalogue, n) + stage_chunk(con, jobs[half:], catalogue, n)


def _stage_chunk(con, jobs: list[ExtractJob], catalogue: SurveyCatalogue, n: int,
                 parallel: bool) -> list[StagedExtract | RejectedInput]:
    """The checks of a chunk whose rows are read and indexed, in the order a file alone meets
    them (so that a file with two faults is rejected for the one it is rejected for alone): row
    kinds and IDs, dates, columns, answers; then the frames and rows of the files still in."""
    results: list[StagedExtract | RejectedInput | None] = [None] * len(jobs)

    def reject(i: int, reason: str) -> None:
        results[i] = RejectedInput(jobs[i].ctx.source_file, reason)

    def still() -> list[int]:
        return [i for i, r in enumerate(results) if r is None]

    kinds, dupes = _row_kinds(con, n)  # rows and IDs
    for i in still():
        respondent_rows = kinds.get(i, {}).get("respondent", (0, 0, [], []))
        if respondent_rows[0] == 0:
            reject(i, "empty extract: a header but no respondent rows")
        elif problem := _id_problem(respondent_rows, dupes.get(i, [])):
            reject(i, problem)
    when = _dates(con, jobs, still(), {i: kinds[i]["respondent"][0] for i in still()}, n)
    columns: dict[int, list[tuple[int, str, str | None]]] = {}  # columns mapped to the catalogue
    scaled: dict[int, list[int]] = {}
    scaled_set = scaled_codes(catalogue)
    for i in still():
        if isinstance(when[i], RejectedInput):
            results[i] = when[i]
            continue
        columns[i] = column_rows(jobs[i].source.layout, catalogue, jobs[i].ctx.survey)
        problem = _column_problem(columns[i], jobs[i].ctx.survey)
        if problem:
            reject(i, problem)
        else:
            scaled[i] = sorted({ci for ci, _, qc in columns[i] if qc in scaled_set})
    tallies = _answer_tally(con, {i: scaled[i] for i in still()}, n)  # answers matched to the scales
    tables, answers = scale_tables(catalogue), {}
    for i in still():
        job = jobs[i]
        values_of: dict[int, list[str]] = {}
        for ci, text, _ in tallies.get(i, []):
            values_of.setdefault(ci, []).append(text)
        keys = {c.index: c.keys for c in job.source.layout.columns}
        book = job.codebook or job.source.codebook
        rows, undecoded, decoded = answer_rows(values_of, columns[i], tables, book, job.settings.codes == "ordinal",
                                               keys)
        if undecoded:
            reject(i, _undecoded(undecoded, job.settings_name))
        else:
            answers[i] = (rows, decoded, book)
    done = still()  # loaded: counts, notes, frames and rows
    counts, quarantined = _counts(jobs, done, columns, scaled, answers, tallies, kinds)
    first = _first_quarantined(con, {i: answers[i][0] for i in done if quarantined[i]}, columns, n)
    notes, dq_rows = {}, []
    for i in done:
        note, dq = _notes(jobs[i], kinds[i], columns[i], answers[i][1], answers[i][2], quarantined[i], first.get(i),
                          when[i][2], kinds[i]["respondent"][0])
        notes[i] = note
        dq_rows += [(i, jobs[i].ctx.inspection_id, jobs[i].ctx.survey, jobs[i].ctx.source_sha256, *r) for r in dq]
    frames = _frames(jobs, done, columns, answers, counts, dq_rows)
    for i in done:
        job = jobs[i]
        results[i] = StagedExtract(job.ctx, job.byte_size, job.source.file_format, None, None,
                                   {"columns": frames["columns"][i], "results": frames["results"][i],
                                    "data_quality": frames["data_quality"][i]},
                                   frames["answer_values"][i], quarantined[i], notes[i])
    question_indexes = {i: sorted({ci for ci, _, _ in columns[i]}) for i in done}
    streamed = [i for i in done if jobs[i].file_path is not None and jobs[i].source.kind == "csv"
                and kinds[i]["respondent"][0] > STREAM_RESPONDENTS]
    for i in streamed:
        job = jobs[i]
        results[i].rows_from = RowsFromFile(Path(job.file_path), job.source, parallel, when[i][0], when[i][1],
                                            question_indexes[i])
    kept = [i for i in done if i not in streamed]
    if kept:  # Arrow tables as DuckDB gives them (each file's copied out): no polars and back for the insert
        respondents = _split(con.sql(_respondents_sql(n, {i: when[i][:2] for i in kept})).to_arrow_table(), kept)
        cells = _split(con.sql(_cells_sql(n, {i: question_indexes[i] for i in kept})).to_arrow_table(), kept)
        for i in kept:
            results[i].respondents, results[i].cells = respondents[i], cells[i]
    return results


def _column_problem(columns: list[tuple[int, str, str | None]], survey: str) -> str | None:
    by_code: dict[str, list[tuple[int, str]]] = {}
    for ci, header, qc in columns:
        if qc is not None:
            by_code.setdefault(qc, []).append((ci, header))
    if not by_code:
        headers = [h for _, h, _ in columns]
        shown = ", ".join(repr(h) for h in headers[:5]) + (" …" if len(headers) > 5 else "") if headers else "none"
        return (f"no column is a question of the {survey} survey (question columns: {shown}); "
                f"check the file is that survey's extract, or add the headers as header_variants in "
                "reference/survey_questions.csv")
    code, twice = next(((c, cols) for c, cols in by_code.items() if len(cols) > 1), (None, None))
    if twice:
        shown = " and ".join(f"{h!r} (column {i})" for i, h in twice)
        return (f"columns {shown} both stand for question {code}; remove or rename one so each "
                "answer is counted once")
    return None


def _undecoded(headers: list[str], settings_name: str) -> str:
    cols = ", ".join(repr(h) for h in headers[:5])
    more = f" and {len(headers) - 5} more" if len(headers) > 5 else ""
    stem = settings_name.rsplit(".settings.toml", 1)[0]
    return (f"column(s) {cols}{more} hold numeric answer codes and nothing says what they mean; "
            f"add a label key sheet (code, label) to the workbook or a codebook file "
            f"{stem}.codebook.csv (column, code, label) beside the extract, or set "
            f"codes = \"ordinal\" in {settings_name} if the codes are the scale's ordinals")


def _counts(jobs: list[ExtractJob], files: list[int], columns: dict, scaled: dict, answers: dict, tallies: dict,
            kinds: dict) -> tuple[list[tuple], dict[int, int]]:
    """Each file's counts per scaled question (file_no, inspection_id, survey, source_sha256,
    question_code, answered, positive, negative, respondents, min_answers): the respondents who
    gave each distinct cell, through the answer map; and each file's answers held back."""
    rows, held_back = [], {}
    for i in files:
        job = jobs[i]
        if job.min_answers < 1:
            raise ValueError(f"min_answers must be at least 1, not {job.min_answers}")
        given = {(ci, text): k for ci, text, k in tallies.get(i, [])}
        per_q: dict[str, list[int]] = {}
        held = 0
        for ci, qc, cell, _, answer, _, positive, negative, reason in answers[i][0]:
            k = given[(ci, cell)]
            c = per_q.setdefault(qc, [0, 0, 0])
            c[0] += k if answer is not None else 0
            c[1] += k if positive else 0
            c[2] += k if negative else 0
            held += k if reason is not None else 0
        held_back[i] = held
        codes = {qc for ci, _, qc in columns[i] if ci in scaled[i]}
        rows += [(i, job.ctx.inspection_id, job.ctx.survey, job.ctx.source_sha256, qc, *per_q.get(qc, (0, 0, 0)),
                  kinds[i]["respondent"][0], job.min_answers) for qc in codes]
    return rows, held_back


COUNT_SCHEMA = {"file_no": pl.Int64, "inspection_id": pl.String, "survey": pl.String, "source_sha256": pl.String,
                "question_code": pl.String, "answered": pl.Int64, "positive": pl.Int64, "negative": pl.Int64,
                "respondents": pl.Int64, "min_answers": pl.Int64}


def _frames(jobs: list[ExtractJob], files: list[int], columns: dict, answers: dict, counts: list[tuple],
            dq_rows: list[tuple]) -> dict[str, dict[int, pl.DataFrame]]:
    """Each file's columns, results, data-quality and answer-value frames, each table built once
    for the chunk (one frame, split by file)."""
    def split(frame: pl.DataFrame) -> dict[int, pl.DataFrame]:
        parts = frame.partition_by("file_no", as_dict=True, include_key=False, maintain_order=True)
        empty = frame.drop("file_no").clear()
        return {i: parts.get((i,), empty) for i in files}

    keys = {i: (jobs[i].ctx.inspection_id, jobs[i].ctx.survey, jobs[i].ctx.source_sha256) for i in files}
    column_frame = pl.DataFrame([(i, keys[i][0], keys[i][1], *r, keys[i][2]) for i in files for r in columns[i]],
                                schema={"file_no": pl.Int64, "inspection_id": pl.String, "survey": pl.String,
                                        **COLUMN_SCHEMA, "source_sha256": pl.String}, orient="row")
    answer_frame = pl.DataFrame([(i, *r, keys[i][2]) for i in files for r in answers[i][0]],
                                schema={"file_no": pl.Int64, **ANSWER_SCHEMA, "source_sha256": pl.String}, orient="row")
    results = results_table(pl.DataFrame(counts, schema=COUNT_SCHEMA, orient="row"), keep=("file_no",),
                            after=("source_sha256",))
    dq = pl.DataFrame(dq_rows, schema={"file_no": pl.Int64, **DQ_SCHEMA}, orient="row")
    return {"columns": split(column_frame), "answer_values": split(answer_frame), "results": split(results),
            "data_quality": split(dq)}


def _notes(job: ExtractJob, kinds: dict, columns: list[tuple[int, str, str | None]], decoded: list[str], book,
           quarantined: int, first: tuple[str, str, str] | None, date_note: str | None, respondents: int):
    """(the ledger note, the data-quality rows) of a checked extract."""
    notes, dq = [], []
    unmapped = [h for _, h, qc in columns if qc is None]
    if unmapped:
        notes.append(f"{len(unmapped)} unmapped column(s) kept: " + ", ".join(repr(h) for h in unmapped[:5]))
        dq.append(("unmapped columns", ", ".join(unmapped[:20]), len(unmapped)))
    if quarantined:
        rid, header, text = first
        notes.append(f"{quarantined} answer(s) quarantined (not on the scale), e.g. respondent {rid!r} "
                     f"column {header!r}: {text!r}")
        dq.append(("quarantined answers", one_line(f"e.g. respondent {rid!r} column {header!r}: {text!r}"), quarantined))
    for kind, what in (("summary", "summary row(s) (totals, averages) not counted as respondents"),
                       ("header", "repeated header row(s) not counted as respondents"),
                       ("note", "note row(s) (text in the ID cell only) not counted as respondents"),
                       ("blank", "blank row(s) not counted as respondents")):
        if kind in kinds:
            count, _, first_rows, _ = kinds[kind]
            rows_text = ", ".join(map(str, first_rows)) + (" …" if count > len(first_rows) else "")
            notes.append(f"{count} {what}: data row(s) {rows_text}")
            dq.append((f"{kind} rows", f"data row(s) {rows_text}", count))
    if date_note:
        notes.append(date_note)
        dq.append(("ambiguous dates", date_note, respondents))
    if decoded:
        how = f"the codebook {book.source}" if book is not None else "the scale's ordinals (settings)"
        notes.append(f"numeric codes in {len(decoded)} column(s) decoded through {how}")
        dq.append(("decoded codes", f"{', '.join(decoded[:20])} through {how}", len(decoded)))
    for text in job.source.notes:
        notes.append(text)
        dq.append(("layout", text, None))
    return "; ".join(notes) or None, dq


def _respondents_sql(n: int, times: dict[int, tuple[str, str]], by_file: bool = True) -> str:
    """The chunk's respondents of the files in ``times`` (file -> started, ended expressions);
    ``by_file``: ordered by file (to be split), else in no order (streamed into the warehouse)."""
    def per_file(exprs: dict[int, str]) -> str:
        groups = _by_value(exprs)
        if len(groups) == 1:
            return next(iter(groups))
        return "CASE " + " ".join(f"WHEN file_no IN ({', '.join(map(str, fs))}) THEN {e}"
                                  for e, fs in groups.items()) + " END"
    return _sql("respondents_of_chunk", n, files=", ".join(map(str, times)),
                started=per_file({f: t[0] for f, t in times.items()}),
                ended=per_file({f: t[1] for f, t in times.items()}),
                order="ORDER BY file_no, data_row" if by_file else "")


def _cells_sql(n: int, indexes: dict[int, list[int]], by_file: bool = True) -> str:
    return _sql("cells_of_chunk", n, **_wanted(indexes),
                order="ORDER BY q.file_no, q.data_row, q.column_index" if by_file else "")


def _split(table: pa.Table, files: list[int]) -> dict[int, pa.Table]:
    """A chunk's rows (ordered by file_no) -> each file's rows, without file_no: copied, so
    that each pickles alone (a slice would carry the chunk's buffers)."""
    rest = table.drop_columns(["file_no"])
    bounds, lo = {}, 0
    if table.num_rows:
        runs = pc.run_end_encode(table.column("file_no").combine_chunks())
        for f, end in zip(runs.values.to_pylist(), runs.run_ends.to_pylist()):
            bounds[f], lo = (lo, end), end
    out = {}
    for f in files:
        lo, hi = bounds.get(f, (0, 0))
        out[f] = rest.take(pa.array(range(lo, hi), pa.int64()))
    return out


def _keyed(s: StagedExtract, table: pa.Table, keys: tuple[str, ...]) -> pa.Table:
    """An extract's kept rows with its keys (``keys``: of inspection_id, survey, source_sha256) as
    columns, so a batch's rows go in with one insert."""
    values = {"inspection_id": s.ctx.inspection_id, "survey": s.ctx.survey, "source_sha256": s.ctx.source_sha256}
    for key in keys:
        table = table.append_column(key, pa.repeat(pa.scalar(values[key], pa.string()), table.num_rows))
    return table


def _insert_kept_rows(con, kept: list[StagedExtract]) -> None:
    """The respondents and cells the parse stage kept, of every such extract of the batch: one
    insert each."""
    if not kept:
        return
    sql = statements()
    con.register("survey_respondents_frame", pa.concat_tables(
        [_keyed(s, s.respondents, ("inspection_id", "survey", "source_sha256")) for s in kept], promote_options="default"))
    con.execute(sql["insert_kept_respondents"])
    con.register("survey_cells_frame", pa.concat_tables(
        [_keyed(s, s.cells, ("source_sha256",)) for s in kept], promote_options="default"))
    con.execute(sql["insert_kept_cells"])


def _insert_streamed_rows(con, s: StagedExtract, n: int) -> None:
    """A large extract's respondents and cells, streamed from its file again, its checks having
    passed at parse with the same reader."""
    sql, keys = statements(), [s.ctx.inspection_id, s.ctx.survey, s.ctx.source_sha256]
    r = s.rows_from
    prepare_connection(con)
    with tempfile.TemporaryDirectory(prefix="survey-") as tmp:
        csv_path = r.path
        if r.source.direct_skip_lines is None:
            csv_path = Path(tmp) / "data.csv"
            write_utf8(r.path, csv_path, s.ctx.source_file, r.source.skip_chars)
        try:
            _chunk_views(con, [(r.source, csv_path)], r.parallel, n, False, [])
            rows = _respondents_sql(n, {0: (r.started, r.ended)}, by_file=False)
            con.execute(sql["insert_respondents"].format(rows=rows), keys)
            con.execute(sql["insert_cells"].format(rows=_cells_sql(n, {0: r.question_indexes}, by_file=False)),
                        keys[2:])
        finally:
            _drop(con, n, [], materialise=False)


def _first_quarantined(con, answers: dict[int, list[tuple]], columns: dict[int, list[tuple]],
                       n: int) -> dict[int, tuple[str, str, str]]:
    """Per file of ``answers`` (its answer map's rows): (respondent, column header, answer as
    given) of its first answer held back, by column then respondent; one query for the chunk."""
    if not answers:
        return {}
    held = {f: sorted({(r[0], r[2]) for r in rows if r[8] is not None}) for f, rows in answers.items()}
    frame = pl.DataFrame([(f, ci, cell) for f, pairs in held.items() for ci, cell in pairs],
                         schema={"file_no": pl.Int64, "column_index": pl.Int64, "cell": pl.String}, orient="row")
    con.register(f"survey_held_back_{n}", frame.to_arrow())
    try:
        rows = con.execute(_sql("first_quarantined", n, **_wanted(
            {f: sorted({ci for ci, _ in pairs}) for f, pairs in held.items()}))).fetchall()
    finally:
        con.unregister(f"survey_held_back_{n}")
    out = {}
    for f, rid, index, cell in rows:
        header = next(h for ci, h, _ in columns[f] if ci == index)
        text = next(r[3] for r in answers[f] if r[0] == index and r[2] == cell)
        out[f] = (rid, header, text)
    return out


def write_extracts(con: duckdb.DuckDBPyConnection, run_id: str, staged: list[StagedExtract], commit: bool = True,
                   ledger: bool = True) -> None:
    """Write a batch of staged extracts in ONE transaction: one statement per table, and two per
    large extract for its respondents and cells, streamed from its file (``ledger``: with their
    'loaded' rows in the load ledger). All of it lands or none of it does; with ``commit`` false
    it is rolled back at the end (a trial: does this batch load?)."""
    from warehouse import store

    sql = statements()
    con.execute("BEGIN TRANSACTION")
    try:
        files = pl.DataFrame([(s.ctx.source_sha256, s.ctx.source_file, s.byte_size, s.file_format, s.ctx.inspection_id,
                               s.ctx.survey) for s in staged], schema=FILE_COLUMNS, orient="row")
        con.register("survey_files_frame", files.to_arrow())
        con.execute(sql["insert_survey_files"], [run_id])
        _insert_kept_rows(con, [s for s in staged if s.rows_from is None])
        for n, s in enumerate(staged):  # a large extract's rows, streamed from its file
            if s.rows_from is not None:
                _insert_streamed_rows(con, s, n)
        for frame, statement, rows in (
                ("survey_columns_frame", "insert_columns", [s.tables["columns"] for s in staged]),
                ("survey_answer_map", "insert_answer_values", [s.answer_values for s in staged]),
                ("survey_results_frame", "insert_results", [s.tables["results"] for s in staged]),
                ("survey_dq_frame", "insert_data_quality", [s.tables["data_quality"] for s in staged])):
            rows = pl.concat(rows, how="vertical_relaxed")
            if rows.height:
                con.register(frame, rows.to_arrow())
                con.execute(sql[statement])
        held_back = [s.ctx.source_sha256 for s in staged if s.quarantined]
        if held_back:
            con.execute(sql["insert_quarantined"], [run_id, held_back])
        if ledger:
            store.record_many(con, [(run_id, "survey", s.ctx.source_file, s.ctx.source_sha256, "loaded",
                                     one_line(s.note) if s.note else None, s.ctx.inspection_id) for s in staged])
        con.execute("COMMIT" if commit else "ROLLBACK")
    except Exception:
        con.execute("ROLLBACK")
        raise
    finally:
        for name in _FRAMES:
            try:
                con.unregister(name)
            except duckdb.Error:
                pass


def _drop(con, n: int, registered: list[str], materialise: bool) -> None:
    """Drop the temporary objects of the chunk numbered ``n`` (its rows a table when
    ``materialise``, else a view) and unregister its workbook frames."""
    try:
        con.execute(_sql("drop_staged", n, kind="TABLE" if materialise else "VIEW"))
    except duckdb.Error:  # a connection DuckDB gave up on: nothing left to free
        pass
    _unregister(con, registered)


def _unregister(con, names: list[str]) -> None:
    for name in names:
        try:
            con.unregister(name)
        except duckdb.Error:
            pass


def load_extract(con: duckdb.DuckDBPyConnection, run_id: str, ctx: ExtractContext, byte_size: int,
                 source: ExtractSource, csv_path: Path | None, catalogue: SurveyCatalogue, min_answers: int,
                 settings: ExtractSettings, dates: InspectionDates, settings_name: str,
                 codebook: Codebook | None = None, ledger: bool = False) -> str | None:
    """Check and load one extract (a batch of one); return the ledger note (None when there is
    nothing to say). ``ledger``: write its ledger row in the same transaction.

    Raises:
        RejectedInput: the file is not loaded (the reason names what to do).
    """
    prepare_connection(con)
    staged = stage_extract(con, ctx, byte_size, source, csv_path, catalogue, min_answers, settings, dates,
                           settings_name, codebook)
    validate_survey_tables(staged.tables, ctx.source_file)
    write_extracts(con, run_id, [staged], ledger=ledger)
    return staged.note
