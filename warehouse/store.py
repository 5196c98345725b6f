"""The only module that talks to DuckDB. SQL lives in ``warehouse/sql/*.sql`` (layers and
views, applied in name order) and ``warehouse/statements.sql`` (named statements)."""

from __future__ import annotations

import hashlib
import re
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Iterator

import duckdb
import polars as pl

from warehouse import ddl

SQL_DIR = Path(__file__).resolve().parent / "sql"
STATEMENTS_FILE = Path(__file__).resolve().parent / "statements.sql"

# staging table per fact table, in load order
STAGING_TABLES = (
    "inspection", "case_sample_windows", "standard_ratings", "key_questions", "recommendations",
    "findings", "caseload", "stated_figures", "inspection_field_sources", "data_quality",
)


@cache
def statements() -> dict[str, str]:
    """Named statements from statements.sql (``-- name: x`` above each)."""
    text = STATEMENTS_FILE.read_text(encoding="utf-8")
    parts = re.split(r"^-- name:\s*(\w+)\s*$", text, flags=re.M)
    return {name: body.strip() for name, body in zip(parts[1::2], parts[2::2])}


@contextmanager
def connect(path: Path, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse file (created with its parent folder if missing)."""
    path = Path(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path), read_only=read_only)
    try:
        yield con
    finally:
        con.close()


def _sql_files(prefix_below: int | None = None, prefix_from: int | None = None) -> list[Path]:
    files = sorted(SQL_DIR.glob("*.sql"))
    out = []
    for f in files:
        n = int(f.name.split("_", 1)[0])
        if (prefix_below is None or n < prefix_below) and (prefix_from is None or n >= prefix_from):
            out.append(f)
    return out


def prepare_fingerprint(reference: dict[str, pl.DataFrame]) -> str:
    """What ``prepare`` builds from: the name and text of every SQL file, the table declarations,
    the DuckDB version, and each reference table's name, schema and rows (as CSV, so the same
    rows give the same hash whatever the library versions)."""
    h = hashlib.sha256(f"duckdb {duckdb.__version__}\x00".encode("utf-8"))
    for f in _sql_files():
        h.update(f.name.encode("utf-8") + b"\x00" + f.read_bytes() + b"\x00")
    # the declared tables (pandera models) and the mart columns' descriptions (warehouse/ddl.py)
    h.update(ddl.declare_tables({}).encode("utf-8") + b"\x00" + ddl.MART_COLUMNS_FILE.read_bytes() + b"\x00")
    for name in sorted(reference):
        frame = reference[name]
        h.update(f"{name}\x00{frame.schema}\x00".encode("utf-8"))
        h.update(frame.write_csv().encode("utf-8") + b"\x00")
    return h.hexdigest()


def _prepared_with(con: duckdb.DuckDBPyConnection) -> str | None:
    try:
        rows = con.execute(statements()["prepared_with"]).fetchall()
    except duckdb.CatalogException:  # a new file, or one prepared before the fingerprint was kept
        return None
    return rows[0][0] if rows else None


def prepare(con: duckdb.DuckDBPyConnection, reference: dict[str, pl.DataFrame]) -> bool:
    """Create the layers and tables if missing (the tables a pandera model declares: from the
    model, warehouse/ddl.py), replace the reference tables, (re)create the marts and comment
    every view column (the data dictionary); skipped when the warehouse was last prepared from
    the same SQL files, table declarations, DuckDB version and reference rows
    (``prepare_fingerprint``, kept in ``ops.prepared_with``: written last, so a prepare that
    stopped half-way is done again). True if it did the work."""
    wanted = prepare_fingerprint(reference)
    if _prepared_with(con) == wanted:
        refresh_matches(con)  # cheap (one query) and self-checking
        return False
    for f in _sql_files(prefix_below=30):
        con.execute(f.read_text(encoding="utf-8"))
    con.execute(ddl.declare_tables(_table_columns(con)))
    for name, frame in reference.items():
        con.register("reference_frame", frame.to_arrow())
        con.execute(f"CREATE OR REPLACE TABLE ref.{name} AS SELECT * FROM reference_frame")
        con.unregister("reference_frame")
    for f in _sql_files(prefix_from=30):
        con.execute(f.read_text(encoding="utf-8"))
    views = con.execute(statements()["view_columns"]).fetchall()
    con.execute(ddl.view_comments([(f"{schema}.{view}", column) for schema, view, column in views]))
    refresh_matches(con)
    for name in ("create_prepared_with", "clear_prepared_with"):
        con.execute(statements()[name])
    con.execute(statements()["insert_prepared_with"], [wanted])
    return True


def _table_columns(con: duckdb.DuckDBPyConnection) -> dict[str, ddl.ExistingTable]:
    """What the warehouse has of each base table: its columns (takes null, comment) and comment."""
    out: dict[str, ddl.ExistingTable] = {}
    for schema, table, column, nullable, comment, table_comment in con.execute(
            statements()["table_columns"]).fetchall():
        found = out.setdefault(f"{schema}.{table}", ddl.ExistingTable(table_comment, {}))
        found.columns[column] = (nullable, comment)
    return out


MATCH_STATEMENTS = ("match_recommendation_themes", "match_stated_figure_questions")


def match_inspection(con: duckdb.DuckDBPyConnection, inspection_id: str | list[str] | None) -> None:
    """Materialise the reference-regex matches of loaded inspections (one id, a list of ids, or
    None: every one) into staging.recommendation_theme_matches and staging.stated_figure_questions,
    in the caller's transaction (sql/027_load_time_matches.sql)."""
    ids = [inspection_id] if isinstance(inspection_id, str) else inspection_id
    for name in MATCH_STATEMENTS:
        con.execute(_with_constant_patterns(con, statements()[name]), [ids])


