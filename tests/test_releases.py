"""Published releases: built aside, renamed into place, `current` swapped atomically; a BI-style
reader holding the published file open never stops the next run; a run publishes whenever the
warehouse changed since the current release (so a killed publish heals), never an empty first
release; marts whose inputs did not change keep the previous release's files."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import polars as pl
import pytest

from flows.pipeline import run_pipeline
from inspections.cli import main
from tests.conftest import PROJECT
from warehouse import release

pytestmark = pytest.mark.usefixtures("prefect_harness")

DERBY = PROJECT / "raw" / "reports" / "derby-city-pdu-2022-03.txt"

READER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
count = lambda: con.execute("SELECT count(*) FROM mart.inspections").fetchall()[0][0]
print(count(), flush=True)
sys.stdin.readline()
print(count(), flush=True)
"""


@pytest.fixture
def raw(cumbria_raw):
    return cumbria_raw


def _manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text())


def _inspections(duckdb_file: Path) -> int:
    with duckdb.connect(str(duckdb_file), read_only=True) as con:
        return con.execute("SELECT count(*) FROM mart.inspections").fetchall()[0][0]


def test_a_reader_holding_the_release_open_does_not_stop_the_next_publish(raw, warehouse_file):
    run_pipeline(raw, warehouse_file)
    releases_dir = warehouse_file.parent / "releases"
    current = warehouse_file.parent / "current"
    first = release.releases(releases_dir)[-1]
    assert current.is_symlink() and current.resolve() == first.resolve()
    reader = subprocess.Popen([sys.executable, "-c", READER, str(current / "inspections.duckdb")],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout.readline().strip() == "1"
        shutil.copy(DERBY, raw / "reports" / DERBY.name)
        second = run_pipeline(raw, warehouse_file)  # publishes while the reader holds the old file open
        reader.stdin.write("\n")
        reader.stdin.flush()
        assert reader.stdout.readline().strip() == "1"  # the old reader still reads its old release
    finally:
        reader.stdin.close()
        assert reader.wait(timeout=60) == 0
    manifest = _manifest(current)
    assert manifest["run_id"] == second.run_id
    assert current.resolve() == (releases_dir / manifest["name"]).resolve()
    assert _inspections(current / "inspections.duckdb") == 2
    assert manifest["source_files"] == 2
    assert {k: manifest["marts"][k] for k in ("inspections", "pdu_latest", "regions", "key_questions")} == {
        "inspections": 2, "pdu_latest": 108, "regions": 12, "key_questions": 28}
    for name, count in manifest["marts"].items():
        assert pl.read_parquet(current / "parquet" / f"{name}.parquet").height == count, name
        assert pl.read_csv(current / "csv" / f"{name}.csv", infer_schema=False).height == count, name
    assert [p.name for p in release.releases(releases_dir)] == [first.name, manifest["name"]]
    assert not list(releases_dir.glob(".building-*"))
    # the same file at a path that is not a symlink, for tools that cannot follow one
    stable = warehouse_file.parent / "current.duckdb"
    assert not stable.is_symlink() and os.path.samefile(stable, current / "inspections.duckdb")


def test_a_release_has_a_dated_name_and_describes_itself(raw, warehouse_file):
    summary = run_pipeline(raw, warehouse_file)
    current = warehouse_file.parent / "current"
    manifest = _manifest(current)
    assert manifest["name"] == current.resolve().name
    assert manifest["name"] == f"{manifest['created_at'][:10]}T{manifest['created_at'][11:19].replace(':', '')}Z-" \
                               f"{summary.run_id.replace('-', '')[:8]}"
    assert sorted(p.name for p in current.iterdir()) == [
        "CHANGES.md", "DATA_DICTIONARY.md", "README.md", "csv", "inspections.duckdb", "manifest.json", "parquet",
        "schema.json"]
    assert manifest["newest_report"] == "2023-07-01"  # Cumbria, published July 2023
    assert manifest["inspection_ids"] == ["cumbria-2023-07"]
    assert all(not os.access(p, os.W_OK) or os.geteuid() == 0 for p in current.rglob("*") if p.is_file())
    assert {oct(p.stat().st_mode & 0o777) for p in current.rglob("*") if p.is_file()} == {"0o444"}
    dictionary = (current / "DATA_DICTIONARY.md").read_text()
    assert "## mart.inspections" in dictionary and "leading `'`" in dictionary
    schema = json.loads((current / "schema.json").read_text())
    assert sorted(schema["marts"]) == sorted(manifest["marts"])


def test_parquet_carries_the_column_descriptions_of_the_catalog(raw, warehouse_file):
    import pyarrow.parquet as pq

    run_pipeline(raw, warehouse_file)
    current = warehouse_file.parent / "current"
    with duckdb.connect(str(current / "inspections.duckdb"), read_only=True) as con:
        comments = con.execute("SELECT table_name, column_name, comment FROM duckdb_columns() "
                               "WHERE schema_name = 'mart'").fetchall()
        views = dict(con.execute("SELECT view_name, comment FROM duckdb_views() WHERE schema_name = 'mart'").fetchall())
    assert len(comments) > 100
    schemas = {}
    for table, column, comment in comments:
        schema = schemas.setdefault(table, pq.read_schema(current / "parquet" / f"{table}.parquet"))
        assert schema.field(column).metadata[b"description"].decode() == comment, (table, column)
        assert json.loads(schema.metadata[b"column_descriptions"])[column] == comment
    for table, schema in schemas.items():
        assert schema.metadata[b"description"].decode() == views[table]


def test_only_the_last_releases_are_kept(raw, warehouse_file):
    runs = [run_pipeline(raw, warehouse_file, keep_releases=2, publish="always").run_id for _ in range(3)]
    kept = release.releases(warehouse_file.parent / "releases")
    assert [_manifest(p)["run_id"] for p in kept] == runs[1:]
    assert (warehouse_file.parent / "current").resolve() == kept[-1].resolve()


def test_a_run_that_changes_nothing_publishes_nothing_unless_asked(raw, warehouse_file):
    run_pipeline(raw, warehouse_file)
    releases_dir = warehouse_file.parent / "releases"
    first = [p.name for p in release.releases(releases_dir)]
    second = run_pipeline(raw, warehouse_file)  # the default: publish if the warehouse changed
    assert [o.status for o in second.outcomes] == ["already loaded"]
    assert [p.name for p in release.releases(releases_dir)] == first
    third = run_pipeline(raw, warehouse_file, publish="always")
    assert len(release.releases(releases_dir)) == 2
    manifest = _manifest(warehouse_file.parent / "current")
    assert manifest["run_id"] == third.run_id
    assert manifest["run"] == {"kind": "ingest", "files": {"loaded": 0, "already loaded": 1, "rejected": 0},
                               "parse": {"parsed": 0, "cache hit": 0, "not needed": 1}, "rejected": []}
    # only the ledger has new rows ("already loaded"): every other mart's files are carried over
    assert sorted(set(manifest["marts"]) - set(manifest["reused"])) == ["load_ledger"]


def test_no_empty_first_release(tmp_path, warehouse_file):
    (tmp_path / "raw" / "reports").mkdir(parents=True)
    summary = run_pipeline(tmp_path / "raw", warehouse_file)
    assert summary.outcomes == []
    assert not (warehouse_file.parent / "current").exists()
    assert release.releases(warehouse_file.parent / "releases") == []


def test_unchanged_marts_keep_their_files_and_changed_ones_are_rewritten(raw, warehouse_file):
    run_pipeline(raw, warehouse_file)
    releases_dir = warehouse_file.parent / "releases"
    first = release.releases(releases_dir)[-1]
    shutil.copy(DERBY, raw / "reports" / DERBY.name)
    run_pipeline(raw, warehouse_file)
    second = release.releases(releases_dir)[-1]
    reused = set(_manifest(second)["reused"])
    # reference-only marts did not change: the very same files (hard links), not rewritten
    for name in ("framework_standards", "limiting_rules", "pdu_successors", "rating_bands", "survey_questions"):
        assert name in reused, name
        for kind in ("parquet", "csv"):
            assert os.path.samefile(first / kind / f"{name}.{kind}", second / kind / f"{name}.{kind}"), name
    # marts over the loaded reports changed: new files with the new rows
    for name in ("inspections", "key_questions", "load_ledger", "pdu_latest", "regions"):  # regions counts them
        assert name not in reused, name
        assert not os.path.samefile(first / "parquet" / f"{name}.parquet", second / "parquet" / f"{name}.parquet")
    assert pl.read_parquet(second / "parquet" / "inspections.parquet")["inspection_id"].sort().to_list() == [
        "cumbria-2023-07", "derby-city-2022-03"]


def test_changes_md_after_two_runs(raw, warehouse_file):
    first = run_pipeline(raw, warehouse_file)
    releases_dir = warehouse_file.parent / "releases"
    one = _manifest(release.releases(releases_dir)[-1])
    shutil.copy(DERBY, raw / "reports" / DERBY.name)
    second = run_pipeline(raw, warehouse_file)
    two = _manifest(warehouse_file.parent / "current")
    assert one["run_id"] == first.run_id and two["run_id"] == second.run_id
    rows = [f"| {m} | {two['marts'][m]} | {two['marts'][m] - one['marts'][m]:+d} |".replace("| +0 |", "| 0 |")
            for m in sorted(two["marts"])]
    with duckdb.connect(str(warehouse_file), read_only=True) as con:
        quality = con.execute("SELECT rule, count(*), count(*) FILTER (WHERE NOT passed), "
                              "count(*) FILTER (WHERE NOT passed AND inspection_id = 'derby-city-2022-03') "
                              "FROM staging.data_quality GROUP BY rule ORDER BY rule").fetchall()
    # every report is checked on the consistency and completeness rules (reference/quality_rules.csv)
    assert {"body_rating", "max_score", "pdu_match", "rating_band", "score_sum",
            "standard_section", "key_question_count", "recommendations_present"} <= {r[0] for r in quality}
    expected = [
        f"# Changes in release {two['name']}",
        "",
        f"Published {two['created_at']} by run {second.run_id}.",
        f"Compared with the previous release {one['name']} (published {one['created_at']}).",
        "Newest report in this release: published 2023-07-01.",
        "",
        "## Inspections added (1)",
        "",
        "| inspection | unit | published |",
        "|---|---|---|",
        "| derby-city-2022-03 | Derby City PDU | 2022-03-01 |",
        "",
        "## Rows per mart",
        "",
        "| mart | rows | change |",
        "|---|---:|---:|",
        *rows,
        "",
        f"Unchanged since the previous release, files carried over: {', '.join(sorted(two['reused']))}.",
        "",
        "## Data quality",
        "",
        "| rule | checks | failed | failed in added inspections |",
        "|---|---:|---:|---:|",
        *[f"| {r} | {c} | {f} | {a} |" for r, c, f, a in quality],
    ]
    assert (warehouse_file.parent / "current" / "CHANGES.md").read_text().splitlines() == expected
    assert "| inspections | 2 | +1 |" in rows and "| regions | 12 | 0 |" in rows
    # one check of each per-inspection rule for each of the two reports
    assert [(r, c) for r, c, *_ in quality if r in ("max_score", "pdu_match", "score_sum")] == [
        ("max_score", 2), ("pdu_match", 2), ("score_sum", 2)]


def test_export_writes_the_same_release_on_demand(raw, warehouse_file, tmp_path, capsys):
    run = run_pipeline(raw, warehouse_file)
    out = tmp_path / "export"
    assert main(["export", "--out", str(out), "--warehouse", str(warehouse_file)]) == 0
    manifest = _manifest(out)
    assert manifest["run_id"] == run.run_id
    assert manifest["marts"] == _manifest(warehouse_file.parent / "current")["marts"]
    assert sorted(p.name for p in out.iterdir()) == [
        "CHANGES.md", "DATA_DICTIONARY.md", "README.md", "csv", "inspections.duckdb", "manifest.json", "parquet",
        "schema.json"]
    capsys.readouterr()
    assert main(["export", "--out", str(out), "--warehouse", str(warehouse_file)]) == 1
    assert capsys.readouterr().err == f"cannot export: {out} is not empty: export into a new or empty folder\n"


def test_leftovers_of_an_interrupted_publish_are_removed(raw, warehouse_file):
    run_pipeline(raw, warehouse_file)
    releases_dir = warehouse_file.parent / "releases"
    half = releases_dir / ".building-2026-01-01T000000Z-deadbeef" / "parquet"
    half.mkdir(parents=True)
    (half / "inspections.parquet").write_bytes(b"PAR1 half")
    staged = warehouse_file.parent / ".current-2026-01-01T000000Z-deadbeef"
    staged.symlink_to("releases/.building-2026-01-01T000000Z-deadbeef")
    shutil.copy(DERBY, raw / "reports" / DERBY.name)
    run_pipeline(raw, warehouse_file)
    assert not list(releases_dir.glob(".building-*"))
    assert not staged.is_symlink()
    assert _inspections(warehouse_file.parent / "current" / "inspections.duckdb") == 2


KILLABLE_PUBLISH = """
import sys
from pathlib import Path
from warehouse import release
release.publish(Path(sys.argv[1]), "killed-run")
"""


def test_kill_9_during_publish_then_the_next_run_publishes_the_warehouse(raw, warehouse_file):
    run_pipeline(raw, warehouse_file)
    releases_dir = warehouse_file.parent / "releases"
    current = warehouse_file.parent / "current"
    first = current.resolve()
    shutil.copy(DERBY, raw / "reports" / DERBY.name)
    loaded = run_pipeline(raw, warehouse_file, publish="never")
    assert [o.status for o in loaded.outcomes] == ["already loaded", "loaded"]
    publisher = subprocess.Popen([sys.executable, "-c", KILLABLE_PUBLISH, str(warehouse_file)], cwd=PROJECT)
    try:  # kill it once it has written part of the release
        while publisher.poll() is None and not list(releases_dir.glob(".building-*/parquet/*.parquet")):
            pass
        publisher.kill()
    finally:
        publisher.wait(timeout=60)
    assert publisher.returncode == -9
    assert list(releases_dir.glob(".building-*"))
    assert current.resolve() == first and _inspections(current / "inspections.duckdb") == 1
    healed = run_pipeline(raw, warehouse_file)  # loads nothing, but the warehouse is newer than `current`
    assert [o.status for o in healed.outcomes] == ["already loaded", "already loaded"]
    manifest = _manifest(current)
    assert manifest["run_id"] == healed.run_id
    assert _inspections(current / "inspections.duckdb") == 2
    assert _inspections(warehouse_file.parent / "current.duckdb") == 2
    assert manifest["fingerprint"] == release.warehouse_fingerprints(warehouse_file).data
    assert not list(releases_dir.glob(".building-*"))
    assert "| derby-city-2022-03 | Derby City PDU | 2022-03-01 |" in (current / "CHANGES.md").read_text()
