"""Contracts of the fact tables read from one inspection report (pandera, polars backend).

Each model's docstring states the table's grain; ``Config.unique`` is its key.
Validate collected frames: on a LazyFrame pandera checks only columns and types.
"""

from __future__ import annotations

from functools import cache

import polars as pl
import pandera.polars as pa

from core.reference import reference_values
from schemas.declaration import polars_schema

# vocabularies from the reference data (reference/*.csv), their one copy
RATINGS = list(reference_values("rating_scale.csv", "rating"))
THEMES = list(reference_values("key_question_themes.csv", "theme"))
ADDRESSEES = list(reference_values("report_vocabulary.csv", "meaning", where=("vocabulary", "addressee")))
QUALITY_RULES = list(reference_values("quality_rules.csv", "rule"))
SEVERITIES = ["error", "warning", "info"]
FINDING_KINDS = ["strength", "improvement"]
# what a stated percentage counts: the measures its sentence is matched to, key_question (a key
# question's own percentage) or other (none matched)
MEASURES = [*reference_values("stated_figure_measures.csv", "measure"), "key_question", "other"]
SHA256 = r"^[0-9a-f]{64}$"
STANDARD_CODE = r"^[1-9]\.\d$"


PUBLISHED_ON_SOURCES = ["text", "time-element", "meta", "given", "file-name"]
LOCATION = r"^(?:page [1-9]\d*|html:/\S*)$"

# descriptions shared by several tables
INSPECTION_KEY = "Inspection key: unit slug and publication month (e.g. cumbria-2023-07)."
LIST_ORDER = "Order of the item within its list in the report (1-based)."
AS_PRINTED = "Text as printed (bullets and numbering removed)."


class _Provenance(pa.DataFrameModel):
    source_sha256: str = pa.Field(str_matches=SHA256,
                                  description="SHA-256 of the raw report file the row was read from.")
    source_line: int = pa.Field(ge=1,
                                description="Line of the raw report file the row was read from (1-based); for a PDF or web page, of the text extracted from it (raw.report_files keeps it).")
    source_location: str = pa.Field(nullable=True, str_matches=LOCATION,
                                    description="Where that line is in the file: 'page N' for a PDF, 'html:<XPath>' (the element) for a web page; null for a text file.")


class Inspection(_Provenance):
    """One row per inspection report."""

    inspection_id: str = pa.Field(str_matches=r"^[a-z0-9-]+-\d{4}-\d{2}$",
                                  description=INSPECTION_KEY)
    unit_name: str = pa.Field(str_length={"min_value": 2}, description="Unit named in the report title, as printed.")
    pdu_code: str = pa.Field(nullable=True, str_matches=r"^[A-Z0-9]{5,8}$",
                             description="nDelius code of the PDU the inspection is attached to, as it existed at publication (null when the name matched no code or more than one).")
    region_name: str = pa.Field(nullable=True, description="Probation region named in the report, when it names one.")
    published_on: pl.Date = pa.Field(description="Publication date of the report (first of the month printed on it).")
    published_on_source: str = pa.Field(isin=PUBLISHED_ON_SOURCES,
                                        description="Where published_on was read: text (the title block's month), time-element or meta (a web page's <time> element or date meta tag), given (a date passed in by a caller of the parser; the pipeline never does), file-name (the YYYY-MM in the file name: the fallback when the report states no date).")
    fieldwork_started_on: pl.Date = pa.Field(nullable=True,
                                             description="First day of inspection fieldwork, when printed.")
    overall_rating: str = pa.Field(isin=RATINGS, description="Overall rating printed on the ratings page.")
    score: int = pa.Field(ge=0,
                          description="Overall score printed on the ratings page (sum of the rated standards' points).")
    max_score: int = pa.Field(gt=0, description="Maximum score printed on the ratings page.")
    cases_inspected: int = pa.Field(nullable=True, ge=0, description="Number of cases the inspectors examined.")
    practitioner_interviews: int = pa.Field(nullable=True, ge=0,
                                            description="Number of practitioners interviewed (case-manager interviews).")
    lead_inspector: str = pa.Field(nullable=True, description="Lead inspector named in the report.")
    framework: str = pa.Field(description="Inspection framework code (reference/frameworks.csv), e.g. pdu-2021 or pdu-2023.")
    source_file: str = pa.Field(description="Raw report file the inspection was loaded from.")

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

    inspection_id: str = pa.Field(description=INSPECTION_KEY)
    window_seq: int = pa.Field(ge=1, description="Order of the window within the inspection (1-based).")
    starts_on: pl.Date = pa.Field(description="First sentence or licence start date in the window.")
    ends_on: pl.Date = pa.Field(description="Last sentence or licence start date in the window.")

    class Config:
        unique = ["inspection_id", "window_seq"]

    @pa.dataframe_check(error="window ends before it starts")
    def ordered(cls, data) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("starts_on") <= pl.col("ends_on"))


