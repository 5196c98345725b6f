"""Load one survey extract with DuckDB SQL over its data rows (SQL in survey_load.sql).

The rows are never held in Python: each statement reads the UTF-8 copy of the file (or the
workbook's data sheet, registered as a frame); what Python sees is small: row counts, the
distinct answers of the scaled columns, date evidence, the per-question counts. Checks that
reject the file (missing or duplicate IDs, dates that are not dates, undecodable codes) run
before anything is written; then one transaction writes the file's row, respondents, columns,
answers, quarantined answers, results, data-quality rows and ledger row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import duckdb
import polars as pl

from core.errors import RejectedInput, one_line
from core.survey_catalogue import SurveyCatalogue
from schemas.declaration import polars_schema
from schemas.survey_tables import SurveyDataQuality
from schemas.survey_validate import validate_survey_tables
from transforms.survey_aggregate import results_from_counts
from transforms.survey_codes import Codebook, answer_map
from transforms.survey_dates import NUMERIC_DATE, ORDERS, DateEvidence, Reading, decide, latest_possible
from transforms.survey_layout import ID_HEADERS
from transforms.survey_extract import SUMMARY_LABELS, ExtractContext, map_columns, scaled_columns
from transforms.survey_read import ExtractSettings, ExtractSource

BLANK = " \t\r\n\u00a0"
SQL_FILE = Path(__file__).resolve().parent / "survey_load.sql"
DQ_SCHEMA = polars_schema(SurveyDataQuality, table_order=False)  # _dq's rows: keys first, as declared


@cache
def statements() -> dict[str, str]:
    text = SQL_FILE.read_text(encoding="utf-8")
    parts = re.split(r"^-- name:\s*(\w+)\s*$", text, flags=re.M)
    return {name: body.strip() for name, body in zip(parts[1::2], parts[2::2])}


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@dataclass(frozen=True)
class InspectionDates:
    published_on: date
    fieldwork_started_on: date | None


def _csv_error(err: duckdb.Error, source: ExtractSource) -> str:
    text = str(err)
    line = re.search(r"CSV Error on Line: (\d+)", text)
    offset = 0 if source.direct_skip_lines is not None else source.header_lines
    where = f"line {int(line.group(1)) + offset} of the file" if line else "the data"
    return (f"{where} is not readable CSV (an unclosed quote, or more fields than the header?); "
            "fix the line or re-export the extract")


def _views(con, source: ExtractSource, csv_path: Path | None, parallel: bool) -> None:
    width = source.width
    sql = statements()
    if source.kind == "csv":
        columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(1, width + 1)) + "}"
        con.execute(sql["csv_rows"].format(path=_q(str(csv_path)), delim=_q(source.separator), columns=columns,
                                           parallel="true" if parallel else "false",
                                           skip=source.direct_skip_lines or 0))
    else:
        con.register("survey_sheet_frame", source.rows.to_arrow())
        con.execute(sql["frame_rows"])
    cells = ", ".join(f"c{i}" for i in range(1, width + 1))
    id_cell = f"c{source.layout.id_column.index}"
    others = ", ".join(f"c{i}" for i in range(1, width + 1) if f"c{i}" != id_cell) or "NULL"
    first_key = "NULL::VARCHAR" if id_cell == "c1" else "lower(survey_cell(c1))"
    con.execute(sql["classified_rows"].format(all_cells=cells, id_cell=id_cell, first_key=first_key, other_cells=others,
                                              labels=", ".join(_q(x) for x in SUMMARY_LABELS),
                                              id_words=", ".join(_q(x) for x in sorted(ID_HEADERS))))
    start, end = source.layout.role("start"), source.layout.role("end")
    con.execute(sql["row_index"].format(start_cell=f"survey_cell(c{start.index})" if start else "NULL::VARCHAR",
                                        end_cell=f"survey_cell(c{end.index})" if end else "NULL::VARCHAR"))
    con.execute(sql["respondent_rows"])


def _row_kinds(con, source, csv_path) -> dict[str, tuple[int, list[int]]]:
    """Classify every row (the one pass over the file that keeps a slim index of it)."""
    try:
        _views(con, source, csv_path, parallel=True)
    except duckdb.Error as err:
        if "CSV Error" not in str(err) and "parallel" not in str(err):
            raise
        if "parallel" not in str(err):
            raise RejectedInput("", _csv_error(err, source)) from None
        try:  # quoted new lines with short rows: the parallel reader cannot pad them
            _views(con, source, csv_path, parallel=False)
        except duckdb.Error as err2:
            raise RejectedInput("", _csv_error(err2, source)) from None
    kinds = {}
    for kind, n in con.execute(statements()["row_kinds"]).fetchall():
        first = [r for (r,) in con.execute(statements()["first_rows_of_kind"], [kind]).fetchall()]
        kinds[kind] = (n, first)
    return kinds


def _check_ids(con, src: str) -> None:
    missing = [r for (r,) in con.execute(statements()["missing_ids"]).fetchall()]
    if missing:
        raise RejectedInput(src, f"respondent ID missing on data row(s) {', '.join(map(str, missing))}; "
                            "give every respondent an ID")
    dupes = con.execute(statements()["duplicate_ids"]).fetchall()
    if dupes:
        listed = "; ".join(f"{rid!r} on data rows {', '.join(map(str, rows))}" for rid, rows in dupes)
        raise RejectedInput(src, f"duplicate respondent IDs: {listed}; each respondent must appear once")


def _dates(con, source: ExtractSource, settings: ExtractSettings, dates: InspectionDates, src: str,
           settings_name: str):
    """(started SQL expression, ended SQL expression, data-quality note or None)."""
    start, end = source.layout.role("start"), source.layout.role("end")
    if start is None and end is None:
        return "NULL::TIMESTAMP", "NULL::TIMESTAMP", None
    sql = statements()
    numeric, max_first, max_second, example = con.execute(sql["date_evidence"], [NUMERIC_DATE]).fetchall()[0]
    readings = {}
    if numeric:
        for order, formats in ORDERS.items():
            readings[order] = Reading(*con.execute(sql["date_reading"], [formats]).fetchall()[0])
    names = [c.header for c in (start, end) if c is not None]
    decision = decide(DateEvidence(numeric, max_first, max_second, example, readings), settings.dates,
                      latest_possible(dates.published_on, dates.fieldwork_started_on), names, settings_name)
    if decision.formats is None:
        return "NULL::TIMESTAMP", "NULL::TIMESTAMP", decision.why
    formats = _formats_in_use(con, decision.formats)
    checks = con.execute(sql["date_checks"], [formats]).fetchall()[0]
    if (checks[0] or checks[3]) and formats != decision.formats:  # some rows in another format
        formats = decision.formats
        checks = con.execute(sql["date_checks"], [formats]).fetchall()[0]
    (bad_s, first_s, rid_s, bad_e, first_e, rid_e, ends, rid, s_text, e_text) = checks
    for col, n, x, who in ((start, bad_s, first_s, rid_s), (end, bad_e, first_e, rid_e)):
        if col is not None and n:
            raise RejectedInput(src, f"column {col.header!r} has a value that is not a date and time: {x!r} "
                                f"(respondent {who!r}); {n} such value(s); write dates as YYYY-MM-DD hh:mm")
    if ends:
        raise RejectedInput(src, f"respondent {rid!r} ends ({e_text}) before starting ({s_text}); {ends} such "
                            f"response(s) read {decision.order}; correct the times")
    fmt = "[" + ", ".join(_q(f) for f in formats) + "]"
    started = f"try_strptime(s, {fmt})" if start else "NULL::TIMESTAMP"
    ended = f"try_strptime(e, {fmt})" if end else "NULL::TIMESTAMP"
    return started, ended, None


def _formats_in_use(con, formats: list[str]) -> list[str]:
    """The formats, in order, that parse some of the first few hundred date values (parsing a
    million values with one format is much cheaper than trying a dozen)."""
    sample = con.execute(statements()["date_sample"]).fetchall()
    used = [f for f in formats if any(v for (v,) in con.execute(
        "SELECT count(try_strptime(x, ?)) FROM (SELECT unnest(?::VARCHAR[]) AS x)", [f, [x for (x,) in sample]]).fetchall())]
    return used or formats


def _dq(ctx: ExtractContext, rows: list[tuple[str, str, int | None]]) -> pl.DataFrame:
    return pl.DataFrame([(ctx.inspection_id, ctx.survey, ctx.source_sha256, *r) for r in rows],
                        schema=DQ_SCHEMA, orient="row")


def load_extract(con: duckdb.DuckDBPyConnection, run_id: str, ctx: ExtractContext, byte_size: int,
                 source: ExtractSource, csv_path: Path | None, catalogue: SurveyCatalogue, min_answers: int,
                 settings: ExtractSettings, dates: InspectionDates, settings_name: str,
                 codebook: Codebook | None = None, ledger=None) -> str | None:
    """Check and load one extract; return the ledger note (None when there is nothing to say).
    ``ledger(con, note)``: writes the ledger row inside the transaction.

    Raises:
        RejectedInput: the file is not loaded (the reason names what to do).
    """
    src, sql = ctx.source_file, statements()
    con.execute(sql["cell_macro"].format(blank=BLANK))
    try:
        kinds = _row_kinds(con, source, csv_path)
    except RejectedInput as err:
        raise RejectedInput(src, err.reason) from None
    respondents = kinds.get("respondent", (0, []))[0]
    if respondents == 0:
        raise RejectedInput(src, "empty extract: a header but no respondent rows")
    _check_ids(con, src)
    started, ended, date_note = _dates(con, source, settings, dates, src, settings_name)

    columns = map_columns(source.layout, catalogue, ctx)
    validate_survey_tables({"columns": columns}, src)
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
    if scaled:
        distinct = con.sql(sql["distinct_answers"].format(
            indexes=", ".join(map(str, scaled)), lists=", ".join(f"l{i}" for i in scaled),
            aggregates=", ".join(f"list(DISTINCT c{i}) FILTER (WHERE c{i} <> '') AS l{i}" for i in scaled))).pl()
        distinct = distinct.explode("answer_text").filter(pl.col("answer_text").is_not_null())
    else:
        distinct = pl.DataFrame(schema={"column_index": pl.Int64, "answer_text": pl.String})
    keys = {c.index: c.keys for c in source.layout.columns}
    amap = answer_map(distinct.with_columns(pl.col("column_index").cast(pl.Int64)), columns, catalogue,
                      codebook or source.codebook, settings.codes == "ordinal", keys)
    if amap.coded_undecoded:
        cols = ", ".join(repr(h) for h in amap.coded_undecoded[:5])
        more = f" and {len(amap.coded_undecoded) - 5} more" if len(amap.coded_undecoded) > 5 else ""
        stem = settings_name.rsplit(".settings.toml", 1)[0]
        raise RejectedInput(src, f"column(s) {cols}{more} hold numeric answer codes and nothing says what they mean; "
                            f"add a label key sheet (code, label) to the workbook or a codebook file "
                            f"{stem}.codebook.csv (column, code, label) beside the extract, or set "
                            f"codes = \"ordinal\" in {settings_name} if the codes are the scale's ordinals")

    dq: list[tuple[str, str, int | None]] = []
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(statements_store()["insert_survey_file"],
                    [ctx.source_sha256, src, byte_size, source.file_format, ctx.inspection_id, ctx.survey, run_id])
        con.execute(sql["insert_respondents"].format(started=started, ended=ended),
                    [ctx.inspection_id, ctx.survey, ctx.source_sha256])
        con.register("survey_columns_frame", columns.to_arrow())
        con.execute("INSERT INTO staging.survey_columns BY NAME SELECT * FROM survey_columns_frame")
        quarantined = 0
        if question_indexes:
            con.execute(sql["insert_cells"].format(indexes=", ".join(map(str, question_indexes)),
                                                   cells=", ".join(f"c{i}" for i in question_indexes)),
                        [ctx.source_sha256])
            con.register("survey_answer_map", amap.frame.to_arrow())
            con.execute(sql["insert_answer_values"], [ctx.source_sha256])
            if amap.frame.filter(pl.col("reason").is_not_null()).height:
                con.execute(sql["insert_quarantined"], [run_id, src, ctx.source_sha256, ctx.inspection_id, ctx.survey])
                first = con.execute(sql["first_quarantined"], [ctx.source_sha256, run_id]).fetchall()
                quarantined = first[0][3] if first else 0
        counts = con.sql(sql["answer_counts"], params=[ctx.source_sha256]).pl()
        scaled_codes = columns.filter(pl.col("column_index").is_in(scaled))["question_code"].unique()
        counts = (pl.DataFrame({"question_code": scaled_codes})
                  .join(counts, on="question_code", how="left")
                  .with_columns(pl.col("answered", "positive", "negative").fill_null(0),
                                pl.lit(ctx.inspection_id).alias("inspection_id"), pl.lit(ctx.survey).alias("survey")))
        results = results_from_counts(counts, respondents, min_answers)
        results = results.with_columns(pl.lit(ctx.source_sha256).alias("source_sha256"))
        results = validate_survey_tables({"results": results}, src)["results"]
        con.register("survey_results_frame", results.to_arrow())
        con.execute("INSERT INTO staging.survey_results BY NAME SELECT * FROM survey_results_frame")

        notes = []
        unmapped = columns.filter(pl.col("question_code").is_null())["column_header"].to_list()
        if unmapped:
            notes.append(f"{len(unmapped)} unmapped column(s) kept: " + ", ".join(repr(h) for h in unmapped[:5]))
            dq.append(("unmapped columns", ", ".join(unmapped[:20]), len(unmapped)))
        if quarantined:
            rid, header, text, n = first[0]
            notes.append(f"{n} answer(s) quarantined (not on the scale), e.g. respondent {rid!r} column {header!r}: {text!r}")
            dq.append(("quarantined answers", one_line(f"e.g. respondent {rid!r} column {header!r}: {text!r}"), n))
        for kind, what in (("summary", "summary row(s) (totals, averages) not counted as respondents"),
                           ("header", "repeated header row(s) not counted as respondents"),
                           ("note", "note row(s) (text in the ID cell only) not counted as respondents"),
                           ("blank", "blank row(s) not counted as respondents")):
            if kind in kinds:
                n, first_rows = kinds[kind]
                rows_text = ", ".join(map(str, first_rows)) + (" …" if n > len(first_rows) else "")
                notes.append(f"{n} {what}: data row(s) {rows_text}")
                dq.append((f"{kind} rows", f"data row(s) {rows_text}", n))
        if date_note:
            notes.append(date_note)
            dq.append(("ambiguous dates", date_note, respondents))
        if amap.decoded:
            book = (codebook or source.codebook)
            how = f"the codebook {book.source}" if book is not None else "the scale's ordinals (settings)"
            notes.append(f"numeric codes in {len(amap.decoded)} column(s) decoded through {how}")
            dq.append(("decoded codes", f"{', '.join(amap.decoded[:20])} through {how}", len(amap.decoded)))
        for n in source.notes:
            notes.append(n)
            dq.append(("layout", n, None))
        if dq:
            frame = validate_survey_tables({"data_quality": _dq(ctx, dq)}, src)["data_quality"]
            con.register("survey_dq_frame", frame.to_arrow())
            con.execute(sql["insert_data_quality"])
        note = "; ".join(notes) or None
        if ledger is not None:
            ledger(con, note)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    finally:
        for name in ("survey_columns_frame", "survey_answer_map", "survey_results_frame", "survey_dq_frame",
                     "survey_sheet_frame"):
            try:
                con.unregister(name)
            except duckdb.Error:
                pass
    return note


def statements_store() -> dict[str, str]:
    from warehouse.store import statements as store_statements
    return store_statements()
