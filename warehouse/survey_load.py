"""Load survey extracts with DuckDB SQL over their data rows (SQL in survey_load.sql), a batch of
extracts in one transaction, each extract still checked and rejected on its own.

1. ``stage_extract`` checks one extract on a DuckDB connection that need not be the warehouse's
   (the parse stage runs it on an in-memory one in each worker process, flows/survey_parse.py):
   its rows are classified into a slim temporary index (temporary objects numbered ``n``), IDs
   and dates are checked, its columns mapped, the distinct answers of its scaled columns matched
   to the catalogue and counted, its results and data-quality rows computed. A check that fails
   (unreadable CSV, missing or duplicate IDs, dates that are not dates, no question column, a
   question in two columns, codes nothing decodes) raises ``RejectedInput``. What it keeps is a
   ``StagedExtract``: the extract's rows as the warehouse stores them (respondents, and the
   non-empty cells of its question columns, as Arrow-backed polars frames) and its small frames;
   its temporary objects are dropped before it returns.
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

from core.errors import RejectedInput, one_line
from core.survey_catalogue import SurveyCatalogue
from schemas.declaration import polars_schema
from schemas.survey_tables import SurveyDataQuality
from schemas.survey_validate import validate_survey_tables
from transforms.survey_aggregate import results_from_counts
from transforms.survey_codes import Codebook, answer_map
from transforms.survey_decode import write_utf8
from transforms.survey_dates import NUMERIC_DATE, ORDERS, DateEvidence, Reading, decide, latest_possible
from transforms.survey_layout import ID_HEADERS
from transforms.survey_extract import SUMMARY_LABELS, ExtractContext, map_columns, scaled_columns
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


def _views(con, source: ExtractSource, csv_path: Path | None, parallel: bool, n: int) -> None:
    width = source.width
    if source.kind == "csv":
        columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(1, width + 1)) + "}"
        con.execute(_sql("csv_rows", n, path=_q(str(csv_path)), delim=_q(source.separator), columns=columns,
                         parallel="true" if parallel else "false", skip=source.direct_skip_lines or 0))
    else:
        con.register(f"survey_sheet_frame_{n}", source.rows.to_arrow())
        con.execute(_sql("frame_rows", n))
    cells = ", ".join(f"c{i}" for i in range(1, width + 1))
    id_cell = f"c{source.layout.id_column.index}"
    others = ", ".join(f"c{i}" for i in range(1, width + 1) if f"c{i}" != id_cell) or "NULL"
    first_key = "NULL::VARCHAR" if id_cell == "c1" else "lower(survey_cell(c1))"
    start, end = source.layout.role("start"), source.layout.role("end")
    con.execute(_sql("row_index", n, all_cells=cells, id_cell=id_cell, first_key=first_key, other_cells=others,
                     labels=", ".join(_q(x) for x in SUMMARY_LABELS), id_words=", ".join(_q(x) for x in sorted(ID_HEADERS)),
                     start_cell=f"survey_cell(c{start.index})" if start else "NULL::VARCHAR",
                     end_cell=f"survey_cell(c{end.index})" if end else "NULL::VARCHAR"))


def _row_kinds(con, source, csv_path, n: int) -> tuple[dict[str, tuple[int, int, list[int], list[int]]], list, bool]:
    """Classify every row (the one pass over the file that keeps a slim index of it): ``{kind:
    (rows, rows without an ID, first rows, first rows without an ID)}``, the first IDs given to
    more than one respondent (``{'id', 'rows'}``), in one query; and whether DuckDB's parallel
    CSV reader read the file."""
    parallel = True
    try:
        _views(con, source, csv_path, True, n)
    except duckdb.Error as err:
        if "CSV Error" not in str(err) and "parallel" not in str(err):
            raise
        if "parallel" not in str(err):
            raise RejectedInput("", _csv_error(err, source)) from None
        try:  # quoted new lines with short rows: the parallel reader cannot pad them
            parallel = False
            _views(con, source, csv_path, False, n)
        except duckdb.Error as err2:
            raise RejectedInput("", _csv_error(err2, source)) from None
    rows = con.execute(_sql("row_kinds", n)).fetchall()
    return ({kind: (count, no_id, first or [], first_no_id or []) for kind, count, no_id, first, first_no_id, _ in rows},
            (rows[0][5] or []) if rows else [], parallel)


def _check_ids(src: str, respondent_rows: tuple[int, int, list[int], list[int]], dupes: list) -> None:
    if respondent_rows[1]:
        raise RejectedInput(src, f"respondent ID missing on data row(s) {', '.join(map(str, respondent_rows[3]))}; "
                            "give every respondent an ID")
    if dupes:
        listed = "; ".join(f"{d['id']!r} on data rows {', '.join(map(str, d['rows']))}" for d in dupes)
        raise RejectedInput(src, f"duplicate respondent IDs: {listed}; each respondent must appear once")


def _dates(con, source: ExtractSource, settings: ExtractSettings, dates: InspectionDates, src: str,
           settings_name: str, n: int):
    """(started SQL expression, ended SQL expression, data-quality note or None)."""
    start, end = source.layout.role("start"), source.layout.role("end")
    if start is None and end is None:
        return "NULL::TIMESTAMP", "NULL::TIMESTAMP", None
    numeric, max_first, max_second, example = con.execute(_sql("date_evidence", n), [NUMERIC_DATE]).fetchall()[0]
    readings = {}
    if numeric:
        orders = list(ORDERS)
        row = con.execute(_sql("date_readings", n), [ORDERS[orders[0]], ORDERS[orders[1]]]).fetchall()[0]
        readings = {orders[0]: Reading(*row[:4]), orders[1]: Reading(*row[4:])}
    names = [c.header for c in (start, end) if c is not None]
    decision = decide(DateEvidence(numeric, max_first, max_second, example, readings), settings.dates,
                      latest_possible(dates.published_on, dates.fieldwork_started_on), names, settings_name)
    if decision.formats is None:
        return "NULL::TIMESTAMP", "NULL::TIMESTAMP", decision.why
    formats = _formats_in_use(con, decision.formats, n)
    checks = con.execute(_sql("date_checks", n), [formats]).fetchall()[0]
    if (checks[0] or checks[3]) and formats != decision.formats:  # some rows in another format
        formats = decision.formats
        checks = con.execute(_sql("date_checks", n), [formats]).fetchall()[0]
    (bad_s, first_s, rid_s, bad_e, first_e, rid_e, ends, rid, s_text, e_text) = checks
    for col, count, x, who in ((start, bad_s, first_s, rid_s), (end, bad_e, first_e, rid_e)):
        if col is not None and count:
            raise RejectedInput(src, f"column {col.header!r} has a value that is not a date and time: {x!r} "
                                f"(respondent {who!r}); {count} such value(s); write dates as YYYY-MM-DD hh:mm")
    if ends:
        raise RejectedInput(src, f"respondent {rid!r} ends ({e_text}) before starting ({s_text}); {ends} such "
                            f"response(s) read {decision.order}; correct the times")
    fmt = "[" + ", ".join(_q(f) for f in formats) + "]"
    started = f"try_strptime(s, {fmt})" if start else "NULL::TIMESTAMP"
    ended = f"try_strptime(e, {fmt})" if end else "NULL::TIMESTAMP"
    return started, ended, None


def _formats_in_use(con, formats: list[str], n: int) -> list[str]:
    """The formats, in order, that parse some of the first few hundred date values (parsing a
    million values with one format is much cheaper than trying a dozen); one query for all."""
    counts = ", ".join(f"count(try_strptime(x, {_q(f)}))" for f in formats)
    parsed = con.execute(_sql("date_formats_used", n, counts=counts)).fetchall()[0]
    used = [f for f, k in zip(formats, parsed) if k]
    return used or formats


def _dq(ctx: ExtractContext, rows: list[tuple[str, str, int | None]]) -> pl.DataFrame:
    return pl.DataFrame([(ctx.inspection_id, ctx.survey, ctx.source_sha256, *r) for r in rows],
                        schema=DQ_SCHEMA, orient="row")


def _answer_tally(con, scaled: list[int], n: int) -> pl.DataFrame:
    """column_index, answer_text (the cell as read), respondents: every distinct non-empty cell of
    the scaled columns and how many respondents gave it."""
    if not scaled:
        return pl.DataFrame(schema=TALLY_SCHEMA)
    rows = con.execute(_sql("answer_tally", n, **_cell_lists(scaled))).fetchall()
    return pl.DataFrame(rows, schema=TALLY_SCHEMA, orient="row")


def stage_extract(con: duckdb.DuckDBPyConnection, ctx: ExtractContext, byte_size: int, source: ExtractSource,
                  csv_path: Path | None, catalogue: SurveyCatalogue, min_answers: int, settings: ExtractSettings,
                  dates: InspectionDates, settings_name: str, codebook: Codebook | None = None,
                  n: int = 0, file_path: Path | None = None) -> StagedExtract:
    """Check one extract and compute its rows and small frames, writing nothing but its own
    temporary objects (numbered ``n``; ``prepare_connection`` first), dropped again before it returns.
    ``file_path``: the extract itself; a CSV extract of more than ``STREAM_RESPONDENTS``
    respondents then keeps, instead of its rows, how to read them from it again at load.

    Raises:
        RejectedInput: the file is not to be loaded (the reason names what to do).
    """
    try:
        return _stage(con, ctx, byte_size, source, csv_path, catalogue, min_answers, settings, dates, settings_name,
                      codebook, n, file_path)
    finally:
        _drop(con, n, sheet=source.kind == "xlsx")


def _stage(con, ctx: ExtractContext, byte_size: int, source: ExtractSource, csv_path: Path | None,
           catalogue: SurveyCatalogue, min_answers: int, settings: ExtractSettings, dates: InspectionDates,
           settings_name: str, codebook: Codebook | None, n: int, file_path: Path | None) -> StagedExtract:
    src = ctx.source_file
    try:
        kinds, dupes, parallel = _row_kinds(con, source, csv_path, n)
    except RejectedInput as err:
        raise RejectedInput(src, err.reason) from None
    respondent_rows = kinds.get("respondent", (0, 0, [], []))
    respondents = respondent_rows[0]
    if respondents == 0:
        raise RejectedInput(src, "empty extract: a header but no respondent rows")
    _check_ids(src, respondent_rows, dupes)
    started, ended, date_note = _dates(con, source, settings, dates, src, settings_name, n)

    columns = map_columns(source.layout, catalogue, ctx)
    if columns.filter(pl.col("question_code").is_not_null()).height == 0:
        headers = columns["column_header"].to_list()
        shown = ", ".join(repr(h) for h in headers[:5]) + (" …" if len(headers) > 5 else "") if headers else "none"
        raise RejectedInput(src, f"no column is a question of the {ctx.survey} survey (question columns: {shown}); "
                            f"check the file is that survey's extract, or add the headers as header_variants in "
                            "reference/survey_questions.csv")
    twice = (columns.filter(pl.col("question_code").is_not_null()).group_by("question_code", maintain_order=True)
             .agg("column_index", "column_header").filter(pl.col("column_index").list.len() > 1))
    if twice.height:
        code, indexes, headers = twice.row(0)
        shown = " and ".join(f"{h!r} (column {i})" for i, h in zip(indexes, headers))
        raise RejectedInput(src, f"columns {shown} both stand for question {code}; remove or rename one so each "
                            "answer is counted once")
    question_indexes = sorted(set(columns["column_index"].to_list()))
    scaled = scaled_columns(columns, catalogue)
    tally = _answer_tally(con, scaled, n)
    keys = {c.index: c.keys for c in source.layout.columns}
    book = codebook or source.codebook
    amap = answer_map(tally.select("column_index", "answer_text"), columns, catalogue, book,
                      settings.codes == "ordinal", keys)
    if amap.coded_undecoded:
        cols = ", ".join(repr(h) for h in amap.coded_undecoded[:5])
        more = f" and {len(amap.coded_undecoded) - 5} more" if len(amap.coded_undecoded) > 5 else ""
        stem = settings_name.rsplit(".settings.toml", 1)[0]
        raise RejectedInput(src, f"column(s) {cols}{more} hold numeric answer codes and nothing says what they mean; "
                            f"add a label key sheet (code, label) to the workbook or a codebook file "
                            f"{stem}.codebook.csv (column, code, label) beside the extract, or set "
                            f"codes = \"ordinal\" in {settings_name} if the codes are the scale's ordinals")

    # each question's counts: the respondents who gave each distinct cell, through the answer map
    given = amap.frame.join(tally.rename({"answer_text": "cell"}), on=["column_index", "cell"], how="inner")
    counts = given.group_by("question_code").agg(
        pl.col("respondents").filter(pl.col("answer").is_not_null()).sum().alias("answered"),
        pl.col("respondents").filter(pl.col("is_positive")).sum().alias("positive"),
        pl.col("respondents").filter(pl.col("is_negative")).sum().alias("negative"))
    scaled_codes = columns.filter(pl.col("column_index").is_in(scaled))["question_code"].unique()
    counts = (pl.DataFrame({"question_code": scaled_codes})
              .join(counts, on="question_code", how="left")
              .with_columns(pl.col("answered", "positive", "negative").fill_null(0),
                            pl.lit(ctx.inspection_id).alias("inspection_id"), pl.lit(ctx.survey).alias("survey")))
    results = results_from_counts(counts, respondents, min_answers).with_columns(
        pl.lit(ctx.source_sha256).alias("source_sha256"))
    quarantined = int(given.filter(pl.col("reason").is_not_null())["respondents"].sum())

    notes, dq = [], []
    unmapped = columns.filter(pl.col("question_code").is_null())["column_header"].to_list()
    if unmapped:
        notes.append(f"{len(unmapped)} unmapped column(s) kept: " + ", ".join(repr(h) for h in unmapped[:5]))
        dq.append(("unmapped columns", ", ".join(unmapped[:20]), len(unmapped)))
    if quarantined:
        rid, header, text = _first_quarantined(con, amap.frame, columns, n)
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
    if amap.decoded:
        how = f"the codebook {book.source}" if book is not None else "the scale's ordinals (settings)"
        notes.append(f"numeric codes in {len(amap.decoded)} column(s) decoded through {how}")
        dq.append(("decoded codes", f"{', '.join(amap.decoded[:20])} through {how}", len(amap.decoded)))
    for text in source.notes:
        notes.append(text)
        dq.append(("layout", text, None))
    staged = StagedExtract(ctx, byte_size, source.file_format, None, None,
                           {"columns": columns, "results": results, "data_quality": _dq(ctx, dq)},
                           amap.frame.with_columns(pl.lit(ctx.source_sha256).alias("source_sha256")), quarantined,
                           "; ".join(notes) or None)
    if file_path is not None and source.kind == "csv" and respondents > STREAM_RESPONDENTS:
        staged.rows_from = RowsFromFile(Path(file_path), source, parallel, started, ended, question_indexes)
    else:  # Arrow tables as DuckDB gives them: no copy into polars and back for the insert
        staged.respondents = con.sql(_sql("respondents_of_one", n, started=started, ended=ended)).to_arrow_table()
        staged.cells = con.sql(_sql("cells_of_one", n, **_cell_lists(question_indexes))).to_arrow_table()
    return staged


def _cell_lists(indexes: list[int]) -> dict[str, str]:
    """The ``{indexes}`` and ``{cells}`` of a statement that unnests these columns."""
    return {"indexes": ", ".join(map(str, indexes)), "cells": ", ".join(f"c{i}" for i in indexes)}


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
            _views(con, r.source, csv_path, r.parallel, n)
            con.execute(sql["insert_respondents"].format(
                rows=_sql("respondents_of_one", n, started=r.started, ended=r.ended)), keys)
            con.execute(sql["insert_cells"].format(rows=_sql("cells_of_one", n, **_cell_lists(r.question_indexes))),
                        keys[2:])
        finally:
            _drop(con, n, sheet=False)


def _first_quarantined(con, amap: pl.DataFrame, columns: pl.DataFrame, n: int) -> tuple[str, str, str]:
    """(respondent, column header, answer as given) of the first answer held back, by column then respondent."""
    held = amap.filter(pl.col("reason").is_not_null()).select("column_index", "cell").unique()
    indexes = sorted(set(held["column_index"].to_list()))
    con.register(f"survey_held_back_{n}", held.to_arrow())
    try:
        rid, index, cell = con.execute(_sql("first_quarantined", n, **_cell_lists(indexes))).fetchall()[0]
    finally:
        con.unregister(f"survey_held_back_{n}")
    header = columns.filter(pl.col("column_index") == index)["column_header"][0]
    text = amap.filter((pl.col("column_index") == index) & (pl.col("cell") == cell))["answer_text"][0]
    return rid, header, text


def write_extracts(con: duckdb.DuckDBPyConnection, run_id: str, staged: list[StagedExtract], commit: bool = True,
                   ledger: bool = True) -> None:
    """Write a batch of staged extracts in ONE transaction: one statement per table, and two per
    extract for its respondents and cells (``ledger``: with their 'loaded' rows in the load ledger). All of it lands or none of it does; with
    ``commit`` false it is rolled back at the end (a trial: does this batch load?)."""
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


def _drop(con, n: int, sheet: bool) -> None:
    """Drop the temporary objects of the extract numbered ``n`` (with ``sheet``: its registered
    workbook frame)."""
    try:
        con.execute(_sql("drop_staged", n))
        if sheet:
            con.unregister(f"survey_sheet_frame_{n}")
    except duckdb.Error:  # a connection DuckDB gave up on: nothing left to free
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
