"""Parsing one report file: pure (bytes in, frames or a reason out), with no Prefect and no
warehouse, so the ingest engine can run it in a worker process (flows/parse_pool.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from core.errors import RejectedInput
from core.reference import Reference
from transforms.report_facts import parse_extracted
from transforms.report_formats import REPORT_SUFFIXES, extract_report


@dataclass(frozen=True)
class ParsedReport:
    """What parsing one file gave: its fact tables (not validated yet: the engine validates a
    batch of files at once), or the reason it is rejected."""

    tables: dict[str, pl.DataFrame] | None
    inspection_id: str | None = None
    reason: str | None = None
    text: str | None = None  # the text read from a PDF or web page (source_line counts its lines)


def report_job(data: bytes, display: str, sha256: str, path: Path) -> tuple:
    """A report's parse job (``parse_report_bytes``' arguments but the reference data)."""
    return (data, display, sha256, path.suffix)


def report_cache_key(sha256: str, display: str, fingerprint: str) -> str:
    from flows.parse_cache import parse_cache_key

    return parse_cache_key("report", sha256, display, fingerprint)


def parse_report_bytes(data: bytes, display: str, sha256: str, suffix: str, ref: Reference) -> ParsedReport:
    """Parse one report (pure). A file the parser cannot read gives its one-line reason."""
    try:
        if suffix.lower() not in REPORT_SUFFIXES:
            raise RejectedInput(display, f"not a report file (suffix {suffix or 'none'}; expected "
                                f"{', '.join(REPORT_SUFFIXES)})")
        doc = extract_report(data, display)
        facts = parse_extracted(doc, display, sha256, ref)
    except RejectedInput as err:
        return ParsedReport(None, reason=err.reason)
    return ParsedReport(facts.tables, facts.inspection_id, text=doc.text if doc.fmt != "text" else None)
