"""Test helpers: survey extracts as bytes, read and turned into tables the way the flow does."""

from __future__ import annotations

import hashlib

from inspections.survey_catalogue import load_survey_catalogue
from transforms.survey_extract import ExtractContext, extract_tables
from transforms.survey_read import read_csv_extract, read_xlsx_extract

CATALOGUE = load_survey_catalogue()


def csv_bytes(rows: list[list[str]], sep: str = ",", encoding: str = "utf-8") -> bytes:
    return "\r\n".join(sep.join(r) for r in rows).encode(encoding) + b"\r\n"


def tables_of(data: bytes, name: str = "staff.csv", survey: str = "staff", inspection_id: str = "cumbria-2023-07"):
    """(SurveyTables, frame) of an extract's bytes; RejectedInput propagates."""
    frame = read_xlsx_extract(data, name) if name.endswith(".xlsx") else read_csv_extract(data, name)[0]
    ctx = ExtractContext(name, hashlib.sha256(data).hexdigest(), inspection_id, survey)
    return extract_tables(frame, ctx, CATALOGUE), frame
