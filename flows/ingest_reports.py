"""Prefect flow: every report file under ``<raw>/reports`` into the warehouse, through the ingest
engine (flows/engine.py) with the report kind plugged in.

Each file ends up in exactly one of three states, recorded in the load ledger:
loaded (its facts landed in one transaction with the rest of its batch), already loaded (same
content as an earlier load: nothing added), or rejected (quarantined with a one-line reason; the
raw file is left untouched, and is tried again on the next run).

The report kind: a file is tied to its inspection by what the parser reads in it (flows/report_parse.py,
pure, cached by the file's SHA-256); a batch's tables are validated once each (schemas/validate.py),
and loaded in one transaction, one insert per table (warehouse/store.py ``load_reports``).
"""

from __future__ import annotations

from pathlib import Path

from prefect import flow

from core.reference import DEFAULT_REFERENCE_DIR, Reference, load_reference
from core.settings import Limits, Throughput
from core.survey_catalogue import SurveyCatalogue, load_survey_catalogue
from flows.engine import Item, Kind, concat_tables, ingest_kind, validate_batch_or_each
from flows.outcomes import FileOutcome, RunSummary
from flows.parse_cache import parser_fingerprint
from flows.report_parse import (ParsedReport, parse_report_bytes, report_cache_key,  # noqa: F401  (the kind's parse, re-exported)
                                report_job)
from schemas.validate import validate_report_tables
from transforms.report_text import decode_report
from warehouse import store


class ReportKind(Kind):
    name, folder, label = "report", "reports", "reports"
    reads_bytes = True
    records_strays = True  # the report flow records the paths directly under raw/

    def __init__(self, ref: Reference, fingerprint: str, catalogue: SurveyCatalogue):
        self.ref, self.fingerprint, self.catalogue = ref, fingerprint, catalogue

    def setup(self, con, run_id: str, raw_dir: Path) -> None:
        store.prepare(con, self.ref.tables())
        # a report's survey figures are matched to the catalogue's questions as it loads
        store.replace_survey_catalogue(con, self.catalogue.tables())
        store.start_run(con, run_id, str(raw_dir))

    def cache_key(self, item: Item) -> str:
        return report_cache_key(item.sha, item.display, self.fingerprint)

    def parse_job(self, item: Item) -> tuple:
        return report_job(item.data, item.display, item.sha, item.path)

    def parse_data(self) -> Reference:
        return self.ref

    def validate(self, items: list[Item]) -> dict[str, str]:
        return validate_batch_or_each(items, lambda item: item.parsed.tables, validate_report_tables)

    def clash_key(self, item: Item) -> str:
        return item.parsed.inspection_id  # one file per inspection

    def conflicts(self, con, items: list[Item]) -> dict[str, str]:
        """A file whose inspection is loaded already (the engine holds back a second file of one
        inspection in the same batch until the first is loaded or rejected)."""
        loaded = store.inspection_sources(con, [i.parsed.inspection_id for i in items])
        return {item.display: (f"inspection {item.parsed.inspection_id} is already loaded from {other[0]} "
                               f"(sha256 {other[1][:12]}); one file per inspection")
                for item in items if (other := loaded.get(item.parsed.inspection_id)) is not None}

    def load(self, con, run_id: str, items: list[Item], commit: bool = True) -> None:
        files = [(i.display, i.sha, i.byte_size, self._text(i), i.parsed.inspection_id) for i in items]
        store.load_reports(con, run_id, files, concat_tables([i.parsed.tables for i in items]), commit=commit)

    @staticmethod
    def _text(item: Item) -> str:
        # a PDF or web page: the text read from it (which the facts' source_line numbers);
        # a text file: its text with NULs removed and bad bytes as U+FFFD
        return item.parsed.text if item.parsed.text is not None else decode_report(item.data, item.display)

    def loaded(self, item: Item) -> FileOutcome:
        tables = item.parsed.tables
        notes = [n for n in (_gaps_note(tables, self.ref), _pdu_note(tables)) if n]
        return FileOutcome(item.display, "loaded", "; ".join(notes) or None,
                           inspection_id=item.parsed.inspection_id, parse=item.parse)


def _gaps_note(tables, ref: Reference) -> str | None:
    """The run summary's note for a report loaded with completeness gaps."""
    from transforms.quality_rules import gaps

    n = gaps(tables["data_quality"], ref.quality_rules).height
    return f"loaded with {n} gaps (see mart.data_quality)" if n else None


def _pdu_note(tables) -> str | None:
    """The run summary's note for a unit name that matched no PDU code, or several."""
    check = tables["data_quality"].filter(rule="pdu_match", passed=False)
    if check.is_empty():
        return None
    row = check.row(0, named=True)
    return f"{row['subject']!r}: {row['detail']}, no pdu_code (see mart.data_quality)"


@flow(name="ingest-reports", log_prints=False)
def ingest_reports(raw_dir: Path, warehouse_path: Path, reference_dir: Path = DEFAULT_REFERENCE_DIR,
                   run_id: str | None = None, cache_dir: Path | None = None, progress: str = "off",
                   limits: Limits | None = None, throughput: Throughput | None = None) -> RunSummary:
    """Load every report under ``raw_dir/reports`` into the DuckDB file at ``warehouse_path``.

    ``cache_dir``: parse results (default ``<warehouse dir>/cache``); ``progress``: auto, bar, lines or off;
    ``limits``: bounds on one input file (default ``Limits()``); ``throughput``: parse processes and
    files per batch (default ``Throughput()``). Paths directly under ``raw_dir`` that are not
    ``reports/`` or ``surveys/`` are recorded here too (flows/discover.py)."""
    kind = ReportKind(load_reference(Path(reference_dir)), parser_fingerprint(Path(reference_dir)),
                      load_survey_catalogue(Path(reference_dir)))
    return ingest_kind(kind, raw_dir, warehouse_path, Path(reference_dir), run_id, cache_dir, progress, limits,
                       throughput)
