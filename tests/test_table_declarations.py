"""One declaration per table: the pandera model is the source of the staging DDL, the COMMENTs
and the data dictionary (warehouse/ddl.py, schemas/tables.py, warehouse/mart_columns.toml)."""

from __future__ import annotations

import duckdb
import polars as pl
import pytest

from core.reference import load_reference
from schemas.declaration import model_columns
from schemas.report_tables import Caseload
from schemas.tables import DESCRIBED_MODELS, WAREHOUSE_TABLES
from tests.conftest import PROJECT
from warehouse import ddl, store

LAYERS = (PROJECT / "warehouse" / "sql" / "010_layers.sql").read_text(encoding="utf-8")
# the staging tables as warehouse/sql/020_staging.sql and 025_survey_staging.sql declared them by
# hand before the models became their one declaration: what a warehouse made by an earlier
# version has (one row per column, in order: type, null or not null, part of the primary key)
BEFORE = pl.read_csv(PROJECT / "tests" / "cases" / "staging_before_generation.csv", infer_schema=False)


def _hand_written_ddl() -> str:
    out = []
    for (table,), cols in BEFORE.group_by("table", maintain_order=True):
        lines = [f"{c} {t}{' NOT NULL' if n == 'not null' else ''}" for c, t, n in cols.select("column", "type", "nulls").rows()]
        key = cols.filter(pl.col("key") == "key")["column"].to_list()
        lines += [f"PRIMARY KEY ({', '.join(key)})"] if key else []
        out.append(f"CREATE TABLE {table} ({', '.join(lines)});")
    return "\n".join(out)


def _columns(con, table: str) -> list[tuple[str, str, bool]]:
    schema, name = table.split(".")
    return con.execute("SELECT column_name, data_type, is_nullable FROM duckdb_columns() "
                       "WHERE schema_name = ? AND table_name = ? ORDER BY column_index", [schema, name]).fetchall()


def _key(con, table: str) -> list[str]:
    schema, name = table.split(".")
    rows = con.execute("SELECT constraint_column_names FROM duckdb_constraints() WHERE schema_name = ? "
                       "AND table_name = ? AND constraint_type = 'PRIMARY KEY'", [schema, name]).fetchall()
    return rows[0][0] if rows else []


@pytest.fixture
def before():
    con = duckdb.connect()
    con.execute(LAYERS)
    con.execute(_hand_written_ddl())
    yield con
    con.close()


@pytest.fixture
def generated():
    con = duckdb.connect()
    con.execute(LAYERS)
    con.execute(ddl.declare_tables({}))
    yield con
    con.close()


def test_the_generated_ddl_makes_the_columns_types_and_keys_the_hand_written_ddl_made(before, generated):
    assert BEFORE["table"].unique(maintain_order=True).to_list() == list(WAREHOUSE_TABLES)
    for table in WAREHOUSE_TABLES:
        old, new = _columns(before, table), _columns(generated, table)
        old_by_name = {c: (t, n) for c, t, n in old}
        if table == "staging.recommendations":
            # the model has always let a recommendation printed under no addressee line have
            # none; the hand-written DDL said NOT NULL, so such a report could not be loaded
            assert old_by_name.pop("addressee") == ("VARCHAR", False)
            assert old_by_name.pop("addressee_text") == ("VARCHAR", False)
            old_by_name |= {"addressee": ("VARCHAR", True), "addressee_text": ("VARCHAR", True)}
        assert {c: (t, n) for c, t, n in new} == old_by_name, table
        assert _key(generated, table) == _key(before, table), table
    # the columns keep their order but in three tables (provenance last; every load names its columns)
    reordered = {t for t in WAREHOUSE_TABLES if [c[0] for c in _columns(before, t)] != [c[0] for c in _columns(generated, t)]}
    assert reordered == {"staging.inspection_field_sources", "staging.survey_data_quality", "ops.quarantined_answers"}


def test_create_table_of_one_model_exactly():
    assert ddl.create_table("staging.caseload", Caseload) == (
        "CREATE TABLE IF NOT EXISTS staging.caseload (\n"
        "    inspection_id VARCHAR NOT NULL,\n"
        "    region_caseload INTEGER,\n"
        "    community_sentences INTEGER,\n"
        "    post_release_supervision INTEGER,\n"
        "    custody INTEGER,\n"
        "    source_sha256 VARCHAR NOT NULL,\n"
        "    source_line INTEGER NOT NULL,\n"
        "    source_location VARCHAR,\n"
        "    PRIMARY KEY (inspection_id)\n"
        ");")


