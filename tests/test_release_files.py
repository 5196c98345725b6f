"""What a release's files hold, read as a user without the project would: formula-safe CSV
(Parquet and DuckDB keep the true values), CSV types that survive a round trip through
schema.json, CHANGES.md, and the freshness `inspections status` prints. No Prefect here: a
warehouse with reference data and one extra mart view of hostile text is published directly,
which also shows that a release exports whatever marts exist."""

from __future__ import annotations

import csv
import datetime as dt
import json

import duckdb
import polars as pl
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspections.status import age, render_status
from tests.conftest import examples
from transforms.release_notes import ReleaseFacts, render_changes
from warehouse import mart_export, release, store

HOSTILE = """
CREATE VIEW mart.zz_hostile AS
SELECT * FROM (VALUES
    (1, '=HYPERLINK("http://example.invalid","click")', -5, '2.1', DATE '2024-02-01', -0.25, ['=a', 'b']),
    (2, '+1+2', 7, '-3', DATE '2023-07-01', 1.5, []),
    (3, '-2+3', 0, '2.10', NULL, NULL, NULL),
    (4, '@SUM(A1:A2)', NULL, '1.1', DATE '2022-03-01', 80.0, ['x']),
    (5, chr(9) || '=1', 1, 'a, b', DATE '2022-03-01', 0.0, ['y']),
    (6, chr(13) || '=1', 2, '"quoted"', DATE '2022-03-01', 2.0, ['z']),
    (7, 'plain; 5 = 5', 3, 'x', DATE '2022-03-01', 3.0, ['w']),
    (8, NULL, 4, NULL, DATE '2022-03-01', 4.0, ['v'])
) AS t(row_id, note, points, standard_code, published_on, share, tags);
COMMENT ON VIEW mart.zz_hostile IS 'One row per hostile cell (a test view).';
COMMENT ON COLUMN mart.zz_hostile.row_id IS 'Row number.';
COMMENT ON COLUMN mart.zz_hostile.note IS 'Free text as a report might carry it.';
COMMENT ON COLUMN mart.zz_hostile.points IS 'A signed whole number.';
COMMENT ON COLUMN mart.zz_hostile.standard_code IS 'A code that looks like a number.';
COMMENT ON COLUMN mart.zz_hostile.published_on IS 'A date.';
COMMENT ON COLUMN mart.zz_hostile.share IS 'A signed fraction.';
COMMENT ON COLUMN mart.zz_hostile.tags IS 'A list of labels.';
"""
NOTES = ['=HYPERLINK("http://example.invalid","click")', "+1+2", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1",
         "plain; 5 = 5", None]


@pytest.fixture(scope="module")
def published(tmp_path_factory, reference):
    folder = tmp_path_factory.mktemp("hostile")
    working = folder / "inspections.duckdb"
    with store.connect(working) as con:
        store.prepare(con, reference.tables())
        con.execute(HOSTILE)
    return release.publish(working, "a1b2c3d4-0000", now=dt.datetime(2026, 11, 29, 18, 5, 12, tzinfo=dt.timezone.utc))


