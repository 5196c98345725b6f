"""Clean lines to logical blocks: paragraphs, bullets, numbered items, table rows, labels.

PDF text extraction hard-wraps lines and page breaks cut paragraphs in two. This
stage joins the pieces back into the blocks a reader sees, and remembers, for
every character of a block, the line it was read from (for provenance).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from transforms.number_words import NUMBER_WORD_TOKENS, NUMBER_WORDS
from transforms.report_text import Line
from core.vocabulary import Vocabulary

_NUMBER = r"-?\d{1,4}(?:\.\d+)?"
_CELL_SEP = r"[\s|:.\u2013\u2014-]*\s"
#: A key-question row: the question, a separator (space, tab, dash, bar, colon or dot
#: leaders) and the percentage as reports print it: "61%" or "61 %" after the question;
#: "61 per cent", "61 percent", in words ("sixty-one per cent") or a bare number only after
#: a question mark (prose says "per cent" too). Negative or over 100: kept as printed,
#: rejected later.
ROW = re.compile(
    rf"^\|?\s*(?P<question>.+?){_CELL_SEP}(?P<pct>{_NUMBER})\s*%\s*\|?$"
    rf"|^\|?\s*(?P<question2>.+?\?){_CELL_SEP}(?P<pct2>{_NUMBER}|{NUMBER_WORDS})(?:\s*per\s?cent\b)?\s*\|?$",
    re.I,
)
#: a question with its percentage: a key-question row even where no table header was recognised
_QUESTION_ROW = re.compile(
    rf"\?{_CELL_SEP}(?:{_NUMBER}\s*%|(?:{_NUMBER}|{NUMBER_WORDS})\s*per\s?cent\b)\s*\|?$", re.I)
#: a row whose question is followed by a short cell that is not a number ("N/A", "not known");
#: a number cut from its "%" or "per cent" by a line wrap is not a complete cell
_ROW_TEXT_CELL = re.compile(
    rf"\?[\s|:\u2013\u2014-]*(?!\d|{NUMBER_WORDS}(?:\s|$))[^\s?]+(?:\s+[^\s?]+){{0,3}}$", re.I)
_ROW_END = re.compile(
    rf"(?:{_NUMBER}\s*%|\?{_CELL_SEP}(?:{_NUMBER}|{NUMBER_WORDS})(?:\s*per\s?cent\b)?)\s*\|?$", re.I)


#: a question whose cell has not come yet, perhaps after its separator ("?", "? ........", "? –")
_AWAITS_CELL = re.compile(r"\?[\s|:.\u2013\u2014-]*$")


#: a line that can be (the rest of) a percentage cell: numbers, number words, "per", "cent",
#: "percent", "%", a table bar; nothing else
_TAIL_PIECE = re.compile(
    rf"^(?:(?:{_NUMBER}|{NUMBER_WORD_TOKENS}|percent|per|cent|%|\|)(?:[\s-]+|$|(?=%)))+$", re.I)
#: how much of a row's end is matched against ROW when a tail is joined to it
_TAIL_REACH = 400


def percentage_tail(row: str, line: str) -> str | None:
    """How ``line`` joins ``row`` when it is the row's percentage cell, or the rest of it, that
    a line wrap, a blank line or a page break cut off: "per cent" or "per" after "61", "%",
    "hundred per cent" after "one", "one per cent" after "eighty-", or the whole cell
    ("61 per cent") after a question that has none. The joining text (a space, or nothing
    after a hyphen), or None when ``line`` is not such a piece: the joined text must be a
    row whose percentage starts on ``row`` or is all of ``line``, so a line holding a
    question, or anything else, is never taken for one."""
    if "?" in line or not (line[:1].isalnum() or line.startswith("%")) or not _TAIL_PIECE.match(line):
        return None
    row = row[-_TAIL_REACH:]  # the cell and its question are at the row's end: a long block costs no more
    sep = "" if row.endswith("-") and not row.endswith(" -") else " "
    joined = f"{row}{sep}{line}"
    m = ROW.match(joined) or (ROW.match(f"{joined} cent") if re.search(r"\sper$", joined, re.I) else None)
    if m is None:  # (a cell cut after "per" has its "cent" on the line after)
        return None
    start = m.start("pct") if m.group("pct") is not None else m.start("pct2")
    if start < len(row) or (start == len(row) + len(sep) and _AWAITS_CELL.search(row)):
        return sep
    return None


#: A standard's heading: "1.1 Leadership", "1.1. Leadership", "Standard 1.1: Leadership",
#: "1.1 – Leadership".
STANDARD_HEADING = re.compile(
    r"^(?:Standard\s+)?([1-9])\.(\d)\.?(?:\s*[:\u2013\u2014-])?\s+([A-Z][^.:]*?(?::\s*[A-Z][^.:]*)?)$", re.I
)
#: A domain's heading: "1. Organisational delivery", "Domain 1: Organisational delivery".
DOMAIN_HEADING = re.compile(r"^(?:Domain\s+)?([1-9])(?:\.|\s*:)\s+([A-Z][A-Za-z ,&'-]{3,60})$")
NUMBERED = re.compile(r"^(\d{1,2})[.)]\s+(\S.*)$")
#: an addressee line: "Cumbria PDU should:", "The region must:", "HMPPS needs to:"
ADDRESSEE = re.compile(
    r"^(?:we recommend that\s+)?(?P<who>.{2,120}?)\s+(?:should|must|needs? to|is asked to|are asked to)"
    r"(?:\s+now)?(?::|\s*[\u2013\u2014-]|$)", re.I)
_TERMINAL = re.compile(r"[.!?:;)\"']$")
_OTHER_STRUCTURE = re.compile(
    r"^(?:Fieldwork started\b|Score \d|HM Inspectorate of Probation, |An inspection of probation services\b"
    r"|The Probation Service\s*[\u2013\u2014-]|National Inspection\b|Dynamic Inspection of Public Protection\b"
    r"|Published:|The role of HM Inspectorate of Probation$)",
    re.I,
)
#: a "Back to top" link after a heading
_BACK_TO_TOP = re.compile(r"\s*\(?\bBack to top\b\)?\s*$", re.I)


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
    after_break: bool = False
    """The block starts on a new page (a page break or footnote lies before it)."""

    def line_at(self, offset: int) -> int:
        """The source line of the character at ``offset``."""
        line = self.line
        for start, no in self.pieces:
            if start > offset:
                break
            line = no
        return line

    def extend(self, text: str, line: int, sep: str = " ") -> None:
        self.pieces.append((len(self.text) + len(sep), line))
        self.text = f"{self.text}{sep}{text}"


def classify(text: str, vocab: Vocabulary) -> str:
    """The kind of block a line starts, or ``paragraph`` when it starts none."""
    if text.startswith("- "):
        return "bullet"
    if vocab.rating(text) and not text.endswith("."):
        return "rating"
    if is_label(text, vocab):
        return "label"
    if STANDARD_HEADING.match(text) or DOMAIN_HEADING.match(text):
        return "heading"
    if NUMBERED.match(text):
        return "numbered"
    if vocab.part_of(text) or _OTHER_STRUCTURE.match(text) or is_bare_name(text, vocab) \
            or re.match(rf"^(?:{vocab.overall_label})$", text, re.I):
        return "heading"
    return "paragraph"


def is_bare_name(text: str, vocab: Vocabulary) -> bool:
    """A standard's or domain's name alone ("Leadership"): a heading printed without a number."""
    low = text.lower()
    return text[:1].isupper() and (low in vocab.standard_names or low in vocab.domain_names)


def is_label(text: str, vocab: Vocabulary) -> bool:
    """A finding label (colon optional), an addressee line ("X should:") or a
    key-question table header."""
    return bool(
        vocab.finding_kind(text)
        or (text.endswith(":") and ADDRESSEE.match(text))
        or vocab.table_header.match(text)
    )


def build_blocks(lines: list[Line], vocab: Vocabulary) -> list[Block]:
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
        ln = _without_web_furniture(ln, vocab)
        if not ln.text:
            if current is not None:
                blocks.append(current)
                current = None
            saw_gap = True
            gap_had_break = gap_had_break or ln.page_break_before
            continue
        gap_had_break = gap_had_break or ln.page_break_before
        row = current if current is not None else (blocks[-1] if saw_gap and blocks else None)
        sep = percentage_tail(row.text, ln.text) if row is not None and row.kind in {"row", "paragraph"} else None
        if sep is not None and (row.kind == "row" or (
                not in_table and _QUESTION_ROW.search(f"{row.text}{sep}{ln.text}"))):
            # a row's percentage, or the rest of it, cut off by a wrap, a blank line or a page break
            if row is not current:
                current = blocks.pop()
            current.extend(ln.text, ln.no, sep)
            if current.kind == "paragraph":  # a question under a table header nobody knows
                head, current = _split_at_question(current)
                if head is not None:
                    blocks.append(head)
                current.kind = "row"
            saw_gap = gap_had_break = False
            continue
        if saw_gap and in_table and blocks and blocks[-1].kind == "row" and row_complete(blocks[-1].text) \
                and not (gap_had_break and _row_ahead(lines, index)):
            in_table = False  # a gap after a complete row ends the table, unless a page break cut it
        kind = classify(ln.text, vocab)
        if kind == "heading" and _item_of_list(ln.text, blocks[-2:] + ([current] if current is not None else []),
                                               vocab):
            kind = "numbered"
        if kind == "paragraph" and not in_table and _QUESTION_ROW.search(ln.text):
            # the end of a question wrapped over lines (or cut by a page break) joins its start
            before = current if not saw_gap else (blocks[-1] if current is None and blocks else None)
            if before is not None and before.kind == "paragraph" and not _TERMINAL.search(before.text) \
                    and ln.text[:1].islower():
                if before is not current:
                    blocks.pop()
                before.extend(ln.text, ln.no)
                head, current = _split_at_question(before)
                if head is not None:
                    blocks.append(head)  # a line before the question (a header nobody knows)
                current.kind = "row"
                saw_gap = gap_had_break = False
                continue
            kind = "row"
        if kind == "heading" and current is not None and not _TERMINAL.search(current.text) \
                and is_bare_name(ln.text, vocab):
            kind = "paragraph"  # a name that a wrapped sentence left alone on its line
        if current is not None and kind == "paragraph" and not (
            current.kind == "row" and row_complete(current.text)
        ) and current.kind not in {"label", "rating"} and not (
            current.kind == "heading" and not ln.text[:1].islower()  # a wrapped heading goes on in lower case
        ):
            current.extend(ln.text, ln.no)
            _numbered_not_heading(current)
            continue
        if current is not None:
            blocks.append(current)
            current = None
        if saw_gap and kind == "paragraph" and blocks and _continues(blocks[-1], ln.text, gap_had_break, vocab):
            current = blocks.pop()
            current.extend(ln.text, ln.no)
            _numbered_not_heading(current)
        else:
            if kind == "paragraph" and in_table:
                kind = "row"
            current = Block(kind, ln.text, ln.no, [(0, ln.no)], in_table=in_table,
                            after_break=saw_gap and gap_had_break)
            if kind == "label" and vocab.table_header.match(ln.text):
                in_table = True
            elif kind in {"heading", "label", "bullet"}:
                in_table = False
        saw_gap = False
        gap_had_break = False
    if current is not None:
        blocks.append(current)
    return _rejoin_cut_bullets(blocks)


def _item_of_list(text: str, recent: list[Block], vocab: Vocabulary) -> bool:
    """A line that looks like a domain's heading but is a numbered item's first line, cut by a
    wrap ("6. Staff described their managers as"): it ends mid-sentence (a comma or a word such
    as "of" or "by"), or it goes on the list before it: item 1 after a finding label (a
    caption may lie between), item n right after item n-1. ``recent``: the blocks before it,
    the nearest last. A known domain's name is always a heading."""
    m, heading = NUMBERED.match(text), DOMAIN_HEADING.match(text)
    if m is None or heading is None or heading.group(2).lower() in vocab.domain_names:
        return False
    if _DANGLING.search(text):
        return True
    n = int(m.group(1))
    if n == 1:
        for block in recent[-1:-3:-1]:
            if block.kind == "label":
                return vocab.finding_kind(block.text) is not None
            if block.kind != "paragraph":
                return False
        return False
    previous = NUMBERED.match(recent[-1].text) if recent else None
    return recent[-1].kind == "numbered" and previous is not None and int(previous.group(1)) == n - 1


