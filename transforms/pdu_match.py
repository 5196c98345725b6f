"""Match the unit named in a report title to a PDU code in the reference data.

Rules (reference/README.md): strip "An inspection of probation services in", a
trailing "PDU" or "Probation Delivery Unit"; map "&" to "and"; ignore "the",
punctuation, case and word order. Names come from current PDUs, superseded PDUs
and aliases. A name that matches no code, or more than one code still in force at
the inspection date, is reported, never guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import polars as pl

_PREFIX = re.compile(r"^\s*(?:an\s+)?inspection of probation services in:?\s*", re.I)
_SUFFIX = re.compile(r"\s*(?:\bPDU\b|\bprobation delivery unit\b)\s*$", re.I)


def name_key(name: str) -> str:
    """The matching key of a unit name: sorted lower-case words, without 'the'/'and'."""
    name = _SUFFIX.sub("", _PREFIX.sub("", name))
    name = name.replace("&", " and ").lower()
    words = re.findall(r"[a-z0-9]+", name)
    return " ".join(sorted(w for w in words if w not in {"the", "and"}))


@dataclass(frozen=True)
class PduMatch:
    pdu_code: str | None
    status: str  # matched / unmatched / ambiguous
    candidates: tuple[str, ...]


def pdu_name_index(pdus: pl.DataFrame, superseded: pl.DataFrame, aliases: pl.DataFrame) -> pl.DataFrame:
    """One row per (name key, code) with the date before which the code was in force
    (``valid_to``, null when current)."""
    superseded_on = superseded.select(
        "pdu_code",
        pl.col("status").str.extract(r"superseded (\d{4}-\d{2})").alias("valid_to"),
    )
    names = pl.concat(
        [
            pdus.select("pdu_code", pl.col("pdu_name").alias("name")),
            superseded.select("pdu_code", pl.col("pdu_name").alias("name")),
            aliases.select("pdu_code", pl.col("alias").alias("name")),
        ]
    )
    return (
        names.with_columns(pl.col("name").map_elements(name_key, return_dtype=pl.String).alias("key"))
        .join(superseded_on, on="pdu_code", how="left")
        .with_columns((pl.col("valid_to") + "-01").str.to_date().alias("valid_to"))
        .select("key", "pdu_code", "valid_to")
        .unique()
    )


def match_pdu(unit_name: str, on: dt.date | None, index: pl.DataFrame) -> PduMatch:
    """Match one unit name at one date."""
    rows = index.filter(pl.col("key") == name_key(unit_name))
    if on is not None:
        rows = rows.filter(pl.col("valid_to").is_null() | (pl.col("valid_to") > on))
    codes = tuple(sorted(set(rows["pdu_code"].to_list())))
    if len(codes) == 1:
        return PduMatch(codes[0], "matched", codes)
    return PduMatch(None, "ambiguous" if codes else "unmatched", codes)
