"""Find every percentage a report states, in digits ("61%", "88 per cent") or in words
("Ninety-two per cent"), with the sentence that states it and what it counts."""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_WORD_NUMBER = (
    r"(?:one hundred|a hundred|hundred|"
    rf"(?:{'|'.join(_TENS)})(?:[\s-](?:{'|'.join(k for k in _UNITS if k not in {'zero'} and _UNITS[k] < 10)}))?"
    rf"|{'|'.join(_UNITS)})"
)
_PCT_SUFFIX = r"\s?(?:%|per\s?cent\b|percent\b)"
_NUMBER = rf"(?:\d{{1,3}}(?:\.\d+)?|{_WORD_NUMBER})"
PERCENTAGE = re.compile(
    rf"(?<![\w.])(?:(?P<first>{_NUMBER})\s+(?:to|and)\s+)?(?P<value>{_NUMBER}){_PCT_SUFFIX}",
    re.I,
)
_MAYBE_PERCENT = re.compile(r"%|per\s?cent", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')]?\s+(?=[\"'(]?[A-Z0-9])")


def words_to_number(text: str) -> float:
    """'Ninety-two' -> 92.0, '88' -> 88.0, 'one hundred' -> 100.0."""
    text = text.strip().lower()
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    if "hundred" in text:
        return 100.0
    total = 0
    for word in re.split(r"[\s-]+", text):
        total += _TENS.get(word, 0) + _UNITS.get(word, 0)
    return float(total)


def split_sentences(text: str) -> list[tuple[int, str]]:
    """Sentences of a paragraph, each with its offset in the paragraph."""
    out: list[tuple[int, str]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        out.append((start, text[start:m.start()].strip()))
        start = m.end()
    out.append((start, text[start:].strip()))
    return [(o, s) for o, s in out if s]


@dataclass(frozen=True)
class FigureRule:
    """One row of ``reference/stated_figure_measures.csv``.

    ``scope`` is ``sentence`` (the measure applies when the pattern matches anywhere in the
    sentence; these rules are tried first, in priority order) or ``nearest`` (among these,
    the measure whose keyword stands closest to the percentage wins; words after the
    percentage count as 1.5 times as far, since "N per cent of X" names X after it).
    """

    measure: str
    scope: str
    pattern: re.Pattern[str]
    subsection: re.Pattern[str] | None


def compile_measure_rules(rules: pl.DataFrame) -> list[FigureRule]:
    """Rules from ``reference/stated_figure_measures.csv``, in priority order."""
    out = []
    for row in rules.sort("priority").iter_rows(named=True):
        sub = row["subsection_pattern"]
        out.append(FigureRule(row["measure"], row["scope"], re.compile(row["pattern"], re.I),
                              re.compile(sub, re.I) if sub else None))
    return out


def classify_measure(sentence: str, position: int, subsection: str | None, rules: list[FigureRule]) -> str:
    """What the percentage at ``position`` in ``sentence`` counts (``other`` when no rule fits).

    Sentence-scope rules first; then the nearest keyword within the percentage's clause
    (between commas or semicolons), then within the whole sentence."""
    for rule in rules:
        if rule.scope == "sentence" and _applies(rule, subsection) and rule.pattern.search(sentence):
            return rule.measure
    start = max(sentence.rfind(sep, 0, position) for sep in ",;") + 1
    ends = [i for i in (sentence.find(sep, position) for sep in ",;") if i != -1]
    clause = sentence[start:min(ends) if ends else len(sentence)]
    return _nearest(clause, position - start, subsection, rules) or _nearest(
        sentence, position, subsection, rules) or "other"


def _applies(rule: FigureRule, subsection: str | None) -> bool:
    return rule.subsection is None or bool(subsection and rule.subsection.search(subsection))


def _nearest(text: str, position: int, subsection: str | None, rules: list[FigureRule]) -> str | None:
    best: tuple[float, int, str] | None = None
    for priority, rule in enumerate(rules):
        if rule.scope != "nearest" or not _applies(rule, subsection):
            continue
        for m in rule.pattern.finditer(text):
            distance = position - m.end() if m.end() <= position else 1.5 * (m.start() - position)
            candidate = (max(distance, 0.0), priority, rule.measure)
            if best is None or candidate < best:
                best = candidate
    return best[2] if best else None


def find_percentages(sentence: str) -> list[tuple[int, float, str]]:
    """(offset, value, text as written) for each percentage in a sentence; a range
    such as "from 25 to 142 per cent" gives both ends."""
    found: list[tuple[int, float, str]] = []
    if not _MAYBE_PERCENT.search(sentence):
        return found
    for m in PERCENTAGE.finditer(sentence):
        if m.group("first"):
            found.append((m.start("first"), words_to_number(m.group("first")),
                          f"{m.group('first')} per cent"))
        found.append((m.start("value"), words_to_number(m.group("value")),
                      sentence[m.start("value"):m.end()]))
    return found
