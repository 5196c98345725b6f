"""Report bytes to clean, numbered lines.

Report text reaches users in many shapes (see the README): this module removes
every difference that carries no fact, so the later stages see one shape.

* :func:`decode_report` turns bytes into text, or rejects an empty or binary file.
* :func:`clean_lines` numbers the lines (1-based, as an editor shows them),
  normalises quotes, spaces, bullets and markdown emphasis, and drops page
  furniture (page numbers, running headers and footers, form feeds).
* :func:`split_footnotes` takes footnote text out of the body and footnote
  markers off the words they are glued to, superscript or plain digits.
"""

from __future__ import annotations

import codecs
import re
import threading
from collections import Counter
from dataclasses import dataclass

from core.errors import RejectedInput
from core.reference import reference_values


@dataclass(frozen=True)
class Line:
    """One line of report text and the line number where it was read."""

    no: int
    text: str
    page_break_before: bool = False


@dataclass(frozen=True)
class Footnote:
    number: int
    text: str
    line: int


# --- decoding -----------------------------------------------------------------------------

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")  # Cc, less \t \n \f \r
#: Bytes Windows-1252 leaves undefined: a file holding one is not Windows-1252.
_CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")
#: A well-formed multi-byte UTF-8 sequence (two to four bytes).
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_SHOWN_OFFSETS = 5


@dataclass(frozen=True)
class DecodedText:
    """A report's text and what decoding it had to change.

    ``replaced``: byte offsets (0-based, in the file) of invalid UTF-8 sequences, each now one
    U+FFFD; ``nul_removed``: byte offsets of NUL bytes, removed (a NUL is never text)."""

    text: str
    encoding: str
    replaced: tuple[int, ...] = ()
    nul_removed: tuple[int, ...] = ()

    @property
    def clean(self) -> bool:
        return not self.replaced and not self.nul_removed

    def note(self) -> str | None:
        """One line saying what was replaced or removed, and where; None when nothing was."""
        parts = []
        for what, offsets in ((f"invalid {self.encoding.upper()} sequence(s) replaced with U+FFFD", self.replaced),
                              ("NUL byte(s) removed", self.nul_removed)):
            if offsets:
                shown = ", ".join(str(o) for o in offsets[:_SHOWN_OFFSETS])
                more = f" and {len(offsets) - _SHOWN_OFFSETS} more" if len(offsets) > _SHOWN_OFFSETS else ""
                parts.append(f"{len(offsets)} {what} at byte {shown}{more}")
        return "; ".join(parts) or None


_recording = threading.local()


def _record_and_replace(err: UnicodeDecodeError) -> tuple[str, int]:
    _recording.offsets.append(err.start)
    return "\ufffd", err.end


codecs.register_error("inspections-record-offsets", _record_and_replace)


