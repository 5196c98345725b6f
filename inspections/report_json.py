"""A report's fact tables as one JSON document (what ``inspections parse`` prints)."""

from __future__ import annotations

import datetime as dt
import json

import polars as pl

from transforms.report_facts import ReportFacts

SINGLE_ROW = ("inspection", "caseload")
ORDER = (
    "inspection", "standard_ratings", "key_questions", "recommendations", "findings",
    "caseload", "stated_figures", "case_sample_windows", "inspection_field_sources", "data_quality",
)


def _plain(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _rows(frame: pl.DataFrame) -> list[dict]:
    return [{k: _plain(v) for k, v in row.items()} for row in frame.iter_rows(named=True)]


def facts_document(facts: ReportFacts) -> dict:
    """Tables keyed by name: single-row tables as objects, the rest as lists of rows.
    The inspection object also carries its case-sample windows."""
    doc: dict = {}
    for name in ORDER:
        rows = _rows(facts.tables[name])
        doc[name] = (rows[0] if rows else None) if name in SINGLE_ROW else rows
    doc["inspection"]["case_sample_windows"] = [
        {"starts_on": w["starts_on"], "ends_on": w["ends_on"]} for w in doc["case_sample_windows"]
    ]
    return doc


def facts_json(facts: ReportFacts) -> str:
    return json.dumps(facts_document(facts), indent=2, ensure_ascii=False)
