"""A survey extract (one row per respondent, one column per question) -> typed tables.

Pure: a frame of text columns in, frames out. File-level problems raise ``RejectedInput``
(no respondent ID column, no respondents, duplicate or missing IDs, a timestamp that is not
one); an answer outside its question's scale is split off into ``quarantined``, the rest load.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from inspections.errors import RejectedInput
from inspections.survey_catalogue import FREE_TEXT, SurveyCatalogue
from transforms.survey_read import ID_HEADERS
from transforms.survey_text import header_key, text_key_expr

START_HEADERS = frozenset({"start time", "started", "start date", "startdate", "start", "started at",
                           "start_time"})
END_HEADERS = frozenset({"end time", "ended", "end date", "enddate", "end", "completed", "completed at",
                         "completion time", "submitted", "end_time"})
TIMESTAMP_FORMATS = ("%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M:%S",
                     "%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f")
OUT_OF_SCALE = "answer not on the question's scale"


@dataclass(frozen=True)
class ExtractContext:
    """What ties an extract to the warehouse: its file, inspection and survey."""

    source_file: str
    source_sha256: str
    inspection_id: str
    survey: str


@dataclass(frozen=True)
class SurveyTables:
    respondents: pl.DataFrame
    columns: pl.DataFrame
    answers: pl.DataFrame
    quarantined: pl.DataFrame

    @property
    def unmapped_headers(self) -> list[str]:
        return self.columns.filter(pl.col("question_code").is_null())["column_header"].to_list()


def _role_columns(headers: list[str], source: str) -> tuple[str, str | None, str | None]:
    ids = [h for h in headers if header_key(h) in ID_HEADERS]
    if not ids:
        raise RejectedInput(source, "no respondent ID column (a header such as 'Respondent ID'); "
                            f"headers are: {', '.join(repr(h) for h in headers[:6])}"
                            f"{' …' if len(headers) > 6 else ''}")
    if len(ids) > 1:
        raise RejectedInput(source, f"several respondent ID columns: {', '.join(repr(h) for h in ids)}")
    starts = [h for h in headers if header_key(h) in START_HEADERS]
    ends = [h for h in headers if header_key(h) in END_HEADERS]
    return ids[0], starts[0] if starts else None, ends[0] if ends else None


def _timestamp(frame: pl.DataFrame, column: str | None, id_col: str, source: str) -> pl.Series:
    if column is None:
        return pl.Series([None] * frame.height, dtype=pl.Datetime("us"))
    text = frame[column].str.strip_chars()
    parsed = pl.select(pl.coalesce([text.str.strptime(pl.Datetime("us"), f, strict=False) for f in TIMESTAMP_FORMATS])).to_series()
    bad = frame.filter(text.is_not_null() & (text != "") & parsed.is_null())
    if bad.height:
        row = bad.row(0, named=True)
        raise RejectedInput(source, f"column {column!r} has a value that is not a date and time: "
                            f"{row[column]!r} (respondent {row[id_col]!r}); {bad.height} such value(s)")
    return parsed


def extract_tables(frame: pl.DataFrame, ctx: ExtractContext, catalogue: SurveyCatalogue) -> SurveyTables:
    """Respondents, columns (header -> question code; unmapped kept with a null code), answers
    (respondent x column x question, in-scale or free text or unmapped) and quarantined
    (out-of-scale) answers of one extract."""
    src = ctx.source_file
    headers = frame.columns
    id_col, start_col, end_col = _role_columns(headers, src)
    if frame.height == 0:
        raise RejectedInput(src, "empty extract: a header but no respondent rows")
    frame = frame.with_columns(pl.col(id_col).str.strip_chars())
    ids = frame[id_col]
    missing = (ids.is_null() | (ids == "")).arg_true()
    if len(missing):
        raise RejectedInput(src, f"respondent ID missing on data row(s) {', '.join(str(i + 1) for i in missing[:5].to_list())}")
    dupes = frame.with_row_index("row").filter(pl.col(id_col).is_duplicated())
    if dupes.height:
        shown = dupes.group_by(id_col, maintain_order=True).agg(pl.col("row") + 1).head(3)
        listed = "; ".join(f"{r[id_col]!r} on data rows {', '.join(map(str, r['row']))}" for r in shown.iter_rows(named=True))
        raise RejectedInput(src, f"duplicate respondent IDs: {listed}")

    respondents = pl.DataFrame({
        "inspection_id": [ctx.inspection_id] * frame.height,
        "survey": [ctx.survey] * frame.height,
        "respondent_id": ids,
        "row_number": pl.int_range(1, frame.height + 1, eager=True),
        "started_at": _timestamp(frame, start_col, id_col, src),
        "ended_at": _timestamp(frame, end_col, id_col, src),
        "source_sha256": [ctx.source_sha256] * frame.height,
    })

    question_headers = [h for h in headers if h not in {id_col, start_col, end_col}]
    index = catalogue.header_index().filter(pl.col("survey") == ctx.survey)
    columns = (
        pl.DataFrame({"column_index": [headers.index(h) + 1 for h in question_headers],
                      "column_header": question_headers,
                      "header_key": [header_key(h) for h in question_headers]},
                     schema={"column_index": pl.Int64, "column_header": pl.String, "header_key": pl.String})
        .join(index.select("header_key", "question_code"), on="header_key", how="left", maintain_order="left")
        .select(pl.lit(ctx.inspection_id).alias("inspection_id"), pl.lit(ctx.survey).alias("survey"),
                "column_index", "column_header", "question_code", pl.lit(ctx.source_sha256).alias("source_sha256"))
    )

    if question_headers:
        long = (frame.select(pl.col(id_col).alias("respondent_id"), *question_headers)
                .unpivot(index="respondent_id", on=question_headers, variable_name="column_header",
                         value_name="answer_text"))
    else:
        long = pl.DataFrame(schema={"respondent_id": pl.String, "column_header": pl.String, "answer_text": pl.String})
    long = long.with_columns(pl.col("answer_text").str.strip_chars()).with_columns(
        pl.when(pl.col("answer_text") == "").then(None).otherwise(pl.col("answer_text")).alias("answer_text"))
    scale = catalogue.questions.select("question_code", "scale")
    long = (long.join(columns.select("column_header", "column_index", "question_code"), on="column_header")
            .join(scale, on="question_code", how="left")
            .with_columns(text_key_expr(pl.col("answer_text")).alias("answer_key"))
            .join(catalogue.answer_index(), on=["question_code", "answer_key"], how="left"))
    scaled = pl.col("question_code").is_not_null() & (pl.col("scale") != FREE_TEXT)
    bad = scaled & pl.col("answer_text").is_not_null() & pl.col("answer").is_null()
    quarantined = (long.filter(bad).sort("column_index", "respondent_id").select(
        pl.lit(ctx.inspection_id).alias("inspection_id"), pl.lit(ctx.survey).alias("survey"),
        "respondent_id", "column_index", "column_header", "question_code", "answer_text",
        pl.format(OUT_OF_SCALE + " ({})", "scale").alias("reason"),
        pl.lit(ctx.source_file).alias("source_file"), pl.lit(ctx.source_sha256).alias("source_sha256")))
    answers = long.filter(~bad).select(
        pl.lit(ctx.inspection_id).alias("inspection_id"), pl.lit(ctx.survey).alias("survey"),
        "respondent_id", "column_index", "column_header", "question_code", "answer_text", "answer",
        "answer_ordinal", "is_positive", "is_negative", pl.lit(ctx.source_sha256).alias("source_sha256"))
    return SurveyTables(respondents, columns, answers, quarantined)
