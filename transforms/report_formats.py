"""Report bytes in any published form (text, PDF, web page) to one extracted text.

Every reader returns an :class:`Extracted`: the report as plain text lines, the shape the
text path reads (one line per paragraph, bullet, heading or table row; blank lines between
blocks; key-question table rows as tab-separated cells), with, for each line, where in the
file it came from (``page 7``, ``html:/html/body/main/table[2]/tbody/tr[3]``), and the
publication date the file states outside its text (a ``<time>`` element, a meta tag).

The format is chosen by the file's suffix and checked against its first bytes: a ``.pdf``
that is not a PDF, or a web page that is not HTML, is rejected with that reason.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from core.errors import RejectedInput

TEXT_SUFFIXES = (".txt", ".md", ".text")
PDF_SUFFIXES = (".pdf",)
HTML_SUFFIXES = (".html", ".htm")
REPORT_SUFFIXES = TEXT_SUFFIXES + PDF_SUFFIXES + HTML_SUFFIXES


@dataclass(frozen=True)
class PageDate:
    """A publication date read from the file outside its text, and where."""

    value: dt.date
    source: str  # time-element | meta
    line: int | None = None  # the extracted-text line it sits on, if any
    location: str | None = None


@dataclass
class Extracted:
    """A report's text and, per line (1-based, as ``locations[no - 1]``), its place in the file."""

    text: str
    fmt: str  # text | pdf | html
    locations: list[str | None] = field(default_factory=list)
    page_date: PageDate | None = None
    decoding: "DecodedText | None" = None
    """For a text file: what decoding its bytes had to change (transforms.report_text.decode_text)."""

    def location(self, line: int | None) -> str | None:
        if line is None or not 1 <= line <= len(self.locations):
            return None
        return self.locations[line - 1]


def report_format(source_file: str, data: bytes) -> str:
    """``text``, ``pdf`` or ``html`` for a file's suffix, checked against its content.

    Raises:
        RejectedInput: an unknown suffix, or content that is not what the suffix says.
    """
    suffix = "." + source_file.rsplit(".", 1)[-1].lower() if "." in source_file.rsplit("/", 1)[-1] else ""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    is_pdf = data[:1024].lstrip().lower().startswith(b"%pdf-")
    is_html = head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in head
    if suffix in PDF_SUFFIXES:
        if not is_pdf:
            raise RejectedInput(source_file, "not a PDF file (no %PDF- header), though named .pdf")
        return "pdf"
    if suffix in HTML_SUFFIXES:
        if not is_html:
            raise RejectedInput(source_file, f"not a web page (no <html> or <!DOCTYPE html> at the start), though named {suffix}")
        return "html"
    if suffix in TEXT_SUFFIXES:
        return "text"
    raise RejectedInput(
        source_file, f"not a report file (suffix {suffix or 'none'}; expected {', '.join(REPORT_SUFFIXES)})"
    )


def extract_report(data: bytes, source_file: str) -> Extracted:
    """The report's text, however it is published.

    Raises:
        RejectedInput: unknown suffix, wrong content for it, an empty, damaged or
            encrypted PDF, or a file with no text at all.
    """
    fmt = report_format(source_file, data)
    if fmt == "pdf":
        from transforms.report_pdf import read_pdf

        return read_pdf(data, source_file)
    if fmt == "html":
        from transforms.report_html import read_html

        return read_html(data, source_file)
    from transforms.report_text import decode_text

    decoded = decode_text(data, source_file)
    return Extracted(decoded.text, "text", decoding=decoded)


_FILE_MONTH = re.compile(r"(?<!\d)((?:19|20)\d{2})-(0[1-9]|1[0-2])(?!\d)")


def date_from_file_name(source_file: str) -> dt.date | None:
    """The documented fallback for a report whose text and page give no date: the last
    ``YYYY-MM`` in its file name (``cumbria-pdu-2023-07.html``), as the first of the month."""
    name = source_file.replace("\\", "/").rsplit("/", 1)[-1]
    found = _FILE_MONTH.findall(name)
    if not found:
        return None
    year, month = found[-1]
    return dt.date(int(year), int(month), 1)


def parse_iso_date(text: str | None) -> dt.date | None:
    """The date at the start of an ISO 8601 date or date-time (``2023-07-12T09:00:00Z``), or
    a month (``2023-07``, HTML's valid month string: the first of the month)."""
    m = re.match(r"\s*(\d{4})-(\d{2})(?:-(\d{2}))?(?![\d-])", text or "")
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
    except ValueError:
        return None
