"""Publish the warehouse as immutable, read-only releases that BI tools can hold open.

DuckDB allows one read-write process per file, and BI tools keep files open. So a run builds
into the working file (``--warehouse FILE``) and then publishes a release beside it::

    <releases_dir>/<run_id>/
        inspections.duckdb        checkpointed copy of the working file (read-only mode 0444)
        parquet/<mart>.parquet    one per mart view
        csv/<mart>.csv            one per mart view
        manifest.json             run_id, created_at, row counts per mart, source file count,
                                  and what the run did (files loaded, skipped, rejected)
    <releases_dir>/../current  -> releases/<run_id>     (symlink)

A release is built in a hidden folder and renamed into place (atomic), then ``current`` is
swapped to it with ``os.replace`` (atomic): a reader sees the old release or the new one,
never a half-built one. Readers open ``current/inspections.duckdb`` read-only; since each
release is its own file, a reader holding one open never blocks the next run. Only the last
``keep`` releases are kept (never the one ``current`` points at); on POSIX a reader holding a
pruned release open keeps reading it until it closes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from warehouse import store

DUCKDB_NAME = "inspections.duckdb"
MANIFEST_NAME = "manifest.json"
CURRENT_NAME = "current"


@dataclass(frozen=True)
class Release:
    path: Path
    manifest: dict


def default_releases_dir(working_file: Path) -> Path:
    """``releases/`` beside the working file (so ``current`` is beside it too)."""
    return Path(working_file).parent / "releases"


def current_link(releases_dir: Path) -> Path:
    """The stable pointer BI tools use: ``<releases_dir>/../current``."""
    return Path(releases_dir).parent / CURRENT_NAME


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _write_contents(working_file: Path, folder: Path, run_id: str, run: dict | None = None) -> dict:
    """Fill an empty ``folder`` with a release of ``working_file``; returns the manifest."""
    sql = store.statements()
    (folder / "parquet").mkdir(parents=True)
    (folder / "csv").mkdir()
    counts: dict[str, int] = {}
    with store.connect(working_file) as con:
        con.execute(sql["checkpoint"]).fetchall()
        names = [r[0] for r in con.execute(sql["mart_relations"]).fetchall()]
        for name in names:
            view = _ident(name)
            counts[name] = con.execute(sql["count_mart_relation"].format(view=view)).fetchall()[0][0]
            con.execute(sql["export_parquet"].format(view=view, path=_literal(folder / "parquet" / f"{name}.parquet"))).fetchall()
            con.execute(sql["export_csv"].format(view=view, path=_literal(folder / "csv" / f"{name}.csv"))).fetchall()
        source_files = con.execute(sql["source_file_count"]).fetchall()[0][0]
        con.execute(sql["checkpoint"]).fetchall()
    shutil.copyfile(working_file, folder / DUCKDB_NAME)
    manifest = {
        "run_id": run_id,
        "created_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "duckdb": DUCKDB_NAME,
        "source_files": source_files,
        "marts": counts,
    }
    if run is not None:
        manifest["run"] = run
    (folder / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    for path in folder.rglob("*"):
        if path.is_file():
            path.chmod(0o444)
    return manifest


def _build_then_rename(working_file: Path, target: Path, run_id: str, run: dict | None = None) -> Release:
    building = target.parent / f".building-{target.name}"
    if building.exists():
        shutil.rmtree(building)
    try:
        manifest = _write_contents(Path(working_file), building, run_id, run)
        os.rename(building, target)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return Release(target, manifest)


def export(working_file: Path, out_dir: Path, run_id: str) -> Release:
    """Write a release of ``working_file`` into ``out_dir`` (new or empty), built beside it and
    renamed into place."""
    out_dir = Path(out_dir)
    if out_dir.exists():
        if any(out_dir.iterdir()):
            raise FileExistsError(f"{out_dir} is not empty: export into a new or empty folder")
        out_dir.rmdir()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    return _build_then_rename(working_file, out_dir, run_id)


def publish(working_file: Path, run_id: str, releases_dir: Path | None = None, keep: int = 3,
            run: dict | None = None) -> Release:
    """Publish ``releases_dir/<run_id>``, point ``current`` at it, keep the last ``keep``.
    ``run``: what the run did (files loaded, skipped, rejected), kept in the manifest."""
    if keep < 1:
        raise ValueError(f"keep must be at least 1, not {keep}")
    releases_dir = Path(releases_dir) if releases_dir else default_releases_dir(working_file)
    releases_dir.mkdir(parents=True, exist_ok=True)
    target = releases_dir / run_id
    if target.exists():
        raise FileExistsError(f"release {target} already exists; releases are immutable")
    release = _build_then_rename(working_file, target, run_id, run)
    link = current_link(releases_dir)
    staged = link.parent / f".{CURRENT_NAME}-{run_id}"
    if staged.is_symlink() or staged.exists():
        staged.unlink()
    staged.symlink_to(os.path.relpath(target, link.parent), target_is_directory=True)
    os.replace(staged, link)
    prune(releases_dir, keep)
    return release


def releases(releases_dir: Path) -> list[Path]:
    """Published releases, oldest first (by manifest created_at, then name)."""
    found = []
    for path in Path(releases_dir).iterdir() if Path(releases_dir).is_dir() else []:
        manifest = path / MANIFEST_NAME
        if path.is_dir() and not path.name.startswith(".") and manifest.is_file():
            found.append((json.loads(manifest.read_text(encoding="utf-8"))["created_at"], path.stat().st_mtime, path))
    return [p for *_, p in sorted(found)]


def prune(releases_dir: Path, keep: int) -> list[Path]:
    """Remove all but the newest ``keep`` releases, never the one ``current`` points at."""
    link = current_link(releases_dir)
    live = link.resolve() if link.is_symlink() else None
    removed = []
    for path in releases(releases_dir)[:-keep]:
        if live is not None and path.resolve() == live:
            continue
        shutil.rmtree(path)
        removed.append(path)
    return removed


def current_manifest(releases_dir: Path) -> dict | None:
    """The manifest of the release ``current`` points at, if any."""
    manifest = current_link(releases_dir) / MANIFEST_NAME
    return json.loads(manifest.read_text(encoding="utf-8")) if manifest.is_file() else None


def last_run_id(working_file: Path) -> str | None:
    """The id of the latest run recorded in the working file (None before any run)."""
    with store.connect(working_file, read_only=True) as con:
        rows = con.execute(store.statements()["last_run_id"]).fetchall()
    return rows[0][0] if rows else None
