"""Published releases: built aside, renamed into place, `current` swapped atomically; a BI-style
reader holding the published file open never stops the next run."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import polars as pl
import pytest

from flows.pipeline import run_pipeline
from inspections.cli import main
from tests.conftest import CUMBRIA, PROJECT
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
def raw(tmp_path):
    folder = tmp_path / "raw" / "reports"
    folder.mkdir(parents=True)
    shutil.copy(CUMBRIA, folder / CUMBRIA.name)
    return folder.parent


def test_a_reader_holding_the_release_open_does_not_stop_the_next_publish(raw, warehouse_file):
    first = run_pipeline(raw, warehouse_file)
    current = warehouse_file.parent / "current"
    assert current.is_symlink() and current.resolve() == (warehouse_file.parent / "releases" / first.run_id).resolve()
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
    assert current.resolve() == (warehouse_file.parent / "releases" / second.run_id).resolve()
    with duckdb.connect(str(current / "inspections.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM mart.inspections").fetchall() == [(2,)]
    manifest = json.loads((current / "manifest.json").read_text())
    assert manifest["run_id"] == second.run_id
    assert manifest["source_files"] == 2
    assert {k: manifest["marts"][k] for k in ("inspections", "pdu_latest", "regions", "key_questions")} == {
        "inspections": 2, "pdu_latest": 108, "regions": 12, "key_questions": 28}
    for name, count in manifest["marts"].items():
        assert pl.read_parquet(current / "parquet" / f"{name}.parquet").height == count, name
        assert pl.read_csv(current / "csv" / f"{name}.csv", infer_schema=False).height == count, name
    assert [p.name for p in release.releases(warehouse_file.parent / "releases")] == [first.run_id, second.run_id]
    assert not list((warehouse_file.parent / "releases").glob(".building-*"))


def test_only_the_last_releases_are_kept(raw, warehouse_file):
    runs = [run_pipeline(raw, warehouse_file, keep_releases=2, publish="always").run_id for _ in range(3)]
    kept = [p.name for p in release.releases(warehouse_file.parent / "releases")]
    assert kept == runs[1:]
    assert (warehouse_file.parent / "current").resolve().name == runs[-1]


def test_a_run_that_loads_nothing_publishes_nothing_unless_asked(raw, warehouse_file):
    first = run_pipeline(raw, warehouse_file)
    second = run_pipeline(raw, warehouse_file)  # the default: publish if anything was loaded
    assert [o.status for o in second.outcomes] == ["already loaded"]
    assert [p.name for p in release.releases(warehouse_file.parent / "releases")] == [first.run_id]
    third = run_pipeline(raw, warehouse_file, publish="always")
    assert [p.name for p in release.releases(warehouse_file.parent / "releases")] == [first.run_id, third.run_id]
    manifest = json.loads((warehouse_file.parent / "current" / "manifest.json").read_text())
    assert manifest["run"] == {"kind": "ingest", "files": {"loaded": 0, "already loaded": 1, "rejected": 0},
                               "parse": {"parsed": 0, "cache hit": 0, "not needed": 1}, "rejected": []}


def test_export_writes_the_same_release_on_demand(raw, warehouse_file, tmp_path, capsys):
    run = run_pipeline(raw, warehouse_file)
    out = tmp_path / "export"
    assert main(["export", "--out", str(out), "--warehouse", str(warehouse_file)]) == 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["run_id"] == run.run_id
    assert manifest["marts"] == json.loads((warehouse_file.parent / "current" / "manifest.json").read_text())["marts"]
    assert sorted(p.name for p in out.iterdir()) == ["csv", "inspections.duckdb", "manifest.json", "parquet"]
    capsys.readouterr()
    assert main(["export", "--out", str(out), "--warehouse", str(warehouse_file)]) == 1
    assert capsys.readouterr().err == f"cannot export: {out} is not empty: export into a new or empty folder\n"
