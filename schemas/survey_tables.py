"""Contracts of the survey tables (pandera, polars backend). Each docstring states the grain;
``Config.unique`` is the key. Validate collected frames (a LazyFrame gets only column/type checks)."""

from __future__ import annotations

import polars as pl
import pandera.polars as pa

from core.reference import reference_values
from schemas.report_tables import INSPECTION_KEY

SURVEYS = list(reference_values("surveys.csv", "survey"))
SHA256 = r"^[0-9a-f]{64}$"
INSPECTION_ID = r"^[a-z0-9-]+-\d{4}-\d{2}$"


class _Keyed(pa.DataFrameModel):
    inspection_id: str = pa.Field(str_matches=INSPECTION_ID, description=INSPECTION_KEY)
    survey: str = pa.Field(isin=SURVEYS, description="staff, people_on_probation (User Voice) or sentencers.")
    source_sha256: str = pa.Field(str_matches=SHA256, description="SHA-256 of the survey extract file.")


class SurveyRespondent(_Keyed):
    """One row per respondent of one survey of one inspection."""

    respondent_id: str = pa.Field(str_length={"min_value": 1}, description="Respondent ID as in the extract.")
    row_number: int = pa.Field(ge=1, description="The respondent's data row in the extract (header rows not counted).")
    started_at: pl.Datetime = pa.Field(nullable=True,
                                       description="When the respondent started (when the extract has it).")
    ended_at: pl.Datetime = pa.Field(nullable=True,
                                     description="When the respondent finished (when the extract has it).")

    class Config:
        unique = ["inspection_id", "survey", "respondent_id"]
        # checked before loading: a key index would cost more than the load of a million respondents
        metadata = {"key_index": False}

    @pa.dataframe_check(error="a response ends before it starts")
    def ends_after_start(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("ended_at").is_null() | pl.col("started_at").is_null()
                                     | (pl.col("ended_at") >= pl.col("started_at")))


class SurveyColumn(_Keyed):
    """One row per question column of an extract x catalogue question it stands for; an unmapped
    column has one row with a null question_code."""

    column_index: int = pa.Field(ge=1, description="Position of the column in the extract (1-based).")
    column_header: str = pa.Field(description="Column header as in the extract.")
    question_code: str = pa.Field(nullable=True,
                                  description="Catalogue question the header is a variant of; null when unmapped.")

    class Config:
        unique = ["inspection_id", "survey", "column_index", "question_code"]


class SurveyAnswer(_Keyed):
    """One row per respondent x question column x catalogue question (a blank cell has a null
    answer_text; free-text and unmapped columns have null answer/ordinal/flags): the rows of
    detail.survey_answers. The load never holds these in Python (a million respondents are
    millions of rows); it checks IDs and dates with SQL over the file and validates each file's
    columns, results and data-quality rows in one batch."""

    respondent_id: str = pa.Field(str_length={"min_value": 1}, description="Respondent ID as in the extract.")
    column_index: int = pa.Field(ge=1, description="Position of the column in the extract (1-based).")
    column_header: str = pa.Field(description="Column header as in the extract.")
    question_code: str = pa.Field(nullable=True,
                                  description="Catalogue question code; null for a column the catalogue does not know.")
    answer_text: str = pa.Field(nullable=True, description="Answer as given (trimmed); null for a blank cell.")
    answer: str = pa.Field(nullable=True,
                           description="The answer as the scale spells it; null for free text, unmapped columns and blanks.")
    answer_ordinal: int = pa.Field(nullable=True, ge=0,
                                   description="Position of the answer on its scale (reference/survey_scales.csv; higher is more positive, 0 = don't know / prefer not to say).")
    is_positive: bool = pa.Field(nullable=True, description="The answer counts as positive for the question.")
    is_negative: bool = pa.Field(nullable=True, description="The answer means the negative outcome for the question.")

    class Config:
        unique = ["inspection_id", "survey", "respondent_id", "column_index", "question_code"]


class QuarantinedAnswer(_Keyed):
    """One row per answer outside its question's scale, naming file, respondent and column
    (ops.quarantined_answers: held back from the load of its file)."""

    run_id: str = pa.Field(description="Run that loaded the file.")
    respondent_id: str = pa.Field(description="Respondent ID as in the extract.")
    column_index: int = pa.Field(ge=1, description="Position of the column in the extract (1-based).")
    column_header: str = pa.Field(description="Column header as in the extract.")
    question_code: str = pa.Field(description="Catalogue question of the column.")
    answer_text: str = pa.Field(description="The answer as given.")
    reason: str = pa.Field(description="Why it was held back (not on the named scale).")
    source_file: str = pa.Field(description="Survey extract file.")
    recorded_at: pl.Datetime = pa.Field(description="When it was recorded.", metadata={"sql_type": "TIMESTAMPTZ"})


class SurveyDataQuality(_Keyed):
    """One row per extract x finding about its data (rows not counted as respondents, ambiguous
    dates, decoded codes, header layout, unmapped columns, quarantined answers)."""

    issue: str = pa.Field(isin=["summary rows", "header rows", "note rows", "blank rows", "ambiguous dates",
                                "decoded codes", "layout", "unmapped columns", "quarantined answers"],
                          description="summary rows, header rows, note rows, blank rows (rows not counted as "
                          "respondents), ambiguous dates, decoded codes, layout, unmapped columns or quarantined answers.")
    detail: str = pa.Field(str_length={"min_value": 1},
                           description="What was found, in words (rows, columns, the two readings of a date).")
    row_count: int = pa.Field(nullable=True, ge=0,
                              description="How many rows, columns or answers it concerns (null for a layout note).",
                              metadata={"sql_type": "BIGINT"})


class SurveyResult(_Keyed):
    """One row per inspection x survey x scaled catalogue question in the extract."""

    question_code: str = pa.Field(
        description="Stable code of the question in the survey catalogue (reference/survey_questions.csv).")
    respondents: int = pa.Field(ge=1, description="Respondents in the extract (rows).")
    answered: int = pa.Field(ge=0,
                             description="Respondents who gave an answer on the question's scale (blanks and quarantined answers excluded).")
    positive: int = pa.Field(ge=0, description="Answers counted positive.")
    negative: int = pa.Field(ge=0, description="Answers meaning the negative outcome (catalogue negative_answers).")
    pct_positive: float = pa.Field(nullable=True, ge=0, le=100,
                                   description="Per cent of answered giving a positive answer (catalogue positive_answers); null when suppressed.")
    pct_negative: float = pa.Field(nullable=True, ge=0, le=100,
                                   description="Per cent of answered giving a negative-outcome answer; null when suppressed.")
    ci_low: float = pa.Field(nullable=True, ge=0, le=100,
                             description="Lower bound of the 95% Wilson score interval of pct_positive; null when suppressed.")
    ci_high: float = pa.Field(nullable=True, ge=0, le=100,
                              description="Upper bound of the 95% Wilson score interval of pct_positive; null when suppressed.")
    suppressed: bool = pa.Field(description="True when answered < min_answers: percentages and interval are withheld.")
    min_answers: int = pa.Field(ge=1, description="Suppression threshold in force when the extract was loaded.")

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
