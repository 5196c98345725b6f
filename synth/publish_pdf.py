"""Render report text as a PDF laid out like the inspectorate's published reports.

A4 pages: a cover page (no header or footer); a contents page; then each top-level section
on a new page, under a running header ("Inspection of probation services: <unit>") with the
page number in the footer; footnotes at the foot of the page where their marker is, under
a short rule, in a smaller type; the ratings page and the key-question tables as bordered
tables. Footnote markers are printed small and raised (or, on request, as plain digits glued
to their word). Blocks are not split across pages.

Fonts: DejaVu Sans (Debian's fonts-dejavu-core) when present, for the report's full
character set; else the PDF core font Helvetica, with the few characters it lacks written
as their nearest Latin-1 form (dashes, curly quotes).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fpdf import FPDF

from synth.publish_model import Part, report_parts, split_markers, unit_of

_FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
_LATIN1 = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"',
                         "\u201d": '"', "\u2026": "...", "\u00a0": " "})
BODY, SMALL, LINE, SMALL_LINE = 10.0, 7.5, 5.0, 3.6
TOP, BOTTOM, LEFT = 22.0, 18.0, 20.0


def _font_files() -> tuple[Path, Path] | None:
    for d in _FONT_DIRS:
        regular, bold = d / "DejaVuSans.ttf", d / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            return regular, bold
    return None


class _Report(FPDF):
    def __init__(self, unit: str, page_format: str = "A4") -> None:
        super().__init__(format=page_format, unit="mm")
        self.unit_name = unit
        self.set_auto_page_break(False)
        self.set_margins(LEFT, TOP, LEFT)
        fonts = _font_files()
        if fonts:
            self.add_font("body", "", str(fonts[0]))
            self.add_font("body", "B", str(fonts[1]))
            self.clean = lambda s: s
        else:
            self.clean = lambda s: s.translate(_LATIN1).encode("latin-1", "replace").decode("latin-1")
        self.family = "body" if fonts else "helvetica"
        self.notes: list[tuple[int, str]] = []  # this page's footnotes
        self.cover = True
        self.set_font(self.family, "", BODY)

    def header(self) -> None:
        if self.cover:
            return
        self.set_font(self.family, "", 8)
        self.set_xy(LEFT, 9)
        self.cell(0, 4, self.clean(f"Inspection of probation services: {self.unit_name}"))
        self.set_font(self.family, "", BODY)
        self.set_xy(LEFT, TOP)

    def footer(self) -> None:
        if self.cover:
            return
        if self.notes:
            height = sum(self._note_height(n, t) for n, t in self.notes) + 2
            y = self.h - BOTTOM - height
            self.line(LEFT, y, LEFT + 50, y)
            self.set_xy(LEFT, y + 1.5)
            self.set_font(self.family, "", SMALL)
            for number, text in self.notes:
                self.set_x(LEFT)
                self.multi_cell(self.epw, SMALL_LINE, self.clean(f"{number} {text}"))
            self.notes = []
        self.set_font(self.family, "", 8)
        self.set_xy(LEFT, self.h - 12)
        self.cell(self.epw, 4, str(self.page_no()), align="C")
        self.set_font(self.family, "", BODY)

    def _note_height(self, number: int, text: str) -> float:
        self.set_font(self.family, "", SMALL)
        h = self.multi_cell(self.epw, SMALL_LINE, self.clean(f"{number} {text}"), dry_run=True, output="HEIGHT")
        self.set_font(self.family, "", BODY)
        return h

    def room(self) -> float:
        reserved = sum(self._note_height(n, t) for n, t in self.notes) + (3 if self.notes else 0)
        return self.h - BOTTOM - 6 - reserved - self.get_y()


def _text(part_text: str) -> tuple[str, list[int]]:
    """The text as printed (markers as plain digits) and the footnote numbers it cites."""
    out, cited = [], []
    for piece, marker in split_markers(part_text):
        if marker is None:
            out.append(piece)
        else:
            out.append(str(marker))
            cited.append(marker)
    return "".join(out), cited


def render_pdf(text: str, page_format: str = "A4", superscript: bool = True) -> bytes:
    """The whole report as PDF bytes; deterministic for a given text. ``page_format``: any
    fpdf2 page format ("A4", "A5", "letter"...): other sizes move every line and page break.
    ``superscript``: footnote markers printed small and raised, as typeset reports print
    them; False: plain digits glued to the word, as some PDFs' text layer has them."""
    parts = report_parts(text)
    notes = {p.number: p.text for p in parts if p.kind == "footnote"}
    pdf = _Report(unit_of(parts), page_format)
    pdf.superscript = superscript
    pdf.set_creation_date(dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc))  # deterministic bytes
    _cover(pdf, parts[0])
    pdf.cover = False
    previous = ""
    for part in parts[1:]:
        if part.kind == "footnote":
            continue
        if previous in {"bullet", "numbered"} and part.kind not in {"bullet", "numbered"}:
            pdf.ln(LINE * 0.6)  # the space after a list
        previous = part.kind
        if part.kind == "heading" and part.level == 1 and pdf.get_y() > TOP + 1:
            pdf.add_page()
        if part.kind == "contents":
            _contents(pdf, part)
        elif part.kind in {"table", "ratings"}:
            _table(pdf, part, notes)
        else:
            _block(pdf, part, notes)
    return bytes(pdf.output())


