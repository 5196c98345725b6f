"""Test helpers: survey extracts as bytes, read and loaded the way the flow does (header read,
then DuckDB SQL over the rows into a warehouse), and read back as tables."""

from __future__ import annotations

import hashlib
import tempfile
from datetime import date
from pathlib import Path

import duckdb
import polars as pl

from flows.survey_parse import parse_survey_file
from core.errors import RejectedInput
from core.reference import load_reference
from core.survey_catalogue import load_survey_catalogue
from transforms.survey_decode import write_utf8
from transforms.survey_extract import ExtractContext, SurveyTables
from warehouse import store
from warehouse.survey_load import InspectionDates, load_extract

CATALOGUE = load_survey_catalogue()
#: Cumbria 2023-07: published July 2023, fieldwork from 15 May 2023.
CUMBRIA_DATES = InspectionDates(date(2023, 7, 1), date(2023, 5, 15))
_CON: duckdb.DuckDBPyConnection | None = None


def csv_bytes(rows: list[list[str]], sep: str = ",", encoding: str = "utf-8") -> bytes:
    return "\r\n".join(sep.join(r) for r in rows).encode(encoding) + b"\r\n"


def _warehouse() -> duckdb.DuckDBPyConnection:
    global _CON
    if _CON is None:
        _CON = duckdb.connect(":memory:")
        store.prepare(_CON, load_reference().tables())
        store.replace_survey_catalogue(_CON, CATALOGUE.tables())
    for table in ("staging.survey_respondents", "staging.survey_columns", "staging.survey_cells",
                  "staging.survey_answer_values",
                  "staging.survey_results", "staging.survey_data_quality", "ops.quarantined_answers",
                  "raw.survey_files"):
        _CON.execute(f"DELETE FROM {table}")
    return _CON


def load_bytes(data: bytes, name: str = "staff.csv", survey: str = "staff", inspection_id: str = "cumbria-2023-07",
               sidecars: dict[str, bytes] | None = None, dates: InspectionDates = CUMBRIA_DATES,
               min_answers: int = 1):
    """(SurveyTables, ledger note, results frame) of an extract's bytes; RejectedInput propagates."""
    con = _warehouse()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        for side, content in (sidecars or {}).items():
            (Path(tmp) / side).write_bytes(content)
        ctx = ExtractContext(name, hashlib.sha256(data).hexdigest(), inspection_id, survey)
        parsed = parse_survey_file(path, ctx, CATALOGUE)
        if parsed.reason is not None:
            raise RejectedInput(name, parsed.reason)
        csv_path = None
        if parsed.source.kind == "csv" and parsed.source.direct_skip_lines is not None:
            csv_path = path
        elif parsed.source.kind == "csv":
            csv_path = Path(tmp) / "data.utf8.csv"
            write_utf8(path, csv_path, name, parsed.source.skip_chars)
        note = load_extract(con, "test-run", ctx, len(data), parsed.source, csv_path, CATALOGUE, min_answers,
                            parsed.settings, dates, f"{path.stem}.settings.toml", parsed.codebook)
    read = lambda sql: con.sql(sql).pl()  # noqa: E731
    tables = SurveyTables(
        read("SELECT * EXCLUDE (row_number), row_number FROM staging.survey_respondents ORDER BY row_number"),
        read("SELECT * FROM staging.survey_columns ORDER BY column_index, question_code"),
        read("SELECT * FROM detail.survey_answers ORDER BY column_index, respondent_id, question_code"),
        read("SELECT * FROM ops.quarantined_answers ORDER BY column_index, respondent_id"),
        read("SELECT issue, detail, row_count FROM staging.survey_data_quality ORDER BY issue"))
    results = read("SELECT * EXCLUDE (source_sha256) FROM staging.survey_results ORDER BY question_code")
    return tables, note, results


def tables_of(data: bytes, name: str = "staff.csv", survey: str = "staff", inspection_id: str = "cumbria-2023-07",
              **kwargs):
    """(SurveyTables, ledger note) of an extract's bytes; RejectedInput propagates."""
    tables, note, _ = load_bytes(data, name, survey, inspection_id, **kwargs)
    return tables, note


def results_of(data: bytes, **kwargs) -> pl.DataFrame:
    return load_bytes(data, **kwargs)[2]


def parse_facts(parsed) -> tuple:
    """Everything a survey parse job gives (a ``ParsedSurvey``), as values that compare equal
    only when they are the same (a large extract keeps how to read its rows, not the rows)."""
    s = parsed.staged
    if s is None:
        return (parsed.reason,)
    return (parsed.reason, s.ctx, s.byte_size, s.file_format, s.note, s.quarantined, s.rows_from,
            {k: (v.schema, v.rows()) for k, v in s.tables.items()}, (s.answer_values.schema, s.answer_values.rows()),
            *((t.schema, t.to_pylist()) if t is not None else None for t in (s.respondents, s.cells)),
            parsed.settings, parsed.codebook)
