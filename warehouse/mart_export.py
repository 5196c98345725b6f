"""Export one mart: evaluate the view once into Parquet (column descriptions in its metadata),
then derive the CSV from that Parquet file with formula-like text cells neutralised."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from warehouse import store

BATCH_ROWS = 100_000
#: text columns only; numbers, dates and lists never start a spreadsheet formula
TEXT_TYPES = frozenset({"VARCHAR"})


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def literal(path: Path | str) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _described(schema: pa.Schema, comment: str | None, descriptions: dict[str, str | None]) -> pa.Schema:
    fields = [f.with_metadata({"description": descriptions.get(f.name) or ""}) for f in schema]
    meta = {"description": comment or "",
            "column_descriptions": json.dumps({f.name: descriptions.get(f.name) or "" for f in schema})}
    return pa.schema(fields, metadata=meta)


def write_parquet(con: duckdb.DuckDBPyConnection, name: str, path: Path, comment: str | None,
                  descriptions: dict[str, str | None]) -> int:
    """Stream ``mart.<name>`` into ``path`` (zstd), each field's description in its Arrow field
    metadata and all of them, with the view's comment, in the file's key-value metadata."""
    sql = store.statements()["select_mart_relation"].format(view=ident(name))
    reader = con.sql(sql).to_arrow_reader(BATCH_ROWS)
    schema = _described(reader.schema, comment, descriptions)
    rows = 0
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        for batch in reader:
            writer.write_batch(pa.RecordBatch.from_arrays(batch.columns, schema=schema))
            rows += batch.num_rows
    return rows


def parquet_rows(path: Path) -> int:
    """Row count from the Parquet footer (no data read)."""
    return pq.ParquetFile(path).metadata.num_rows


def write_csv_from_parquet(con: duckdb.DuckDBPyConnection, parquet: Path, path: Path) -> None:
    """A CSV with a header row; a text cell starting with ``= + - @``, a tab or a carriage
    return gets a leading ``'`` (OWASP CSV injection guidance). Values are otherwise as in the
    Parquet file."""
    sql = store.statements()
    columns = con.execute(sql["parquet_columns"].format(path=literal(parquet))).fetchall()
    select = ", ".join(sql["safe_csv_text"].format(column=ident(c)) if t in TEXT_TYPES else ident(c)
                       for c, t in columns)
    con.execute(sql["export_csv_from_parquet"].format(columns=select, parquet=literal(parquet),
                                                      path=literal(path))).fetchall()
