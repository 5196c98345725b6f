"""What ties an extract to the warehouse, and its columns matched to the catalogue (pure).

The respondent rows themselves never pass through Python: warehouse/survey_load.py reads them
with DuckDB SQL straight from the file (or the workbook's data sheet) and writes them in one pass.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from core.survey_catalogue import FREE_TEXT, SurveyCatalogue
from transforms.survey_codes import per_catalogue
from transforms.survey_layout import Layout

#: Words in a respondent ID (or first) cell that mark a row as a summary, not a respondent.
SUMMARY_LABELS = ("total", "totals", "grand total", "sum", "average", "averages", "mean", "median", "count",
                  "overall", "all respondents", "total respondents", "base", "n", "%", "percent", "percentage")


@dataclass(frozen=True)
class ExtractContext:
    """What ties an extract to the warehouse: its file, inspection and survey."""

    source_file: str
    source_sha256: str
    inspection_id: str
    survey: str


@dataclass(frozen=True)
class SurveyTables:
    """One loaded extract's rows, read back from the warehouse (tests and tools)."""

    respondents: pl.DataFrame
    columns: pl.DataFrame
    answers: pl.DataFrame
    quarantined: pl.DataFrame
    data_quality: pl.DataFrame | None = None

    @property
    def unmapped_headers(self) -> list[str]:
        return self.columns.filter(pl.col("question_code").is_null())["column_header"].to_list()


COLUMN_SCHEMA = {"column_index": pl.Int64, "column_header": pl.String, "question_code": pl.String}


def _header_codes(catalogue: SurveyCatalogue) -> dict[str, dict[str, list[str]]]:
    codes: dict[str, dict[str, list[str]]] = {}
    for survey, key, code in catalogue.header_index().select("survey", "header_key", "question_code").iter_rows():
        codes.setdefault(survey, {}).setdefault(key, []).append(code)
    return codes


def column_rows(layout: Layout, catalogue: SurveyCatalogue, survey: str) -> list[tuple[int, str, str | None]]:
    """``map_columns`` as (column_index, column_header, question_code) rows."""
    codes = per_catalogue(catalogue, "header_codes", _header_codes).get(survey, {})
    rows = []
    for col in layout.columns:
        if col.role is not None:
            continue
        found = next((codes[k] for k in col.keys if k in codes), [None])
        rows += [(col.index, col.header, code) for code in found]
    return rows


def map_columns(layout: Layout, catalogue: SurveyCatalogue, ctx: ExtractContext) -> pl.DataFrame:
    """inspection_id, survey, column_index, column_header, question_code, source_sha256: one row per
    question column x catalogue question (a column standing for several questions has several
    rows; an unmapped column one row with a null code). The first of a column's candidate header
    texts that the catalogue knows wins."""
    return pl.DataFrame(column_rows(layout, catalogue, ctx.survey), schema=COLUMN_SCHEMA, orient="row").select(
        pl.lit(ctx.inspection_id).alias("inspection_id"), pl.lit(ctx.survey).alias("survey"),
        "column_index", "column_header", "question_code", pl.lit(ctx.source_sha256).alias("source_sha256"))


def scaled_codes(catalogue: SurveyCatalogue) -> frozenset[str]:
    """The question codes of the scaled (not free-text) questions."""
    return per_catalogue(catalogue, "scaled_codes", lambda c: frozenset(
        c.questions.filter(pl.col("scale") != FREE_TEXT)["question_code"].to_list()))


def scaled_columns(columns: pl.DataFrame, catalogue: SurveyCatalogue) -> list[int]:
    """Column indexes of the columns mapped to a scaled (not free-text) question."""
    scaled = scaled_codes(catalogue)
    return sorted({ci for ci, qc in columns.select("column_index", "question_code").iter_rows() if qc in scaled})
