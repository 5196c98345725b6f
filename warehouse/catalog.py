"""Read the mart layer's catalog (relations, columns, types, comments) from DuckDB."""

from __future__ import annotations

import duckdb
import polars as pl

from warehouse import store


def _frame(con: duckdb.DuckDBPyConnection, statement: str) -> pl.DataFrame:
    cursor = con.execute(store.statements()[statement])
    names = [d[0] for d in cursor.description]
    return pl.DataFrame(cursor.fetchall(), schema=names, orient="row")


def mart_catalog(con: duckdb.DuckDBPyConnection) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(relations: name, kind, comment; columns: table_name, column_name, data_type, comment,
    column_index) of the ``mart`` schema."""
    return _frame(con, "mart_catalog_relations"), _frame(con, "mart_catalog_columns")