def _numbered_not_heading(block: Block) -> None:
    """A heading that a wrapped line went on from, and that is no heading with it, but a
    numbered item ("1. Leaders were visible across all offices and made time to meet" then
    "practitioners ..."): its first line only looked like a domain's heading."""
    if block.kind == "heading" and NUMBERED.match(block.text) and not (
            STANDARD_HEADING.match(block.text) or DOMAIN_HEADING.match(block.text)):
        block.kind = "numbered"


def _rejoin_cut_bullets(blocks: list[Block]) -> list[Block]:
    """A paragraph that a page break separates from the bullet (or numbered item) before it,
    with another one after it, is the rest of that item (a list does not hold loose
    paragraphs that start a page)."""
    out: list[Block] = []
    for i, block in enumerate(blocks):
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if (block.kind == "paragraph" and block.after_break and out and out[-1].kind in {"bullet", "numbered"}
                and nxt is not None and nxt.kind == out[-1].kind and len(block.text.split()) > 8):
            previous = out[-1]
            for offset, line in block.pieces:
                previous.pieces.append((len(previous.text) + 1 + offset, line))
            previous.text = f"{previous.text} {block.text}"
            continue
        out.append(block)
    return out


_QUESTION_START = re.compile(r"^(?:Is|Are|Does|Do|Did|Has|Have|Was|Were|Can|How|To what extent|What|Where|Which)\b")


