"""Clean lines of any published form to the line layout the block stage reads.

Text extracted from a PDF or a web page by common tools keeps two things the report's
own text has not: web-page furniture ("Skip to content", "Back to top" after each
heading) and table rows read across (a ratings-table row "1.1 Leadership    Good" on one
line, where the text form has the name and the rating as separate blocks), or tables and
lists printed cell by cell. This stage drops the first and puts the others back in the
text form's layout; on the text form it changes nothing.
"""

from __future__ import annotations

import re

from transforms.number_words import NUMBER_WORDS
from transforms.report_blocks import ends_with_percentage
from transforms.report_text import RATING_WORDS, Line

_FURNITURE = re.compile(r"^\(?\s*(?:back to top|skip to (?:main )?content)\s*\)?$", re.I)
_TRAILING_FURNITURE = re.compile(r"\s*\(?\s*back to top\s*\)?$", re.I)
_RATING = rf"(?:{RATING_WORDS})"
_RATED_ROW = re.compile(
    rf"^(?P<name>(?:[1-9]\.\d\.?\s+[A-Z][^.:%]{{0,60}}?|Overall rating))\s+(?P<rating>{_RATING})$", re.I
)


_TABLE_HEAD = re.compile(r"^(?:Key question|Outcomes)\s+Percentage$", re.I)
_ROW_END = re.compile(r"\d{1,3}(?:\.\d+)?\s?%$")
_ROW_LINES = 4  # a table row read across wraps over at most this many lines


_CELL_HEAD = re.compile(r"^(?:Key question|Outcomes)$", re.I)
_CELL_PCT_HEAD = re.compile(r"^Percentage(?:\s+'?Yes'?)?$", re.I)
#: a percentage cell alone on its line: "61%", "61 %", "61 per cent", "sixty-one percent"
_BARE_PCT = re.compile(rf"^(?:\d{{1,3}}(?:\.\d+)?\s?%|(?:\d{{1,3}}(?:\.\d+)?|{NUMBER_WORDS})\s*per\s?cent)$", re.I)
_BARE_NUMBER = re.compile(r"^\d{1,2}\.$")
_TABLE_REACH = 40  # lines after a table header in which a bare percentage is a row's cell


def _row_end(text: str) -> bool:
    """A line ending a key-question row: "...61%", or a question then its percentage in any
    form ("...? 61 per cent", "...? sixty-one per cent"), or a percentage cell alone."""
    return bool(_ROW_END.search(text) or _BARE_PCT.match(text)) or ends_with_percentage(text)


def _next_texts(lines: list[Line]) -> list[int]:
    """For each index i, the index of the first line at or after i with text (len(lines) if
    none): one pass from the end, so a long run of blank lines costs linear time."""
    out = [len(lines)] * (len(lines) + 1)
    for i in range(len(lines) - 1, -1, -1):
        out[i] = i if lines[i].text else out[i + 1]
    return out


def _rejoin_cells(lines: list[Line]) -> list[Line]:
    """Text a PDF tool prints cell by cell (pdftotext without -layout): a table header's two
    cells, a key-question row's question and percentage, a list item's number and its text,
    each a block of its own. Put each back on one line, as the text form has them."""
    out: list[Line] = []
    i = 0
    header_at: int | None = None
    next_text = _next_texts(lines)
    while i < len(lines):
        ln = lines[i]
        j = next_text[i + 1]
        nxt = lines[j] if j < len(lines) else None
        if nxt is not None and _CELL_HEAD.match(ln.text) and _CELL_PCT_HEAD.match(nxt.text):
            out.append(Line(ln.no, f"{ln.text} Percentage 'Yes'", ln.page_break_before))
            header_at, i = len(out), j + 1
            continue
        if nxt is not None and _BARE_NUMBER.match(ln.text) and nxt.text[:1].isalpha():
            out.append(Line(ln.no, f"{ln.text} {nxt.text}", ln.page_break_before))
            i = j + 1
            continue
        if header_at is not None and _BARE_PCT.match(ln.text) and len(out) - header_at < _TABLE_REACH:
            k = len(out)
            while k > 0 and not out[k - 1].text:
                k -= 1
            if k > header_at and not _row_end(out[k - 1].text):
                previous = out[k - 1]
                del out[k - 1:]
                out.append(Line(previous.no, f"{previous.text} {ln.text}", previous.page_break_before))
                i += 1
                continue
        if ln.text.endswith(":") or ln.text.startswith("- "):
            header_at = None
        out.append(ln)
        i += 1
    return out


