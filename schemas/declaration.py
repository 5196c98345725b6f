"""How a pandera model declares a warehouse table: its columns in table order, their polars
types and its key (warehouse/ddl.py writes the DDL from these; schemas/tables.py lists the tables).

Column metadata a model may set: ``metadata={"sql_type": "BIGINT"}`` where the warehouse type
is not the default of the polars type. Table metadata (``Config.metadata``): ``{"key_index":
False}`` for a key that is checked before loading instead of by a primary-key index.
"""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

# columns that say where a row was read from: last in every table, in this order
PROVENANCE = ("source_sha256", "source_line", "source_location")


def model_columns(model: type[pa.DataFrameModel]) -> dict[str, pa.Column]:
    """A model's pandera columns in table order: as declared, provenance last."""
    columns = model.to_schema().columns
    return {**{k: c for k, c in columns.items() if k not in PROVENANCE},
            **{k: columns[k] for k in PROVENANCE if k in columns}}


def polars_schema(model: type[pa.DataFrameModel], table_order: bool = True) -> dict[str, pl.DataType]:
    """Column names and polars types as the model declares them (table order, or declaration
    order when ``table_order`` is false)."""
    columns = model_columns(model) if table_order else model.to_schema().columns
    return {name: col.dtype.type for name, col in columns.items()}


def table_key(model: type[pa.DataFrameModel]) -> list[str]:
    """The columns of the table's primary key: ``Config.unique`` when every one of them is
    non-null and the model does not opt out of the index (``Config.metadata key_index``)."""
    schema = model.to_schema()
    unique = schema.unique or []
    unique = [unique] if isinstance(unique, str) else list(unique)
    if not unique or not (model.__config__.metadata or {}).get("key_index", True):
        return []
    return unique if all(not schema.columns[c].nullable for c in unique) else []
