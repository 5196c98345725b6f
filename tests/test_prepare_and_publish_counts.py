"""A run prepares the warehouse only when what it is built from changed (store.prepare), and the
run's artifacts count only the marts whose rows no release has counted (flows/publish.py)."""

from __future__ import annotations

import polars as pl
import pytest

from flows.publish import unchanged_mart_rows
from warehouse import store


@pytest.fixture
def con(tmp_path):
    with store.connect(tmp_path / "inspections.duckdb") as con:
        yield con


def _comment(con, view: str) -> str | None:
    rows = con.execute("SELECT comment FROM duckdb_views() WHERE schema_name = 'mart' AND view_name = ?",
                       [view]).fetchall()
    return rows[0][0]


def test_a_second_prepare_from_the_same_sources_does_nothing(con, reference):
    assert store.prepare(con, reference.tables()) is True
    assert store.prepare(con, reference.tables()) is False
    assert con.execute("SELECT count(*) FROM ops.prepared_with").fetchall() == [(1,)]


def test_changed_reference_rows_prepare_again_and_land(con, reference):
    tables = reference.tables()
    store.prepare(con, tables)
    name = "regions"
    fewer = {**tables, name: tables[name].head(tables[name].height - 1)}
    assert store.prepare(con, fewer) is True
    assert con.execute(f"SELECT count(*) FROM ref.{name}").fetchall() == [(tables[name].height - 1,)]
    assert store.prepare(con, tables) is True  # and back
    assert con.execute(f"SELECT count(*) FROM ref.{name}").fetchall() == [(tables[name].height,)]


def test_a_view_changed_by_hand_stays_changed_only_until_the_sql_changes(con, reference, monkeypatch, tmp_path):
    """The fingerprint is of the SQL files: a changed file re-runs every one of them."""
    store.prepare(con, reference.tables())
    view = con.execute("SELECT view_name FROM duckdb_views() WHERE schema_name = 'mart' "
                       "AND comment IS NOT NULL ORDER BY 1 LIMIT 1").fetchall()[0][0]
    original = _comment(con, view)
    con.execute(f"COMMENT ON VIEW mart.{view} IS 'edited by hand'")
    assert store.prepare(con, reference.tables()) is False
    assert _comment(con, view) == "edited by hand"
    sql_dir = tmp_path / "sql"
    sql_dir.mkdir()
    for f in store.SQL_DIR.glob("*.sql"):
        (sql_dir / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    (sql_dir / "099_extra.sql").write_text("-- a new file, nothing in it but this comment\n", encoding="utf-8")
    monkeypatch.setattr(store, "SQL_DIR", sql_dir)
    assert store.prepare(con, reference.tables()) is True
    assert _comment(con, view) == original


def test_a_warehouse_prepared_before_the_fingerprint_was_kept_is_prepared(con, reference):
    store.prepare(con, reference.tables())
    con.execute("DROP TABLE ops.prepared_with")
    assert store.prepare(con, reference.tables()) is True


def test_unchanged_marts_take_the_current_release_rows():
    current = {"marts": {"a": 10, "b": 20, "c": 30}, "mart_fingerprints": {"a": "f1", "b": "f2", "c": "f3"}}
    assert unchanged_mart_rows({"a": "f1", "b": "changed", "c": "f3", "new": "f9"}, current) == {"a": 10, "c": 30}
    assert unchanged_mart_rows({"a": "f1"}, None) == {}
    assert unchanged_mart_rows({"a": "f1"}, {"marts": {"a": 1}}) == {}  # a manifest without fingerprints


def test_reference_fingerprint_follows_rows_not_object_identity(reference):
    tables = reference.tables()
    copy = {name: pl.DataFrame(frame.to_dict(as_series=False), schema=frame.schema) for name, frame in tables.items()}
    assert store.prepare_fingerprint(copy) == store.prepare_fingerprint(tables)


def test_a_view_that_calls_a_macro_of_the_warehouse_reads_what_the_macro_reads(con, reference):
    # mart.standard_ratings takes comparison_key from the macro staging.comparison_key (sql/040),
    # which reads ref.standard_comparability: a mart's fingerprint must see through the call
    from warehouse import fingerprint

    store.prepare(con, reference.tables())
    views = {f"{s}.{n}": sql for s, n, sql, _ in con.execute(store.statements()["fingerprint_views"]).fetchall()}
    macros = {f"{s}.{n}": f"SELECT {d}" for s, n, d in con.execute(store.statements()["fingerprint_macros"]).fetchall()}
    assert set(macros) == {"staging.comparison_key"}
    known = set(views) | set(macros) | {"ref.standard_comparability", "staging.standard_ratings"}
    assert fingerprint.dependencies(con, views["mart.standard_ratings"], "mart", known) == {
        "staging.standard_ratings", "staging.inspection_context", "staging.comparison_key"}
    assert fingerprint.dependencies(con, macros["staging.comparison_key"], "staging", known) == {
        "ref.standard_comparability"}
