"""The PDU name index built from the reference data: every name a PDU has gone by (current,
superseded, aliases), keyed by ``name_key``, with the date its code stopped being in force.
transforms/pdu_match.py matches a report's unit name against it."""

from __future__ import annotations

import re

import polars as pl

_PREFIX = re.compile(r"^\s*(?:an\s+)?inspection of probation services in:?\s*", re.I)
_SUFFIX = re.compile(r"\s*(?:\bPDU\b|\bprobation delivery unit\b)\s*$", re.I)


def name_key(name: str) -> str:
    """The matching key of a unit name: sorted lower-case words, without 'the'/'and'."""
    name = _SUFFIX.sub("", _PREFIX.sub("", name))
    name = name.replace("&", " and ").lower()
    words = re.findall(r"[a-z0-9]+", name)
    return " ".join(sorted(w for w in words if w not in {"the", "and"}))


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
