"""Prefect task: publish the working warehouse as an immutable release (warehouse/release.py)."""

from __future__ import annotations

from pathlib import Path

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from warehouse import release


@task(name="publish-release", cache_policy=NO_CACHE)
def publish_release(warehouse_path: Path, run_id: str, releases_dir: Path | None = None,
                    keep_releases: int = 3) -> release.Release:
    """Copy the working file and every mart (Parquet, CSV) into ``releases/<run_id>``, then
    point ``current`` at it; keep the last ``keep_releases``."""
    published = release.publish(Path(warehouse_path), run_id, releases_dir, keep_releases)
    get_run_logger().info(f"published {published.path} ({sum(published.manifest['marts'].values())} mart rows)")
    return published
