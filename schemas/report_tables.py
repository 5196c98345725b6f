"""Contracts of the fact tables read from one inspection report (pandera, polars backend).

Each model's docstring states the table's grain; ``Config.unique`` is its key.
Validate collected frames: on a LazyFrame pandera checks only columns and types.
"""

from __future__ import annotations

from functools import cache

import polars as pl
import pandera.polars as pa

RATINGS = ["Outstanding", "Good", "Requires improvement", "Inadequate"]
THEMES = ["court", "engagement", "desistance", "safety", "outcomes"]
ADDRESSEES = ["PDU", "Region", "HMPPS", "Other"]
QUALITY_RULES = [
    "score_sum", "max_score", "rating_band", "body_rating", "pdu_match", "foreword_rating",
    "standard_section", "standard_rating", "key_question_count", "strengths_present", "improvements_present",
    "recommendations_present", "recommendation_addressee", "published_in_framework", "unknown_label",
    "inspection_field", "unsorted_bullets", "text_decoding",
]
SEVERITIES = ["error", "warning", "info"]
FINDING_KINDS = ["strength", "improvement"]
MEASURES = [
    "key_question", "people_on_probation_survey", "staff_survey", "sentencer_survey",
    "staff_interviews", "case_sample", "population", "workforce", "other",
]
SHA256 = r"^[0-9a-f]{64}$"
STANDARD_CODE = r"^[1-9]\.\d$"


PUBLISHED_ON_SOURCES = ["text", "time-element", "meta", "given", "file-name"]
LOCATION = r"^(?:page [1-9]\d*|html:/\S*)$"


class _Provenance(pa.DataFrameModel):
    source_sha256: str = pa.Field(str_matches=SHA256)
    #: line of the report's text (for a PDF or web page: of the text extracted from it)
    source_line: int = pa.Field(ge=1)
    #: where that line is in the file: "page 7" (PDF), "html:<XPath>" (web page); null for text
    source_location: str = pa.Field(nullable=True, str_matches=LOCATION)


