"""The words reports use for their structure, compiled from ``reference/report_vocabulary.csv``.

One place for every vocabulary the parser reads by: part headings (Foreword, Ratings,
Recommendations, Background and their synonyms), finding labels (strengths, areas for
improvement and their synonyms), key-question table headers, rating words, the
overall-rating and score labels, addressees and web-page furniture. Each CSV row holds
a regular expression matched, case-insensitively, against a whole normalised line or
label (a label's trailing colon is optional). Standard and domain names come from
``reference/framework_standards.csv``, so a heading printed without its number is still
known.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl


@dataclass(frozen=True)
class Vocabulary:
    """Compiled vocabularies; build one with :func:`compile_vocabulary`."""

    parts: tuple[tuple[re.Pattern[str], str], ...]
    finding_labels: tuple[tuple[re.Pattern[str], str], ...]
    table_header: re.Pattern[str]
    ratings: tuple[str, ...]
    rating_word: str
    """Regex alternation of the rating words (no groups), for embedding."""
    overall_label: str
    score_label: str
    addressees: tuple[tuple[re.Pattern[str], str], ...]
    furniture: re.Pattern[str]
    standard_names: dict[str, frozenset[str]]
    """Lower-case standard name -> the codes it has in the known frameworks."""
    domain_names: frozenset[str]

    def part_of(self, text: str) -> str | None:
        """The part of the report a heading opens, or None."""
        return _first(self.parts, text.rstrip(":").strip())

    def finding_kind(self, text: str) -> str | None:
        """``strength`` or ``improvement`` for a finding label (colon optional), else None."""
        return _first(self.finding_labels, text.rstrip(":").strip())

    def rating(self, text: str) -> str | None:
        """The canonical rating a text is, ignoring case and a trailing full stop."""
        low = text.strip().rstrip(".").strip().lower()
        return next((r for r in self.ratings if r.lower() == low), None)

    def addressee(self, text: str) -> str:
        """``PDU``, ``Region``, ``HMPPS`` or ``Other`` for an addressee as printed."""
        return _first(self.addressees, text.strip()) or "Other"


def _first(pairs, text: str) -> str | None:
    return next((meaning for pattern, meaning in pairs if pattern.fullmatch(text)), None)


def _rows(frame: pl.DataFrame, vocabulary: str) -> list[tuple[str, str | None]]:
    return frame.filter(pl.col("vocabulary") == vocabulary).select("pattern", "meaning").rows()


def _alternation(frame: pl.DataFrame, vocabulary: str) -> str:
    return "|".join(f"(?:{pattern})" for pattern, _ in _rows(frame, vocabulary))


def compile_vocabulary(vocab: pl.DataFrame, framework_standards: pl.DataFrame) -> Vocabulary:
    """Compile the vocabulary CSV rows (columns vocabulary, pattern, meaning) and the
    framework standards into matchers."""
    def pairs(name: str) -> tuple[tuple[re.Pattern[str], str], ...]:
        return tuple((re.compile(p, re.I), m) for p, m in _rows(vocab, name))

    ratings = tuple(m for _, m in _rows(vocab, "rating"))
    header = re.compile(
        rf"^(?:{_alternation(vocab, 'table_question_column')})"
        r"(?:\s*[:|\t\u2013\u2014-]\s*|\s+)"
        rf"(?:{_alternation(vocab, 'table_percentage_column')})\s*\|?$",
        re.I,
    )
    names: dict[str, set[str]] = {}
    for code, name in framework_standards.select("standard_code", "standard_name").rows():
        names.setdefault(name.lower(), set()).add(code)
    return Vocabulary(
        parts=pairs("part_heading"),
        finding_labels=pairs("finding_label"),
        table_header=header,
        ratings=ratings,
        rating_word="|".join(re.escape(r) for r in ratings),
        overall_label=_alternation(vocab, "overall_label"),
        score_label=_alternation(vocab, "score_label"),
        addressees=pairs("addressee"),
        furniture=re.compile(_alternation(vocab, "furniture"), re.I),
        standard_names={k: frozenset(v) for k, v in names.items()},
        domain_names=frozenset(d.lower() for d in framework_standards["domain"].unique()),
    )
