"""Bytes of a survey extract -> a frame of text columns (one row per respondent).

CSV: UTF-8 with or without a byte-order mark, else Windows-1252; comma- or semicolon-
separated (the separator is the one under which the header has a respondent ID column and
the first rows have as many fields as the header). XLSX: the first sheet.
"""

from __future__ import annotations

import csv
import io

import polars as pl

from inspections.errors import RejectedInput
from transforms.survey_text import header_key

#: Header keys (``survey_text.header_key``) of the respondent ID column.
ID_HEADERS = frozenset({"respondent id", "respondent_id", "respondentid", "respondent", "response id",
                        "response_id", "responseid", "id"})
SEPARATORS = (",", ";")
_SNIFF_ROWS = 50


def decode_text(data: bytes, source: str) -> tuple[str, str]:
    """(text, encoding): UTF-8 (a BOM is dropped), else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as err:
        raise RejectedInput(source, f"not text in UTF-8 or Windows-1252 (byte {err.start})") from err


def sniff_separator(text: str) -> str:
    """The separator under which the header has a respondent ID column and the first rows are
    as wide as the header; comma when both or neither do."""
    scores = []
    for sep in SEPARATORS:
        rows = list(_first_rows(text, sep))
        if not rows:
            return ","
        header = rows[0]
        has_id = any(header_key(h) in ID_HEADERS for h in header)
        even = all(len(r) == len(header) for r in rows[1:] if r)
        scores.append((has_id, even, len(header) > 1, sep == ","))
    return max(zip(scores, SEPARATORS))[1]


def _first_rows(text: str, sep: str):
    reader = csv.reader(io.StringIO(text[:200_000]), delimiter=sep)
    for i, row in enumerate(reader):
        if i >= _SNIFF_ROWS:
            break
        yield row


def read_csv_extract(data: bytes, source: str) -> tuple[pl.DataFrame, str, str]:
    """(frame of text columns, encoding, separator). Empty cells are null."""
    text, encoding = decode_text(data, source)
    if not text.strip():
        raise RejectedInput(source, "empty file")
    sep = sniff_separator(text)
    try:
        frame = pl.read_csv(text.encode("utf-8"), separator=sep, infer_schema=False)
    except pl.exceptions.PolarsError as err:
        raise RejectedInput(source, f"not a readable CSV ({encoding}, separator {sep!r}): "
                            f"{str(err).splitlines()[0][:200]}") from err
    return frame, encoding, sep


def read_xlsx_extract(data: bytes, source: str) -> pl.DataFrame:
    """The first sheet as text columns (header in the first row)."""
    if not data:
        raise RejectedInput(source, "empty file")
    try:
        frame = pl.read_excel(data, sheet_id=1, engine="calamine", read_options={"dtypes": "string"})
    except Exception as err:  # fastexcel raises its own error types for a damaged workbook
        raise RejectedInput(source, f"not a readable XLSX workbook: {str(err).splitlines()[0][:200]}") from err
    return frame.with_columns(pl.all().cast(pl.String))