def _split_at_question(block: Block) -> tuple[Block | None, Block]:
    """Split a block where its last line starting a question begins (head, question)."""
    starts = [(i, offset) for i, (offset, _line) in enumerate(block.pieces)
              if _QUESTION_START.match(block.text[offset:])]
    if not starts or starts[-1][0] == 0:
        return None, block
    k, cut = starts[-1]
    head = Block(block.kind, block.text[:cut - 1], block.line, block.pieces[:k], block.in_table, block.after_break)
    tail = Block(block.kind, block.text[cut:], block.pieces[k][1],
                 [(offset - cut, line) for offset, line in block.pieces[k:]], block.in_table)
    return head, tail


def ends_with_percentage(text: str) -> bool:
    """A line that ends as a key-question row does: "...61%", "...? 61 per cent", "...? sixty-one"."""
    return bool(_ROW_END.search(text))


def row_complete(text: str) -> bool:
    """A key-question row that has its last cell: a percentage, or a short text cell."""
    return bool(_ROW_END.search(text) or _ROW_TEXT_CELL.search(text))


def _without_web_furniture(ln: Line, vocab: Vocabulary) -> Line:
    """A line without a web page's "(Back to top)" link; a line of furniture alone is blank."""
    if not ln.text:
        return ln
    if vocab.furniture.fullmatch(ln.text) or re.fullmatch(r"\|?[\s|:-]*-{3,}[\s|:-]*", ln.text):
        return Line(ln.no, "", ln.page_break_before)
    stripped = _BACK_TO_TOP.sub("", ln.text)
    if stripped.startswith("|") and stripped.endswith("|"):  # a markdown table row
        stripped = " ".join(stripped.replace("|", " ").split())
    return ln if stripped == ln.text else Line(ln.no, stripped, ln.page_break_before)


