"""The data dictionary: every mart relation and column has a COMMENT ON; `inspections docs`."""

from __future__ import annotations

import polars as pl

from inspections.cli import main
from tests.warehouse_rows import rows, wh  # noqa: F401 (fixture)
from transforms.data_dictionary import render_dictionary
from warehouse import catalog


def test_every_mart_view_and_column_has_a_comment(wh):
    relations, columns = catalog.mart_catalog(wh)
    no_comment = [f"mart.{r['name']}" for r in relations.iter_rows(named=True) if not (r["comment"] or "").strip()]
    assert no_comment == [], f"add COMMENT ON VIEW for {', '.join(no_comment)} (grain first)"
    missing = [f"mart.{c['table_name']}.{c['column_name']}" for c in columns.iter_rows(named=True)
               if not (c["comment"] or "").strip()]
    assert missing == [], ("add COMMENT ON COLUMN to warehouse/sql/090_comments.sql for: " + ", ".join(missing))


def test_comparison_marts_state_their_grain(wh):
    got = dict(rows(wh, "SELECT view_name, comment FROM duckdb_views() WHERE schema_name = 'mart'"))
    for name in ("pdu_latest", "key_question_benchmarks", "region_summary", "rating_consistency",
                 "recommendation_themes", "pdus", "regions", "pdu_successors"):
        assert got[name].startswith("One row per "), name


def test_render_dictionary_exact_markdown():
    relations = pl.DataFrame({"name": ["a_b"], "kind": ["view"], "comment": ["One row per thing."]})
    columns = pl.DataFrame({"table_name": ["a_b", "a_b"], "column_name": ["x", "y"], "data_type": ["INTEGER", "VARCHAR"],
                            "comment": ["The x | y.", None], "column_index": [1, 2]})
    assert render_dictionary(relations, columns).splitlines()[4:] == [
        "- [`mart.a_b`](#marta_b)",
        "",
        "## mart.a_b",
        "",
        "View. One row per thing.",
        "",
        "| column | type | meaning |",
        "|---|---|---|",
        "| `x` | INTEGER | The x \\| y. |",
        "| `y` | VARCHAR | **(no comment)** |",
    ]


def test_docs_command_writes_the_dictionary(tmp_path, capsys):
    out = tmp_path / "dictionary.md"
    assert main(["docs", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "## mart.pdu_latest" in text
    assert "| `national_rank` | BIGINT | Rank in the national population, 1 = highest pct_yes" in text
    assert "(no comment)" not in text