def _cover(pdf: _Report, cover: Part) -> None:
    pdf.add_page()
    pdf.set_y(40)
    for k, line in enumerate(cover.lines):
        big = line.startswith("An inspection") or (k > 0 and cover.lines[k - 1].startswith("An inspection"))
        pdf.set_font(pdf.family, "B" if big else "", 20 if big else 13)
        pdf.set_x(LEFT)
        pdf.multi_cell(pdf.epw, 10 if big else 7, pdf.clean(line))
        pdf.ln(4)
    pdf.set_font(pdf.family, "", BODY)
    pdf.add_page()


def _contents(pdf: _Report, part: Part) -> None:
    pdf.set_font(pdf.family, "B", 14)
    pdf.cell(pdf.epw, 8, "Contents", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(pdf.family, "", BODY)
    for row in part.rows:
        pdf.cell(pdf.epw - 15, LINE + 1, pdf.clean(row[0]))
        pdf.cell(15, LINE + 1, row[-1] if len(row) > 1 else "", align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(LINE)


def _block(pdf: _Report, part: Part, notes: dict[int, str]) -> None:
    body, cited = _text(part.text)
    style, size, indent, prefix = "", BODY, 0.0, ""
    if part.kind == "heading":
        style, size = "B", 14 if part.level == 1 else 12
    elif part.kind == "label":
        style = "B"
    elif part.kind == "bullet":
        indent, prefix = 5.0, "\u2022" if pdf.family == "body" else "-"
    elif part.kind == "numbered":
        indent, prefix = 7.0, f"{part.number}."
    pdf.set_font(pdf.family, style, size)
    width = pdf.epw - indent
    height = pdf.multi_cell(width, LINE, pdf.clean(body), dry_run=True, output="HEIGHT")
    extra = sum(pdf._note_height(n, notes.get(n, "")) for n in cited) + (3 if cited else 0)
    if pdf.room() < height + extra + 2:
        pdf.add_page()
        pdf.set_font(pdf.family, style, size)
    pdf.notes.extend((n, notes.get(n, "")) for n in cited)
    if prefix:
        pdf.set_x(LEFT)
        pdf.cell(indent, LINE, prefix)
    pdf.set_x(LEFT + indent)
    if cited and pdf.superscript:
        _write_with_markers(pdf, part.text, LEFT + indent)
    else:
        pdf.multi_cell(width, LINE, pdf.clean(body), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(LINE * (0.9 if part.kind not in {"bullet", "numbered"} else 0.35))
    pdf.set_font(pdf.family, "", BODY)


def _write_with_markers(pdf: _Report, text: str, left: float) -> None:
    """Flowing text with each footnote marker small and raised (fpdf2's superscript)."""
    pdf.set_left_margin(left)
    for piece, marker in split_markers(text):
        if marker is None:
            pdf.write(LINE, pdf.clean(piece))
        else:
            pdf.char_vpos = "SUP"
            pdf.write(LINE, str(marker))
            pdf.char_vpos = "LINE"
    pdf.set_left_margin(LEFT)
    pdf.ln(LINE)


def _table(pdf: _Report, part: Part, notes: dict[int, str]) -> None:
    """A bordered table; the last column's cell sits at the foot of its row (as published
    key-question tables align the percentage with the question's last line)."""
    rows = part.rows
    widths = (pdf.epw * 0.75, pdf.epw * 0.25) if part.kind == "table" else (pdf.epw * 0.6, pdf.epw * 0.4)
    pdf.set_font(pdf.family, "", BODY - 1)
    line = LINE - 0.6
    total = sum(_row_height(pdf, r, widths, line) for r in rows)
    if pdf.room() < total + 4:
        pdf.add_page()
    for k, row in enumerate(rows):
        bold = part.kind == "table" and k == 0
        pdf.set_font(pdf.family, "B" if bold or len(row) == 1 else "", BODY - 1)
        h = _row_height(pdf, row, widths, line)
        x, y = LEFT, pdf.get_y()
        if len(row) == 1:
            pdf.rect(x, y, sum(widths), h)
            pdf.set_xy(x + 1.5, y + 1)
            pdf.multi_cell(sum(widths) - 3, line, pdf.clean(row[0]))
        else:
            for c, (cell, w) in enumerate(zip(row, widths)):
                pdf.rect(x, y, w, h)
                lines = pdf.multi_cell(w - 3, line, pdf.clean(cell), dry_run=True, output="LINES")
                top = y + 1 if c == 0 else y + h - 1 - line * len(lines)
                pdf.set_xy(x + 1.5, top)
                pdf.multi_cell(w - 3, line, pdf.clean(cell))
                x += w
        pdf.set_xy(LEFT, y + h)
    pdf.set_font(pdf.family, "", BODY)
    pdf.ln(LINE)


def _row_height(pdf: _Report, row: list[str], widths: tuple[float, float], line: float) -> float:
    if len(row) == 1:
        return pdf.multi_cell(sum(widths) - 3, line, pdf.clean(row[0]), dry_run=True, output="HEIGHT") + 2
    return max(pdf.multi_cell(w - 3, line, pdf.clean(c), dry_run=True, output="HEIGHT")
               for c, w in zip(row, widths)) + 2
