"""Match the unit named in a report title to a PDU code in the reference data.

Rules (reference/README.md): strip "An inspection of probation services in", a
trailing "PDU" or "Probation Delivery Unit"; map "&" to "and"; ignore "the",
punctuation, case and word order. Names come from current PDUs, superseded PDUs
and aliases. A name that matches no code, or more than one code still in force at
the inspection date, is reported, never guessed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from core.pdu_index import name_key

@dataclass(frozen=True)
class PduMatch:
    pdu_code: str | None
    status: str  # matched / unmatched / ambiguous
    candidates: tuple[str, ...]


def match_pdu(unit_name: str, on: dt.date | None, index: pl.DataFrame) -> PduMatch:
    """Match one unit name at one date."""
    rows = index.filter(pl.col("key") == name_key(unit_name))
    if on is not None:
        rows = rows.filter(pl.col("valid_to").is_null() | (pl.col("valid_to") > on))
    codes = tuple(sorted(set(rows["pdu_code"].to_list())))
    if len(codes) == 1:
        return PduMatch(codes[0], "matched", codes)
    return PduMatch(None, "ambiguous" if codes else "unmatched", codes)
