"""Is an input file over one of the run's limits? Answered before the file is read into memory:
from its size, from an XLSX's zip central directory (before anything is inflated), and by
streaming through the file in fixed-size chunks (memory stays constant, however large the file).

The limits are ``core.settings.Limits``; each reason is one line naming the limit and
the environment variable that sets it. Docs: docs/operations.md, "Limits".
"""

from __future__ import annotations

import os
import re
import stat
import zipfile
import zlib
from pathlib import Path

from core.settings import Limits

TEXT_SUFFIXES = {".txt", ".md", ".text", ".csv"}
XLSX_SUFFIXES = {".xlsx"}
_CHUNK = 1 << 20
_MAX_ZIP_MEMBERS = 10_000
#: XML text of a cell may take up to 4 bytes a character (UTF-8) plus its tag's attributes.
_TAG_SLACK = 256
_SHEET_XML = re.compile(r"^xl/(?:worksheets/[^/]+|sharedStrings)\.xml$", re.I)


def _setting(name: str) -> str:
    return f"INSPECTIONS_{name.upper()}"


def _size(n: int) -> str:
    return f"{n:,} bytes"


def over_limits(path: Path, limits: Limits) -> str | None:
    """The one-line reason ``path`` is over a limit, or None. Only a regular file is opened."""
    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        return "not a regular file: not read"
    suffix = path.suffix.lower()
    limit_name = "max_csv_bytes" if suffix == ".csv" else "max_file_bytes"
    limit = getattr(limits, limit_name)
    if st.st_size > limit:
        return (f"file is {_size(st.st_size)}, over the limit of {_size(limit)} "
                f"({_setting(limit_name)}): not read")
    if suffix in XLSX_SUFFIXES:
        return xlsx_problem(path, limits)
    if suffix in TEXT_SUFFIXES:
        return long_line(path, limits.max_line_chars)
    return None


def long_line(path: Path, max_line: int) -> str | None:
    """The reason a text file has a line over ``max_line`` bytes (the first such line), or None."""
    line_no, run = 1, 0
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            pieces = chunk.split(b"\n")
            for i, piece in enumerate(pieces):
                run += len(piece)
                if run > max_line:
                    return (f"line {line_no} is over the limit of {max_line:,} bytes a line "
                            f"({_setting('max_line_chars')}): not read")
                if i < len(pieces) - 1:
                    line_no += 1
                    run = 0
    return None


def xlsx_problem(path: Path, limits: Limits) -> str | None:
    """The reason an XLSX is over a limit, or None. The zip's central directory is read first:
    its declared uncompressed size must be within ``max_xlsx_uncompressed_bytes`` before any member
    is inflated. Then the worksheets and shared strings are streamed through (never held whole) to
    count cells and find the longest text. A file that is not a zip is left to the survey reader."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError):
        return None  # not a zip at all: the reader says what it is
    with archive:
        members = archive.infolist()
        if len(members) > _MAX_ZIP_MEMBERS:
            return f"XLSX (zip) has {len(members):,} members, over {_MAX_ZIP_MEMBERS:,}: not read"
        declared = sum(m.file_size for m in members)
        if declared > limits.max_xlsx_uncompressed_bytes:
            return (f"XLSX would inflate to {_size(declared)} (its zip directory says), over the limit of "
                    f"{_size(limits.max_xlsx_uncompressed_bytes)} ({_setting('max_xlsx_uncompressed_bytes')}): "
                    "not read")
        cells = 0
        for member in members:
            if not _SHEET_XML.match(member.filename):
                continue
            try:
                counted, longest = _scan_xml(archive, member)
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as err:
                return f"XLSX member {member.filename[:80]!r} cannot be inflated: {str(err)[:120]}"
            cells += counted
            if cells > limits.max_xlsx_cells:
                return (f"XLSX has over {limits.max_xlsx_cells:,} cells ({_setting('max_xlsx_cells')}): "
                        "not read")
            if longest > 4 * limits.max_cell_chars + _TAG_SLACK:
                return (f"XLSX has a cell of about {longest:,} bytes of text in {member.filename[:80]!r}, over "
                        f"the limit of {limits.max_cell_chars:,} characters ({_setting('max_cell_chars')}): "
                        "not read")
    return None


def _scan_xml(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> tuple[int, int]:
    """(cells, longest run of bytes without '<') in one XML member, streamed in chunks. A cell's
    text lies between '>' and the next '<', so the longest such run bounds every cell's length.
    ``zipfile`` stops at the member's declared size and checks its CRC, so a member that lies about
    its size fails here instead of inflating further."""
    cells = longest = run = 0
    carry = b""
    with archive.open(member) as f:
        while chunk := f.read(_CHUNK):
            window = carry + chunk
            cells += window.count(b"<c ") + window.count(b"<c>")
            carry = chunk[-2:]
            pieces = chunk.split(b"<")
            if len(pieces) == 1:
                run += len(chunk)
            else:
                longest = max(longest, run + len(pieces[0]), *(len(p) for p in pieces[1:-1]))
                run = len(pieces[-1])
            longest = max(longest, run)
    return cells, longest
