"""Clean lines to logical blocks: paragraphs, bullets, numbered items, table rows, labels.

PDF text extraction hard-wraps lines and page breaks cut paragraphs in two. This
stage joins the pieces back into the blocks a reader sees, and remembers, for
every character of a block, the line it was read from (for provenance).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from transforms.report_text import Line

RATINGS = ("Outstanding", "Good", "Requires improvement", "Inadequate")

TOP_HEADINGS = {
    "contents", "acknowledgements", "foreword", "ratings", "recommendations", "background",
    "the role of hm inspectorate of probation", "overall rating",
    "foreword from the hm chief inspector", "chief inspector's judgement",
}

_RATING_LINE = re.compile(r"^(?:Outstanding|Good|Requires improvement|Inadequate)$", re.I)
_STANDARD_HEADING = re.compile(r"^([1-9])\.(\d)\.?\s+([A-Z][^.:]*?)$")
_DOMAIN_HEADING = re.compile(r"^([1-9])\.\s+([A-Z][A-Za-z ,&'-]{3,60})$")
NUMBERED = re.compile(r"^(\d{1,2})\.\s+(\S.*)$")
_LABEL = re.compile(
    r"^(?:Strengths|Areas for improvement|.{2,80}\bshould):$|^(?:Key question|Outcomes) Percentage 'Yes'$",
    re.I,
)
_TABLE_HEADER = re.compile(r"^(?:Key question|Outcomes) Percentage 'Yes'$", re.I)
_ROW_END = re.compile(r"\d{1,3}(?:\.\d+)?\s?%$")
_TERMINAL = re.compile(r"[.!?:;)\"']$")
_ENDS_WITH_RATING = re.compile(r"[.!?]\s+(?:Outstanding|Good|Requires improvement|Inadequate)$")
_OTHER_STRUCTURE = re.compile(
    r"^(?:Annexe\b|Fieldwork started\b|Score \d|HM Inspectorate of Probation, |An inspection of probation services\b"
    r"|The Probation Service\s*[\u2013\u2014-]|National Inspection\b|Dynamic Inspection of Public Protection\b"
    r"|Published:)",
    re.I,
)
#: web-page furniture: a "Back to top" link after a heading, or alone on its line
_BACK_TO_TOP = re.compile(r"\s*\(?\bBack to top\b\)?\s*$", re.I)
_WEB_FURNITURE = re.compile(r"^(?:Skip to (?:main )?content|Back to top)$", re.I)


@dataclass
class Block:
    """A logical block of text.

    ``kind`` is one of: bullet, numbered, row, label, heading, rating, paragraph.
    ``pieces`` maps offsets in ``text`` to source line numbers.
    """

    kind: str
    text: str
    line: int
    pieces: list[tuple[int, int]] = field(default_factory=list)
    in_table: bool = False

    def line_at(self, offset: int) -> int:
        """The source line of the character at ``offset``."""
        line = self.line
        for start, no in self.pieces:
            if start > offset:
                break
            line = no
        return line

    def extend(self, text: str, line: int) -> None:
        self.pieces.append((len(self.text) + 1, line))
        self.text = f"{self.text} {text}"


def classify(text: str) -> str:
    """The kind of block a line starts, or ``paragraph`` when it starts none."""
    if text.startswith("- "):
        return "bullet"
    if _RATING_LINE.match(text):
        return "rating"
    if _LABEL.match(text):
        return "label"
    if _STANDARD_HEADING.match(text) or _DOMAIN_HEADING.match(text):
        return "heading"
    if NUMBERED.match(text):
        return "numbered"
    if text.lower() in TOP_HEADINGS or _OTHER_STRUCTURE.match(text):
        return "heading"
    return "paragraph"


def _starts_block(text: str) -> bool:
    return classify(text) != "paragraph" or text.startswith('"')


def build_blocks(lines: list[Line]) -> list[Block]:
    """Join wrapped lines into blocks, then rejoin blocks that a page break or footnote cut.

    Within a run of non-blank lines, a line continues the current block unless it starts
    a block of its own (a bullet, numbered item, heading, label or rating) or the current
    block is a complete table row (ends with a percentage inside a key-question table).
    Across a blank line, a plain paragraph continues the block before it when it starts
    in lower case, or when the block before it is unfinished (no closing punctuation) and
    either is a bullet, numbered item or table row, or a page break or footnote lies between.
    """
    blocks: list[Block] = []
    current: Block | None = None
    gap_had_break = False
    saw_gap = False
    in_table = False
    for index, ln in enumerate(lines):
        ln = _without_web_furniture(ln)
        if not ln.text:
            if current is not None:
                blocks.append(current)
                current = None
            saw_gap = True
            gap_had_break = gap_had_break or ln.page_break_before
            continue
        gap_had_break = gap_had_break or ln.page_break_before
        if saw_gap and in_table and blocks and blocks[-1].kind == "row" and _ROW_END.search(blocks[-1].text) \
                and not (gap_had_break and _row_ahead(lines, index)):
            in_table = False  # a gap after a complete row ends the table, unless a page break cut it
        kind = classify(ln.text)
        if current is not None and kind == "paragraph" and not (
            current.kind == "row" and _ROW_END.search(current.text)
        ) and current.kind not in {"label", "rating"} and not (
            current.kind == "heading" and not ln.text[:1].islower()  # a wrapped heading goes on in lower case
        ):
            current.extend(ln.text, ln.no)
            continue
        if current is not None:
            blocks.append(current)
            current = None
        if saw_gap and kind == "paragraph" and blocks and _continues(blocks[-1], ln.text, gap_had_break):
            current = blocks.pop()
            current.extend(ln.text, ln.no)
        else:
            if kind == "paragraph" and in_table:
                kind = "row"
            current = Block(kind, ln.text, ln.no, [(0, ln.no)], in_table=in_table)
            if kind == "label" and _TABLE_HEADER.match(ln.text):
                in_table = True
            elif kind in {"heading", "label", "bullet"}:
                in_table = False
        saw_gap = False
        gap_had_break = False
    if current is not None:
        blocks.append(current)
    return blocks


def _without_web_furniture(ln: Line) -> Line:
    """A line without a web page's "(Back to top)" link; a line of furniture alone is blank."""
    if not ln.text:
        return ln
    if _WEB_FURNITURE.match(ln.text):
        return Line(ln.no, "", ln.page_break_before)
    stripped = _BACK_TO_TOP.sub("", ln.text)
    return ln if stripped == ln.text else Line(ln.no, stripped, ln.page_break_before)


def _row_ahead(lines: list[Line], index: int, reach: int = 4) -> bool:
    """Whether the lines from ``index`` reach a percentage before a gap: a table row that a
    page break (and the page's footnotes) cut off from the rows before it."""
    for ln in lines[index:index + reach]:
        if not ln.text:
            return False
        if _ROW_END.search(ln.text):
            return True
    return False


def _continues(previous: Block, text: str, gap_had_break: bool) -> bool:
    if previous.kind not in {"bullet", "numbered", "paragraph", "row"} or text.startswith('"'):
        return False
    if previous.kind == "row" and _ROW_END.search(previous.text):
        return False
    if text[:1].islower():
        return True
    if previous.kind == "paragraph" and len(previous.pieces) == 1 and len(previous.text.split()) <= 8:
        return False  # a short line alone before a page break is a heading, not half a sentence
    unfinished = not _TERMINAL.search(previous.text) and not _ENDS_WITH_RATING.search(previous.text)
    return unfinished and (gap_had_break or previous.kind in {"bullet", "numbered", "row"})
