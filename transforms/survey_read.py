"""A survey extract file -> where its data rows are and how to read them (``ExtractSource``).

CSV (any of the encodings of ``survey_decode``; comma, semicolon, tab or pipe separated: the one
separator giving a header with a respondent ID and more than one column, else the one DuckDB's
CSV sniffer finds, confirmed by the header having a respondent ID column): only the first ~2 MB
are parsed here; the data rows are streamed later (``write_utf8``), never held whole.
XLSX: the data sheet is the one sheet whose first rows hold a respondent ID header (a cover or
notes sheet is passed over), or the sheet the settings name; a sheet whose header has code and
label columns is the label key (codebook).
"""

from __future__ import annotations

import csv
import io
import sys
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

from core.errors import RejectedInput
from transforms.survey_codes import Codebook, codebook_of
from transforms.survey_decode import NAMES, UNCLOSED_QUOTE, byte_facts, head_text
from transforms.survey_layout import MAX_SUB_ROWS, MAX_TITLE_ROWS, Layout, find_layout

SEPARATORS = (",", ";", "\t", "|")
SEPARATOR_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
SETTINGS_KEYS = {"sheet", "dates", "codes"}
csv.field_size_limit(sys.maxsize)


@dataclass(frozen=True)
class ExtractSettings:
    """``<survey>.settings.toml`` beside an extract: ``sheet`` (the data sheet of a workbook),
    ``dates`` ("day-first" or "month-first"), ``codes`` ("ordinal": numeric answers are the
    scale's ordinals)."""

    sheet: str | None = None
    dates: str | None = None
    codes: str | None = None


def parse_settings(text: str, name: str) -> ExtractSettings:
    try:
        values = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise RejectedInput(name, f"settings file is not TOML: {err}") from None
    unknown = sorted(set(values) - SETTINGS_KEYS)
    if unknown:
        raise RejectedInput(name, f"unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(SETTINGS_KEYS))}")
    if values.get("dates") not in (None, "day-first", "month-first"):
        raise RejectedInput(name, f"dates = {values['dates']!r}: use \"day-first\" or \"month-first\"")
    if values.get("codes") not in (None, "ordinal"):
        raise RejectedInput(name, f"codes = {values['codes']!r}: the only value is \"ordinal\"")
    return ExtractSettings(values.get("sheet"), values.get("dates"), values.get("codes"))


@dataclass(frozen=True)
class ExtractSource:
    kind: str                          # csv or xlsx
    layout: Layout
    file_format: str                   # e.g. "csv utf-8 comma", "xlsx sheet 'Responses'"
    encoding: str | None = None
    separator: str | None = None
    skip_chars: int = 0                # csv: characters of header rows before the data
    direct_skip_lines: int | None = None  # csv read by DuckDB as it is, skipping these lines (else a UTF-8 copy)
    header_lines: int = 0              # csv: lines of the file before the data
    rows: pl.DataFrame | None = None   # xlsx: data rows, columns c1..cN (text)
    codebook: Codebook | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def width(self) -> int:
        return len(self.layout.columns)


def _parse_rows(text: str, sep: str, limit: int = MAX_TITLE_ROWS + MAX_SUB_ROWS + 30) -> list[list[str]]:
    rows = []
    for row in csv.reader(io.StringIO(text), delimiter=sep):
        rows.append(row)
        if len(rows) >= limit:
            break
    return rows


def _chars_of_records(text: str, sep: str, records: int) -> int:
    """Characters taken by the first ``records`` CSV records of ``text`` (quoted newlines included)."""
    used = 0

    def lines():
        nonlocal used
        for line in text.splitlines(keepends=True):
            used += len(line)
            yield line
    reader = csv.reader(lines(), delimiter=sep)
    for _ in range(records):
        if next(reader, None) is None:
            break
    return used


def _duckdb_separator(text: str) -> str | None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "head.csv"
        path.write_text(text, encoding="utf-8")
        try:
            found = duckdb.sql(f"SELECT Delimiter FROM sniff_csv('{path}', sample_size = -1)").fetchall()
        except duckdb.Error:
            return None
    sep = found[0][0] if found else None
    return sep if sep in SEPARATORS else None


def parse_table(text: str) -> list[list[str]]:
    """Every row of a small CSV table (a codebook), its separator sniffed."""
    sep = _duckdb_separator(text) or ","
    return list(csv.reader(io.StringIO(text), delimiter=sep))


Tried = dict[str, "tuple[Layout, list[list[str]]] | RejectedInput"]


def layouts_under(text: str, source: str, is_answer, separators, tried: Tried) -> Tried:
    """``tried`` with the layout and first rows (or why there is none) under each of ``separators``."""
    for sep in separators:
        rows = _parse_rows(text, sep)
        try:
            tried[sep] = (find_layout(rows, source, is_answer), rows)
        except RejectedInput as err:
            tried[sep] = err
    return tried


def sniffer_choice(text: str, tried: Tried) -> tuple[str, Layout, list[list[str]]]:
    """(separator, layout, first rows) given the layout under every separator (``tried``):
    DuckDB's sniffer's choice when it gives a header with a respondent ID and more than one
    column; else the separator giving one with the most columns; else the first reason why not,
    the sniffer's choice tried first."""
    first = _duckdb_separator(text)
    order = ([first] if first else []) + [s for s in SEPARATORS if s != first]
    found, error = [], None
    for sep in order:
        got = tried[sep]
        if isinstance(got, RejectedInput):
            error = error or got
            continue
        layout, rows = got
        if sep == first and len(layout.columns) > 1:
            return sep, layout, rows
        found.append((len(layout.columns), -SEPARATORS.index(sep), sep, layout, rows))
    if not found:
        raise error
    _, _, sep, layout, rows = max(found, key=lambda f: f[:2])
    return sep, layout, rows


