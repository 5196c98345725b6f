"""The data dictionary: every mart relation and column has a COMMENT ON; `inspections docs`."""

from __future__ import annotations

import polars as pl

from inspections.cli import main
from tests.conftest import PROJECT
from tests.warehouse_rows import rows, wh  # noqa: F401 (fixture)
from transforms.data_dictionary import render_dictionary
from warehouse import catalog


def test_every_mart_view_and_column_has_a_comment(wh):
    relations, columns = catalog.mart_catalog(wh)
    no_comment = [f"mart.{r['name']}" for r in relations.iter_rows(named=True) if not (r["comment"] or "").strip()]
    assert no_comment == [], f"add COMMENT ON VIEW for {', '.join(no_comment)} (grain first)"
    missing = [f"mart.{c['table_name']}.{c['column_name']}" for c in columns.iter_rows(named=True)
               if not (c["comment"] or "").strip()]
    assert missing == [], ("describe in warehouse/mart_columns.toml (or the model the view passes through): "
                           + ", ".join(missing))


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


# the naming note (docs/warehouse.md#naming-and-types), checked on every mart
LIST_NAMES = ("_codes", "aliases", "comparable_with", "checked_by", "condition_standards", "ruled_out_ratings",
              "positive_answers", "negative_answers", "header_variants")
# rows that name a standard only as where something else sits, not a fact about the standard
STANDARD_AS_PLACE = {"survey_reconciliation"}


def test_every_mart_follows_the_naming_note(wh):
    _, columns = catalog.mart_catalog(wh)
    by_view: dict[str, dict[str, str]] = {}
    for c in columns.iter_rows(named=True):
        by_view.setdefault(c["table_name"], {})[c["column_name"]] = c["data_type"]
    problems = []
    for view, cols in sorted(by_view.items()):
        for name, kind in cols.items():
            if name == "framework" or name.endswith("_framework") or "share" in name:
                problems.append(f"{view}.{name}: use framework_code / a 0-100 *_pct")
            if name.endswith(LIST_NAMES) and not kind.endswith("[]"):
                problems.append(f"{view}.{name} is {kind}, not a LIST")
            if ("pct" in name and name != "pct_text") and kind not in ("DOUBLE", "INTEGER", "BIGINT", "DECIMAL(18,3)"):
                problems.append(f"{view}.{name} is {kind}, not a number")
        if "pdu_code" in cols and "region_code" not in cols:
            problems.append(f"{view}: pdu_code without region_code")
        if "pdu_code" in cols and "pdu_name" not in cols:
            problems.append(f"{view}: pdu_code without pdu_name")
        if "standard_code" in cols and "comparison_key" not in cols and view not in STANDARD_AS_PLACE:
            problems.append(f"{view}: standard_code without comparison_key")
    assert problems == []
    # the lists the note names are lists
    assert by_view["pdus"]["successor_pdu_codes"] == "VARCHAR[]"
    assert by_view["rule_checks"]["checked_by"] == "VARCHAR[]"
    assert by_view["pdu_latest"]["score_pct"] == "DOUBLE"


def test_the_committed_data_dictionary_is_what_inspections_docs_writes(tmp_path):
    out = tmp_path / "dictionary.md"
    assert main(["docs", "--out", str(out)]) == 0
    committed = (PROJECT / "docs" / "data_dictionary.md").read_text(encoding="utf-8")
    assert committed == out.read_text(encoding="utf-8"), (
        "docs/data_dictionary.md is out of date: run .venv/bin/inspections docs --out docs/data_dictionary.md")
