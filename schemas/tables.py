"""The table registry: every warehouse table that a pandera model declares, by its warehouse name.

The model is the table's one declaration: its columns (in order, provenance last), polars types,
nullability, key (``Config.unique``), the table's grain (docstring) and each column's meaning
(``pa.Field(description=...)``). warehouse/ddl.py writes the staging DDL and the COMMENTs from
it, and the data dictionary follows from the comments. Tables with no model (raw files, the
ledger and runs, load-time match tables, survey cells) keep their SQL under warehouse/sql/ as
their single declaration.
"""

from __future__ import annotations

import pandera.polars as pa

from schemas.report_tables import REPORT_TABLE_SCHEMAS
from schemas.survey_tables import (QuarantinedAnswer, SurveyAnswer, SurveyColumn, SurveyDataQuality, SurveyRespondent,
                                   SurveyResult)

WAREHOUSE_TABLES: dict[str, type[pa.DataFrameModel]] = {
    **{f"staging.{name}": model for name, model in REPORT_TABLE_SCHEMAS.items()},
    "staging.survey_respondents": SurveyRespondent,
    "staging.survey_columns": SurveyColumn,
    "staging.survey_results": SurveyResult,
    "staging.survey_data_quality": SurveyDataQuality,
    "ops.quarantined_answers": QuarantinedAnswer,
}

# every model by class name, for the "@Model" references of warehouse/mart_columns.toml (a view that
# passes a model's columns through is described by its fields; SurveyAnswer is detail.survey_answers)
DESCRIBED_MODELS: dict[str, type[pa.DataFrameModel]] = {
    model.__name__: model for model in (*WAREHOUSE_TABLES.values(), SurveyAnswer)}
