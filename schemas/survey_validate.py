"""Validate a survey extract's tables against their contracts, with a one-line reason on failure."""

from __future__ import annotations

import pandera.errors as pa_errors
import polars as pl

from core.errors import RejectedInput
from schemas.survey_tables import SURVEY_TABLE_SCHEMAS
from schemas.validate import summarise_failures


def validate_survey_tables(tables: dict[str, pl.DataFrame], source: str) -> dict[str, pl.DataFrame]:
    """Every table validated (collected frames, all checks).

    Raises:
        RejectedInput: naming the file and the first table that breaks its contract.
    """
    out = {}
    for name, frame in tables.items():
        try:
            out[name] = SURVEY_TABLE_SCHEMAS[name].validate(frame, lazy=True)
        except pa_errors.SchemaErrors as err:
            raise RejectedInput(source, summarise_failures(f"survey_{name}", err)) from err
    return out
