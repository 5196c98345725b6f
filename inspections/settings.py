"""One settings object, passed in; never read at import time."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    """Paths the pipeline works with. Command-line options override these."""

    raw_dir: Path = PROJECT_ROOT / "raw"
    """Folder of landed inputs; reports are read from ``raw_dir/reports``. Never written by a run."""
    warehouse_path: Path = PROJECT_ROOT / "warehouse" / "inspections.duckdb"
    """The DuckDB warehouse file."""
    reference_dir: Path = PROJECT_ROOT / "reference"
    """Reference data: regions, PDUs, frameworks, rating bands, measure rules."""

    @classmethod
    def from_env(cls) -> "Settings":
        """Defaults, overridden by INSPECTIONS_RAW_DIR, INSPECTIONS_WAREHOUSE, INSPECTIONS_REFERENCE_DIR."""
        env = os.environ
        base = cls()
        return cls(
            raw_dir=Path(env.get("INSPECTIONS_RAW_DIR", base.raw_dir)),
            warehouse_path=Path(env.get("INSPECTIONS_WAREHOUSE", base.warehouse_path)),
            reference_dir=Path(env.get("INSPECTIONS_REFERENCE_DIR", base.reference_dir)),
        )