#: {placeholder} of a match statement -> (the reference table, its alias there, its column of
#: patterns, the text matched)
_PATTERN_PLACEHOLDERS = {
    "theme_matches": ("ref.recommendation_themes", "t", "pattern", "r.text"),
    "after_negative": ("ref.survey_questions", "q", "negative_report_phrases", "w.after_text"),
    "after_positive": ("ref.survey_questions", "q", "report_phrases", "w.after_text"),
    "before_negative": ("ref.survey_questions", "q", "negative_report_phrases", "w.before_text"),
    "before_positive": ("ref.survey_questions", "q", "report_phrases", "w.before_text"),
}


def _with_constant_patterns(con: duckdb.DuckDBPyConnection, statement: str) -> str:
    """The statement with each ``{placeholder}`` of ``_PATTERN_PLACEHOLDERS`` written out as
    ``CASE <alias>.<column> WHEN '<p>' THEN regexp_matches(<text>, '<p>', 'i') ... END`` over the
    column's distinct patterns: the same result as ``regexp_matches(<text>, <alias>.<column>, 'i')``
    (a row whose pattern is NULL gives NULL), but each pattern a constant, compiled once per
    statement, not again on every row (25x faster)."""
    read: dict[tuple[str, str], list[str]] = {}  # each reference column's patterns, read once
    for name, (table, alias, column, text) in _PATTERN_PLACEHOLDERS.items():
        if "{" + name + "}" not in statement:
            continue
        if (table, column) not in read:
            read[(table, column)] = [row[0] for row in con.execute(
                f"SELECT DISTINCT {column} FROM {table} WHERE {column} IS NOT NULL ORDER BY 1").fetchall()]
        patterns = read[(table, column)]
        whens = " ".join(f"WHEN {_literal(p)} THEN regexp_matches({text}, {_literal(p)}, 'i')" for p in patterns)
        statement = statement.replace("{" + name + "}", f"CASE {alias}.{column} {whens} END" if patterns
                                      else "CAST(NULL AS BOOLEAN)")
    return statement


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def match_fingerprint(con: duckdb.DuckDBPyConnection) -> str:
    """What the stored matches depend on: the match statements and the reference rows they read."""
    h = hashlib.sha256()
    for name in MATCH_STATEMENTS:
        h.update(statements()[name].encode("utf-8") + b"\x00")
    h.update((con.execute(statements()["match_reference_rows"]).fetchall()[0][0] or "").encode("utf-8"))
    return h.hexdigest()


def refresh_matches(con: duckdb.DuckDBPyConnection) -> bool:
    """Recompute every stored match, in one transaction, when the reference patterns (or the
    match rules) differ from those the stored matches were made with. True if it recomputed."""
    current = match_fingerprint(con)
    if con.execute(statements()["match_patterns_stored"]).fetchall() == [(current,)]:
        return False
    con.execute("BEGIN TRANSACTION")
    try:
        for name in ("clear_recommendation_theme_matches", "clear_stated_figure_questions", "clear_match_patterns"):
            con.execute(statements()[name])
        match_inspection(con, None)
        con.execute(statements()["insert_match_patterns"], [current])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return True






