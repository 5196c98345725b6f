"""Publish the warehouse as immutable, read-only, self-describing releases that BI tools can
hold open (docs/releases.md says what a release holds and how to read one without the project).

DuckDB allows one read-write process per file, and BI tools keep files open. So a run builds
into the working file (``--warehouse FILE``) and then publishes a release beside it::

    <releases_dir>/<YYYY-MM-DDTHHMMSSZ>-<run id, 8 characters>/
        inspections.duckdb        checkpointed copy of the working file
        parquet/<mart>.parquet    one per mart, column descriptions in its metadata
        csv/<mart>.csv            one per mart, derived from the Parquet file, formula-safe
        schema.json               every mart's columns with their DuckDB types and descriptions
        DATA_DICTIONARY.md        the data dictionary (transforms/data_dictionary.py)
        CHANGES.md                what changed since the previous release
        README.md                 how to read the folder without the project
        manifest.json             name, run, created_at, rows per mart, fingerprints, ...
    <releases_dir>/../current         -> releases/<name>   (symlink, swapped atomically)
    <releases_dir>/../current.duckdb  hard link to current/inspections.duckdb (replaced
                                      atomically), for tools that cannot follow a symlink

Every file is read-only (0444). A release is built in ``.building-<name>`` and renamed into
place, then ``current`` and ``current.duckdb`` are swapped with ``os.replace``: a reader sees
the old release or the new one, never a half-built one. A publish first removes what a killed
publish left behind. A mart whose fingerprint (warehouse/fingerprint.py) is the one recorded
in the previous release keeps that release's Parquet and CSV files (hard-linked, not
rewritten). A full or read-only disk during a publish leaves the warehouse and ``current`` as
they were and raises ``RunCannotComplete`` (one line). Only the last ``keep`` releases are
kept (never the one ``current`` points at).
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

from core.errors import RunCannotComplete
from transforms.data_dictionary import render_dictionary
from transforms.release_notes import ReleaseFacts, render_changes
from warehouse import catalog, fingerprint, mart_export, store

DUCKDB_NAME = "inspections.duckdb"
MANIFEST_NAME = "manifest.json"
CHANGES_NAME = "CHANGES.md"
DICTIONARY_NAME = "DATA_DICTIONARY.md"
SCHEMA_NAME = "schema.json"
README_NAME = "README.md"
CURRENT_NAME = "current"
STABLE_NAME = "current.duckdb"
BUILDING_PREFIX = ".building-"
README_TEMPLATE = Path(__file__).resolve().parent / "release_readme.md"

#: errors of the machine, not the data: a full disk, a read-only or refused folder
_INFRA_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM}
_INFRA_WORDS = ("no space left on device", "read-only file system", "permission denied", "disk quota exceeded")


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


def stable_file(releases_dir: Path) -> Path:
    """The current release's DuckDB file at a path that is not a symlink:
    ``<releases_dir>/../current.duckdb``."""
    return Path(releases_dir).parent / STABLE_NAME


def release_name(created: dt.datetime, run_id: str) -> str:
    """``2026-11-29T180512Z-1a2b3c4d``: UTC time of publication, then the run id's first 8
    letters or digits. Sorts by time."""
    short = re.sub(r"[^0-9A-Za-z]", "", run_id)[:8] or "run"
    return f"{created.astimezone(dt.timezone.utc):%Y-%m-%dT%H%M%SZ}-{short}"


def is_infrastructure(err: BaseException) -> bool:
    """A full disk, a read-only file system, a refused folder (also as DuckDB reports them)."""
    if isinstance(err, OSError) and err.errno is not None:
        return err.errno in _INFRA_ERRNOS
    if isinstance(err, (OSError, duckdb.Error)):  # pyarrow and DuckDB say it in words
        return any(w in str(err).lower() for w in _INFRA_WORDS)
    return False


def _reason(err: BaseException) -> str:
    if isinstance(err, OSError) and err.strerror:
        return err.strerror.lower() + (f" ({err.filename})" if err.filename else "")
    text = " ".join(str(err).split()).lower()
    return next((w for w in _INFRA_WORDS if w in text), text[:200])


def _link_or_copy(source: Path, target: Path) -> None:
    """Hard-link an immutable release file; copy where links are not possible."""
    try:
        os.link(source, target)
    except OSError as err:
        if err.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP):
            raise
        shutil.copyfile(source, target)


def _inspections(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str | None, str | None]]:
    return [(i, u, None if p is None else str(p))
            for i, u, p in con.execute(store.statements()["release_inspections"]).fetchall()]


def _schema(relations, columns, counts: dict[str, int]) -> dict:
    """schema.json: per mart its description, rows and columns (name, DuckDB type, description)."""
    marts = {}
    for rel in relations.iter_rows(named=True):
        cols = columns.filter(columns["table_name"] == rel["name"]).sort("column_index")
        marts[rel["name"]] = {
            "description": rel["comment"], "rows": counts.get(rel["name"]),
            "parquet": f"parquet/{rel['name']}.parquet", "csv": f"csv/{rel['name']}.csv",
            "columns": [{"name": c["column_name"], "type": c["data_type"], "description": c["comment"]}
                        for c in cols.iter_rows(named=True)],
        }
    return {
        "csv": {"header": True, "delimiter": ",", "quote": '"', "null": "", "encoding": "utf-8",
                "formula_prefix": "'",
                "formula_rule": "a text cell starting with = + - @, a tab or a carriage return is "
                                "prefixed with ' in the CSV files only; Parquet and DuckDB hold the true value"},
        "marts": marts,
    }


def _write_contents(working_file: Path, folder: Path, run_id: str, name: str, created: dt.datetime,
                    run: dict | None = None, previous: Release | None = None) -> dict:
    """Fill an empty ``folder`` with a release of ``working_file``; returns the manifest. Marts
    whose fingerprint is unchanged since ``previous`` keep its files."""
    sql = store.statements()
    (folder / "parquet").mkdir(parents=True)
    (folder / "csv").mkdir()
    before = previous.manifest if previous else {}
    before_fps = before.get("mart_fingerprints") or {}
    counts: dict[str, int] = {}
    reused: list[str] = []
    with store.connect(working_file) as con:
        con.execute(sql["checkpoint"]).fetchall()
        fps = fingerprint.compute(con)
        relations, columns = catalog.mart_catalog(con)
        comments = dict(zip(relations["name"], relations["comment"]))
        for mart in [r[0] for r in con.execute(sql["mart_relations"]).fetchall()]:
            parquet, csv = folder / "parquet" / f"{mart}.parquet", folder / "csv" / f"{mart}.csv"
            old = (previous.path / "parquet" / f"{mart}.parquet", previous.path / "csv" / f"{mart}.csv") if previous else None
            if old and before_fps.get(mart) == fps.marts.get(mart) and old[0].is_file() and old[1].is_file():
                _link_or_copy(old[0], parquet)
                _link_or_copy(old[1], csv)
                reused.append(mart)
            else:
                cols = columns.filter(columns["table_name"] == mart)
                mart_export.write_parquet(con, mart, parquet, comments.get(mart),
                                          dict(zip(cols["column_name"], cols["comment"])))
                mart_export.write_csv_from_parquet(con, parquet, csv)
            counts[mart] = mart_export.parquet_rows(parquet)
        inspections = _inspections(con)
        known = set(before["inspection_ids"]) if "inspection_ids" in before else set()
        added = [row for row in inspections if row[0] not in known]
        ids = [row[0] for row in inspections]
        quality = [tuple(r) for r in con.execute(sql["release_data_quality"], [[a[0] for a in added]]).fetchall()]
        source_files = con.execute(sql["source_file_count"]).fetchall()[0][0]
        con.execute(sql["checkpoint"]).fetchall()
    shutil.copyfile(working_file, folder / DUCKDB_NAME)
    newest = max((p for *_, p in inspections if p), default=None)
    created_at = created.isoformat(timespec="seconds")
    facts = ReleaseFacts(name, run_id, created_at, counts, added,
                         sorted(known - set(ids)), quality, newest, reused)
    (folder / CHANGES_NAME).write_text(render_changes(facts, before or None), encoding="utf-8")
    (folder / DICTIONARY_NAME).write_text(render_dictionary(relations, columns), encoding="utf-8")
    (folder / SCHEMA_NAME).write_text(json.dumps(_schema(relations, columns, counts), indent=2) + "\n", encoding="utf-8")
    (folder / README_NAME).write_text(README_TEMPLATE.read_text(encoding="utf-8"), encoding="utf-8")
    manifest = {
        "name": name,
        "run_id": run_id,
        "created_at": created_at,
        "duckdb": DUCKDB_NAME,
        "duckdb_version": duckdb.__version__,
        "source_files": source_files,
        "newest_report": newest,
        "previous": before.get("name") if before else None,
        "marts": counts,
        "reused": reused,
        "fingerprint": fps.data,
        "mart_fingerprints": fps.marts,
        "inspection_ids": ids,
    }
    if run is not None:
        manifest["run"] = run
    (folder / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    for path in folder.rglob("*"):
        if path.is_file():
            path.chmod(0o444)
    return manifest


def _build_then_rename(working_file: Path, target: Path, run_id: str, created: dt.datetime,
                       run: dict | None = None, previous: Release | None = None) -> Release:
    building = target.parent / f"{BUILDING_PREFIX}{target.name}"
    if building.exists():
        shutil.rmtree(building)
    try:
        manifest = _write_contents(Path(working_file), building, run_id, target.name, created, run, previous)
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
    created = dt.datetime.now(dt.timezone.utc)
    return _build_then_rename(working_file, out_dir, run_id, created)


def clean_leftovers(releases_dir: Path) -> list[Path]:
    """Remove what an interrupted publish left: half-built ``.building-*`` folders and staged
    ``.current-*`` links. Called with the writer lock held, so none of them is in progress."""
    removed = []
    releases_dir = Path(releases_dir)
    for path in releases_dir.glob(f"{BUILDING_PREFIX}*") if releases_dir.is_dir() else []:
        shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
        removed.append(path)
    for pattern in (f".{CURRENT_NAME}-*", f".{STABLE_NAME}-*"):
        for path in releases_dir.parent.glob(pattern):
            if path.is_symlink() or path.is_file():
                path.unlink()
                removed.append(path)
    return removed


def current_release(releases_dir: Path) -> Release | None:
    """The complete release ``current`` points at, if any."""
    link = current_link(releases_dir)
    manifest = link / MANIFEST_NAME
    if not manifest.is_file():
        return None
    return Release(link.resolve(), json.loads(manifest.read_text(encoding="utf-8")))


def refresh_stable_file(releases_dir: Path) -> bool:
    """Make ``current.duckdb`` the file of the release ``current`` points at (after a publish
    stopped between the two swaps); True if it had to be replaced."""
    live = current_link(releases_dir) / DUCKDB_NAME
    stable = stable_file(releases_dir)
    if not live.is_file() or (stable.is_file() and os.path.samefile(live, stable)):
        return False
    _swap_stable_file(releases_dir, live.resolve())
    return True


def _swap_stable_file(releases_dir: Path, source: Path) -> None:
    stable = stable_file(releases_dir)
    staged = stable.parent / f".{STABLE_NAME}-{source.parent.name}"
    staged.unlink(missing_ok=True)
    _link_or_copy(source, staged)
    os.replace(staged, stable)


def _point_current_at(releases_dir: Path, target: Path) -> None:
    """Stage both pointers (the writes that can fail), then swap them in (two renames)."""
    link, stable = current_link(releases_dir), stable_file(releases_dir)
    staged_link = link.parent / f".{CURRENT_NAME}-{target.name}"
    staged_file = stable.parent / f".{STABLE_NAME}-{target.name}"
    for staged in (staged_link, staged_file):
        if staged.is_symlink() or staged.exists():
            staged.unlink()
    staged_link.symlink_to(os.path.relpath(target, link.parent), target_is_directory=True)
    _link_or_copy(target / DUCKDB_NAME, staged_file)
    os.replace(staged_link, link)
    os.replace(staged_file, stable)


def warehouse_fingerprints(working_file: Path) -> fingerprint.Fingerprints:
    """The working file's fingerprints (warehouse/fingerprint.py)."""
    with store.connect(Path(working_file)) as con:
        return fingerprint.compute(con)