def sniff_separator(text: str, source: str, is_answer=lambda t: False) -> tuple[str, Layout, list[list[str]]]:
    """``sniffer_choice``, the sniffer (~3 ms a file) asked only when its answer can matter: when
    exactly one separator gives a header of more than one column, that separator is the choice
    whatever the sniffer says (its own is taken only if it gives more than one column, and is
    otherwise the one with the most columns). A separator the text does not hold gives one
    column, so only those it holds are tried for that."""
    tried = layouts_under(text, source, is_answer, [s for s in SEPARATORS if s in text], {})
    wide = [s for s, got in tried.items() if not isinstance(got, RejectedInput) and len(got[0].columns) > 1]
    if len(wide) == 1:
        return wide[0], *tried[wide[0]]
    return sniffer_choice(text, layouts_under(text, source, is_answer, [s for s in SEPARATORS if s not in tried],
                                              tried))


def read_csv_source(path: Path, source: str, is_answer=lambda t: False) -> ExtractSource:
    encoding, text, whole = head_text(path, source)
    if not text.strip():
        raise RejectedInput(source, "empty file")
    sep, layout, rows = sniff_separator(text, source, is_answer)
    skip = _chars_of_records(text, sep, layout.header_rows)
    fmt = f"csv {NAMES.get(encoding, encoding)} {SEPARATOR_NAMES[sep]}"
    direct = None
    if encoding in ("utf-8", "utf-8-sig"):  # DuckDB can read it as it is, unless its line ends are mixed
        facts = byte_facts(path)
        if facts.quotes % 2:
            raise RejectedInput(source, UNCLOSED_QUOTE)
        lines = text[:skip].count("\n")
        if facts.one_line_end and lines == layout.header_rows:  # no quoted line break in the header rows
            direct = lines
    return ExtractSource("csv", layout, fmt, encoding, sep, skip, direct_skip_lines=direct,
                         header_lines=text[:skip].count("\n"), notes=_layout_notes(layout))


def _layout_notes(layout: Layout) -> tuple[str, ...]:
    notes = []
    if layout.title_rows:
        notes.append(f"{layout.title_rows} title row(s) above the header skipped")
    if layout.sub_rows:
        notes.append(f"{layout.platform} export: {layout.sub_rows} header row(s) under the column headers read as headers")
    return tuple(notes)


def _sheet_rows(frame: pl.DataFrame) -> list[list[str]]:
    return [["" if v is None else str(v) for v in row] for row in frame.iter_rows()]


def read_xlsx_source(data: bytes, source: str, settings: ExtractSettings, is_answer=lambda t: False,
                     settings_name: str = "the settings file") -> ExtractSource:
    """The data sheet's layout and data rows, and the label key sheet if there is one."""
    if not data:
        raise RejectedInput(source, "empty file")
    try:
        sheets = pl.read_excel(data, sheet_id=0, engine="calamine", has_header=False, drop_empty_rows=False,
                               drop_empty_cols=False, raise_if_empty=False, read_options={"dtypes": "string"})
    except Exception as err:  # fastexcel raises its own error types for a damaged workbook
        raise RejectedInput(source, f"not a readable XLSX workbook ({str(err).splitlines()[0][:120]}); "
                            "open and re-save it in a spreadsheet program") from err
    names = list(sheets)
    if settings.sheet is not None:
        if settings.sheet not in sheets:
            raise RejectedInput(source, f"{settings_name} names sheet {settings.sheet!r}, which the workbook does not "
                                f"have (sheets: {', '.join(repr(n) for n in names)})")
        candidates = [settings.sheet]
    else:
        candidates = names
    found, codebook, first_error = [], None, None
    for name in names:
        rows = _sheet_rows(sheets[name].with_columns(pl.all().cast(pl.String)))
        book = codebook_of([r for r in rows if any(c.strip() for c in r)], f"{source} sheet {name!r}")
        if name not in candidates:
            if book is not None and codebook is None:
                codebook = book
            continue
        try:
            layout = find_layout(rows[: MAX_TITLE_ROWS + MAX_SUB_ROWS + 30], source, is_answer)
        except RejectedInput as err:
            first_error = first_error or err
            if book is not None and codebook is None:
                codebook = book
            continue
        found.append((name, layout, rows))
    if not found:
        if settings.sheet is not None and first_error is not None:
            raise RejectedInput(source, f"sheet {settings.sheet!r}: {first_error.reason}")
        raise RejectedInput(source, f"no sheet has a respondent ID column (a header such as 'Respondent ID') in its "
                            f"first {MAX_TITLE_ROWS} rows (sheets: {', '.join(repr(n) for n in names)}); "
                            f"add the column, or name the data sheet in {settings_name} (sheet = \"…\")")
    if len(found) > 1:
        raise RejectedInput(source, f"several sheets look like extracts ({', '.join(repr(f[0]) for f in found)}); "
                            f"name the data sheet in {settings_name} (sheet = \"…\")")
    name, layout, rows = found[0]
    width = len(layout.columns)
    body = rows[layout.header_rows:]
    frame = pl.DataFrame([(r + [""] * width)[:width] for r in body] or None,
                         schema={f"c{i + 1}": pl.String for i in range(width)}, orient="row")
    frame = frame.with_columns(pl.when(pl.all().str.strip_chars() == "").then(None).otherwise(pl.all()).name.keep())
    notes = list(_layout_notes(layout))
    if len(names) > 1:
        notes.append(f"data read from sheet {name!r} of {len(names)}")
    return ExtractSource("xlsx", layout, f"xlsx sheet {name!r}", rows=frame, codebook=codebook, notes=tuple(notes))