def _rejoin_tables(lines: list[Line]) -> list[Line]:
    """A key-question table as a layout-keeping tool prints it: the header's "'Yes'" wrapped
    onto a line of its own, and blank lines between rows. Rejoin the header; drop a blank line
    inside the table, that is one followed by a row (lines reaching a percentage within a few
    lines, none of them blank); a gap followed by anything else ends the table, page break
    or not."""
    out: list[Line] = []
    i = 0
    in_table = False
    while i < len(lines):
        ln = lines[i]
        if _TABLE_HEAD.match(ln.text):
            j = i + 1
            while j < len(lines) and not lines[j].text:
                j += 1
            if j < len(lines) and lines[j].text in {"'Yes'", "Yes"}:
                out.append(Line(ln.no, f"{ln.text} 'Yes'", ln.page_break_before))
                i, in_table = j + 1, True
                continue
        if in_table and not ln.text:
            j = i
            while j < len(lines) and not lines[j].text:
                j += 1
            ahead = lines[j:j + _ROW_LINES]
            reaches = next((k for k, a in enumerate(ahead) if not a.text or _row_end(a.text)), None)
            if reaches is not None and ahead[reaches].text:
                i = j  # a blank line between rows
                continue
            # the table ends here; a page break right after it must not carry it on to the
            # next page's paragraph (the block stage joins rows across page breaks)
            out.extend(Line(gap.no, "", False) for gap in lines[i:j])
            i, in_table = j, False
            continue
        if ln.text.lower().startswith(("key question", "outcomes")) and "percentage" in ln.text.lower():
            in_table = True
        out.append(ln)
        i += 1
    return out


_CUT_LINK_START = re.compile(r"\s*\(\s*back(?P<to>\s+to)?\s*$", re.I)
_CUT_LINK_END = re.compile(r"^(?P<to>to\s+)?top\s*\)$", re.I)


def _rejoin_cut_links(lines: list[Line]) -> list[Line]:
    """A "(Back to top)" link that a wrap cut in two ("2.3 Implementation and delivery (Back"
    then "to top)", perhaps after a page break): the heading without it, and the rest a blank
    line."""
    out = list(lines)
    for i in range(len(out) - 1):
        start = _CUT_LINK_START.search(out[i].text)
        if start is None:
            continue
        j = i + 1
        while j < len(out) and not out[j].text:
            j += 1
        end = _CUT_LINK_END.match(out[j].text) if j < len(out) else None
        if end and bool(start.group("to")) != bool(end.group("to")) and all(
                ln.page_break_before for ln in out[i + 1:j]):
            out[i] = Line(out[i].no, out[i].text[:start.start()], out[i].page_break_before)
            out[j] = Line(out[j].no, "", out[j].page_break_before)
    return out


def tidy_layout(lines: list[Line]) -> list[Line]:
    """Drop web furniture lines (:func:`_rejoin_cut_links`: a link a wrap cut too); split a
    ratings-table row read across into name and rating;
    rejoin a key-question table printed with gaps (:func:`_rejoin_tables`) or cell by cell,
    and list items printed apart from their numbers (:func:`_rejoin_cells`)."""
    out: list[Line] = []
    for ln in _rejoin_tables(_rejoin_cells(_rejoin_cut_links(lines))):
        text = ln.text
        if text and _FURNITURE.match(text):
            out.append(Line(ln.no, "", ln.page_break_before))
            continue
        if text.lower().endswith("back to top)") or text.lower().endswith(" back to top"):
            text = _TRAILING_FURNITURE.sub("", text)
        m = _RATED_ROW.match(text)
        if m:
            out.extend([Line(ln.no, m.group("name").strip(), ln.page_break_before), Line(ln.no, ""),
                        Line(ln.no, m.group("rating"))])
            continue
        out.append(ln if text == ln.text else Line(ln.no, text, ln.page_break_before))
    return out
