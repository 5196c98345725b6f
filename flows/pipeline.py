"""The main job: one Prefect flow that runs each ingest in order under one run id."""

from __future__ import annotations

import uuid
from pathlib import Path

from prefect import flow
from prefect.runtime import flow_run

from flows.ingest_reports import ingest_reports
from flows.outcomes import RunSummary
from flows.ingest_surveys import ingest_surveys
from flows.publish import publish_release
from inspections.reference import DEFAULT_REFERENCE_DIR
from inspections.settings import DEFAULT_MIN_ANSWERS


@flow(name="inspections-pipeline")
def run_pipeline(raw_dir: Path, warehouse_path: Path, reference_dir: Path = DEFAULT_REFERENCE_DIR,
                 releases_dir: Path | None = None, keep_releases: int = 3,
                 min_answers: int = DEFAULT_MIN_ANSWERS) -> RunSummary:
    """Reports first (surveys and comparisons build on them), then the rest."""
    run_id = str(flow_run.get_id() or uuid.uuid4())
    summary = RunSummary(run_id)
    summary.extend(ingest_reports(raw_dir, warehouse_path, reference_dir, run_id=run_id))
    # survey extracts after reports: each is tied to an inspection that must be loaded
    summary.extend(ingest_surveys(raw_dir, warehouse_path, reference_dir, run_id=run_id, min_answers=min_answers))
    # last: publish the working file as an immutable release (warehouse/release.py)
    publish_release(warehouse_path, run_id, releases_dir, keep_releases)
    return summary