class StandardRating(_Provenance):
    """One row per inspection x standard of its framework (unrated standards have null rating)."""

    inspection_id: str = pa.Field(description=INSPECTION_KEY)
    standard_code: str = pa.Field(str_matches=STANDARD_CODE,
                                  description="Standard number within its framework (e.g. 2.1).")
    standard_name: str = pa.Field(description="Standard name as the framework names it.")
    domain: str = pa.Field(description="Domain (group of standards) of the framework the standard belongs to.")
    rating: str = pa.Field(nullable=True, isin=RATINGS,
                           description="Rating printed for the standard; null for an unrated standard (2.6 Outcomes).")
    rating_points: int = pa.Field(nullable=True, in_range={"min_value": 0, "max_value": 3},
                                  description="Points of the rating (Inadequate 0 to Outstanding 3); null when unrated.")

    class Config:
        unique = ["inspection_id", "standard_code"]


class KeyQuestion(_Provenance):
    """One row per inspection x key question (identified by standard and theme)."""

    inspection_id: str = pa.Field(description=INSPECTION_KEY)
    standard_code: str = pa.Field(str_matches=STANDARD_CODE,
                                  description="Standard number within its framework (e.g. 2.1).")
    theme: str = pa.Field(isin=THEMES,
                          description="Key-question theme (safety, desistance, engagement, court, outcomes).")
    question_text: str = pa.Field(str_length={"min_value": 10}, description="Key question as printed.")
    pct_yes: float = pa.Field(in_range={"min_value": 0, "max_value": 100},
                              description="Percentage of inspected cases judged sufficient on the key question.")

    class Config:
        unique = ["inspection_id", "standard_code", "theme"]


class Recommendation(_Provenance):
    """One row per recommendation (numbered, or bulleted and counted in order); the
    addressee as printed and normalised (PDU, Region, HMPPS or Other); both null for a
    recommendation printed under no addressee line (a data-quality row says so)."""

    inspection_id: str = pa.Field(description=INSPECTION_KEY)
    seq: int = pa.Field(ge=1, description=LIST_ORDER)
    addressee: str = pa.Field(nullable=True, isin=ADDRESSEES,
                              description="Who the recommendation is for: PDU, Region, HMPPS or Other (reference/report_vocabulary.csv); null when no addressee line precedes it.")
    addressee_text: str = pa.Field(nullable=True,
                                   description="Addressee as printed (e.g. Cumbria PDU, North West region).")
    text: str = pa.Field(str_length={"min_value": 5}, description=AS_PRINTED)

    class Config:
        unique = ["inspection_id", "seq"]


class Finding(_Provenance):
    """One row per bullet under Strengths or Areas for improvement; ``seq`` counts within
    (standard, subsection, kind)."""

    inspection_id: str = pa.Field(description=INSPECTION_KEY)
    standard_code: str = pa.Field(str_matches=STANDARD_CODE, description="Standard whose section the bullet is in.")
    subsection: str = pa.Field(nullable=True,
                               description="Subsection heading the bullet sits under, when there is one.")
    kind: str = pa.Field(isin=FINDING_KINDS,
                         description="strength or improvement (Strengths or Areas for improvement).")
    seq: int = pa.Field(ge=1, description="Order of the bullet within its standard, subsection and kind (1-based).")
    text: str = pa.Field(str_length={"min_value": 3}, description=AS_PRINTED)

    class Config:
        unique = ["inspection_id", "standard_code", "subsection", "kind", "seq"]