def test_formula_cells_are_neutralised_in_csv_only(published):
    with open(published.path / "csv" / "zz_hostile.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["row_id", "note", "points", "standard_code", "published_on", "share", "tags"]
    assert [r[1] for r in rows[1:]] == ["'=HYPERLINK(\"http://example.invalid\",\"click\")", "'+1+2", "'-2+3",
                                        "'@SUM(A1:A2)", "'\t=1", "'\r=1", "plain; 5 = 5", ""]
    assert [r[2] for r in rows[1:]] == ["-5", "7", "0", "", "1", "2", "3", "4"]  # numbers stay numbers
    assert [r[3] for r in rows[1:]] == ["2.1", "'-3", "2.10", "1.1", "a, b", '"quoted"', "x", ""]
    assert rows[1][5] == "-0.25"
    # Parquet and DuckDB keep the true values
    assert pl.read_parquet(published.path / "parquet" / "zz_hostile.parquet")["note"].to_list() == NOTES
    with duckdb.connect(str(published.path / "inspections.duckdb"), read_only=True) as con:
        assert [r[0] for r in con.execute("SELECT note FROM mart.zz_hostile ORDER BY row_id").fetchall()] == NOTES


def _read_csv_with_schema(folder, mart: str) -> pl.DataFrame:
    schema = json.loads((folder / "schema.json").read_text())
    columns = {c["name"]: c["type"] for c in schema["marts"][mart]["columns"]}
    with duckdb.connect() as con:
        return con.read_csv(str(folder / "csv" / f"{mart}.csv"), header=True, columns=columns).pl()


def _restore(frame: pl.DataFrame) -> pl.DataFrame:
    """Undo the formula rule as docs/releases.md says: drop the ' before = + - @ tab CR."""
    text = [n for n, t in frame.schema.items() if t == pl.String]
    return frame.with_columns(pl.col(c).str.replace(r"^'([=+\-@\t\r])", "$1") for c in text)


def test_csv_round_trip_keeps_types_through_the_schema_file(published):
    mart_names = sorted(published.manifest["marts"])
    assert "zz_hostile" in mart_names
    for mart in mart_names:
        from_csv = _restore(_read_csv_with_schema(published.path, mart))
        from_parquet = pl.read_parquet(published.path / "parquet" / f"{mart}.parquet")
        assert from_csv.schema == from_parquet.schema, mart
        assert from_csv.equals(from_parquet), mart
    hostile = _read_csv_with_schema(published.path, "zz_hostile")
    assert hostile["standard_code"].to_list()[:4] == ["2.1", "'-3", "2.10", "1.1"]  # text stays text
    assert hostile["published_on"][0] == dt.date(2024, 2, 1)
    assert hostile["tags"][0].to_list() == ["=a", "b"]


def test_schema_file_and_parquet_metadata_describe_every_column(published):
    schema = json.loads((published.path / "schema.json").read_text())
    assert schema["marts"]["zz_hostile"] == {
        "description": "One row per hostile cell (a test view).", "rows": 8,
        "parquet": "parquet/zz_hostile.parquet", "csv": "csv/zz_hostile.csv",
        "columns": [
            {"name": "row_id", "type": "INTEGER", "description": "Row number."},
            {"name": "note", "type": "VARCHAR", "description": "Free text as a report might carry it."},
            {"name": "points", "type": "INTEGER", "description": "A signed whole number."},
            {"name": "standard_code", "type": "VARCHAR", "description": "A code that looks like a number."},
            {"name": "published_on", "type": "DATE", "description": "A date."},
            {"name": "share", "type": "DECIMAL(4,2)", "description": "A signed fraction."},
            {"name": "tags", "type": "VARCHAR[]", "description": "A list of labels."},
        ]}
    parquet = pq.read_schema(published.path / "parquet" / "zz_hostile.parquet")
    assert parquet.field("standard_code").metadata == {b"description": b"A code that looks like a number."}
    assert parquet.metadata[b"description"] == b"One row per hostile cell (a test view)."
    with duckdb.connect() as con:  # also readable as key-value metadata without Arrow
        kv = dict(con.execute("SELECT decode(key), decode(value) FROM parquet_kv_metadata(?)",
                              [str(published.path / "parquet" / "zz_hostile.parquet")]).fetchall())
    assert json.loads(kv["column_descriptions"])["share"] == "A signed fraction."


def test_release_name_and_empty_warehouse_changes(published):
    assert published.path.name == "2026-11-29T180512Z-a1b2c3d4"
    assert published.manifest["newest_report"] is None
    text = (published.path / "CHANGES.md").read_text()
    assert text.splitlines()[:8] == [
        "# Changes in release 2026-11-29T180512Z-a1b2c3d4",
        "",
        "Published 2026-11-29T18:05:12+00:00 by run a1b2c3d4-0000.",
        "First release: there is no previous release to compare with.",
        "Newest report in this release: published none (no inspection loaded).",
        "",
        "## Inspections added (0)",
        "",
    ]


def test_changes_markdown_exact():
    facts = ReleaseFacts(
        name="2026-11-30T020000Z-bbbbbbbb", run_id="bbbbbbbb-1", created_at="2026-11-30T02:00:00+00:00",
        counts={"inspections": 3, "regions": 12, "survey_results": 40},
        added=[("derby-city-2024-01", "Derby City PDU", "2024-01-01")],
        removed=["norfolk-2023-10"],
        quality=[("rating_band", 12, 1, 1), ("score_sum", 3, 0, 0)],
        newest_report="2024-01-01", reused=["regions"])
    previous = {"name": "2026-11-29T020000Z-aaaaaaaa", "created_at": "2026-11-29T02:00:00+00:00",
                "marts": {"inspections": 3, "regions": 12, "key_questions": 28}}
    assert render_changes(facts, previous) == "\n".join([
        "# Changes in release 2026-11-30T020000Z-bbbbbbbb",
        "",
        "Published 2026-11-30T02:00:00+00:00 by run bbbbbbbb-1.",
        "Compared with the previous release 2026-11-29T020000Z-aaaaaaaa (published 2026-11-29T02:00:00+00:00).",
        "Newest report in this release: published 2024-01-01.",
        "",
        "## Inspections added (1)",
        "",
        "| inspection | unit | published |",
        "|---|---|---|",
        "| derby-city-2024-01 | Derby City PDU | 2024-01-01 |",
        "",
        "## Inspections no longer in the warehouse (1)",
        "",
        "- norfolk-2023-10",
        "",
        "## Rows per mart",
        "",
        "| mart | rows | change |",
        "|---|---:|---:|",
        "| inspections | 3 | 0 |",
        "| key_questions |  | removed |",
        "| regions | 12 | 0 |",
        "| survey_results | 40 | new |",
        "",
        "Unchanged since the previous release, files carried over: regions.",
        "",
        "## Data quality",
        "",
        "| rule | checks | failed | failed in added inspections |",
        "|---|---:|---:|---:|",
        "| rating_band | 12 | 1 | 1 |",
        "| score_sum | 3 | 0 | 0 |",
        "",
    ])


def test_status_shows_freshness():
    manifest = {"name": "2026-11-29T180000Z-r1r1r1r1", "run_id": "r1", "created_at": "2026-11-29T18:00:00+00:00",
                "source_files": 5, "newest_report": "2024-02-01", "marts": {"inspections": 5}}
    now = dt.datetime(2026, 11, 29, 21, 30, tzinfo=dt.timezone.utc)
    lines = render_status(manifest, "wh/current", now=now).splitlines()
    assert lines[:3] == [
        "latest release: run r1, published 2026-11-29T18:00:00+00:00",
        "  at wh/current; report files in the warehouse: 5",
        # 2024-02-01 to 2026-11-29: 366 + 365 + 301 days
        "  freshness: newest report published 2024-02-01 (1032 days ago); release 2026-11-29T180000Z-r1r1r1r1 is 3 hours old",
    ]


@pytest.mark.parametrize(("seconds", "words"), [
    (0, "less than a minute"), (59, "less than a minute"), (60, "1 minute"), (3599, "59 minutes"),
    (3600, "1 hour"), (86399, "23 hours"), (86400, "1 day"), (3 * 86400 + 7200, "3 days")])
def test_age_in_words(seconds, words):
    start = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    assert age(start, start + dt.timedelta(seconds=seconds)) == words


@settings(max_examples=examples(60), deadline=None)
@given(texts=st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                              max_size=12), min_size=1, max_size=8),
       numbers=st.lists(st.integers(-10**6, 10**6), min_size=8, max_size=8))
def test_safe_csv_rule_holds_for_any_text(tmp_path_factory, texts, numbers):
    """Any text: its CSV cell is the text with a ' in front exactly when it starts with one of
    = + - @ tab CR; numbers are written as they are; the Parquet file keeps the text."""
    folder = tmp_path_factory.mktemp("safe")
    frame = pl.DataFrame({"text": texts, "number": numbers[: len(texts)]})
    with duckdb.connect() as con:
        con.register("frame", frame.to_arrow())
        con.execute(f"COPY frame TO '{folder / 'x.parquet'}' (FORMAT parquet)")
        mart_export.write_csv_from_parquet(con, folder / "x.parquet", folder / "x.csv")
    with open(folder / "x.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))[1:]
    expected = [("'" + t if t[:1] in ("=", "+", "-", "@", "\t", "\r") else t) for t in texts]
    # an empty string and a null are both an empty cell in CSV
    assert [r[0] for r in rows] == expected
    assert [int(r[1]) for r in rows] == numbers[: len(texts)]
    assert pl.read_parquet(folder / "x.parquet")["text"].to_list() == texts