def files_loaded(con: duckdb.DuckDBPyConnection, kind: str, sha256s: list[str]) -> dict[str, str]:
    """``{sha256: file name it was loaded under}`` for each of ``sha256s`` already loaded, in one
    query (``kind``: report or survey)."""
    name = "files_loaded" if kind == "report" else "survey_files_loaded"
    return dict(con.execute(statements()[name], [sorted(set(sha256s))]).fetchall()) if sha256s else {}


def inspection_sources(con: duckdb.DuckDBPyConnection, inspection_ids: list[str]) -> dict[str, tuple[str, str]]:
    """``{inspection_id: (file, sha256)}`` of those of ``inspection_ids`` already loaded, in one query."""
    rows = con.execute(statements()["inspection_sources"], [sorted(set(inspection_ids))]).fetchall()
    return {r[0]: (r[1], r[2]) for r in rows}


LEDGER_COLUMNS = {"run_id": pl.String, "input_kind": pl.String, "source_file": pl.String,
                  "source_sha256": pl.String, "status": pl.String, "reason": pl.String, "inspection_id": pl.String}


def record_many(con: duckdb.DuckDBPyConnection, rows: list[tuple]) -> None:
    """Append many rows to the load ledger in one insert: each row is (run_id, kind, source_file,
    sha256, status, reason, inspection_id)."""
    if not rows:
        return
    frame = pl.DataFrame(rows, schema=LEDGER_COLUMNS, orient="row")
    con.register("ledger_frame", frame.to_arrow())
    try:
        con.execute(statements()["insert_ledger_rows"])
    finally:
        con.unregister("ledger_frame")


def record(con: duckdb.DuckDBPyConnection, run_id: str, kind: str, source_file: str,
           sha256: str | None, status: str, reason: str | None = None,
           inspection_id: str | None = None) -> None:
    """Append one row to the load ledger."""
    con.execute(statements()["insert_ledger"],
                [run_id, kind, source_file, sha256, status, reason, inspection_id])


def load_report(con: duckdb.DuckDBPyConnection, run_id: str, source_file: str, sha256: str,
                content: str, byte_size: int, tables: dict[str, pl.DataFrame]) -> None:
    """Load one report's facts, its raw text and its ledger row in one transaction:
    all of it lands or none of it does (a batch of one: ``load_reports``)."""
    inspection_id = tables["inspection"]["inspection_id"][0]
    load_reports(con, run_id, [(source_file, sha256, byte_size, content, inspection_id)], tables)


RAW_FILE_COLUMNS = {"source_sha256": pl.String, "source_file": pl.String, "byte_size": pl.Int64, "content": pl.String}


def load_reports(con: duckdb.DuckDBPyConnection, run_id: str, files: list[tuple[str, str, int, str, str]],
                 tables: dict[str, pl.DataFrame], commit: bool = True) -> None:
    """Load a batch of reports in ONE transaction, one insert per table: ``files`` are
    (source_file, sha256, byte_size, raw text, inspection_id), ``tables`` the batch's validated
    fact tables (every file's rows together). All of the batch lands or none of it does, so each
    file is loaded whole or not at all. With ``commit`` false the transaction is rolled back at the
    end (a trial: does this batch load?)."""
    con.execute("BEGIN TRANSACTION")
    try:
        raw = pl.DataFrame([(f[1], f[0], f[2], f[3]) for f in files], schema=RAW_FILE_COLUMNS, orient="row")
        con.register("raw_files_frame", raw.to_arrow())
        con.execute(statements()["insert_raw_files"], [run_id])
        for name in STAGING_TABLES:
            con.register("facts_frame", tables[name].to_arrow())
            con.execute(f"INSERT INTO staging.{name} BY NAME SELECT * FROM facts_frame")
        match_inspection(con, [f[4] for f in files])
        record_many(con, [(run_id, "report", f[0], f[1], "loaded", None, f[4]) for f in files])
        con.execute("COMMIT" if commit else "ROLLBACK")
    except Exception:
        con.execute("ROLLBACK")
        raise
    finally:
        for name in ("raw_files_frame", "facts_frame"):
            try:
                con.unregister(name)
            except duckdb.Error:
                pass


def start_run(con: duckdb.DuckDBPyConnection, run_id: str, raw_dir: str) -> None:
    con.execute(statements()["start_run"], [run_id, raw_dir])


