"""A full or read-only disk during a publish: one line, exit 4, the warehouse and `current` as
they were, no half-built release left; the next run on a healthy disk publishes the warehouse.
The disk is a real small file system (tmpfs), so these tests need root; they are skipped, and
say why, where mounting is not allowed."""

from __future__ import annotations

import json
import shutil
import subprocess

import duckdb
import pytest

from flows.pipeline import run_pipeline
from inspections.cli import main
from core.errors import RunCannotComplete
from tests.conftest import PROJECT
from warehouse import release

pytestmark = pytest.mark.usefixtures("prefect_harness")

DERBY = PROJECT / "raw" / "reports" / "derby-city-pdu-2022-03.txt"


def _remount(disk, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(disk)], check=True, capture_output=True)


@pytest.fixture
def disk(small_disk):
    """The small file system of tests/conftest.py, remounted smaller or read-only by the tests."""
    return small_disk


@pytest.fixture
def raw(cumbria_raw):
    return cumbria_raw


def _inspections(duckdb_file) -> int:
    with duckdb.connect(str(duckdb_file), read_only=True) as con:
        return con.execute("SELECT count(*) FROM mart.inspections").fetchall()[0][0]


def _first_release(raw, warehouse_file, releases_dir):
    run_pipeline(raw, warehouse_file, releases_dir=releases_dir)
    current = releases_dir.parent / "current"
    first = current.resolve()
    assert _inspections(current / "inspections.duckdb") == 1
    shutil.copy(DERBY, raw / "reports" / DERBY.name)
    return current, first


def _as_it_was(current, first, releases_dir, warehouse_file) -> None:
    assert current.resolve() == first
    manifest = json.loads((current / "manifest.json").read_text())
    assert manifest["inspection_ids"] == ["cumbria-2023-07"]
    assert _inspections(current / "inspections.duckdb") == 1
    assert _inspections(releases_dir.parent / "current.duckdb") == 1
    assert [p.name for p in release.releases(releases_dir)] == [first.name]
    assert not list(releases_dir.glob(".building-*"))
    assert not list(releases_dir.parent.glob(".current*"))
    with duckdb.connect(str(warehouse_file), read_only=True) as con:  # the load itself stands
        assert con.execute("SELECT count(*) FROM mart.inspections").fetchall() == [(2,)]


def test_disk_full_during_publish_is_one_line_and_exit_4_then_the_next_run_publishes(
        disk, raw, warehouse_file, monkeypatch, capsys):
    releases_dir = disk / "releases"
    current, first = _first_release(raw, warehouse_file, releases_dir)
    used = shutil.disk_usage(disk).used
    _remount(disk, f"size={used + 256 * 1024}")  # room for a few small files, not a second DuckDB copy
    monkeypatch.setenv("INSPECTIONS_RELEASES_DIR", str(releases_dir))
    capsys.readouterr()
    code = main(["run", "--raw", str(raw), "--warehouse", str(warehouse_file), "--progress", "off"])
    err = capsys.readouterr().err
    assert code == 4
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"run could not complete: cannot publish a release in {releases_dir}: ")
    assert "no space left on device" in err  # as the OS or the Parquet writer words it
    assert f"; the warehouse is unchanged and the current release is still {first.name};" in err
    _as_it_was(current, first, releases_dir, warehouse_file)
    _remount(disk, "size=64m")
    healed = run_pipeline(raw, warehouse_file, releases_dir=releases_dir)
    assert [o.status for o in healed.outcomes] == ["already loaded", "already loaded"]
    assert json.loads((current / "manifest.json").read_text())["run_id"] == healed.run_id
    assert _inspections(current / "inspections.duckdb") == 2
    assert _inspections(disk / "current.duckdb") == 2


def test_read_only_release_folder_during_publish_then_the_next_run_publishes(disk, raw, warehouse_file):
    releases_dir = disk / "releases"
    current, first = _first_release(raw, warehouse_file, releases_dir)
    _remount(disk, "ro")
    with pytest.raises(RunCannotComplete) as failed:
        run_pipeline(raw, warehouse_file, releases_dir=releases_dir)
    message = str(failed.value)
    assert "\n" not in message
    assert message.startswith(f"cannot publish a release in {releases_dir}: read-only file system")
    _remount(disk, "rw")
    _as_it_was(current, first, releases_dir, warehouse_file)
    healed = run_pipeline(raw, warehouse_file, releases_dir=releases_dir)
    assert json.loads((current / "manifest.json").read_text())["run_id"] == healed.run_id
    assert _inspections(current / "inspections.duckdb") == 2
