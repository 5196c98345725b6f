"""Prefect task: publish the working warehouse as an immutable release (warehouse/release.py)."""

from __future__ import annotations

from pathlib import Path

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from flows.retry_policy import IO_RETRIES
from warehouse import release

PUBLISH_MODES = ("always", "if-changed", "never")


def should_publish(mode: str, loaded_files: int, has_release: bool) -> bool:
    """``if-changed``: only when the run loaded something, or nothing was ever published."""
    if mode not in PUBLISH_MODES:
        raise ValueError(f"publish must be one of {', '.join(PUBLISH_MODES)}, not {mode!r}")
    return mode == "always" or (mode == "if-changed" and (loaded_files > 0 or not has_release))


@task(name="publish-release", cache_policy=NO_CACHE, **IO_RETRIES)
def publish_release(warehouse_path: Path, run_id: str, releases_dir: Path | None = None,
                    keep_releases: int = 3, run: dict | None = None) -> release.Release:
    """Copy the working file and every mart (Parquet, CSV) into ``releases/<run_id>``, then
    point ``current`` at it; keep the last ``keep_releases``."""
    published = release.publish(Path(warehouse_path), run_id, releases_dir, keep_releases, run)
    get_run_logger().info(f"published {published.path} ({sum(published.manifest['marts'].values())} mart rows)")
    return published
