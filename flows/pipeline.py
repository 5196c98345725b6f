"""The main jobs, each one Prefect flow under one run id and the warehouse's writer lock:

- ``run_pipeline`` (``inspections run``, the nightly deployment): load what is new under
  ``raw/`` into the working warehouse, then publish a release if the warehouse has changed
  since the current release (flows/publish.py);
- ``rebuild_warehouse`` (the weekly deployment): build a new warehouse from everything under
  ``raw/`` (unchanged files come from the parse cache), swap it in, and always publish. This is
  how changes to reference data, the parser or the survey threshold reach loaded inspections.

Both end by publishing the run's artifacts (flows/run_artifacts.py).
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from prefect import flow
from prefect.runtime import flow_run

from flows.ingest_reports import ingest_reports
from flows.ingest_surveys import ingest_surveys
from flows.faults import infrastructure_failure
from flows.outcomes import RunSummary
from flows.parse_cache import default_cache_dir, parser_fingerprint, prune_stale
from flows.parse_pool import shared_workers
from flows.publish import publish_release
from flows.run_artifacts import publish_run_artifacts
from flows.writer_lock import writer_lock
from core.errors import RunCannotComplete
from core.reference import DEFAULT_REFERENCE_DIR
from core.settings import DEFAULT_MIN_ANSWERS, Limits, Throughput
from warehouse import release


def _ingest(raw_dir: Path, warehouse_path: Path, reference_dir: Path, run_id: str, min_answers: int,
            cache_dir: Path, progress: str, limits: Limits | None = None,
            throughput: Throughput | None = None) -> RunSummary:
    """Reports first (surveys and comparisons build on them), then survey extracts. A run that
    cannot complete (``RunCannotComplete``: the warehouse cannot be written) stops there.
    Without ``limits`` (a scheduled run: deployments carry no limits parameter) the limits come
    from the ``INSPECTIONS_MAX_*`` environment of the process that runs the flow, as for the CLI;
    so does ``throughput`` (INSPECTIONS_PARSE_PROCESSES, INSPECTIONS_BATCH_FILES)."""
    limits = limits or Limits.from_env()
    throughput = throughput or Throughput.from_env()
    with shared_workers(throughput.processes):  # one start of the parse workers for both kinds
        return _ingest_kinds(raw_dir, warehouse_path, reference_dir, run_id, min_answers, cache_dir, progress,
                             limits, throughput)


def _ingest_kinds(raw_dir: Path, warehouse_path: Path, reference_dir: Path, run_id: str, min_answers: int,
                  cache_dir: Path, progress: str, limits: Limits, throughput: Throughput) -> RunSummary:
    summary = RunSummary(run_id)
    try:
        summary.extend(ingest_reports(raw_dir, warehouse_path, reference_dir, run_id=run_id,
                                      cache_dir=cache_dir, progress=progress, limits=limits,
                                      throughput=throughput))
    except RunCannotComplete as err:  # the survey extracts were not reached either
        raise RunCannotComplete(err.reason, err.not_loaded + ("every survey extract",)) from err
    except Exception as err:  # the warehouse could not even be opened or prepared
        _stop_if_infrastructure(err, "no report loaded", ("every report", "every survey extract"))
        raise
    # survey extracts after reports: each is tied to an inspection that must be loaded
    try:
        summary.extend(ingest_surveys(raw_dir, warehouse_path, reference_dir, run_id=run_id,
                                      min_answers=min_answers, cache_dir=cache_dir, progress=progress,
                                      limits=limits, throughput=throughput))
    except RunCannotComplete:
        raise
    except Exception as err:
        _stop_if_infrastructure(err, f"{len(summary.of('loaded'))} report(s) loaded, then no survey extract",
                                ("every survey extract",))
        raise
    prune_stale(cache_dir, parser_fingerprint(reference_dir))  # entries of an older parser or reference data
    return summary


def _stop_if_infrastructure(err: Exception, done: str, not_loaded: tuple[str, ...]) -> None:
    """Raise ``RunCannotComplete`` from ``err`` if the machine is at fault (disk full, read-only)."""
    why = infrastructure_failure(err)
    if why is not None:
        raise RunCannotComplete(f"{done}: {why}", not_loaded) from err


def run_facts(summary: RunSummary, kind: str) -> dict:
    """What a run did, for the release manifest (and ``inspections status``)."""
    return {
        "kind": kind,
        "files": {s: len(summary.of(s)) for s in ("loaded", "already loaded", "rejected")},
        "parse": {p: summary.parses(p) for p in ("parsed", "cache hit", "not needed")},
        "rejected": [{"file": o.source_file, "reason": o.reason} for o in summary.of("rejected")],
    }


def _finish(summary: RunSummary, kind: str, warehouse_path: Path, releases_dir: Path | None, keep_releases: int,
            publish: str) -> None:
    """Publish a release (per ``publish``), then the run's artifacts."""
    releases_dir = Path(releases_dir) if releases_dir else release.default_releases_dir(warehouse_path)
    last = release.current_manifest(releases_dir)
    published = publish_release(warehouse_path, summary.run_id, releases_dir, keep_releases,
                                run_facts(summary, kind), mode=publish)
    # marts counted by this release, or unchanged since the current one: not counted again
    publish_run_artifacts(summary, warehouse_path, last["marts"] if last else None, published.mart_rows)