def finish_run(con: duckdb.DuckDBPyConnection, run_id: str) -> None:
    con.execute(statements()["finish_run"], [run_id])


def table_counts(con: duckdb.DuckDBPyConnection, schema: str = "mart",
                 known: dict[str, int] | None = None) -> dict[str, int]:
    """Row count of every table and view in a schema; those in ``known`` are taken from it, not counted."""
    known = known or {}
    names = [r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = ? ORDER BY 1", [schema]
    ).fetchall()]
    return {n: known[n] if n in known else con.execute(f'SELECT count(*) FROM {schema}."{n}"').fetchall()[0][0]
            for n in names}


SCOREBOARD_QUERIES = ("extraction", "rules", "unmatched_pdus", "survey_disagreements")


def scoreboard_frames(con: duckdb.DuckDBPyConnection, run_id: str) -> dict[str, pl.DataFrame]:
    """The frames of a run's data-quality scoreboard (statements ``scoreboard_*``)."""
    frames = {}
    for name in SCOREBOARD_QUERIES:
        sql = statements()[f"scoreboard_{name}"]
        frames[name] = con.sql(sql, params=[run_id] if "?" in sql else None).pl()
    return frames


# --- survey extracts (flows/ingest_surveys.py) ---------------------------------------------

SURVEY_STAGING_TABLES = ("respondents", "columns", "answers", "results", "data_quality")
SURVEY_REF_TABLES = ("surveys", "survey_scales", "survey_questions")


def replace_survey_catalogue(con: duckdb.DuckDBPyConnection, tables: dict[str, pl.DataFrame]) -> None:
    """Replace the rows of ref.surveys, ref.survey_scales and ref.survey_questions (the tables
    themselves are created by sql/025_survey_staging.sql, so the marts can be built before)."""
    con.execute("BEGIN TRANSACTION")
    try:
        for name in SURVEY_REF_TABLES:
            con.register("catalogue_frame", tables[name].to_arrow())
            con.execute(f"DELETE FROM ref.{name}")
            con.execute(f"INSERT INTO ref.{name} BY NAME SELECT * FROM catalogue_frame")
            con.unregister("catalogue_frame")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    refresh_matches(con)




def survey_sources(con: duckdb.DuckDBPyConnection, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], tuple[str, str]]:
    """``{(inspection_id, survey): (file, sha256)}`` of those of ``pairs`` already loaded, in one query."""
    if not pairs:
        return {}
    rows = con.execute(statements()["survey_sources"], [[p[0] for p in pairs], [p[1] for p in pairs]]).fetchall()
    return {(r[0], r[1]): (r[2], r[3]) for r in rows}


def inspections_dates(con: duckdb.DuckDBPyConnection, inspection_ids: list[str]) -> dict[str, tuple]:
    """``{inspection_id: (published_on, fieldwork_started_on)}`` of those of ``inspection_ids``
    loaded, in one query."""
    if not inspection_ids:
        return {}
    rows = con.execute(statements()["inspections_dates"], [sorted(set(inspection_ids))]).fetchall()
    return {r[0]: (r[1], r[2]) for r in rows}


def inspection_dates(con: duckdb.DuckDBPyConnection, inspection_id: str):
    """(published_on, fieldwork_started_on) of a loaded inspection, or None when it is not loaded."""
    return inspections_dates(con, [inspection_id]).get(inspection_id)


# Survey extracts are loaded a batch at a time by warehouse/survey_load.py (DuckDB SQL over the files' rows).


def run_exists(con: duckdb.DuckDBPyConnection, run_id: str) -> bool:
    """Whether ops.runs has this run (a later flow of the same pipeline run reuses it)."""
    return con.execute(statements()["run_exists"], [run_id]).fetchall()[0][0] > 0


# --- the comparison page (inspections report, pictures/) ----------------------------------

PAGE_QUERIES_FILE = Path(__file__).resolve().parent / "page_queries.sql"


def page_frames(con: duckdb.DuckDBPyConnection) -> dict[str, pl.DataFrame]:
    """Every named query of page_queries.sql, each fully read into a polars frame."""
    text = PAGE_QUERIES_FILE.read_text(encoding="utf-8")
    parts = re.split(r"^-- name:\s*(\w+)\s*$", text, flags=re.M)
    return {name: con.sql(body.strip()).pl() for name, body in zip(parts[1::2], parts[2::2])}
