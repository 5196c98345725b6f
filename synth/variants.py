"""Text shapes real reports reach users in: pure ``str -> str`` functions.

Each variant changes only presentation (line endings, BOM, quote style, whitespace,
emphasis, footnote markers, line wrapping, page furniture); the facts a parser reads
stay the same. All of them work on the real report text as well as on synthetic text,
and on LF or CRLF input (line endings are preserved unless the variant is about them).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from synth.ratings import RATINGS

BOM = "\ufeff"
FORM_FEED = "\f"
DEFAULT_HEADER_PREFIX = "Inspection of probation services"

_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_STRAIGHTEN = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})
_OPENING_CONTEXT = " \t\n\r\f([{‘“–—" + BOM
_BOLD = re.compile(r"\*\*([^*\n]+?)\*\*")
_SCORE = re.compile(r"(?<![\w/*])(\d{1,2}/(?:27|21))(?![\w/*])")
_RATING_AT_END = re.compile(
    r"^(?P<head>.*\.\s)(?P<rating>" + "|".join(map(re.escape, RATINGS)) + r")(?P<tail>\s*)$"
)
_TABLE_ROW = re.compile(r"^(?P<q>.*\S)(?P<sep>\t+| {2,})(?P<pct>(?:\d{1,3}|[a-z]+(?:-[a-z]+)?)(?:%| per cent))$")
#: Words that must not begin a wrapped continuation line, because the line would then
#: look like a bullet, a numbered item or heading, or a footnote text line.
_NO_LINE_START = re.compile(r"^(?:[-–•*]|\d+(?:\.\d+)*\.?|[⁰¹²³⁴⁵⁶⁷⁸⁹]+)$")


def _map_lines(text: str, fn: Callable[[str], list[str]]) -> str:
    """Apply fn to every line body, keeping each line's own "\\r\\n" or "\\n"."""
    out = []
    for line in text.split("\n"):
        cr = "\r" if line.endswith("\r") else ""
        body = line[:-1] if cr else line
        out.extend(piece + cr for piece in fn(body))
    return "\n".join(out)


def to_crlf(text: str) -> str:
    """Use Windows line endings ("\\r\\n") throughout."""
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def add_bom(text: str) -> str:
    """Prefix a UTF-8 byte order mark (U+FEFF) unless one is there already."""
    return text if text.startswith(BOM) else BOM + text


def curly_quotes(text: str) -> str:
    """Turn straight quotes into typographic ones.

    '…' -> ‘…’, "…" -> “…”, it's -> it’s.

    A quote is opening after the start of text, whitespace or an opening bracket or
    dash, and closing (or an apostrophe) otherwise.
    """
    out = []
    for i, ch in enumerate(text):
        before = text[i - 1] if i else " "
        opening = before in _OPENING_CONTEXT
        if ch == '"':
            out.append("“" if opening else "”")
        elif ch == "'":
            after = text[i + 1] if i + 1 < len(text) else " "
            out.append("‘" if opening and not after.isspace() else "’")
        else:
            out.append(ch)
    return "".join(out)


def straight_quotes(text: str) -> str:
    """Turn ‘ ’ “ ” into straight ' and " (the inverse of ``curly_quotes``)."""
    return text.translate(_STRAIGHTEN)


def tabs_to_spaces(text: str, n: int = 4) -> str:
    """Replace every tab (e.g. between a key question and its percentage) by n spaces."""
    if n < 2:
        raise ValueError(f"n must be at least 2 so table columns stay apart, got {n}")
    return text.replace("\t", " " * n)


def strip_markdown(text: str) -> str:
    """Remove **bold** emphasis markers, keeping the text inside."""
    return _BOLD.sub(r"\1", text)