@flow(name="inspections-pipeline")
def run_pipeline(raw_dir: Path, warehouse_path: Path, reference_dir: Path = DEFAULT_REFERENCE_DIR,
                 releases_dir: Path | None = None, keep_releases: int = 3,
                 min_answers: int = DEFAULT_MIN_ANSWERS, cache_dir: Path | None = None,
                 publish: str = "if-changed", progress: str = "off", limits: Limits | None = None,
                 throughput: Throughput | None = None) -> RunSummary:
    """Load what is new under ``raw_dir`` into ``warehouse_path``; publish a release when
    ``publish`` says (always, if-changed, never); ``progress``: auto, bar, lines or off;
    ``limits``: bounds on one input file (default ``Limits()``); ``throughput``: parse processes and
    files per batch (default: from the environment, ``Throughput.from_env()``)."""
    run_id = str(flow_run.get_id() or uuid.uuid4())
    warehouse_path = Path(warehouse_path)
    cache_dir = Path(cache_dir) if cache_dir else default_cache_dir(warehouse_path)
    with writer_lock(warehouse_path, run_id):
        summary = _ingest(Path(raw_dir), warehouse_path, Path(reference_dir), run_id, min_answers, cache_dir, progress,
                          limits, throughput)
        _finish(summary, "ingest", warehouse_path, releases_dir, keep_releases, publish)
    return summary


@flow(name="inspections-rebuild")
def rebuild_warehouse(raw_dir: Path, warehouse_path: Path, reference_dir: Path = DEFAULT_REFERENCE_DIR,
                      releases_dir: Path | None = None, keep_releases: int = 3,
                      min_answers: int = DEFAULT_MIN_ANSWERS, cache_dir: Path | None = None,
                      progress: str = "off", limits: Limits | None = None,
                      throughput: Throughput | None = None) -> RunSummary:
    """Build a new warehouse from everything under ``raw_dir`` beside ``warehouse_path``, swap it
    in with an atomic rename, and publish a release. The load ledger starts afresh (earlier runs'
    ledgers stay in their releases)."""
    run_id = str(flow_run.get_id() or uuid.uuid4())
    warehouse_path = Path(warehouse_path)
    cache_dir = Path(cache_dir) if cache_dir else default_cache_dir(warehouse_path)
    building = warehouse_path.with_name(f".rebuild-{run_id}-{warehouse_path.name}")
    with writer_lock(warehouse_path, run_id):
        try:
            summary = _ingest(Path(raw_dir), building, Path(reference_dir), run_id, min_answers, cache_dir, progress,
                              limits, throughput)
            # the old file's write-ahead log must not be replayed onto the new file
            Path(f"{warehouse_path}.wal").unlink(missing_ok=True)
            os.replace(building, warehouse_path)
        finally:
            building.unlink(missing_ok=True)
            Path(f"{building}.wal").unlink(missing_ok=True)
        _finish(summary, "rebuild", warehouse_path, releases_dir, keep_releases, "always")
    return summary
