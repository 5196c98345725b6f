"""Numeric answer codes -> answer labels, and every distinct answer of a column -> its place on
the question's scale.

A codebook (a label-key sheet in the workbook, or ``<survey>.codebook.csv`` beside the extract)
is a table with a code column (header ``code`` or ``value``), a label column (``label``,
``answer`` or ``text``) and optionally a column naming the question (``column``, ``question``,
``variable`` or ``item``: the extract's header, the question text or the column code; blank =
every column). With ``codes = "ordinal"`` in the extract's settings, a code is the answer's
``ordinal`` on the catalogue scale (reference/survey_scales.csv).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import polars as pl

from core.survey_catalogue import FREE_TEXT, SurveyCatalogue
from core.text_keys import header_key, text_key

CODE_HEADERS = frozenset({"code", "value", "codes", "values"})
LABEL_HEADERS = frozenset({"label", "answer", "text", "labels", "meaning"})
ITEM_HEADERS = frozenset({"column", "question", "variable", "item", "field", "header"})
_CODE = re.compile(r"^[-+]?\d+(?:\.0+)?$")
OUT_OF_SCALE = "answer not on the question's scale"
NO_LABEL = "code has no label in the codebook"


def code_key(text: str) -> str:
    """'4', ' 4.0 ' -> '4'."""
    t = text.strip()
    return str(int(float(t))) if _CODE.match(t) else t


@dataclass(frozen=True)
class Codebook:
    by_item: dict[str, dict[str, str]] = field(default_factory=dict)   # header key -> code -> label
    shared: dict[str, str] = field(default_factory=dict)               # code -> label for every column
    source: str = ""

    def labels_for(self, keys: tuple[str, ...]) -> dict[str, str] | None:
        for k in keys:
            if k in self.by_item:
                return self.by_item[k]
        return self.shared or None


def codebook_of(rows: list[list[str]], source: str) -> Codebook | None:
    """A codebook from a table's rows (first row the header), or None if it is not one."""
    if not rows:
        return None
    head = [header_key(c or "") for c in rows[0]]
    code = next((i for i, h in enumerate(head) if h in CODE_HEADERS), None)
    label = next((i for i, h in enumerate(head) if h in LABEL_HEADERS), None)
    if code is None or label is None:
        return None
    item = next((i for i, h in enumerate(head) if h in ITEM_HEADERS), None)
    by_item: dict[str, dict[str, str]] = {}
    shared: dict[str, str] = {}
    for row in rows[1:]:
        cell = lambda i: (row[i] if i is not None and i < len(row) and row[i] is not None else "").strip()  # noqa: E731
        if not cell(code) or not cell(label):
            continue
        target = by_item.setdefault(header_key(cell(item)), {}) if cell(item) else shared
        target[code_key(cell(code))] = cell(label)
    return Codebook(by_item, shared, source)


def is_coded(values: list[str]) -> bool:
    """A column whose every answer is a whole number."""
    return bool(values) and all(_CODE.match(v.strip()) for v in values)


ANSWER_SCHEMA = {"column_index": pl.Int64, "question_code": pl.String, "cell": pl.String, "answer_text": pl.String,
                 "answer": pl.String, "answer_ordinal": pl.Int64, "is_positive": pl.Boolean, "is_negative": pl.Boolean,
                 "reason": pl.String}
_PER_CATALOGUE: dict[tuple[int, str], tuple[SurveyCatalogue, object]] = {}


def per_catalogue(catalogue: SurveyCatalogue, name: str, build):
    """``build(catalogue)``, made once per catalogue (a catalogue is not changed once loaded)."""
    key = (id(catalogue), name)
    held = _PER_CATALOGUE.get(key)
    if held is None or held[0] is not catalogue:
        held = _PER_CATALOGUE[key] = (catalogue, build(catalogue))
    return held[1]


@dataclass(frozen=True)
class ScaleTables:
    """The catalogue's scales as looked up per answer: question -> answer key -> its row,
    question -> scale, question -> ordinal (as text) -> its row."""

    by_q: dict[str, dict[str, dict]]
    scale_of: dict[str, str]
    ordinal_of: dict[str, dict[str, dict]]


