"""Prefect flow: every report file under ``<raw>/reports`` into the warehouse.

Each file ends up in exactly one of three states, recorded in the load ledger:
loaded (its facts landed in one transaction), already loaded (same content as
an earlier load: nothing added), or rejected (quarantined with a one-line reason;
the raw file is left untouched, and is tried again on the next run).
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from inspections.errors import RejectedInput
from inspections.reference import DEFAULT_REFERENCE_DIR, load_reference
from schemas.validate import validate_report_tables
from transforms.report_facts import parse_report
from warehouse import store

REPORT_SUFFIXES = {".txt", ".md", ".text"}


@dataclass
class FileOutcome:
    source_file: str
    status: str  # loaded / already loaded / rejected
    reason: str | None = None
    inspection_id: str | None = None
    kind: str = "report"


@dataclass
class RunSummary:
    run_id: str
    outcomes: list[FileOutcome] = field(default_factory=list)

    def of(self, status: str) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status == status]

    def extend(self, other: "RunSummary") -> None:
        self.outcomes.extend(other.outcomes)

    @property
    def ok(self) -> bool:
        return not self.of("rejected")

    def render(self) -> str:
        """The short summary printed at the end of a run."""
        lines = [
            f"run {self.run_id}: {len(self.of('loaded'))} loaded, "
            f"{len(self.of('already loaded'))} already loaded, {len(self.of('rejected'))} rejected"
        ]
        for o in self.of("loaded"):
            lines.append(f"  loaded          {o.source_file} -> {o.inspection_id}" + (f" ({o.reason})" if o.reason else ""))
        for o in self.of("already loaded"):
            lines.append(f"  already loaded  {o.source_file}")
        for o in self.of("rejected"):
            lines.append(f"  rejected        {o.source_file}: {o.reason}")
        return "\n".join(lines)


def discover_report_files(raw_dir: Path) -> list[Path]:
    """Every file under ``raw_dir/reports`` (all are inputs: a file with an unexpected
    suffix is rejected, not ignored), in a stable order."""
    folder = raw_dir / "reports"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))


def _display(path: Path, raw_dir: Path) -> str:
    try:
        return str(path.relative_to(raw_dir.parent)) if raw_dir.parent != Path("") else str(path)
    except ValueError:
        return str(path)


@task(name="ingest-report-file", cache_policy=NO_CACHE)
def ingest_report_file(path: Path, display_name: str, con, run_id: str, ref) -> FileOutcome:
    """Read, parse, validate and load one report file; never raises for a bad file."""
    logger = get_run_logger()
    try:
        data = path.read_bytes()
    except OSError as err:
        outcome = FileOutcome(display_name, "rejected", f"cannot read file: {err.strerror}")
        store.record(con, run_id, "report", display_name, None, outcome.status, outcome.reason)
        return outcome
    sha = hashlib.sha256(data).hexdigest()
    earlier = store.loaded_file(con, sha)
    if earlier is not None:
        store.record(con, run_id, "report", display_name, sha, "already loaded",
                     f"same content as {earlier}" if earlier != display_name else None)
        return FileOutcome(display_name, "already loaded")
    try:
        if path.suffix.lower() not in REPORT_SUFFIXES:
            raise RejectedInput(display_name, f"not a text report (suffix {path.suffix or 'none'}; expected .txt or .md)")
        facts = parse_report(data, display_name, sha, ref)
        tables = validate_report_tables(facts.tables, display_name)
        other = store.inspection_source(con, facts.inspection_id)
        if other is not None:
            raise RejectedInput(display_name, f"inspection {facts.inspection_id} is already loaded from "
                                f"{other[0]} (sha256 {other[1][:12]}); one file per inspection")
        text = data.decode("utf-8-sig", errors="replace")
        store.load_report(con, run_id, display_name, sha, text, len(data), tables)
    except RejectedInput as err:
        logger.warning(str(err))
        store.record(con, run_id, "report", display_name, sha, "rejected", err.reason)
        return FileOutcome(display_name, "rejected", err.reason)
    except Exception as err:  # a bug or a warehouse error: the file is quarantined, the run goes on
        reason = f"unexpected {type(err).__name__}: {' '.join(str(err).split())[:300]}"
        logger.error(f"{display_name}: {reason}")
        store.record(con, run_id, "report", display_name, sha, "rejected", reason)
        return FileOutcome(display_name, "rejected", reason)
    logger.info(f"{display_name}: loaded as {facts.inspection_id}")
    return FileOutcome(display_name, "loaded", inspection_id=facts.inspection_id)


@flow(name="ingest-reports", log_prints=False)
def ingest_reports(raw_dir: Path, warehouse_path: Path, reference_dir: Path = DEFAULT_REFERENCE_DIR,
                   run_id: str | None = None) -> RunSummary:
    """Load every report under ``raw_dir/reports`` into the DuckDB file at ``warehouse_path``."""
    run_id = run_id or str(flow_run.get_id() or uuid.uuid4())
    raw_dir, warehouse_path = Path(raw_dir), Path(warehouse_path)
    ref = load_reference(Path(reference_dir))
    summary = RunSummary(run_id)
    with store.connect(warehouse_path) as con:
        store.prepare(con, ref.tables())
        store.start_run(con, run_id, str(raw_dir))
        for path in discover_report_files(raw_dir):
            summary.outcomes.append(ingest_report_file(path, _display(path, raw_dir), con, run_id, ref))
        store.finish_run(con, run_id)
    return summary