class Inspection(_Provenance):
    """One row per inspection report."""

    inspection_id: str = pa.Field(str_matches=r"^[a-z0-9-]+-\d{4}-\d{2}$")
    unit_name: str = pa.Field(str_length={"min_value": 2})
    pdu_code: str = pa.Field(nullable=True, str_matches=r"^[A-Z0-9]{5,8}$")
    region_name: str = pa.Field(nullable=True)
    published_on: pl.Date
    #: where published_on was read: the title block's text, the page's <time> element or date
    #: meta tag, a date the caller gave (facts_from_text), or the file name's YYYY-MM (the fallback)
    published_on_source: str = pa.Field(isin=PUBLISHED_ON_SOURCES)
    fieldwork_started_on: pl.Date = pa.Field(nullable=True)
    overall_rating: str = pa.Field(isin=RATINGS)
    score: int = pa.Field(ge=0)
    max_score: int = pa.Field(gt=0)
    cases_inspected: int = pa.Field(nullable=True, ge=0)
    practitioner_interviews: int = pa.Field(nullable=True, ge=0)
    lead_inspector: str = pa.Field(nullable=True)
    framework: str
    source_file: str

    class Config:
        unique = ["inspection_id"]

    @pa.dataframe_check(error="score is greater than max_score")
    def score_within_max(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("score") <= pl.col("max_score"))

    @pa.dataframe_check(error="fieldwork starts after publication")
    def fieldwork_before_publication(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(
            pl.col("fieldwork_started_on").is_null() | (pl.col("fieldwork_started_on") <= pl.col("published_on"))
        )


class CaseSampleWindow(_Provenance):
    """One row per window of sentence or licence start dates that the case sample was drawn from."""

    inspection_id: str
    window_seq: int = pa.Field(ge=1)
    starts_on: pl.Date
    ends_on: pl.Date

    class Config:
        unique = ["inspection_id", "window_seq"]

    @pa.dataframe_check(error="window ends before it starts")
    def ordered(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("starts_on") <= pl.col("ends_on"))


class StandardRating(_Provenance):
    """One row per inspection x standard of its framework (unrated standards have null rating)."""

    inspection_id: str
    standard_code: str = pa.Field(str_matches=STANDARD_CODE)
    standard_name: str
    domain: str
    rating: str = pa.Field(nullable=True, isin=RATINGS)
    rating_points: int = pa.Field(nullable=True, in_range={"min_value": 0, "max_value": 3})

    class Config:
        unique = ["inspection_id", "standard_code"]


class KeyQuestion(_Provenance):
    """One row per inspection x key question (identified by standard and theme)."""

    inspection_id: str
    standard_code: str = pa.Field(str_matches=STANDARD_CODE)
    theme: str = pa.Field(isin=THEMES)
    question_text: str = pa.Field(str_length={"min_value": 10})
    pct_yes: float = pa.Field(in_range={"min_value": 0, "max_value": 100})

    class Config:
        unique = ["inspection_id", "standard_code", "theme"]


class Recommendation(_Provenance):
    """One row per recommendation (numbered, or bulleted and counted in order); the
    addressee as printed and normalised (PDU, Region, HMPPS or Other); both null for a
    recommendation printed under no addressee line (a data-quality row says so)."""

    inspection_id: str
    seq: int = pa.Field(ge=1)
    addressee: str = pa.Field(nullable=True, isin=ADDRESSEES)
    addressee_text: str = pa.Field(nullable=True)
    text: str = pa.Field(str_length={"min_value": 5})

    class Config:
        unique = ["inspection_id", "seq"]


class Finding(_Provenance):
    """One row per bullet under Strengths or Areas for improvement; ``seq`` counts within
    (standard, subsection, kind)."""

    inspection_id: str
    standard_code: str = pa.Field(str_matches=STANDARD_CODE)
    subsection: str = pa.Field(nullable=True)
    kind: str = pa.Field(isin=FINDING_KINDS)
    seq: int = pa.Field(ge=1)
    text: str = pa.Field(str_length={"min_value": 3})

    class Config:
        unique = ["inspection_id", "standard_code", "subsection", "kind", "seq"]


class Caseload(_Provenance):
    """One row per inspection: the caseload figures the Background section states."""

    inspection_id: str
    region_caseload: int = pa.Field(nullable=True, ge=0)
    community_sentences: int = pa.Field(nullable=True, ge=0)
    post_release_supervision: int = pa.Field(nullable=True, ge=0)
    custody: int = pa.Field(nullable=True, ge=0)

    class Config:
        unique = ["inspection_id"]


class StatedFigure(_Provenance):
    """One row per percentage stated in the text (``seq`` in reading order)."""

    inspection_id: str
    seq: int = pa.Field(ge=1)
    section: str
    standard_code: str = pa.Field(nullable=True, str_matches=STANDARD_CODE)
    subsection: str = pa.Field(nullable=True)
    pct: float = pa.Field(ge=0)
    pct_text: str
    measure: str = pa.Field(isin=MEASURES)
    sentence: str

    class Config:
        unique = ["inspection_id", "seq"]


class InspectionFieldSource(_Provenance):
    """One row per inspection-level field: the line it was read from."""

    inspection_id: str
    field: str

    class Config:
        unique = ["inspection_id", "field"]


class DataQuality(pa.DataFrameModel):
    """One row per domain-rule or completeness check of an inspection, passed or not;
    ``severity`` (error, warning, info) from reference/quality_rules.csv."""

    inspection_id: str
    rule: str = pa.Field(isin=QUALITY_RULES)
    subject: str
    expected: str = pa.Field(nullable=True)
    observed: str = pa.Field(nullable=True)
    passed: bool
    detail: str
    severity: str = pa.Field(isin=SEVERITIES)


REPORT_TABLE_SCHEMAS: dict[str, type[pa.DataFrameModel]] = {
    "inspection": Inspection,
    "case_sample_windows": CaseSampleWindow,
    "standard_ratings": StandardRating,
    "key_questions": KeyQuestion,
    "recommendations": Recommendation,
    "findings": Finding,
    "caseload": Caseload,
    "stated_figures": StatedFigure,
    "inspection_field_sources": InspectionFieldSource,
    "data_quality": DataQuality,
}

PROVENANCE = ("source_sha256", "source_line", "source_location")


@cache
def frame_schema(table: str) -> dict[str, pl.DataType]:
    """A table's column names and polars types as its contract declares them, provenance
    last: the one place the transforms take their frames' shape from."""
    columns = {name: col.dtype.type for name, col in REPORT_TABLE_SCHEMAS[table].to_schema().columns.items()}
    return {**{k: v for k, v in columns.items() if k not in PROVENANCE},
            **{k: columns[k] for k in PROVENANCE if k in columns}}