def add_markdown_emphasis(text: str) -> str:
    """Wrap the "n/27" (or pdu-2023 "n/21") score and every rating line in **...**.

    A rating line is a line holding only a rating word, or a line ending in ". <rating>"
    (a rating at the end of a standard's description). Existing emphasis is removed
    first, so the result never has doubled markers.
    """
    text = _SCORE.sub(r"**\1**", strip_markdown(text))

    def emphasise(line: str) -> list[str]:
        stripped = line.strip()
        if stripped in RATINGS:
            return [line.replace(stripped, f"**{stripped}**")]
        match = _RATING_AT_END.match(line)
        if match:
            return [f"{match['head']}**{match['rating']}**{match['tail']}"]
        return [line]

    return _map_lines(text, emphasise)


def plain_footnote_markers(text: str) -> str:
    """Superscript digits ⁰-⁹ become ASCII digits.

    "rating⁴" -> "rating4" at markers, "⁴ The ..." -> "4 The ..." at footnote text lines.
    """
    return text.translate(_SUPERSCRIPT_DIGITS)


def may_start_line(word: str) -> bool:
    """Whether ``hard_wrap`` may begin a continuation line with this word."""
    return not _NO_LINE_START.match(word)


def _wrap(body: str, width: int) -> list[str]:
    """Greedy word wrap keeping original spacing inside lines; see ``hard_wrap``."""
    indent = body[: len(body) - len(body.lstrip(" "))]
    parts = re.split(r"( +)", body[len(indent):])
    words, seps = parts[0::2], [""] + parts[1::2]
    if len(words) == 1:
        return [body]
    lines, start = [], 0
    while start < len(words):
        end, length = start + 1, len(indent if start == 0 else "") + len(words[start])
        while end < len(words) and length + len(seps[end]) + len(words[end]) <= width:
            length += len(seps[end]) + len(words[end])
            end += 1
        if end < len(words):
            cut = end
            while cut > start + 1 and not may_start_line(words[cut]):
                cut -= 1
            if not may_start_line(words[cut]):  # no allowed break within width: go past it
                cut = end
                while cut < len(words) and not may_start_line(words[cut]):
                    cut += 1
            end = cut
        line = words[start] + "".join(seps[i] + words[i] for i in range(start + 1, end))
        lines.append((indent if start == 0 else "") + line)
        start = end
    last = lines[-1]
    if len(lines) > 1 and last.isdigit():  # a lone number would pass for a page number
        head, _, moved = lines[-2].rstrip(" ").rpartition(" ")
        if head.strip() and may_start_line(moved):
            lines[-2:] = [head.rstrip(" "), f"{moved} {last}"]
    return lines


def hard_wrap(text: str, width: int = 80) -> str:
    """Wrap every line longer than ``width`` at word boundaries, as PDF extraction does.

    Continuation lines are not indented and never start with a word that would make them
    look like a bullet ("- "), a numbered item, a heading number or a footnote marker;
    a line holding just a number is never produced. Words longer than ``width`` stay
    whole on their own line. A table row "question<TAB or spaces>NN%" is wrapped inside
    the question so the percentage stays at the end of the last piece.
    """
    if width < 10:
        raise ValueError(f"width must be at least 10, got {width}")

    def wrap_line(line: str) -> list[str]:
        if len(line) <= width:
            return [line]
        row = _TABLE_ROW.match(line)
        if not row:
            return _wrap(line, width)
        tail = row["sep"] + row["pct"]
        pieces = _wrap(row["q"], width)
        if len(pieces[-1]) + len(tail) > width:
            pieces[-1:] = _wrap(pieces[-1], max(1, width - len(tail)))
        pieces[-1] += tail
        return pieces

    return _map_lines(text, wrap_line)


_PERCENT_CELL_ROW = re.compile(
    r"^(?P<q>.*\?)(?P<sep>\t+| {2,}| [\u2013-] )"
    r"(?P<pct>(?:\d{1,3}|[a-z]+(?:[ -][a-z]+)*)(?: ?%| per ?cent))(?P<end>[ |]*)$"
)