class Caseload(_Provenance):
    """One row per inspection: the caseload figures the Background section states."""

    inspection_id: str = pa.Field(description=INSPECTION_KEY)
    region_caseload: int = pa.Field(nullable=True, ge=0, description="Caseload of the whole region, when stated.")
    community_sentences: int = pa.Field(nullable=True, ge=0,
                                        description="People on community sentences at the announcement date.")
    post_release_supervision: int = pa.Field(nullable=True, ge=0,
                                             description="People on post-release supervision at the announcement date.")
    custody: int = pa.Field(nullable=True, ge=0,
                            description="People in custody awaiting release at the announcement date.")

    class Config:
        unique = ["inspection_id"]


class StatedFigure(_Provenance):
    """One row per percentage stated in the text (``seq`` in reading order)."""

    inspection_id: str = pa.Field(description=INSPECTION_KEY)
    seq: int = pa.Field(ge=1, description=LIST_ORDER)
    section: str = pa.Field(description="Section of the report the sentence is in.")
    standard_code: str = pa.Field(nullable=True, str_matches=STANDARD_CODE,
                                  description="Standard whose section the sentence is in, when it is in one.")
    subsection: str = pa.Field(nullable=True, description="Subsection heading, when there is one.")
    pct: float = pa.Field(ge=0, description="The percentage stated, as a number.")
    pct_text: str = pa.Field(description="The percentage as printed (e.g. 61%).")
    measure: str = pa.Field(isin=MEASURES,
                            description="What the percentage counts (reference/stated_figure_measures.csv), e.g. case_sample, staff_survey.")
    sentence: str = pa.Field(description="The sentence stating the percentage.")

    class Config:
        unique = ["inspection_id", "seq"]


class InspectionFieldSource(_Provenance):
    """One row per inspection-level field: the line it was read from."""

    inspection_id: str = pa.Field(description=INSPECTION_KEY)
    field: str = pa.Field(description="Column of mart.inspections.")

    class Config:
        unique = ["inspection_id", "field"]


class DataQuality(pa.DataFrameModel):
    """One row per domain-rule or completeness check of an inspection, passed or not;
    ``severity`` (error, warning, info) from reference/quality_rules.csv."""

    inspection_id: str = pa.Field(description=INSPECTION_KEY)
    rule: str = pa.Field(isin=QUALITY_RULES,
                         description="Rule checked (ref.quality_rules): consistency rules score_sum, max_score, rating_band, body_rating, pdu_match, foreword_rating; completeness rules standard_section, standard_rating, key_question_count, strengths_present, improvements_present, recommendations_present, recommendation_addressee, published_in_framework, unknown_label, unsorted_bullets, inspection_field; text_decoding (bytes that were not text were replaced or removed, with their offsets).")
    subject: str = pa.Field(description="What was checked (score, a standard code, the unit name).")
    expected: str = pa.Field(nullable=True, description="Value the rule expects.")
    observed: str = pa.Field(nullable=True, description="Value found in the report.")
    passed: bool = pa.Field(
        description="True when the report agrees with the rule (for a check the warehouse also makes: when both passed, see mart.rule_checks.sources_agree).")
    detail: str = pa.Field(description="What was compared and what was found.")
    severity: str = pa.Field(isin=SEVERITIES,
                             description="Severity of a failed check (reference/quality_rules.csv): error = the report contradicts itself, cannot be attached to a PDU, or an expected fact is missing; warning = a fact is doubtful or differs from a rule inspectors may set aside by discretion; info = noted only.")


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

@cache
def frame_schema(table: str) -> dict[str, pl.DataType]:
    """A table's column names and polars types as its contract declares them, provenance
    last: the one place the transforms take their frames' shape from."""
    return polars_schema(REPORT_TABLE_SCHEMAS[table])
