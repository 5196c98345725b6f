"""Contracts of the survey tables (pandera, polars backend). Each docstring states the grain;
``Config.unique`` is the key. Validate collected frames (a LazyFrame gets only column/type checks)."""

from __future__ import annotations

import polars as pl
import pandera.polars as pa

SURVEYS = ["staff", "people_on_probation", "sentencers"]
SHA256 = r"^[0-9a-f]{64}$"
INSPECTION_ID = r"^[a-z0-9-]+-\d{4}-\d{2}$"


class _Keyed(pa.DataFrameModel):
    inspection_id: str = pa.Field(str_matches=INSPECTION_ID)
    survey: str = pa.Field(isin=SURVEYS)
    source_sha256: str = pa.Field(str_matches=SHA256)


class SurveyRespondent(_Keyed):
    """One row per respondent of one survey of one inspection."""

    respondent_id: str = pa.Field(str_length={"min_value": 1})
    row_number: int = pa.Field(ge=1)
    started_at: pl.Datetime = pa.Field(nullable=True)
    ended_at: pl.Datetime = pa.Field(nullable=True)

    class Config:
        unique = ["inspection_id", "survey", "respondent_id"]

    @pa.dataframe_check(error="a response ends before it starts")
    def ends_after_start(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("ended_at").is_null() | pl.col("started_at").is_null()
                                     | (pl.col("ended_at") >= pl.col("started_at")))


class SurveyColumn(_Keyed):
    """One row per question column of an extract x catalogue question it stands for; an unmapped
    column has one row with a null question_code."""

    column_index: int = pa.Field(ge=1)
    column_header: str
    question_code: str = pa.Field(nullable=True)

    class Config:
        unique = ["inspection_id", "survey", "column_index", "question_code"]


class SurveyAnswer(_Keyed):
    """One row per respondent x question column x catalogue question (a blank cell has a null
    answer_text; free-text and unmapped columns have null answer/ordinal/flags): the rows of
    detail.survey_answers. The load never holds these in Python (a million respondents are
    millions of rows); it checks IDs and dates with SQL over the file and validates each file's
    columns, results and data-quality rows in one batch."""

    respondent_id: str = pa.Field(str_length={"min_value": 1})
    column_index: int = pa.Field(ge=1)
    column_header: str
    question_code: str = pa.Field(nullable=True)
    answer_text: str = pa.Field(nullable=True)
    answer: str = pa.Field(nullable=True)
    answer_ordinal: int = pa.Field(nullable=True, ge=0)
    is_positive: bool = pa.Field(nullable=True)
    is_negative: bool = pa.Field(nullable=True)

    class Config:
        unique = ["inspection_id", "survey", "respondent_id", "column_index", "question_code"]


class QuarantinedAnswer(_Keyed):
    """One row per answer outside its question's scale, naming file, respondent and column."""

    respondent_id: str
    column_index: int = pa.Field(ge=1)
    column_header: str
    question_code: str
    answer_text: str
    reason: str
    source_file: str


class SurveyDataQuality(_Keyed):
    """One row per extract x finding about its data (rows not counted as respondents, ambiguous
    dates, decoded codes, header layout, unmapped columns, quarantined answers)."""

    issue: str = pa.Field(isin=["summary rows", "header rows", "note rows", "blank rows", "ambiguous dates",
                                "decoded codes", "layout", "unmapped columns", "quarantined answers"])
    detail: str = pa.Field(str_length={"min_value": 1})
    row_count: int = pa.Field(nullable=True, ge=0)


class SurveyResult(pa.DataFrameModel):
    """One row per inspection x survey x scaled catalogue question in the extract."""

    inspection_id: str = pa.Field(str_matches=INSPECTION_ID)
    survey: str = pa.Field(isin=SURVEYS)
    question_code: str
    respondents: int = pa.Field(ge=1)
    answered: int = pa.Field(ge=0)
    positive: int = pa.Field(ge=0)
    negative: int = pa.Field(ge=0)
    pct_positive: float = pa.Field(nullable=True, ge=0, le=100)
    pct_negative: float = pa.Field(nullable=True, ge=0, le=100)
    ci_low: float = pa.Field(nullable=True, ge=0, le=100)
    ci_high: float = pa.Field(nullable=True, ge=0, le=100)
    suppressed: bool
    min_answers: int = pa.Field(ge=1)

    class Config:
        unique = ["inspection_id", "survey", "question_code"]

    @pa.dataframe_check(error="counts out of order: positive + negative <= answered <= respondents")
    def counts_ordered(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select((pl.col("positive") + pl.col("negative") <= pl.col("answered"))
                                     & (pl.col("answered") <= pl.col("respondents")))

    @pa.dataframe_check(error="suppressed exactly when the percentage is withheld")
    def suppression(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("suppressed") == pl.col("pct_positive").is_null())

    @pa.dataframe_check(error="interval does not contain the percentage")
    def interval(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("pct_positive").is_null()
                                     | ((pl.col("ci_low") <= pl.col("pct_positive") + 1e-9)
                                        & (pl.col("pct_positive") <= pl.col("ci_high") + 1e-9)))


SURVEY_TABLE_SCHEMAS = {
    "respondents": SurveyRespondent,
    "columns": SurveyColumn,
    "answers": SurveyAnswer,
    "quarantined": QuarantinedAnswer,
    "results": SurveyResult,
    "data_quality": SurveyDataQuality,
}
