"""One settings object, passed in; never read at import time."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
#: Survey percentages of questions answered by fewer people are suppressed (README, "Survey extracts").
DEFAULT_MIN_ANSWERS = 10


@dataclass(frozen=True)
class Settings:
    """Paths the pipeline works with. Command-line options override these."""

    raw_dir: Path = PROJECT_ROOT / "raw"
    """Folder of landed inputs; reports are read from ``raw_dir/reports``. Never written by a run."""
    warehouse_path: Path = PROJECT_ROOT / "warehouse" / "inspections.duckdb"
    """The DuckDB warehouse file."""
    reference_dir: Path = PROJECT_ROOT / "reference"
    """Reference data: regions, PDUs, frameworks, rating bands, measure rules."""
    releases_dir: Path | None = None
    """Where published releases go (``<releases_dir>/<run_id>/``, with ``<releases_dir>/../current``
    pointing at the newest). None: ``releases/`` beside the warehouse (working) file."""
    keep_releases: int = 3
    """How many published releases to keep (the one ``current`` points at is never removed)."""
    min_answers: int = DEFAULT_MIN_ANSWERS
    """Survey suppression threshold: a question answered by fewer respondents gets no percentage
    or interval in mart.survey_results (suppressed = true)."""

    cache_dir: Path | None = None
    """Parse results cached by file SHA-256 (flows/parse_cache.py). None: ``cache/`` beside the
    warehouse file."""
    prefect_home: Path = PROJECT_ROOT / ".prefect"
    """Where ``inspections serve`` keeps its local Prefect server's SQLite database and log."""
    server_port: int = 4200
    """The local Prefect server's port on 127.0.0.1 (its UI: http://127.0.0.1:4200)."""

    @classmethod
    def from_env(cls) -> "Settings":
        """Defaults, overridden by INSPECTIONS_RAW_DIR, INSPECTIONS_WAREHOUSE, INSPECTIONS_REFERENCE_DIR,
        INSPECTIONS_RELEASES_DIR, INSPECTIONS_KEEP_RELEASES, INSPECTIONS_MIN_ANSWERS,
        INSPECTIONS_CACHE_DIR, PREFECT_HOME, INSPECTIONS_SERVER_PORT."""
        env = os.environ
        base = cls()
        return cls(
            raw_dir=Path(env.get("INSPECTIONS_RAW_DIR", base.raw_dir)),
            warehouse_path=Path(env.get("INSPECTIONS_WAREHOUSE", base.warehouse_path)),
            reference_dir=Path(env.get("INSPECTIONS_REFERENCE_DIR", base.reference_dir)),
            releases_dir=Path(env["INSPECTIONS_RELEASES_DIR"]) if env.get("INSPECTIONS_RELEASES_DIR") else None,
            keep_releases=int(env.get("INSPECTIONS_KEEP_RELEASES", base.keep_releases)),
            min_answers=int(env.get("INSPECTIONS_MIN_ANSWERS", base.min_answers)),
            cache_dir=Path(env["INSPECTIONS_CACHE_DIR"]) if env.get("INSPECTIONS_CACHE_DIR") else None,
            prefect_home=Path(env.get("PREFECT_HOME", base.prefect_home)),
            server_port=int(env.get("INSPECTIONS_SERVER_PORT", base.server_port)),
        )
