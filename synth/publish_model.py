"""Report text (the shape the text path reads) to the parts a published layout draws.

The renderers (``synth.publish_pdf``, ``synth.publish_html``) lay a report out as the
inspectorate publishes it: a PDF with a cover, a contents page, running headers, page
numbers, page-foot footnotes and bordered tables, or a web page. Both start from the
report's text, the real report's (read from ../shared in tests) or a synthetic one, cut
into :class:`Part` items here by the text's own simple layout rules. This module knows
nothing of the project's parser: it must not share the parser's mistakes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from synth.ratings import RATINGS

SUPERSCRIPTS = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
_SUPER_TO_DIGIT = str.maketrans(SUPERSCRIPTS, "0123456789")
_TOP = {"contents", "acknowledgements", "the role of hm inspectorate of probation", "foreword",
        "ratings", "recommendations", "background"}
_DOMAIN = re.compile(r"^[1-9]\.\s+[A-Z]")
_STANDARD = re.compile(r"^[1-9]\.\d\.?\s+[A-Z]")
_NUMBERED = re.compile(r"^(\d{1,2})\.\s+(\S.*)$")
_FOOTNOTE = re.compile(rf"^([{SUPERSCRIPTS}]+)\s+(.*)$")
_MARKER = re.compile(rf"([{SUPERSCRIPTS}]+)")


@dataclass
class Part:
    """One thing a reader sees: ``kind`` is cover, contents, heading (``level`` 1 or 2),
    para, bullet, numbered (``number``), label, table (``rows``, the first is the header),
    ratings (``rows`` of [name, rating], a domain row has one cell) or footnote (``number``).
    Footnote markers stay in ``text`` as superscript digits."""

    kind: str
    text: str = ""
    level: int = 0
    number: int | None = None
    rows: list[list[str]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)


def split_markers(text: str) -> list[tuple[str, int | None]]:
    """Text and footnote markers in order: [("words", None), ("", 3), ...]: a marker is
    (its digits' number) in the second place."""
    out: list[tuple[str, int | None]] = []
    for i, piece in enumerate(_MARKER.split(text)):
        if i % 2:
            out.append(("", int(piece.translate(_SUPER_TO_DIGIT))))
        elif piece:
            out.append((piece, None))
    return out


def plain(text: str) -> str:
    return text.replace("**", "").strip()


def report_parts(text: str) -> list[Part]:
    """Cut report text into parts, in reading order."""
    lines = [plain(ln) for ln in text.replace("\r\n", "\n").split("\n")]
    parts: list[Part] = []
    i = 0
    cover: list[str] = []
    while i < len(lines) and lines[i].lower() != "contents":
        if lines[i]:
            cover.append(lines[i])
        i += 1
    parts.append(Part("cover", lines=cover))
    section = ""
    table: Part | None = None
    while i < len(lines):
        ln = lines[i]
        i += 1
        if not ln:
            table = None
            continue
        low = ln.lower()
        if low == "contents":
            rows = []
            while i < len(lines) and not lines[i]:
                i += 1
            while i < len(lines) and lines[i]:
                rows.append([c.strip() for c in lines[i].split("\t")])
                i += 1
            parts.append(Part("contents", rows=rows))
            continue
        if low in _TOP or low.startswith("annexe"):
            section = low
            parts.append(Part("heading", ln, level=1))
            if low == "ratings":
                i = _ratings(lines, i, parts)
                section = ""
            continue
        if "\t" in ln:
            cells = [c.strip() for c in ln.split("\t")]
            if table is None:
                table = Part("table", rows=[])
                parts.append(table)
            table.rows.append(cells)
            continue
        table = None
        if (m := _FOOTNOTE.match(ln)) is not None:
            parts.append(Part("footnote", m.group(2), number=int(m.group(1).translate(_SUPER_TO_DIGIT))))
        elif ln.startswith("- "):
            parts.append(Part("bullet", ln[2:].strip()))
        elif (m := _NUMBERED.match(ln)) is not None and (section == "recommendations" or m.group(2)[0].islower()):
            parts.append(Part("numbered", m.group(2), number=int(m.group(1))))
        elif _DOMAIN.match(ln) and len(ln.split()) <= 8:
            parts.append(Part("heading", ln, level=1))
            section = "body"
        elif _STANDARD.match(ln) and len(ln.split()) <= 8:
            parts.append(Part("heading", ln, level=2))
        elif ln.endswith(":") and len(ln.split()) <= 10:
            parts.append(Part("label", ln))
        else:
            parts.append(Part("para", ln))
    return parts


def _ratings(lines: list[str], i: int, parts: list[Part]) -> int:
    """The ratings page: its opening lines as paragraphs, then one table of names and ratings."""
    table = Part("ratings", rows=[])
    pending: list[str] | None = None
    while i < len(lines) and lines[i].lower() != "recommendations":
        ln = lines[i]
        i += 1
        if not ln:
            continue
        if ln in RATINGS and pending is not None:
            pending.append(ln)
            table.rows.append(pending)
            pending = None
        elif ln.lower() == "overall rating" or _STANDARD.match(ln):
            pending = [ln]
        elif _DOMAIN.match(ln):
            table.rows.append([ln])
        elif table.rows or pending:
            table.rows.append([ln])
        else:
            parts.append(Part("para", ln))
    if pending is not None:
        table.rows.append(pending)
    parts.append(table)
    return i


def unit_of(parts: list[Part]) -> str:
    """The inspected unit as the cover names it (the line after 'An inspection ... in:')."""
    cover = parts[0].lines
    for k, ln in enumerate(cover):
        m = re.match(r"^An inspection of probation services in:?\s*(.*)$", ln, re.I)
        if m:
            return m.group(1) or (cover[k + 1] if k + 1 < len(cover) else "")
    return ""
