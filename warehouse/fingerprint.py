"""Fingerprints of the warehouse's content, so a publish can tell what changed since the last
release without reading the data.

- A **table** is fingerprinted by what can change it: a ``ref`` table (reference data, replaced
  every run, small) by a hash of its rows; every table of loaded data (``raw``, ``staging``,
  ``ops``: append-only between rebuilds) by one *loaded state* shared by all of them: the row
  count of each, the reference hashes, and the warehouse's *generation*, the first run recorded
  in ``ops.runs`` (a rebuild starts a new file, so a new generation). So any load marks every
  mart over loaded data as changed (a table derived from others at load time can never look
  unchanged while they changed), and marts over reference data alone are reused. The run
  records (``ops.load_ledger``, ``ops.runs``) have their own count. The cost is one
  ``count(*)`` per table, however long the history.
- A ``mart`` **table**, if any, by a hash of its rows (it may be rewritten in place).
- A **view** (every ``mart`` view, and any view they read) by its SQL, its comments and column
  types, and the fingerprints of the relations it reads (found in its SQL, transitively); a
  macro of the warehouse (``staging.comparison_key``) counts as a view of its definition, so a
  view calling it reads the tables the macro reads.
- The **warehouse** (``data_fingerprint``) by every table except the run records
  (``ops.load_ledger``, ``ops.runs``: a run that only finds files already loaded changes
  nothing a reader would see) and every mart view. This is what decides whether to publish.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

import duckdb

from warehouse import store

#: bump when the release's file format changes (metadata, CSV rule): every mart is rewritten
EXPORT_FORMAT = "release-files-2"
#: tables that record runs, not content: they never trigger a publish on their own
#: (``ops.prepared_with``: what the warehouse was last prepared from, store.prepare)
RUN_RECORDS = frozenset({"ops.load_ledger", "ops.runs", "ops.prepared_with"})

_QUALIFIED = re.compile(r'"?\b([A-Za-z_]\w*)"?\s*\.\s*"?([A-Za-z_]\w*)\b"?')
_WORD = re.compile(r"(?<![.\w\"])[A-Za-z_]\w*\b(?!\s*\.)")
_VIEW_HEAD = re.compile(r"^\s*CREATE\s+(?:OR\s+REPLACE\s+)?VIEW\s+.*?\s+AS\s+", re.I | re.S)


@dataclass(frozen=True)
class Fingerprints:
    data: str
    """The warehouse's content as a reader sees it (decides whether to publish)."""
    marts: dict[str, str]
    """Per mart view (decides whether its Parquet and CSV are rewritten or reused)."""
    source_files: int
    """Report and survey files loaded (0: an empty warehouse)."""


