"""Prefect task: what a run shows in the Prefect UI. Two artifacts per run, under fixed keys so
the UI keeps their history: ``inspections-files`` (a table of every input file: loaded, already
loaded or rejected, parsed or taken from the parse cache, and why) and ``inspections-quality``
(the data-quality scoreboard, transforms/run_scoreboard.py)."""

from __future__ import annotations

from pathlib import Path

from prefect import task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE

from flows.outcomes import RunSummary
from transforms.run_scoreboard import files_table, mart_changes, render_scoreboard
from warehouse import store

FILES_KEY = "inspections-files"
QUALITY_KEY = "inspections-quality"


@task(name="publish-run-artifacts", cache_policy=NO_CACHE)
def publish_run_artifacts(summary: RunSummary, warehouse_path: Path, last_release_counts: dict | None,
                          counts: dict | None = None) -> str:
    """Create the run's two artifacts; returns the scoreboard's Markdown. ``counts``: rows per
    mart now, of the marts whose rows are known already (counted by the run's release, or
    unchanged since the current one); the others are counted here."""
    with store.connect(Path(warehouse_path), read_only=True) as con:
        frames = store.scoreboard_frames(con, summary.run_id)
        counts = store.table_counts(con, "mart", known=counts or {})
    markdown = render_scoreboard(summary.run_id, summary.outcomes, frames, mart_changes(last_release_counts, counts))
    create_table_artifact(key=FILES_KEY, table=files_table(summary.outcomes),
                          description=f"Input files of run {summary.run_id}: loaded, already loaded or rejected")
    create_markdown_artifact(key=QUALITY_KEY, markdown=markdown,
                             description=f"Data-quality scoreboard of run {summary.run_id}")
    return markdown