def _row_ahead(lines: list[Line], index: int, reach: int = 4) -> bool:
    """Whether the lines from ``index`` reach a complete row before a gap: a table row that a
    page break (and the page's footnotes) cut off from the rows before it."""
    for ln in lines[index:index + reach]:
        if not ln.text:
            return False
        if row_complete(ln.text):
            return True
    return False


#: the end of a line that a sentence goes on from: a comma, or a word no heading ends with
_DANGLING = re.compile(
    r"(?:,|\b(?:of|the|a|an|and|or|to|with|in|on|for|by|from|at|as|that|which|who|was|were|is|are|had|has|have))$",
    re.I)


def _continues(previous: Block, text: str, gap_had_break: bool, vocab: Vocabulary) -> bool:
    if previous.kind == "heading" and text[:1].islower() and NUMBERED.match(previous.text):
        return True  # a numbered item cut after a first line that looks like a domain's heading
    if previous.kind not in {"bullet", "numbered", "paragraph", "row"}:
        return False
    if text.startswith('"'):  # a quotation on its own, unless the sentence before runs into it
        return bool(_DANGLING.search(previous.text)) and gap_had_break
    if previous.kind == "row" and row_complete(previous.text):
        return False
    if text[:1].islower():
        return True
    if previous.kind == "paragraph" and len(previous.pieces) == 1 and len(previous.text.split()) <= 8 \
            and not _DANGLING.search(previous.text):
        return False  # a short line alone before a page break is a heading, not half a sentence
    ends_with_rating = re.search(rf"[.!?]\s+(?:{vocab.rating_word})$", previous.text, re.I)
    unfinished = not _TERMINAL.search(previous.text) and not ends_with_rating
    return unfinished and (gap_had_break or previous.kind in {"bullet", "numbered", "row"})
