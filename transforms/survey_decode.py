"""Bytes of a text extract -> UTF-8 text with ``\\n`` line endings, streamed in blocks.

Which encoding (the rule, in order):
* a byte-order mark says it (UTF-8, UTF-16 LE or BE);
* no mark, but every other byte of the first block is NUL: UTF-16 (LE or BE by which half);
* otherwise UTF-8 if the whole file decodes as UTF-8;
* otherwise Windows-1252, but only when the file holds no valid UTF-8 multi-byte sequence
  (a UTF-8 file with one bad byte is *not* re-read as Windows-1252, which would turn every
  ``’`` of good text into ``â€™``): such a file is rejected naming the byte offset.
A byte that is invalid in the chosen encoding rejects the file naming its offset.

Line endings (``\\r\\n``, ``\\r``, ``\\n``, mixed) all become ``\\n``.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from core.errors import RejectedInput

BLOCK = 1 << 22
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 (with BOM)", "utf-16": "UTF-16", "utf-16-le": "UTF-16 LE",
         "utf-16-be": "UTF-16 BE", "cp1252": "Windows-1252"}


@dataclass(frozen=True)
class BadBytes(Exception):
    offset: int
    encoding: str
    data: bytes


def sniff_encoding(head: bytes) -> str:
    """The encoding a byte-order mark or a NUL pattern says; else 'utf-8' (to be confirmed)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = head[:4096]
    half = len(sample) // 2
    if half >= 2:
        odd_nul = sample[1::2].count(0)
        even_nul = sample[0::2].count(0)
        if odd_nul >= 0.4 * half and even_nul == 0:
            return "utf-16-le"
        if even_nul >= 0.4 * half and odd_nul == 0:
            return "utf-16-be"
    return "utf-8"