def _invalid_utf8_offsets(data: bytes) -> tuple[str, tuple[int, ...]]:
    """(text with U+FFFD for each invalid sequence, the byte offsets of those sequences)."""
    _recording.offsets = []
    try:
        text = data.decode("utf-8", errors="inspections-record-offsets")
        return text, tuple(_recording.offsets)
    finally:
        _recording.offsets = []


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when NULs fill every other byte of the start (text in UTF-16
    saved without a byte-order mark), else None."""
    head = data[:4096]
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def decode_text(data: bytes, source: str) -> DecodedText:
    """Decode report bytes, strictly, saying what had to change.

    The rule (docs/operations.md, "Text encodings"):

    * UTF-16 (with a byte-order mark, or without one when NULs fill every other byte) is decoded
      as UTF-16; an invalid sequence in it rejects the file with its byte offset;
    * UTF-8 (with or without a BOM) that decodes cleanly is UTF-8;
    * a file that is not valid UTF-8 but is valid Windows-1252 throughout and holds no well-formed
      multi-byte UTF-8 sequence is Windows-1252 (legitimately: an older editor's text);
    * otherwise the file is UTF-8 with some bad bytes: each invalid sequence becomes U+FFFD, the
      rest of the text is kept as it is, and ``replaced`` lists where (a data-quality row says so);
    * NUL bytes are removed wherever they are, and ``nul_removed`` lists where;
    * a file with many control characters, NULs or invalid sequences is binary and rejected.
    Never does a few bad bytes turn the whole file into another encoding.

    Raises:
        RejectedInput: the file is empty, binary, or invalid UTF-16.
    """
    if not data.strip():
        raise RejectedInput(source, "file is empty")
    bom16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    utf16 = "utf-16" if bom16 else _utf16_without_bom(data)
    if utf16:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError as err:
            raise RejectedInput(source, f"invalid UTF-16 at byte {err.start}: not report text") from None
        decoded = DecodedText(text.lstrip("\ufeff"), "utf-16")
    else:
        nuls = tuple(m.start() for m in re.finditer(b"\x00", data))
        if len(nuls) > max(8, len(data) // 1000):
            raise RejectedInput(source, "binary file, not report text (contains NUL bytes)")
        body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
        shift = len(data) - len(body)
        try:
            decoded = DecodedText(body.decode("utf-8"), "utf-8")
        except UnicodeDecodeError:
            text, bad = _invalid_utf8_offsets(body)
            if not _UTF8_MULTIBYTE.search(body) and not _CP1252_UNDEFINED.search(body):
                decoded = DecodedText(body.decode("cp1252"), "cp1252")
            else:
                decoded = DecodedText(text, "utf-8", tuple(o + shift for o in bad))
        if nuls:
            decoded = DecodedText(decoded.text.replace("\x00", ""), decoded.encoding, decoded.replaced, nuls)
    text = decoded.text
    controls = len(_CONTROL_CHARS.findall(text))
    replaced = text.count("\ufffd")
    if (controls + replaced + len(decoded.nul_removed)) > max(8, len(text) // 200):
        why = "contains NUL bytes" if decoded.nul_removed else "too many control characters"
        raise RejectedInput(source, f"binary file, not report text ({why})")
    return decoded


def decode_report(data: bytes, source: str) -> str:
    """The text of report bytes (:func:`decode_text`, which also says what decoding changed)."""
    return decode_text(data, source).text


# --- line cleaning ------------------------------------------------------------------------

_QUOTES = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00a0": " ", "\u2007": " ", "\u2009": " ", "\u202f": " ", "\u200b": "",
        "\ufeff": "",
    }
)
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_BULLET = re.compile(r"^(?:[-\u2022\u25cf\u25aa\u2023\u2043*\u2013\u2014])\s+")
_SPACES = re.compile(r"\s+")
_PAGE_NUMBER = re.compile(
    r"^(?:page\s+)?\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?$|^[-\u2013]\s*\d{1,3}\s*[-\u2013]$", re.I
)
_RUNNING_HEADER = re.compile(r"^(?:an\s+)?inspection of probation services(?:\s+in)?\s*:?\s+\S", re.I)
#: the report's title, which a running header may repeat: its first line is never furniture
_TITLE = re.compile(r"^an\s+inspection of probation services\s+in\b", re.I)


def normalise_line(text: str) -> str:
    """One physical line in canonical form: straight quotes, single spaces, ``- `` bullets,
    no markdown emphasis."""
    text = text.translate(_QUOTES)
    text = _EMPHASIS.sub(r"\2", text)
    text = _SPACES.sub(" ", text).strip()
    text = _BULLET.sub("- ", text) if not text.startswith("- ") else text
    return text


def _physical_lines(text: str) -> list[Line]:
    """Split on line ends; a form feed splits a line too but does not count as a line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines: list[Line] = []
    for no, raw in enumerate(text.split("\n"), start=1):
        pieces = raw.split("\f")
        for i, piece in enumerate(pieces):
            if i > 0 or piece or len(pieces) == 1:
                lines.append(Line(no, normalise_line(piece), page_break_before=i > 0))
    return lines


# the rating words (reference/rating_scale.csv), a regex alternation with no groups
RATING_WORDS = "|".join(re.escape(r) for r in reference_values("rating_scale.csv", "rating"))

_STRUCTURAL = re.compile(
    rf"^- |:$|^(?:{RATING_WORDS})$" r"|^\d\.\d?\.?\s|^(?:Key question|Outcomes)\b"
    r"|^(?:key )?strengths$|^areas (?:for|of|requiring) \w+$"  # finding labels printed without a colon
    r"|^(?:standard|domain)\s+\d",  # headings printed with a prefix
    re.I,
)


def _boundary_neighbours(lines: list[Line]) -> set[int]:
    """Indexes of the lines that could be a running header or footer: for each page
    boundary (a form feed or a page-number line), the first line of the new page and the
    last non-blank line before the boundary. Lines that start a list, table or section
    are never candidates, however often they recur."""
    def nearest(start: int, step: int) -> int | None:
        j = start + step
        while 0 <= j < len(lines):
            if lines[j].text and not _PAGE_NUMBER.match(lines[j].text):
                return j
            if lines[j].page_break_before and step == -1:
                return None
            j += step
        return None

    near: set[int] = set()
    for b, ln in enumerate(lines):
        if ln.page_break_before:
            after = b if ln.text else nearest(b, 1)
            before = nearest(b, -1)
        elif _PAGE_NUMBER.match(ln.text):
            after, before = nearest(b, 1), nearest(b, -1)
        else:
            continue
        near.update(i for i in (after, before) if i is not None and not _STRUCTURAL.search(lines[i].text))
    return near


def clean_lines(text: str) -> list[Line]:
    """Numbered, normalised lines with page furniture removed.

    Page furniture is: a line holding only a page number ("12", "Page 12", "12 of 30");
    and, next to a page boundary, a running header or footer, which is a line that names
    the inspection ("Inspection of probation services: X") or that recurs next to two or
    more boundaries. A removed stretch leaves a blank line flagged ``page_break_before`` so
    the next stage can join a paragraph or bullet that the page break cut in two.
    """
    lines = _physical_lines(text)
    near = _boundary_neighbours(lines)
    recurring = Counter(lines[i].text for i in near if lines[i].text)
    # a running header or footer recurs at a good share of the page boundaries (every page,
    # or every other page), not at two of twenty by chance (a heading that is printed twice)
    boundaries = sum(1 for ln in lines if ln.page_break_before or _PAGE_NUMBER.match(ln.text))
    enough = max(2, boundaries // 4)
    furniture = {
        i
        for i in near
        if lines[i].text
        and (_RUNNING_HEADER.match(lines[i].text) or recurring[lines[i].text] >= enough)
        and len(lines[i].text) <= 120
    }
    # the title on one line, last on its page ("An inspection of probation services in X PDU"), or
    # repeated as the running header: its first line is the title
    furniture.discard(next((i for i, ln in enumerate(lines) if _TITLE.match(ln.text)), -1))
    out: list[Line] = []
    pending_break = False
    for i, ln in enumerate(lines):
        is_page_no = bool(_PAGE_NUMBER.match(ln.text)) and (
            ln.page_break_before or _nearby_break(lines, i)
        )
        if ln.page_break_before or is_page_no or i in furniture:
            pending_break = True
            if not (is_page_no or i in furniture) and ln.text:
                out.append(Line(ln.no, ln.text, page_break_before=True))
                pending_break = False
            continue
        if pending_break:
            out.append(Line(ln.no, "", page_break_before=True))
            pending_break = False
        out.append(ln)
    return out


def _nearby_break(lines: list[Line], i: int) -> bool:
    """A bare number counts as a page number if it stands alone between blank lines or
    next to a form feed (a number inside a paragraph is never alone on its line there)."""
    before = lines[i - 1] if i > 0 else None
    after = lines[i + 1] if i + 1 < len(lines) else None
    return (
        (before is None or not before.text or before.page_break_before)
        or (after is None or not after.text or after.page_break_before)
    )


# --- footnotes ----------------------------------------------------------------------------

_SUPERSCRIPTS = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
_SUPER_TO_DIGIT = str.maketrans(_SUPERSCRIPTS, "0123456789")
_SUPER_RUN = re.compile(f"[{_SUPERSCRIPTS}]+")
_FOOTNOTE_DEF = re.compile(rf"^([{_SUPERSCRIPTS}]+|\d{{1,2}})\s+(\S.*)$")


def _plain_marker(number: int) -> re.Pattern[str]:
    return re.compile(rf"(?<=[A-Za-z.,;:)\]'\"%])({number})(?=[\s.,;:)]|$)")


def split_footnotes(lines: list[Line]) -> tuple[list[Line], list[Footnote]]:
    """Separate footnote text from the body and strip footnote markers from the body.

    A footnote's text starts on a line that begins with its number and runs to the next blank
    line: a superscript number not yet defined (in any order), or in plain digits the next
    number in order when a marker with that number is glued to an earlier word. Its place in
    the body becomes a blank line flagged as a break, so a bullet it interrupted can rejoin.
    """
    superscript_mode = any(_SUPER_RUN.search(ln.text) for ln in lines)
    body: list[Line] = []
    notes: list[Footnote] = []
    expected = 1
    defined: set[int] = set()
    last_def_index = 0
    i = 0
    while i < len(lines):
        ln = lines[i]
        m = _FOOTNOTE_DEF.match(ln.text)
        if m and _is_definition(m, expected, superscript_mode, body, last_def_index, defined):
            number = int(m.group(1).translate(_SUPER_TO_DIGIT))
            defined.add(number)
            parts = [m.group(2)]
            j = i + 1
            while j < len(lines):
                nxt = lines[j]
                if nxt.text and not nxt.page_break_before and not _FOOTNOTE_DEF.match(nxt.text):
                    parts.append(nxt.text)
                    j += 1
                elif _footnote_runs_on(parts[-1], lines, j):
                    j += 1  # a page break cut the footnote: skip the break, keep reading
                else:
                    break
            notes.append(Footnote(number, _SUPER_RUN.sub("", " ".join(parts)), ln.no))
            if not superscript_mode:
                _strip_plain_marker(body, number, last_def_index)
            last_def_index = len(body)
            body.append(Line(ln.no, "", page_break_before=True))
            expected = max(defined) + 1
            i = j
            continue
        body.append(Line(ln.no, _SUPER_RUN.sub("", ln.text), ln.page_break_before) if superscript_mode else ln)
        i += 1
    return body, notes


def _footnote_runs_on(text_so_far: str, lines: list[Line], j: int) -> bool:
    """A page break inside an unfinished footnote sentence does not end the footnote."""
    if lines[j].text or not lines[j].page_break_before or re.search(r"[.!?)\]]$", text_so_far):
        return False
    following = lines[j + 1] if j + 1 < len(lines) else None
    return bool(following and following.text and not _STRUCTURAL.search(following.text))


def _is_definition(
    m: re.Match[str], expected: int, superscript_mode: bool, body: list[Line], since: int,
    defined: set[int],
) -> bool:
    token = m.group(1)
    is_super = token[0] in _SUPERSCRIPTS
    if is_super != superscript_mode:
        return False
    if is_super:
        # superscript numbers are unambiguous: any not yet defined, in any order (a section
        # moved before another brings its footnotes with it)
        return int(token.translate(_SUPER_TO_DIGIT)) not in defined
    if int(token) != expected:
        return False
    # plain digits: only a definition if text follows and a glued marker precedes it
    if not m.group(2)[:1].isalpha():
        return False
    marker = _plain_marker(expected)
    return any(marker.search(ln.text) for ln in body[since:])


def _strip_plain_marker(body: list[Line], number: int, since: int) -> None:
    """Remove the marker nearest before the footnote's definition (in place, on our list)."""
    marker = _plain_marker(number)
    for k in range(len(body) - 1, since - 1, -1):
        text = body[k].text
        found = list(marker.finditer(text))
        if found:
            last = found[-1]
            body[k] = Line(body[k].no, text[: last.start()] + text[last.end():], body[k].page_break_before)
            return
