"""Upright characters to words, exactly as pdfplumber's ``extract_words(chars,
extra_attrs=["size"])`` groups them with its defaults, in a third of its time.

pdfplumber's word extractor is general (any direction, any settings) and builds several
dictionaries per character; the PDF reader needs one case of it: upright text, read left to
right, x and y tolerance 3, blank characters splitting words, ligatures expanded, runs of one
type size apart. Its steps, kept in order, as pdfplumber 0.11 takes them:

1. consecutive characters of one size form a run;
2. a run's characters are clustered into lines by their tops (sorted; a top within 3 of the
   previous one joins its line), lines in that order, characters in a line by ``x0``;
3. a word ends at a blank character, and before a character that starts left of the previous
   one, more than 3 right of its end, or more than 3 above or below its top.

tests/test_pdf_engines.py checks it against pdfplumber's on every page the tests read and
on drawn characters.
"""

from __future__ import annotations

from itertools import groupby
from operator import itemgetter

from pdfplumber.utils.text import LIGATURES

_TOLERANCE = 3
_size = itemgetter("size")
_x0 = itemgetter("x0")


def extract_words(chars: list[dict]) -> list[dict]:
    """Words (text, x0, x1, top, bottom, size) of upright characters, in pdfplumber's order."""
    words: list[dict] = []
    for _size_key, run in groupby(chars, key=_size):
        run = list(run)
        line_of: dict[float, int] = {}
        line, last = -1, None
        for top in sorted({c["top"] for c in run}):
            if last is None or top > last + _TOLERANCE:
                line += 1
            line_of[top] = line
            last = top
        keyed = sorted([(line_of[c["top"]], c) for c in run], key=_first)  # stable: stream order kept
        start = 0
        while start < len(keyed):
            end = start + 1
            while end < len(keyed) and keyed[end][0] == keyed[start][0]:
                end += 1
            _line_words([c for _k, c in keyed[start:end]], words)
            start = end
    return words


_first = itemgetter(0)


def _line_words(members: list[dict], words: list[dict]) -> None:
    current: list[dict] = []
    prev = None
    for c in sorted(members, key=_x0):
        text = c["text"]
        if text.isspace():
            if current:
                words.append(_word(current))
            current, prev = [], None
        elif text == "":  # pdfplumber's punctuation test matches an empty text
            if current:
                words.append(_word(current))
            words.append(_word([c]))
            current, prev = [], None
        elif prev is not None and (c["x0"] < prev["x0"] or c["x0"] > prev["x1"] + _TOLERANCE
                                   or abs(c["top"] - prev["top"]) > _TOLERANCE):
            words.append(_word(current))
            current, prev = [c], c
        else:
            current.append(c)
            prev = c
    if current:
        words.append(_word(current))


def _word(chars: list[dict]) -> dict:
    first = chars[0]
    x0, x1, top, bottom = first["x0"], first["x1"], first["top"], first["bottom"]
    texts = []
    for c in chars:
        t = c["text"]
        texts.append(LIGATURES.get(t, t))
        if c["x0"] < x0:
            x0 = c["x0"]
        if c["x1"] > x1:
            x1 = c["x1"]
        if c["top"] < top:
            top = c["top"]
        if c["bottom"] > bottom:
            bottom = c["bottom"]
    return {"text": "".join(texts), "x0": x0, "x1": x1, "top": top, "bottom": bottom, "size": first["size"]}