def iter_text(path: Path, encoding: str, check: Callable[[bytes, int], None] | None = None,
              block: int = BLOCK, limit: int | None = None) -> Iterator[str]:
    """Decoded text of ``path`` in blocks, line endings as ``\\n``; raises ``BadBytes`` at the
    first byte that is not ``encoding``. ``limit``: stop after about this many bytes."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    total = 0
    carry_cr = False
    with open(path, "rb") as f:
        while True:
            data = f.read(block)
            final = not data or (limit is not None and total + len(data) >= limit)
            if check is not None and data:
                check(data, total)
            pending = decoder.getstate()[0]
            try:
                text = decoder.decode(data, final=not data)
            except UnicodeDecodeError as err:
                raise BadBytes(total - len(pending) + err.start, encoding, err.object[err.start:err.end]) from None
            total += len(data)
            if carry_cr:
                text, carry_cr = "\r" + text, False
            if text.endswith("\r") and data:
                text, carry_cr = text[:-1], True
            text = text.replace("\r\n", "\n").replace("\r", "\n")
            if text:
                yield text
            if final:
                return


def _reason(bad: BadBytes, note: str = "") -> str:
    return (f"byte {bad.offset} (0x{bad.data[:1].hex()}) is not valid {NAMES.get(bad.encoding, bad.encoding)}{note}; "
            "re-save the extract as UTF-8 (e.g. Excel: CSV UTF-8) and put it back")


def _mixed_check(first_bad: BadBytes):
    def check(data: bytes, offset: int) -> None:
        if _UTF8_MULTIBYTE.search(data):
            raise RejectedInput("", _reason(first_bad, " although the file has UTF-8 text elsewhere "
                                                       "(mixed encodings; it was not guessed)"))
    return check


def decode_blocks(path: Path, source: str, limit: int | None = None) -> tuple[str, Iterator[str]]:
    """(encoding, iterator of text blocks), by the rule of this module. The iterator raises
    ``RejectedInput`` (naming ``source``) on a bad byte. ``limit``: read only about that many bytes
    (then the encoding is the one the head shows)."""
    with open(path, "rb") as f:
        head = f.read(8192)
    encoding = sniff_encoding(head)
    if encoding != "utf-8":
        return encoding, _guarded(iter_text(path, encoding, limit=limit), source)
    # UTF-8 unless it fails; then Windows-1252 only when no UTF-8 text was seen
    try:
        for _ in iter_text(path, "utf-8", limit=limit):
            pass
        return "utf-8", _guarded(iter_text(path, "utf-8", limit=limit), source)
    except BadBytes as bad:
        if _non_ascii_before(path, bad.offset):
            raise RejectedInput(source, _reason(bad, " although the text before it is UTF-8")) from None
        first_bad = bad

    def cp1252() -> Iterator[str]:
        try:
            yield from iter_text(path, "cp1252", check=_mixed_check(first_bad), limit=limit)
        except RejectedInput as err:
            raise RejectedInput(source, err.reason) from None
    return "cp1252", _guarded(cp1252(), source)


def _non_ascii_before(path: Path, offset: int) -> bool:
    """Whether the (valid UTF-8) bytes before ``offset`` hold any non-ASCII character."""
    with open(path, "rb") as f:
        while offset > 0:
            data = f.read(min(BLOCK, offset))
            if not data:
                return False
            if not data.isascii():
                return True
            offset -= len(data)
    return False


def _guarded(blocks: Iterator[str], source: str) -> Iterator[str]:
    try:
        for text in blocks:
            if "\x00" in text:
                raise RejectedInput(source, "the text has NUL characters: not a CSV export (save it as CSV UTF-8)")
            yield text
    except BadBytes as bad:
        raise RejectedInput(source, _reason(bad)) from None


def head_text(path: Path, source: str, chars: int = 1 << 21) -> tuple[str, str, bool]:
    """(encoding, the first ~``chars`` characters cut at a line end, whether that is the whole
    file). The encoding is confirmed over the whole file (one streamed pass)."""
    encoding, blocks = decode_blocks(path, source)
    parts, size, whole = [], 0, True
    for text in blocks:
        parts.append(text)
        size += len(text)
        if size >= chars:
            whole = False
            break
    text = "".join(parts)
    if not whole:
        cut = text.rfind("\n")
        text = text[: cut + 1] if cut >= 0 else text
    return encoding, text, whole


def write_utf8(path: Path, dest: Path, source: str, skip_chars: int) -> str:
    """Write the file's text (after its first ``skip_chars`` characters) to ``dest`` as UTF-8;
    return the encoding it was read in."""
    encoding, blocks = decode_blocks(path, source)
    quotes = 0
    with open(dest, "w", encoding="utf-8", newline="") as out:
        for text in blocks:
            quotes += text.count('"')
            if skip_chars:
                cut = min(skip_chars, len(text))
                text, skip_chars = text[cut:], skip_chars - cut
            out.write(text)
    if quotes % 2:
        raise RejectedInput(source, UNCLOSED_QUOTE)
    return encoding


@dataclass(frozen=True)
class ByteFacts:
    """What one pass over the raw bytes of a UTF-8 file shows."""

    quotes: int          # number of '"' bytes
    one_line_end: bool   # every line ends the same way (all CRLF or all LF; no lone CR)


def byte_facts(path: Path) -> ByteFacts:
    quotes, lf, crlf, cr, prev_cr = 0, 0, 0, 0, False
    with open(path, "rb") as f:
        while data := f.read(BLOCK):
            quotes += data.count(b'"')
            lf += data.count(b"\n")
            cr += data.count(b"\r")
            crlf += data.count(b"\r\n") + (1 if prev_cr and data.startswith(b"\n") else 0)
            prev_cr = data.endswith(b"\r")
    return ByteFacts(quotes, cr == crlf and (crlf == 0 or crlf == lf))


UNCLOSED_QUOTE = ('the file has an unclosed quote (an odd number of " characters), which would run answers and rows '
                  "together; fix the quoting or re-export the extract")
