"""Validate a report's fact tables against their contracts, with a one-line reason on failure."""

from __future__ import annotations

import polars as pl
import pandera.errors as pa_errors

from core.errors import RejectedInput
from schemas.report_tables import REPORT_TABLE_SCHEMAS


def summarise_failures(table: str, err: pa_errors.SchemaErrors) -> str:
    """One line naming the table, each failing column and check, and a few failing values."""
    cases = err.failure_cases
    parts = []
    for (column, check), group in cases.group_by(["column", "check"], maintain_order=True):
        values = ", ".join(str(v) for v in group["failure_case"].head(3).to_list())
        parts.append(f"{column} {check} ({values})")
    return f"table {table} breaks its contract: " + "; ".join(parts)


def validate_report_tables(tables: dict[str, pl.DataFrame], source: str) -> dict[str, pl.DataFrame]:
    """Every table validated (collected frames, all checks, lazily gathered).

    Raises:
        RejectedInput: naming the file and the first table that breaks its contract.
    """
    out = {}
    for name, frame in tables.items():
        schema = REPORT_TABLE_SCHEMAS[name]
        try:
            out[name] = schema.validate(frame, lazy=True)
        except pa_errors.SchemaErrors as err:
            raise RejectedInput(source, summarise_failures(name, err)) from err
    return out
