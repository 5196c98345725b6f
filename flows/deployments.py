"""The scheduled deployments, declared once here and served by ``inspections serve``:

- ``inspections-pipeline/nightly-ingest``: every night at 02:30 (Europe/London), load what is
  new under ``raw/`` and publish a release if anything was loaded;
- ``inspections-rebuild/weekly-rebuild``: every Sunday at 04:00, rebuild the warehouse from all
  of ``raw/`` (unchanged files come from the parse cache) and publish a release.

Each deployment runs one flow run at a time (a second one waits in the queue); the two never
write at once either, because both take the warehouse's writer lock (flows/writer_lock.py).
"""

from __future__ import annotations

from prefect.schedules import Cron
from prefect.types.entrypoint import EntrypointType

from flows.pipeline import rebuild_warehouse, run_pipeline
from core.settings import Settings

TIMEZONE = "Europe/London"
NIGHTLY = "nightly-ingest"
NIGHTLY_CRON = "30 2 * * *"
WEEKLY = "weekly-rebuild"
WEEKLY_CRON = "0 4 * * 0"
TAGS = ["inspections"]


def flow_parameters(settings: Settings) -> dict:
    """The flows' parameters for ``settings`` (JSON-able: they are stored with the deployment)."""
    return {
        "raw_dir": str(settings.raw_dir),
        "warehouse_path": str(settings.warehouse_path),
        "reference_dir": str(settings.reference_dir),
        "releases_dir": str(settings.releases_dir) if settings.releases_dir else None,
        "keep_releases": settings.keep_releases,
        "min_answers": settings.min_answers,
        "cache_dir": str(settings.cache_dir) if settings.cache_dir else None,
        "progress": "lines",
    }


def deployments(settings: Settings) -> list:
    """The two runner deployments (``flow.to_deployment``), ready for ``prefect.serve``."""
    params = flow_parameters(settings)
    return [
        run_pipeline.to_deployment(
            NIGHTLY, schedule=Cron(NIGHTLY_CRON, timezone=TIMEZONE), parameters={**params, "publish": "if-changed"},
            concurrency_limit=1, tags=TAGS, entrypoint_type=EntrypointType.MODULE_PATH,
            description="Load new report and survey files from raw/; publish a release if anything was loaded."),
        rebuild_warehouse.to_deployment(
            WEEKLY, schedule=Cron(WEEKLY_CRON, timezone=TIMEZONE), parameters=params,
            concurrency_limit=1, tags=TAGS, entrypoint_type=EntrypointType.MODULE_PATH,
            description="Rebuild the warehouse from all of raw/ (parse cache) and publish a release."),
    ]
