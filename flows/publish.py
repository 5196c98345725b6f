"""Prefect task: publish the working warehouse as an immutable release (warehouse/release.py)
when it has changed since the current release."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from flows.retry_policy import IO_RETRIES
from warehouse import release

PUBLISH_MODES = ("always", "if-changed", "never")


def should_publish(mode: str, fingerprint: str, source_files: int, current: dict | None) -> tuple[bool, str]:
    """Whether to publish, and why (one line). ``if-changed``: when the warehouse's content
    fingerprint differs from the one the current release recorded, whatever this run loaded
    (so a publish that was interrupted is made good by the next run); never an empty first
    release. ``current``: the current release's manifest, if any."""
    if mode not in PUBLISH_MODES:
        raise ValueError(f"publish must be one of {', '.join(PUBLISH_MODES)}, not {mode!r}")
    if mode == "never":
        return False, "publishing is off for this run"
    if mode == "always":
        return True, "publishing was asked for"
    if current is None:
        if source_files == 0:
            return False, "the warehouse holds no loaded file yet: no empty first release"
        return True, "no release has been published yet"
    if current.get("fingerprint") != fingerprint:
        return True, "the warehouse has changed since the current release"
    return False, "the warehouse is unchanged since the current release"


@dataclass(frozen=True)
class PublishOutcome:
    release: release.Release | None
    """The release published, None when nothing was."""
    mart_rows: dict[str, int]
    """Rows of each mart known without evaluating it again: every mart when a release was
    published (counted from its Parquet files), else each mart whose fingerprint is the one the
    current release recorded (that release's count). The run's artifacts count only the rest."""


def unchanged_mart_rows(marts: dict[str, str], current: dict | None) -> dict[str, int]:
    """Rows of each mart whose fingerprint (``marts``) is the one ``current`` (a release
    manifest) recorded, as that release counted them."""
    if not current:
        return {}
    recorded, rows = current.get("mart_fingerprints") or {}, current.get("marts") or {}
    return {m: rows[m] for m, fp in marts.items() if recorded.get(m) == fp and m in rows}


@task(name="publish-release", cache_policy=NO_CACHE, **IO_RETRIES)
def publish_release(warehouse_path: Path, run_id: str, releases_dir: Path | None = None,
                    keep_releases: int = 3, run: dict | None = None, mode: str = "always") -> PublishOutcome:
    """Publish ``releases/<dated name>`` and point ``current`` at it when ``mode`` says so (see
    ``should_publish``); keep the last ``keep_releases``."""
    logger = get_run_logger()
    releases_dir = Path(releases_dir) if releases_dir else release.default_releases_dir(warehouse_path)
    fingerprints = release.warehouse_fingerprints(Path(warehouse_path))
    current = release.current_manifest(releases_dir)
    publish, why = should_publish(mode, fingerprints.data, fingerprints.source_files, current)
    if not publish:
        try:
            release.refresh_stable_file(releases_dir)  # after a publish stopped between its two swaps
        except OSError as err:
            logger.warning(f"could not refresh {release.stable_file(releases_dir)}: {err}")
        logger.info(f"not publishing: {why}")
        return PublishOutcome(None, unchanged_mart_rows(fingerprints.marts, current))
    published = release.publish(Path(warehouse_path), run_id, releases_dir, keep_releases, run)
    reused = len(published.manifest["reused"])
    logger.info(f"published {published.path} ({why}; {len(published.manifest['marts']) - reused} marts "
                f"written, {reused} unchanged)")
    return PublishOutcome(published, dict(published.manifest["marts"]))