def test_an_older_table_gets_the_columns_it_lacks_and_loses_a_not_null_the_model_dropped():
    nullable = {"inspection_id": False, "region_caseload": True, "community_sentences": False,
                "post_release_supervision": True, "custody": True, "source_sha256": False, "source_line": False}
    existing = ddl.ExistingTable(None, {c: (n, None) for c, n in nullable.items()})
    assert ddl.migrations("staging.caseload", Caseload, existing) == [
        "ALTER TABLE staging.caseload ALTER COLUMN community_sentences DROP NOT NULL;",
        "ALTER TABLE staging.caseload ADD COLUMN IF NOT EXISTS source_location VARCHAR;",
    ]


def test_prepare_brings_a_warehouse_made_by_the_hand_written_ddl_up_to_date(before):
    store.prepare(before, load_reference().tables())
    assert ("addressee", "VARCHAR", True) in _columns(before, "staging.recommendations")
    before.execute("INSERT INTO staging.recommendations BY NAME SELECT 'x-2023-01' AS inspection_id, 1 AS seq, "
                   "'Make it so.' AS text, '" + "0" * 64 + "' AS source_sha256, 3 AS source_line")
    assert before.execute("SELECT addressee FROM staging.recommendations").fetchall() == [(None,)]


def test_every_declared_table_has_exactly_its_models_columns_each_described(tmp_path):
    with store.connect(tmp_path / "w.duckdb") as con:
        store.prepare(con, load_reference().tables())
        for table, model in WAREHOUSE_TABLES.items():
            schema, name = table.split(".")
            got = con.execute("SELECT column_name, comment FROM duckdb_columns() WHERE schema_name = ? "
                              "AND table_name = ? ORDER BY column_index", [schema, name]).fetchall()
            assert got == [(c, col.description) for c, col in model_columns(model).items()], table
            comment = con.execute("SELECT comment FROM duckdb_tables() WHERE schema_name = ? AND table_name = ?",
                                  [schema, name]).fetchall()[0][0]
            assert comment.startswith("One row per "), table
        # a second prepare finds every table and comment in place and writes none of them again
        assert ddl.declare_tables(store._table_columns(con)) == ""


def test_every_model_field_has_a_description():
    missing = [f"{m}.{c}" for m, model in DESCRIBED_MODELS.items()
               for c, col in model.to_schema().columns.items() if not (col.description or "").strip()]
    assert missing == []


def test_every_view_description_names_a_view_column_that_exists_and_resolves(tmp_path):
    with store.connect(tmp_path / "w.duckdb") as con:
        store.prepare(con, load_reference().tables())
        views = {}
        for schema, view, column in con.execute(store.statements()["view_columns"]).fetchall():
            views.setdefault(f"{schema}.{view}", set()).add(column)
    descriptions = ddl.mart_descriptions()
    stale = [f"{v}.{c}" for v, cols in descriptions.items() if v != "shared" for c in cols
             if v not in views or (c != "*" and c not in views[v])]
    assert stale == []
    shared_unused = [c for c in descriptions["shared"] if not any(c in cols for cols in views.values())]
    assert shared_unused == []
    for v, cols in descriptions.items():
        for c, value in cols.items():
            if value.startswith("@") and c != "*":
                assert ddl.describe(v, c) if v != "shared" else ddl._deref(value, c), f"{v}.{c}: {value}"


def test_a_mart_column_is_described_by_its_view_then_its_model_then_shared():
    # mart.inspections passes staging.inspection through ("*" = "@Inspection") and describes its
    # coalesced region_name itself; mart.findings takes unit_name from [shared] ("@Inspection")
    assert ddl.describe("mart.inspections", "lead_inspector") == "Lead inspector named in the report."
    assert ddl.describe("mart.inspections", "region_name").startswith("Region named in the report, else")
    assert ddl.describe("mart.findings", "unit_name") == "Unit named in the report title, as printed."
    assert ddl.describe("mart.findings", "region_name") == "Probation region name."
    assert ddl.describe("mart.findings", "no_such_column") is None


def test_the_contracts_vocabularies_are_the_reference_data():
    from schemas.report_tables import DataQuality, Inspection
    from schemas.survey_tables import SurveyResult

    def allowed(model, column):
        (check,) = [c for c in model.to_schema().columns[column].checks if c.name == "isin"]
        return set(check.statistics["allowed_values"])

    rules = pl.read_csv(PROJECT / "reference" / "quality_rules.csv")["rule"].to_list()
    assert allowed(DataQuality, "rule") == set(rules) and "limiting_rule" in rules
    assert allowed(Inspection, "overall_rating") == {"Outstanding", "Good", "Requires improvement", "Inadequate"}
    assert allowed(SurveyResult, "survey") == {"staff", "people_on_probation", "sentencers"}
