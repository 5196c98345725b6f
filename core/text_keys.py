"""Matching keys for survey text: headers and answers are compared tolerant of case, spacing
and curly quotes ("Don’t  know" and "don't know" are the same answer)."""

from __future__ import annotations

import re

import polars as pl

_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032`"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033"
_QUOTES = str.maketrans({**{c: "'" for c in _SINGLE_QUOTES}, **{c: '"' for c in _DOUBLE_QUOTES}})
#: A question number in front of a header: "Q1. ", "q12) ", "3: ".
_QUESTION_NUMBER = re.compile(r"^(?:q\s*)?\d+[.):]?\s+")


def text_key(text: str) -> str:
    """Case folded (lower), curly quotes straightened, runs of whitespace as one space, trimmed."""
    return " ".join(text.translate(_QUOTES).split()).lower()


def header_key(header: str) -> str:
    """``text_key`` of a column header, without a leading question number and without double
    quotes (a platform may quote a word of the question: 'Is your "workload" manageable?')."""
    return " ".join(_QUESTION_NUMBER.sub("", text_key(header)).replace('"', " ").split())


def text_key_expr(expr: pl.Expr) -> pl.Expr:
    """``text_key`` as a polars expression (the same key for the same text)."""
    return (
        expr.str.replace_all(f"[{_SINGLE_QUOTES}]", "'")
        .str.replace_all(f"[{_DOUBLE_QUOTES}]", '"')
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
        .str.to_lowercase()
    )
