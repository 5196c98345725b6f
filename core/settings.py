"""One settings object, passed in; never read at import time."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
#: Survey percentages of questions answered by fewer people are suppressed (README, "Survey extracts").
DEFAULT_MIN_ANSWERS = 10
#: Seconds the ephemeral Prefect server of ``inspections run`` may take to answer (Prefect's own default,
#: 20, is too short for a busy 2-core machine: it failed 2 runs in 4 under load).
DEFAULT_PREFECT_STARTUP_TIMEOUT = 90


@dataclass(frozen=True)
class Limits:
    """Bounds on one input file, checked at intake before the file is read into memory
    (flows/intake.py; docs/operations.md). At these defaults one input stays well under 1 GB
    of memory. A file over any of them is rejected with a one-line reason."""

    max_file_bytes: int = 5 * 1024 * 1024
    """Largest input file (report or survey extract), in bytes: a real report's text is ~50 KB, a
    PDU's survey extract well under 1 MB. Measured peak of a whole run (CLI and its Prefect server)
    on one input at the limits: 0.57 GB for a 5 MB CSV extract (41,577 respondents), 0.50 GB for an
    XLSX of 249,000 cells, 0.38 GB for a 10 MB report (docs/operations.md)."""
    max_csv_bytes: int = 128 * 1024 * 1024
    """Largest survey extract in CSV (or tab-separated text), in bytes. Such a file is never read
    into memory: DuckDB streams it (warehouse/survey_load.py), so its limit is higher than other
    files'. 1M respondents x 9 questions is ~120 MB and peaks at ~0.5 GB (docs/survey-extracts.md)."""
    max_xlsx_uncompressed_bytes: int = 32 * 1024 * 1024
    """Largest total uncompressed size of an XLSX (a zip), read from its central directory before
    anything is inflated: a zip bomb is rejected here."""
    max_xlsx_cells: int = 250_000
    """Most cells (``<c>`` elements) in an XLSX's worksheets (a PDU's extract has a few thousand)."""
    max_cell_chars: int = 32_767
    """Longest cell of an XLSX (Excel's own limit per cell), in bytes of its XML text."""
    max_line_chars: int = 65_536
    """Longest line of a text report or CSV extract, in bytes."""

    def __post_init__(self) -> None:
        for name, value in vars(self).items():
            if not isinstance(value, int) or value < 1:
                raise ValueError(f"limit {name} must be a positive whole number, not {value!r}")

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> "Limits":
        """Defaults, each overridden by ``INSPECTIONS_<NAME>`` (e.g. INSPECTIONS_MAX_FILE_BYTES)."""
        env = os.environ if env is None else env
        base = cls()
        return cls(**{name: int(env.get(f"INSPECTIONS_{name.upper()}", value)) for name, value in vars(base).items()})


def default_parse_processes() -> int:
    """The machine's cores this process may use, capped at 8 (parsing a batch gains little past that,
    and each worker holds the reference data)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(cores, 8))


@dataclass(frozen=True)
class Throughput:
    """How the ingest engine spreads its work (flows/engine.py; docs/scaling.md)."""

    parse_processes: int = 0
    """Worker processes of the parse stage (started with spawn); 1 parses in the run's own process,
    with no pool. 0 (the default): the machine's cores, at most 8."""
    batch_files: int = 64
    """Files per batch: each batch is read, parsed, validated (each table once) and loaded in one
    transaction. A larger batch costs fewer transactions and pandera calls; a smaller one shows
    progress sooner and holds less in memory."""

    def __post_init__(self) -> None:
        for name, value in vars(self).items():
            if not isinstance(value, int) or value < (0 if name == "parse_processes" else 1):
                raise ValueError(f"{name} must be a whole number of at least "
                                 f"{0 if name == 'parse_processes' else 1}, not {value!r}")

    @property
    def processes(self) -> int:
        """The number of parse processes in force (0 resolved to the machine's cores)."""
        return self.parse_processes or default_parse_processes()

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> "Throughput":
        """Defaults, overridden by INSPECTIONS_PARSE_PROCESSES and INSPECTIONS_BATCH_FILES."""
        env = os.environ if env is None else env
        values = {}
        for name, least in (("parse_processes", 0), ("batch_files", 1)):
            var = f"INSPECTIONS_{name.upper()}"
            raw = env.get(var)
            if raw is None:
                continue
            try:
                values[name] = int(raw)
            except ValueError:
                values[name] = None
            if values[name] is None or values[name] < least:
                raise ValueError(f"{var} must be a whole number of at least {least}, not {raw!r}")
        return cls(**values)


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
    limits: Limits = Limits()
    """Bounds on one input file (size, XLSX size and cells, cell and line length)."""
    throughput: Throughput = Throughput()
    """Parse processes and files per batch (INSPECTIONS_PARSE_PROCESSES, INSPECTIONS_BATCH_FILES)."""
    prefect_startup_timeout: int = DEFAULT_PREFECT_STARTUP_TIMEOUT
    """Seconds the ephemeral Prefect server of a run may take to start before the run gives up
    (exit 4); also given to Prefect as PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS."""

    @classmethod
    def from_env(cls) -> "Settings":
        """Defaults, overridden by INSPECTIONS_RAW_DIR, INSPECTIONS_WAREHOUSE, INSPECTIONS_REFERENCE_DIR,
        INSPECTIONS_RELEASES_DIR, INSPECTIONS_KEEP_RELEASES, INSPECTIONS_MIN_ANSWERS,
        INSPECTIONS_CACHE_DIR, PREFECT_HOME, INSPECTIONS_SERVER_PORT, INSPECTIONS_MAX_* (see ``Limits``),
        INSPECTIONS_PARSE_PROCESSES and INSPECTIONS_BATCH_FILES (see ``Throughput``),
        PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS."""
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
            limits=Limits.from_env(env),
            throughput=Throughput.from_env(env),
            prefect_startup_timeout=int(float(env.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS",
                                                      base.prefect_startup_timeout))),
        )