def _scale_tables(catalogue: SurveyCatalogue) -> ScaleTables:
    by_q, ordinal_of = {}, {}
    for r in catalogue.answer_index().iter_rows(named=True):
        by_q.setdefault(r["question_code"], {})[r["answer_key"]] = r
        ordinal_of.setdefault(r["question_code"], {})[str(r["answer_ordinal"])] = r
    return ScaleTables(by_q, dict(zip(catalogue.questions["question_code"], catalogue.questions["scale"])), ordinal_of)


def scale_tables(catalogue: SurveyCatalogue) -> ScaleTables:
    return per_catalogue(catalogue, "scale_tables", _scale_tables)


@dataclass(frozen=True)
class AnswerMap:
    frame: pl.DataFrame          # column_index, question_code, cell (as read), answer_text (trimmed), answer, answer_ordinal, is_positive, is_negative, reason
    coded_undecoded: list[str]   # headers of coded columns nothing decodes
    decoded: list[str]           # headers of coded columns decoded


def answer_map(distinct: pl.DataFrame, columns: pl.DataFrame, catalogue: SurveyCatalogue,
               codebook: Codebook | None, ordinal_codes: bool, column_keys: dict[int, tuple[str, ...]]) -> AnswerMap:
    """Every distinct (column, answer) of the scaled columns -> the scale's answer, or the reason
    it is not one. ``distinct``: column_index, answer_text (non-null, trimmed);
    ``columns``: column_index, column_header, question_code."""
    values_of: dict[int, list[str]] = {}
    for ci, text in distinct.select("column_index", "answer_text").iter_rows():
        values_of.setdefault(ci, []).append(text)
    rows, undecoded, decoded = answer_rows(
        values_of, list(columns.select("column_index", "column_header", "question_code").iter_rows()),
        scale_tables(catalogue), codebook, ordinal_codes, column_keys)
    return AnswerMap(pl.DataFrame(rows, schema=ANSWER_SCHEMA, orient="row"), undecoded, decoded)


def answer_rows(values_of: dict[int, list[str]], columns: list[tuple[int, str, str | None]], tables: ScaleTables,
                codebook: Codebook | None, ordinal_codes: bool,
                column_keys: dict[int, tuple[str, ...]]) -> tuple[list[tuple], list[str], list[str]]:
    """``answer_map`` as rows (of ``ANSWER_SCHEMA``), with the headers of the coded columns
    nothing decodes and of those decoded. ``values_of``: column index -> its distinct answers as
    read; ``columns``: (column index, header, question code) rows."""
    by_q, scale_of, ordinal_of = tables.by_q, tables.scale_of, tables.ordinal_of
    rows, undecoded, decoded = [], [], []
    for ci, header, qc in columns:
        if qc is None or scale_of.get(qc) == FREE_TEXT:
            continue
        raw = values_of.get(ci, [])
        for v in raw:
            if not v.strip():  # a cell of spaces is a blank cell
                rows.append((ci, qc, v, None, None, None, None, None, None))  # noqa: E501
        values = [v for v in raw if v.strip()]
        scale = by_q[qc]
        coded = is_coded(values) and not any(text_key(v) in scale for v in values)
        labels = None
        if coded:
            keys = (*column_keys.get(ci, ()), header_key(header), header_key(qc))
            labels = codebook.labels_for(keys) if codebook else None
            if labels is None and not ordinal_codes:
                if header not in undecoded:
                    undecoded.append(header)
                continue
            if header not in decoded:
                decoded.append(header)
        for v in values:
            if coded and labels is not None:
                label = labels.get(code_key(v))
                hit = scale.get(text_key(label)) if label is not None else None
                reason = None if hit else (f"{NO_LABEL} ({scale_of[qc]})" if label is None
                                           else f"{OUT_OF_SCALE} ({scale_of[qc]}): label {label!r}")
            elif coded:
                hit = ordinal_of[qc].get(code_key(v))
                reason = None if hit else f"code is no ordinal of the scale ({scale_of[qc]})"
            else:
                hit = scale.get(text_key(v))
                reason = None if hit else f"{OUT_OF_SCALE} ({scale_of[qc]})"
            rows.append((ci, qc, v, v.strip(), hit["answer"] if hit else None, hit["answer_ordinal"] if hit else None,
                         hit["is_positive"] if hit else None, hit["is_negative"] if hit else None, reason))
    return rows, undecoded, decoded