def _digest(*parts: object) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(repr(part).encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()[:32]


def _rows(con: duckdb.DuckDBPyConnection, name: str, params: list | None = None) -> list[tuple]:
    return con.execute(store.statements()[name], params or []).fetchall()


def _regex_dependencies(sql: str, own_schema: str, known: set[str]) -> set[str]:
    """Fallback: qualified names, and bare words (not after a dot) naming a relation of the
    view's own schema. Over-inclusion only costs a rewrite."""
    found = {f"{s.lower()}.{n.lower()}" for s, n in _QUALIFIED.findall(sql)}
    found |= {f"{own_schema}.{w.lower()}" for w in _WORD.findall(sql)}
    return found & known


def _table_refs(node: object, out: set[tuple[str, str]]) -> None:
    if isinstance(node, dict):
        if node.get("type") == "BASE_TABLE":
            out.add((node.get("schema_name") or "", node.get("table_name") or ""))
        elif node.get("class") == "FUNCTION" and node.get("schema"):  # a macro of the warehouse
            out.add((node["schema"], node.get("function_name") or ""))
        for value in node.values():
            _table_refs(value, out)
    elif isinstance(node, list):
        for value in node:
            _table_refs(value, out)


_PARSED: dict[tuple[str, str], frozenset[str] | None] = {}


def dependencies(con: duckdb.DuckDBPyConnection, sql: str, own_schema: str, known: set[str]) -> set[str]:
    """Relations (``schema.name``) a view reads, from DuckDB's own parse of its SQL
    (``json_serialize_sql``); an unqualified name is looked up in the view's schema. If the
    SQL cannot be serialised, every relation its text names."""
    key = (sql, own_schema)
    if key not in _PARSED:  # the same SQL always names the same relations: parse it once per process
        select = _VIEW_HEAD.sub("", sql, count=1).rstrip().rstrip(";")
        tree = json.loads(con.execute(store.statements()["serialize_sql"], [select]).fetchall()[0][0])
        refs: set[tuple[str, str]] = set()
        if not tree.get("error"):
            _table_refs(tree, refs)
        _PARSED[key] = None if tree.get("error") else frozenset(
            f"{(schema or own_schema).lower()}.{name.lower()}" for schema, name in refs)
    if _PARSED[key] is None:
        return _regex_dependencies(sql, own_schema, known)
    return set(_PARSED[key]) & known


def _match_rules(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """staging.match_patterns (sql/027_load_time_matches.sql); none in a warehouse made before it."""
    try:
        return _rows(con, "match_patterns_stored")
    except duckdb.CatalogException:
        return []


def compute(con: duckdb.DuckDBPyConnection) -> Fingerprints:
    """The warehouse's fingerprints (a few catalog queries and one count per table)."""
    generation = _rows(con, "fingerprint_generation")
    generation = generation[0][0] if generation else None
    tables: dict[str, str] = {}
    counts: dict[str, int] = {}
    for schema, name in _rows(con, "fingerprint_tables"):
        ident = f'"{schema}"."{name}"'
        key = f"{schema}.{name}".lower()
        if schema in ("ref", "mart"):  # small, or rewritten in place: hash the rows
            tables[key] = _digest(*con.execute(store.statements()["fingerprint_table_content"].format(table=ident)).fetchall())
        else:
            counts[key] = con.execute(store.statements()["fingerprint_table_count"].format(table=ident)).fetchall()[0][0]
    # Loaded data: one state for all of it (every count, the reference hashes, the generation),
    # so a table derived from others at load time is never taken as unchanged while they changed.
    # and the rules the load-time regex matches were made with (recomputed in place when they change)
    loaded = _digest(generation, sorted((k, c) for k, c in counts.items() if k not in RUN_RECORDS), sorted(tables.items()),
                     _match_rules(con))
    for key, count in counts.items():
        tables[key] = _digest(generation, count) if key in RUN_RECORDS else loaded
    views: dict[str, tuple[str, str]] = {}
    comments: dict[str, str | None] = {}
    for schema, name, sql, comment in _rows(con, "fingerprint_views"):
        views[f"{schema}.{name}".lower()] = (schema.lower(), sql)
        comments[f"{schema}.{name}".lower()] = comment
    for schema, name, definition in _rows(con, "fingerprint_macros"):
        views[f"{schema}.{name}".lower()] = (schema.lower(), f"SELECT {definition}")
    columns: dict[str, list] = {}
    for schema, name, column, data_type, comment in _rows(con, "fingerprint_columns"):
        columns.setdefault(f"{schema}.{name}".lower(), []).append((column, data_type, comment))
    known = set(tables) | set(views)

    memo: dict[str, str] = {}

    def fingerprint(key: str, seen: frozenset[str] = frozenset()) -> str:
        if key in tables:
            return tables[key]
        if key in memo:
            return memo[key]
        schema, sql = views[key]
        deps = sorted(dependencies(con, sql, schema, known) - {key} - seen)
        memo[key] = _digest(EXPORT_FORMAT, sql, comments.get(key), columns.get(key),
                            [(d, fingerprint(d, seen | {key})) for d in deps])
        return memo[key]

    marts = {key.split(".", 1)[1]: fingerprint(key) for key in sorted(known) if key.startswith("mart.")}
    content = sorted((k, v) for k, v in tables.items() if k not in RUN_RECORDS)
    definitions = sorted((k, sql, comments.get(k), columns.get(k)) for k, (_, sql) in views.items())
    source_files = _rows(con, "loaded_source_files")[0][0]
    return Fingerprints(_digest(EXPORT_FORMAT, content, definitions), marts, source_files)
