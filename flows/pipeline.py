"""The main job: one Prefect flow that runs each ingest in order under one run id."""

from __future__ import annotations

import uuid
from pathlib import Path

from prefect import flow
from prefect.runtime import flow_run

from flows.ingest_reports import RunSummary, ingest_reports
from inspections.reference import DEFAULT_REFERENCE_DIR


@flow(name="inspections-pipeline")
def run_pipeline(raw_dir: Path, warehouse_path: Path, reference_dir: Path = DEFAULT_REFERENCE_DIR) -> RunSummary:
    """Reports first (surveys and comparisons build on them), then the rest."""
    run_id = str(flow_run.get_id() or uuid.uuid4())
    summary = RunSummary(run_id)
    summary.extend(ingest_reports(raw_dir, warehouse_path, reference_dir, run_id=run_id))
    return summary
