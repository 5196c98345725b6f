"""The reference-regex matches are materialised at load time (issue 11, item 6): the marts that
used to match patterns at query time give the same columns and rows from the stored matches,
and a change to the patterns takes effect."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.warehouse_rows import load_facts, rows, wh  # noqa: F401 (fixture)
from warehouse import store

ROOT = Path(__file__).resolve().parent.parent
OLD_QUERIES = Path(__file__).resolve().parent / "sql" / "query_time_matches.sql"
MARTS = ("recommendations", "recommendation_themes", "survey_reconciliation", "survey_results")


def _create_old_views(con) -> None:
    text = OLD_QUERIES.read_text(encoding="utf-8")
    for body in re.split(r"^-- name:\s*\w+\s*$", text, flags=re.M)[1:]:
        con.execute(body)


@pytest.fixture(scope="module")
def national(national_sample):
    """The national sample (220 reports and their 660 survey extracts)."""
    with store.connect(national_sample / "inspections.duckdb", read_only=True) as con:
        _create_old_views(con)
        yield con


@pytest.fixture(scope="module")
def with_surveys(tmp_path_factory, prefect_harness):
    """The project's sample (raw/: 5 reports, each with its three survey extracts), loaded by the
    pipeline: reports first, then the survey catalogue and extracts."""
    from flows.pipeline import run_pipeline

    folder = tmp_path_factory.mktemp("with-surveys")
    shutil.copytree(ROOT / "raw", folder / "raw")
    assert run_pipeline(folder / "raw", folder / "inspections.duckdb", progress="off", publish="never").ok
    with store.connect(folder / "inspections.duckdb", read_only=True) as con:
        _create_old_views(con)
        yield con


def _assert_same(con, mart: str) -> int:
    new = con.sql(f"SELECT * FROM mart.{mart}")
    old = con.sql(f"SELECT * FROM old_{mart}")
    assert new.columns == old.columns
    assert new.types == old.types
    counts = rows(con, f"SELECT (SELECT count(*) FROM mart.{mart}), (SELECT count(*) FROM old_{mart})")[0]
    assert counts[0] == counts[1]
    assert rows(con, f"SELECT count(*) FROM (SELECT * FROM mart.{mart} EXCEPT ALL SELECT * FROM old_{mart})") == [(0,)]
    assert rows(con, f"SELECT count(*) FROM (SELECT * FROM old_{mart} EXCEPT ALL SELECT * FROM mart.{mart})") == [(0,)]
    return counts[0]


@pytest.mark.parametrize("mart", MARTS)
def test_each_mart_has_the_rows_it_had_when_matching_at_query_time_national(national, mart):
    assert _assert_same(national, mart) > 200


@pytest.mark.parametrize("mart", MARTS)
def test_each_mart_has_the_rows_it_had_when_matching_at_query_time_with_surveys(with_surveys, mart):
    assert _assert_same(with_surveys, mart) > 10
    if mart == "survey_results":       # the sample's reports state figures its extracts answer
        assert rows(with_surveys, "SELECT count(*) FROM mart.survey_results WHERE report_stated_pct IS NOT NULL")[0][0] > 0


def test_the_national_sample_has_matches_of_every_kind(national):
    """Reports load before the survey catalogue on a first run: the matches were recomputed
    when the catalogue arrived, so stated survey figures do match questions."""
    states = dict(rows(national, "SELECT report_states, count(*) FROM staging.stated_figure_questions GROUP BY 1"))
    assert set(states) <= {"positive", "negative"}
    assert states["positive"] > 100
    themes = rows(national, "SELECT count(DISTINCT theme) FROM staging.recommendation_theme_matches")[0][0]
    assert themes > 5
    assert rows(national, """SELECT count(*) FROM mart.recommendations
                             WHERE theme <> 'other' AND (inspection_id, seq) NOT IN
                                   (SELECT (inspection_id, seq) FROM staging.recommendation_theme_matches)""") == [(0,)]


def test_a_report_loads_with_its_matches_in_the_same_transaction(wh, cumbria):
    load_facts(wh, cumbria)
    assert rows(wh, "SELECT seq, theme FROM staging.recommendation_theme_matches WHERE is_primary AND seq <= 3 "
                    "ORDER BY seq") == [(1, "domestic abuse and safeguarding"),
                                        (2, "risk assessment and management"),
                                        (3, "management oversight")]
    assert store.refresh_matches(wh) is False      # nothing changed: nothing recomputed


def test_a_changed_pattern_takes_effect_at_the_next_prepare(wh, cumbria, reference):
    load_facts(wh, cumbria)
    tables = dict(reference.tables())
    tables["recommendation_themes"] = tables["recommendation_themes"].filter(
        pl.col("theme") != "domestic abuse and safeguarding")
    store.prepare(wh, tables)
    first = rows(wh, "SELECT theme FROM mart.recommendations WHERE seq = 1")[0][0]
    assert first != "domestic abuse and safeguarding"
    assert rows(wh, "SELECT count(*) FROM mart.recommendation_themes "
                    "WHERE theme = 'domestic abuse and safeguarding'") == [(0,)]
    store.prepare(wh, reference.tables())        # and back again
    assert rows(wh, "SELECT theme FROM mart.recommendations WHERE seq = 1") == [("domestic abuse and safeguarding",)]


@settings(max_examples=40, deadline=None)
@given(patterns=st.lists(st.one_of(st.none(), st.lists(st.text("ab' ", min_size=1, max_size=4), min_size=1,
                                                          max_size=3).map("|".join)), min_size=0, max_size=5),
       texts=st.lists(st.text("abAB' x", max_size=12), min_size=1, max_size=6))
def test_constant_patterns_match_what_the_rows_pattern_matches(patterns, texts):
    """store._with_constant_patterns writes each reference pattern out as a constant: for any
    patterns (quotes, duplicates, NULL, none at all) it matches exactly what the row's own pattern
    matches (case-insensitive)."""
    from warehouse.store import _with_constant_patterns

    con = duckdb.connect()
    con.execute("CREATE SCHEMA ref; CREATE TABLE ref.recommendation_themes (theme VARCHAR, pattern VARCHAR)")
    for i, pattern in enumerate(patterns):
        con.execute("INSERT INTO ref.recommendation_themes VALUES (?, ?)", [f"t{i}", pattern])
    con.execute("CREATE TABLE recs (text VARCHAR)")
    con.executemany("INSERT INTO recs VALUES (?)", [(t,) for t in texts])
    statement = ("SELECT r.text, t.theme, {theme_matches} IS NOT DISTINCT FROM regexp_matches(r.text, t.pattern, 'i') "
                 "FROM recs AS r, ref.recommendation_themes AS t")
    rows = con.execute(_with_constant_patterns(con, statement)).fetchall()
    assert [same for _, _, same in rows] == [True] * len(texts) * len(patterns)