def publish(working_file: Path, run_id: str, releases_dir: Path | None = None, keep: int = 3,
            run: dict | None = None, now: dt.datetime | None = None) -> Release:
    """Publish ``releases_dir/<name>``, point ``current`` (and ``current.duckdb``) at it, keep
    the last ``keep``. ``run``: what the run did (files loaded, skipped, rejected), kept in the
    manifest. A full, read-only or refused disk raises ``RunCannotComplete`` and leaves the
    warehouse and ``current`` as they were."""
    if keep < 1:
        raise ValueError(f"keep must be at least 1, not {keep}")
    releases_dir = Path(releases_dir) if releases_dir else default_releases_dir(working_file)
    created = (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc)
    target = releases_dir / release_name(created, run_id)
    previous = None
    try:
        releases_dir.mkdir(parents=True, exist_ok=True)
        clean_leftovers(releases_dir)
        previous = current_release(releases_dir)
        if target.exists():
            raise FileExistsError(f"release {target} already exists; releases are immutable")
        published = _build_then_rename(working_file, target, run_id, created, run, previous)
        try:
            _point_current_at(releases_dir, target)
        except BaseException:
            if not (current_link(releases_dir).resolve() == target.resolve()):
                shutil.rmtree(target, ignore_errors=True)
            raise
    except (OSError, duckdb.Error) as err:
        if not is_infrastructure(err):
            raise
        kept = f"the current release is still {previous.path.name}" if previous else "no release was published"
        raise RunCannotComplete(f"cannot publish a release in {releases_dir}: {_reason(err)}; "
                                  f"the warehouse is unchanged and {kept}") from err
    try:
        prune(releases_dir, keep)
    except OSError:
        pass  # an old release that cannot be removed now is removed by a later publish
    return published


def releases(releases_dir: Path) -> list[Path]:
    """Published releases, oldest first (by manifest created_at, then name)."""
    found = []
    for path in Path(releases_dir).iterdir() if Path(releases_dir).is_dir() else []:
        manifest = path / MANIFEST_NAME
        if path.is_dir() and not path.name.startswith(".") and manifest.is_file():
            found.append((json.loads(manifest.read_text(encoding="utf-8"))["created_at"], path.name, path))
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
