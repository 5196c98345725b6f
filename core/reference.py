"""Read the project's reference data (``reference/*.csv``) into polars frames.

This is I/O at the edge: the frames are passed into the pure transforms.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

if TYPE_CHECKING:
    from core.vocabulary import Vocabulary

DEFAULT_REFERENCE_DIR = Path(__file__).resolve().parent.parent / "reference"

_FILES = {
    "regions": "probation_regions.csv",
    "pdus": "probation_delivery_units.csv",
    "superseded_pdus": "superseded_pdus.csv",
    "pdu_aliases": "pdu_aliases.csv",
    "frameworks": "frameworks.csv",
    "framework_standards": "framework_standards.csv",
    "rating_scale": "rating_scale.csv",
    "key_question_themes": "key_question_themes.csv",
    "stated_figure_measures": "stated_figure_measures.csv",
    "standard_comparability": "standard_comparability.csv",
    "limiting_rules": "limiting_rules.csv",
    "recommendation_themes": "recommendation_themes.csv",
    "report_vocabulary": "report_vocabulary.csv",
    "quality_rules": "quality_rules.csv",
}


@dataclass(frozen=True)
class Reference:
    """Every reference table, one frame each (columns as in the CSV files)."""

    regions: pl.DataFrame
    pdus: pl.DataFrame
    superseded_pdus: pl.DataFrame
    pdu_aliases: pl.DataFrame
    frameworks: pl.DataFrame
    framework_standards: pl.DataFrame
    rating_scale: pl.DataFrame
    key_question_themes: pl.DataFrame
    stated_figure_measures: pl.DataFrame
    standard_comparability: pl.DataFrame
    limiting_rules: pl.DataFrame
    recommendation_themes: pl.DataFrame
    report_vocabulary: pl.DataFrame
    quality_rules: pl.DataFrame
    pdu_index: pl.DataFrame
    """Derived: every known PDU name's matching key with its code (transforms.pdu_match)."""
    vocabulary: "Vocabulary"
    """Derived: the report vocabularies compiled (core.vocabulary)."""

    def tables(self) -> dict[str, pl.DataFrame]:
        """The frames by table name, for loading into the warehouse's ``ref`` schema."""
        return {name: getattr(self, name) for name in _FILES}


def load_reference(directory: Path = DEFAULT_REFERENCE_DIR) -> Reference:
    """Read every reference CSV in ``directory`` (all columns as text unless typed below)."""
    frames = {
        name: pl.read_csv(directory / file, infer_schema=False) for name, file in _FILES.items()
    }
    frames["frameworks"] = frames["frameworks"].with_columns(
        pl.col("published_from", "published_to").str.to_date(),
        pl.col("rated_standards", "max_score").cast(pl.Int64),
    )
    frames["framework_standards"] = frames["framework_standards"].with_columns(
        pl.col("rated", "banded") == "true",
        pl.col("key_questions").cast(pl.Int64),
    )
    frames["rating_scale"] = frames["rating_scale"].with_columns(
        pl.col("rating_points").cast(pl.Int64),
        pl.col("band_min_pct", "band_max_pct").cast(pl.Float64),
    )
    frames["key_question_themes"] = frames["key_question_themes"].with_columns(
        pl.col("priority").cast(pl.Int64)
    )
    frames["stated_figure_measures"] = frames["stated_figure_measures"].with_columns(
        pl.col("priority").cast(pl.Int64)
    )
    frames["recommendation_themes"] = frames["recommendation_themes"].with_columns(
        pl.col("priority").cast(pl.Int64)
    )
    from core.pdu_index import pdu_name_index
    from core.vocabulary import compile_vocabulary

    index = pdu_name_index(frames["pdus"], frames["superseded_pdus"], frames["pdu_aliases"])
    vocabulary = compile_vocabulary(frames["report_vocabulary"], frames["framework_standards"])
    return Reference(**frames, pdu_index=index, vocabulary=vocabulary)


@cache
def reference_values(file: str, column: str, where: tuple[str, str] | None = None) -> tuple[str, ...]:
    """The distinct values of one column of a reference CSV of the project (``reference/<file>``),
    in file order; ``where`` = (column, value) keeps only the rows that have it. The vocabularies
    the contracts (schemas/) check against, read once at import: the CSV is their one copy."""
    frame = pl.read_csv(DEFAULT_REFERENCE_DIR / file, infer_schema=False)
    if where is not None:
        frame = frame.filter(pl.col(where[0]) == where[1])
    return tuple(frame[column].unique(maintain_order=True).to_list())


@cache
def rating_words() -> tuple[str, ...]:
    """The rating words from worst to best (by their points in ``reference/rating_scale.csv``):
    the one copy of the rating vocabulary, for code that writes ratings (synth/)."""
    frame = pl.read_csv(DEFAULT_REFERENCE_DIR / _FILES["rating_scale"], infer_schema=False)
    ordered = frame.with_columns(pl.col("rating_points").cast(pl.Int64)).sort("rating_points", maintain_order=True)
    return tuple(ordered["rating"].unique(maintain_order=True).to_list())