def split_percentages(text: str, between: tuple[str, ...] = ()) -> str:
    """Cut each key-question row's percentage cell over two lines, as a narrow table column
    wraps it: "...?<TAB>sixty-" then "one per cent", "...?<TAB>61" then "per cent", "...?" then
    "61%". The cuts are the gap before the cell and each space or hyphen inside it; the
    i-th row of the text is cut at its cell's (i mod n)-th cut, so one text holds every
    kind. ``between`` is the lines put between the two pieces (none by default; ("",) for a
    blank line; a page's footer and next header for a page break)."""
    count = 0

    def cut_row(line: str) -> list[str]:
        nonlocal count
        m = _PERCENT_CELL_ROW.match(line)
        if not m:
            return [line]
        pct = m["pct"]
        cuts = [(len(m["q"]), len(m["q"]) + len(m["sep"]))]  # (end of first piece, start of second)
        start = m.start("pct")
        for found in re.finditer(r" |(?<=[a-z])-(?=[a-z])", pct):
            at = start + found.start()
            cuts.append((at + 1, at + 1) if found.group() == "-" else (at, at + 1))
        first_end, second_start = cuts[count % len(cuts)]
        count += 1
        return [line[:first_end], *between, line[second_start:]]

    return _map_lines(text, cut_row)


def _unit_from_title(text: str) -> str | None:
    """The unit line after "An inspection of probation services in:", e.g. "Cumbria PDU"."""
    lines = [line.strip(" \r" + BOM + FORM_FEED) for line in text.split("\n")[:80]]
    for i, line in enumerate(lines):
        if line.startswith("An inspection of probation services in"):
            return next((later for later in lines[i + 1 :] if later), None)
    return None


def paginate(
    text: str,
    lines_per_page: int = 45,
    header: str | None = None,
    footer_fmt: str = "{n}",
) -> str:
    """Insert page furniture after every ``lines_per_page`` lines, like a PDF's text layer.

    Each page ends with a footer line ``footer_fmt.format(n=page, m=pages)`` (default:
    the page number alone; e.g. "Page {n} of {m}" also works). Every page after the
    first begins with a line holding a form feed and the running header:
    "\\fInspection of probation services: <unit> PDU" when ``header`` is None (the unit
    is read from the title block). Breaks fall at fixed line counts, so they land in
    the middle of paragraphs and lists. Deterministic.
    """
    if lines_per_page < 1:
        raise ValueError(f"lines_per_page must be at least 1, got {lines_per_page}")
    if header is None:
        unit = _unit_from_title(text)
        header = f"{DEFAULT_HEADER_PREFIX}: {unit}" if unit else DEFAULT_HEADER_PREFIX
    newline = "\r\n" if "\r\n" in text else "\n"
    body = text.replace("\r\n", "\n")
    trailing = body.endswith("\n")
    lines = body[:-1].split("\n") if trailing else body.split("\n")
    pages = [lines[i : i + lines_per_page] for i in range(0, len(lines), lines_per_page)]
    out: list[str] = []
    for n, page in enumerate(pages, start=1):
        if n > 1:
            out.append(FORM_FEED + header)
        out.extend(page)
        out.append(footer_fmt.format(n=n, m=len(pages)))
    return newline.join(out) + (newline if trailing else "")


def apply_all(text: str) -> str:
    """Combine several variants: curly quotes, plain footnote markers, no emphasis,
    tabs as spaces, hard wrap at 80, pagination, CRLF and a BOM."""
    for variant in (
        curly_quotes,
        plain_footnote_markers,
        strip_markdown,
        tabs_to_spaces,
        hard_wrap,
        paginate,
        to_crlf,
        add_bom,
    ):
        text = variant(text)
    return text


#: Every variant by name, with default arguments, for parametrised tests.
VARIANTS: dict[str, Callable[[str], str]] = {
    "crlf": to_crlf,
    "bom": add_bom,
    "curly_quotes": curly_quotes,
    "straight_quotes": straight_quotes,
    "tabs_to_spaces": tabs_to_spaces,
    "strip_markdown": strip_markdown,
    "add_markdown_emphasis": add_markdown_emphasis,
    "plain_footnote_markers": plain_footnote_markers,
    "hard_wrap": hard_wrap,
    "paginate": paginate,
    "page_x_of_y": lambda text: paginate(text, footer_fmt="Page {n} of {m}"),
    "all": apply_all,
}
