"""The SQL written from the table declarations: the pandera models (schemas/tables.py) and the
descriptions of the mart columns they do not declare (warehouse/mart_columns.toml).

Pure text: warehouse/store.py ``prepare()`` runs it. What it writes:
- ``CREATE TABLE IF NOT EXISTS`` of every declared table (columns in table order, types, NOT NULL,
  primary key), and what an older warehouse lacks of it (a missing column, a NOT NULL the model
  no longer has);
- ``COMMENT ON TABLE`` (the model's docstring: the grain) and ``COMMENT ON COLUMN`` (each field's
  description) of the declared tables;
- ``COMMENT ON COLUMN`` of every column of the mart and detail views: the data dictionary.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandera.polars as pa
import polars as pl

from schemas.declaration import model_columns, table_key
from schemas.tables import DESCRIBED_MODELS, WAREHOUSE_TABLES

MART_COLUMNS_FILE = Path(__file__).resolve().parent / "mart_columns.toml"

# warehouse type of each polars type a model uses (a field's metadata sql_type overrides it)
SQL_TYPES = {pl.String: "VARCHAR", pl.Int64: "INTEGER", pl.Int32: "INTEGER", pl.Float64: "DOUBLE",
             pl.Boolean: "BOOLEAN", pl.Date: "DATE", pl.Datetime: "TIMESTAMP"}


def sql_type(column: pa.Column) -> str:
    override = (column.metadata or {}).get("sql_type")
    return override or SQL_TYPES[column.dtype.type.base_type()]


def quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def create_table(table: str, model: type[pa.DataFrameModel]) -> str:
    """CREATE TABLE IF NOT EXISTS of one declared table."""
    lines = [f"    {name} {sql_type(col)}{'' if col.nullable else ' NOT NULL'}"
             for name, col in model_columns(model).items()]
    key = table_key(model)
    if key:
        lines.append(f"    PRIMARY KEY ({', '.join(key)})")
    return f"CREATE TABLE IF NOT EXISTS {table} (\n" + ",\n".join(lines) + "\n);"


@dataclass
class ExistingTable:
    """A table the warehouse has: its comment and, per column, (takes null, comment)."""

    comment: str | None
    columns: dict[str, tuple[bool, str | None]]


def migrations(table: str, model: type[pa.DataFrameModel], existing: ExistingTable) -> list[str]:
    """What a table made by an older version lacks. A new column is added nullable (rows loaded
    before have none)."""
    out = []
    for name, col in model_columns(model).items():
        if name not in existing.columns:
            out.append(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {name} {sql_type(col)};")
        elif col.nullable and not existing.columns[name][0]:
            out.append(f"ALTER TABLE {table} ALTER COLUMN {name} DROP NOT NULL;")
    return out


def declare_tables(existing: dict[str, ExistingTable]) -> str:
    """The script that creates (or brings up to date) every declared table and its comments;
    ``existing``: the tables the warehouse has. A comment already in place is not written again."""
    out = []
    for table, model in WAREHOUSE_TABLES.items():
        have = existing.get(table)
        out += migrations(table, model, have) if have else [create_table(table, model)]
        had = {None: have.comment, **{c: comment for c, (_, comment) in have.columns.items()}} if have else {}
        out += [comment_sql(table, key, text) for key, text in comments(model).items() if had.get(key) != text]
    return "\n".join(out)


def comments(model: type[pa.DataFrameModel]) -> dict[str | None, str]:
    """A declared table's comment (key None: its docstring, the grain) and each column's (its description)."""
    return {None: " ".join((model.to_schema().description or "").split()),
            **{name: col.description or "" for name, col in model_columns(model).items()}}


def comment_sql(table: str, column: str | None, text: str) -> str:
    target = f"TABLE {table}" if column is None else f"COLUMN {table}.{column}"
    return f"COMMENT ON {target} IS {quote(text)};"


@cache
def mart_descriptions() -> dict[str, dict[str, str]]:
    """warehouse/mart_columns.toml: [shared] and one table per view (``"mart.x"``)."""
    with MART_COLUMNS_FILE.open("rb") as f:
        return tomllib.load(f)


def _deref(value: str, column: str) -> str | None:
    """A description, or what a reference points at (None: nothing there): "@Model" or
    "@Model.field" (a model's field), "@mart.view" or "@mart.view.column" (another view's column)."""
    if not value.startswith("@"):
        return value
    if value.startswith(("@mart.", "@detail.")):
        schema, view, *other = value[1:].split(".")
        return describe(f"{schema}.{view}", other[0] if other else column)
    model_name, _, field = value[1:].partition(".")
    columns = DESCRIBED_MODELS[model_name].to_schema().columns
    col = columns.get(field or column)
    return col.description if col is not None else None


def describe(view: str, column: str) -> str | None:
    """The description of a view's column: the view's own entry, else the field of the model the
    view passes through ("*"), else [shared]; None when none of them has one."""
    descriptions = mart_descriptions()
    own = descriptions.get(view, {})
    for value in (own.get(column), own.get("*"), descriptions.get("shared", {}).get(column)):
        if value is not None and (found := _deref(value, column)) is not None:
            return found
    return None


def view_comments(columns: list[tuple[str, str]]) -> str:
    """COMMENT ON COLUMN of each (view, column) that has a description."""
    out = []
    for view, column in columns:
        text = describe(view, column)
        if text is not None:
            out.append(comment_sql(view, column, text))
    return "\n".join(out)
